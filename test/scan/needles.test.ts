// The needle table's two search strategies (regex alternation, trigram table)
// against a plain reference: same keywords, same fragment offsets, on random
// texts with needles, near misses, mixed case and non-ASCII sprinkled in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NeedleTable } from '../../src/scan/engine.js';
import { NAME_FRAGMENTS } from '../../src/scan/generic.js';
import { credentialRules } from '../../src/scan/rules/index.js';

const keywords = [...new Set(credentialRules.flatMap((rule) => rule.keywords))];
const table = new NeedleTable(keywords, NAME_FRAGMENTS);

/** What search must answer, found the slow, obvious way. */
function reference(text: string): { keywords: string[]; fragments: number[] } {
  const lower = text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  const found = keywords.filter((keyword) => lower.includes(keyword)).sort();
  const fragments: number[] = [];
  for (let offset = 0; offset < lower.length; offset++) {
    if (NAME_FRAGMENTS.some((fragment) => lower.startsWith(fragment, offset))) fragments.push(offset);
  }
  return { keywords: found, fragments };
}

function answer(result: { keywords: Set<string>; fragments: number[] }): { keywords: string[]; fragments: number[] } {
  return { keywords: [...result.keywords].sort(), fragments: result.fragments };
}

const pieces = fc.oneof(
  fc.constantFrom(...keywords, ...NAME_FRAGMENTS),
  fc.constantFrom(...keywords, ...NAME_FRAGMENTS).map((needle) => needle.toUpperCase()),
  fc.constantFrom(...keywords).map((needle) => needle.slice(0, -1)), // near misses
  fc.constantFrom('İ', 'ſ', 'K', '\u212A', 'é', '😀', '\n', ' ', '=', '"'),
  fc.string({ maxLength: 12 }),
);

describe('needle search', () => {
  it('finds what the reference finds, both ways', () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        const expected = reference(text);
        expect(answer(table.searchByRegex(text))).toEqual(expected);
        expect(answer(table.searchByTable(text))).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('sees needles that overlap, contain each other or end the text', () => {
    const text = 'SECRET_ACCESS_KEY=1\nxapikey\nq~';
    const expected = reference(text);
    expect(expected.keywords).toEqual(expect.arrayContaining(['secret_access', 'q~']));
    expect(expected.fragments).toEqual([0, 14, 24]); // secret, key, the key inside apikey
    expect(answer(table.searchByRegex(text))).toEqual(expected);
    expect(answer(table.searchByTable(text))).toEqual(expected);
  });

  it('refuses needles it cannot search for', () => {
    expect(() => new NeedleTable(['x'], [])).toThrow(/two or more/);
    expect(() => new NeedleTable(['Token'], [])).toThrow(/lowercase ASCII/);
  });
});
