import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDotenv, parseDotenv } from '../../src/exchange/dotenv.js';
import { VaultfileError } from '../../src/errors.js';
import { TRICKY_PIECES, variables } from './nasty-values.js';

function parseError(text: string): VaultfileError {
  try {
    parseDotenv(text, '.env');
  } catch (error) {
    expect(error).toBeInstanceOf(VaultfileError);
    return error as VaultfileError;
  }
  throw new Error('parsed without an error');
}

describe('dotenv', () => {
  it('reads back exactly what it writes, for any text value', () => {
    fc.assert(
      fc.property(variables, (entries) => {
        expect(parseDotenv(formatDotenv(entries), '.env')).toEqual(entries);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips every tricky piece on its own and all of them together', () => {
    const entries = [...TRICKY_PIECES, TRICKY_PIECES.join('')].map((value, index) => ({ name: `V${index}`, value }));
    expect(parseDotenv(formatDotenv(entries), '.env')).toEqual(entries);
  });

  it('writes plain values bare, others in single quotes, and double quotes only when it must', () => {
    expect(formatDotenv([{ name: 'PORT', value: '5432' }])).toBe('PORT=5432\n');
    expect(formatDotenv([{ name: 'URL', value: 'postgres://u@h:5432/db' }])).toBe('URL=postgres://u@h:5432/db\n');
    expect(formatDotenv([{ name: 'EMPTY', value: '' }])).toBe("EMPTY=''\n");
    expect(formatDotenv([{ name: 'A', value: 'x=y #z $HOME\nline 2' }])).toBe("A='x=y #z $HOME\nline 2'\n");
    expect(formatDotenv([{ name: 'A', value: `it's "$x" \\ \n` }])).toBe('A="it\'s \\"\\$x\\" \\\\ \\n"\n');
  });

  it('reads the hand-written forms people use', () => {
    const text = [
      '\uFEFF# a comment',
      '',
      'export PLAIN=value # trailing comment',
      '  SPACED = spaced value  ',
      'HASH=a#b',
      'EMPTY=',
      'EMPTY_COMMENT= # nothing here',
      "SINGLE='literal $HOME \\n # not a comment' # comment",
      'DOUBLE="tab\\there\\nnew \\"quoted\\" \\$HOME \\q"',
      'BACK=`it\'s "both"`',
      "MULTI='line 1",
      "line 2'",
      'dotted.name-1=x',
    ].join('\r\n');
    expect(parseDotenv(text, '.env')).toEqual([
      { name: 'PLAIN', value: 'value' },
      { name: 'SPACED', value: 'spaced value' },
      { name: 'HASH', value: 'a#b' },
      { name: 'EMPTY', value: '' },
      { name: 'EMPTY_COMMENT', value: '' },
      { name: 'SINGLE', value: 'literal $HOME \\n # not a comment' },
      { name: 'DOUBLE', value: 'tab\there\nnew "quoted" $HOME \\q' },
      { name: 'BACK', value: 'it\'s "both"' },
      { name: 'MULTI', value: 'line 1\nline 2' },
      { name: 'dotted.name-1', value: 'x' },
    ]);
  });

  it.each([
    ['A=1\nB="never closed\nC=3\n', 'line 2: B: the "-quoted value is never closed'],
    ["A=1\n\nB='never closed\n", "line 3: B: the '-quoted value is never closed"],
    ['A=1\njust words\n', 'line 2: expected = after just'],
    ['=value\n', 'line 1: expected NAME=value'],
    ["A='x' trailing\n", 'line 1: A: unexpected text after the closing quote'],
    ["A='it\\'s'\n", 'line 1: A: unexpected text after the closing quote'],
    ["A=1\nB='two\nlines'\nA=2\n", 'line 4: A is set twice (first on line 1)'],
    ['A: 1\n', 'line 1: expected = after A'],
  ])('refuses %j with a line number', (text, message) => {
    const error = parseError(text);
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toBe(`.env: ${message}`);
    expect(error.hint).toContain('nothing was imported');
  });

  it('never quotes a value in an error', () => {
    // vaultfile:allow (fake values that must never be echoed)
    for (const text of ['TOKEN="s3cr3t-value', "TOKEN='s3cr3t-value' s3cr3t-value", 'TOKEN=s3cr3t-value\nTOKEN=s3cr3t-value']) {
      expect(parseError(text).message).not.toContain('s3cr3t');
    }
  });
});
