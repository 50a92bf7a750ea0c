// The generic detector's work on a file's bytes: which secret-like names could
// hold a literal, and the excerpt of the lines around them.
import { describe, expect, it } from 'vitest';
import { excerptAround, mayHoldLiteral } from '../../src/scan/generic.js';

/** The lines of an excerpt that its line starts point at. */
function linesAt(excerpt: { text: string; lineStarts: number[] }): string[] {
  return excerpt.lineStarts.map((start) => {
    const end = excerpt.text.indexOf('\n', start);
    return excerpt.text.slice(start, end === -1 ? undefined : end);
  });
}

describe('excerptAround', () => {
  it('points at the line of each fragment, after non-ASCII text, in merged parts and in cut long lines', () => {
    const longLine = `${'a'.repeat(500)} token: "y"`;
    const text = `é ü\nfoo\napi_key = "x" # ü\nnext_key\nplain\nplain\n${longLine}\nafter\n\npassword=1\n`;
    const bytes = Buffer.from(text);
    const at = (needle: string): number => bytes.indexOf(needle);
    const excerpt = excerptAround(bytes, [at('api_key'), at('next_key') + 5, at('token'), at('password')]);
    expect(linesAt(excerpt)).toEqual([
      'api_key = "x" # ü',
      'next_key', // the line after api_key's: the same part
      `${'a'.repeat(192 - 1)} token: "y"`, // a window of the long line, 192 bytes before the fragment
      'password=1',
    ]);
    expect(excerpt.text).not.toContain('foo');
  });

  it('names a line once however many fragments it holds', () => {
    const bytes = Buffer.from('x\nsecret_key = token_pass\ny\n');
    const excerpt = excerptAround(bytes, [2, 9, 15, 21]);
    expect(excerpt.lineStarts).toEqual([0]);
    expect(excerpt.text).toBe('secret_key = token_pass\ny');
  });

  it('is empty for no fragments', () => {
    expect(excerptAround(Buffer.from('password=1\n'), [])).toEqual({ text: '', lineStarts: [] });
  });
});

describe('mayHoldLiteral', () => {
  /** Whether the name `name` (its first occurrence) in `text` could hold a literal, in a code file or not. */
  function judge(text: string, name: string, codeFile: boolean): boolean {
    const bytes = Buffer.from(text);
    const start = bytes.indexOf(name);
    return mayHoldLiteral(bytes, start, start + Buffer.byteLength(name), codeFile);
  }

  it.each([
    ['const token = "abc";', 'token', true],
    ['auth: `abc`', 'auth', true],
    ['auth = Bearer "abc"', 'auth', true],
    ['headers.token => \'abc\'', 'headers.token', true],
    ['run --api-token abc', '--api-token', true],
    ['<api_key>abc</api_key>', 'api_key', true],
    ['{"apiKey": x}', 'apiKey', true],
    ["db.password 'abc'", 'db.password', true],
    ['Server=x;Pwd=abc;', 'Pwd', true],
    ['  - name: API_TOKEN\n    value: abc', 'API_TOKEN', true],
    ['name: API_TOKEN,\n', 'API_TOKEN', true],
    ['name: API_TOKEN\u00a0\n', 'API_TOKEN', true],
    ['const token = next();', 'token', false],
    ['sign(message, secretKey, options)', 'secretKey', false],
    ['token =\nnext', 'token', false],
    ['  return token\n', 'token', false],
    ['if (token > limit)', 'token', false],
  ])('in code: %j, %s: %s', (text, name, expected) => {
    expect(judge(text, name, true)).toBe(expected);
  });

  it('lets an unquoted value through outside code, where configuration files write them', () => {
    expect(judge('token = abc123', 'token', false)).toBe(true);
    expect(judge('token = abc123', 'token', true)).toBe(false);
    expect(judge('token:\n', 'token', false)).toBe(false);
  });

  it('lets a name at the end of a line too long to judge through', () => {
    expect(judge(`${'x '.repeat(200)}token\n`, 'token', true)).toBe(true);
  });
});
