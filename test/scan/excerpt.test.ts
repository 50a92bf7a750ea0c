// The generic detector's excerpt of a file's bytes: the lines around its
// secret-like names, and where those lines start in it.
import { describe, expect, it } from 'vitest';
import { excerptAround } from '../../src/scan/generic.js';

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
