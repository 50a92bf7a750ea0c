// The needle table's search strategies (regex alternation, trigram table, and
// the WebAssembly search over bytes) against a plain reference: same keywords,
// same fragment offsets, on random texts with needles, near misses, mixed case
// and non-ASCII sprinkled in.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NeedleTable } from '../../src/scan/engine.js';
import { assignableNameAt, NAME_FRAGMENTS } from '../../src/scan/generic.js';
import { scanNeedleTables } from '../../src/scan/detectors.js';
import { NeedleFilter, type FilterHits } from '../../src/scan/needle-filter.js';
import { credentialRules } from '../../src/scan/rules/index.js';
import { REPO } from '../support.js';

const ruleKeywords = credentialRules.flatMap((rule) => rule.keywords.map((text) => ({ text, matchCase: rule.keywordsMatchCase === true })));
const keywords = [...new Set(ruleKeywords.map(({ text }) => text))];
const table = new NeedleTable(ruleKeywords, NAME_FRAGMENTS);

/** What search must answer, found the slow, obvious way. */
function reference(text: string): { keywords: string[]; fragments: number[] } {
  const lower = text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  const found = [...new Set(ruleKeywords.filter(({ text: keyword, matchCase }) => (matchCase ? text : lower).includes(keyword)).map(({ text: keyword }) => keyword))].sort();
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
  fc.constantFrom(...keywords).map((needle) => needle.toLowerCase()), // keywords that match case, in the wrong case
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
    expect(() => new NeedleTable([{ text: 'x', matchCase: false }], [])).toThrow(/two or more/);
    expect(() => new NeedleTable([{ text: 'Token', matchCase: false }], [])).toThrow(/lowercase unless/);
    expect(() => new NeedleTable([{ text: 'tökén', matchCase: true }], [])).toThrow(/printable ASCII/);
    expect(() => new NeedleFilter([{ text: 'Token', keyword: true }])).toThrow(/lowercase unless/);
    expect(() => new NeedleFilter(Array.from({ length: 257 }, (_, index) => ({ text: `k${index}`, keyword: true })))).toThrow(/at most 256/);
  });
});

/**
 * What the search over bytes must answer: the reference over the bytes read
 * as Latin-1 (one character per byte, so offsets are byte offsets), keeping
 * the fragments whose names could be assigned to.
 */
function bytesReference(bytes: Buffer): { keywords: string[]; fragments: number[]; names: number[] } {
  const text = bytes.toString('latin1');
  const { keywords: found, fragments } = reference(text);
  const assignable = fragments.filter((offset) => assignableNameAt(text, offset) !== null);
  const names = assignable.flatMap((offset) => Object.values(assignableNameAt(text, offset)!));
  return { keywords: found, fragments: assignable, names };
}

function bytesAnswer(result: { keywords: Set<string>; fragments: number[]; names: number[] }): { keywords: string[]; fragments: number[]; names: number[] } {
  return { ...answer(result), names: result.names };
}

const bytePieces = fc.oneof(
  pieces.map((piece) => Buffer.from(piece)),
  // Names, assignments and their near misses around fragments.
  fc.constantFrom('db_', '.', '-', '--', '_', 'x', '9').map((piece) => Buffer.from(piece)),
  fc.constantFrom('=', ':', ',', '>', '"', "'", ' ', '\t', '\v', '\f', '\r', '\n', '(', ')', ';', '[').map((piece) => Buffer.from(piece)),
  fc.uint8Array({ maxLength: 6 }).map((bytes) => Buffer.from(bytes)), // NUL, bytes past ASCII, anything
);

describe('needle search over bytes', () => {
  it('finds what the reference finds, with the names around fragments, on any bytes', () => {
    fc.assert(
      fc.property(fc.array(bytePieces, { maxLength: 60 }), (parts) => {
        const bytes = Buffer.concat(parts);
        expect(bytesAnswer(table.searchBytes(bytes))).toEqual(bytesReference(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it('finds what the reference finds in the names it accepts, over many texts searched one after another', () => {
    // Accepts by the letters of a name, so that remembered and fresh verdicts are both needed and both checked.
    const accepts = (name: string): boolean => [...name].reduce((sum, character) => sum + character.charCodeAt(0), 0) % 3 !== 0;
    const filtered = new NeedleTable(ruleKeywords, NAME_FRAGMENTS, false, accepts);
    fc.assert(
      fc.property(fc.array(bytePieces, { maxLength: 60 }), (parts) => {
        const bytes = Buffer.concat(parts);
        const text = bytes.toString('latin1');
        const all = bytesReference(bytes);
        const kept = all.fragments.flatMap((offset, index) => (accepts(text.slice(all.names[index * 2], all.names[index * 2 + 1])) ? [index] : []));
        expect(bytesAnswer(filtered.searchBytes(bytes))).toEqual({
          keywords: all.keywords,
          fragments: kept.map((index) => all.fragments[index]),
          names: kept.flatMap((index) => [all.names[index * 2], all.names[index * 2 + 1]]),
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('reports a fragment only in a name the caller accepts, asking once per name however often it comes back', () => {
    const asked: string[] = [];
    const filtered = new NeedleTable([], ['token', 'key'], false, (name) => {
      asked.push(name);
      return name !== 'tokenizer' && !name.startsWith('no');
    });
    const text = Buffer.from('tokenizer=1 token=2 apiKey=3 noKey=4 TOKEN=5\n');
    const expected = { keywords: [], fragments: [12, 23, 37], names: [12, 17, 20, 26, 37, 42] };
    expect(bytesAnswer(filtered.searchBytes(text))).toEqual(expected);
    expect(bytesAnswer(filtered.searchBytes(text))).toEqual(expected);
    expect(filtered.searchBytes(Buffer.from('x; token: 1')).fragments).toEqual([3]);
    expect(asked.sort()).toEqual(['TOKEN', 'apiKey', 'noKey', 'token', 'tokenizer']);
  });

  it('judges names it cannot remember every time: past 255 bytes, and past the few thousand it holds', () => {
    let asked = 0;
    const filtered = new NeedleTable([], ['token'], false, (name) => {
      asked++;
      return name.length % 2 === 0;
    });
    const long = Buffer.from(`${'a'.repeat(128)}token${'b'.repeat(123)}=1`); // a 256-byte name
    expect(filtered.searchBytes(long).fragments).toEqual([128]);
    expect(filtered.searchBytes(long).fragments).toEqual([128]);
    expect(asked).toBe(2);
    // 7,000 names, more than it remembers, twice: each answered as the caller would, the first time and the second.
    const names = Array.from({ length: 7000 }, (_, index) => `token${index.toString(36)}`);
    const many = Buffer.from(names.map((name) => `${name}=1\n`).join(''));
    const expected = names.flatMap((name, index) => (name.length % 2 === 0 ? [names.slice(0, index).reduce((sum, other) => sum + other.length + 3, 0)] : []));
    asked = 0;
    expect(filtered.searchBytes(many).fragments).toEqual(expected);
    expect(asked).toBe(7000);
    expect(filtered.searchBytes(many).fragments).toEqual(expected);
    expect(asked).toBeGreaterThan(7000); // some judged again
    expect(asked).toBeLessThan(2 * 7000); // most remembered
  });

  it('reads a name up to 128 characters either side of a fragment, and no further', () => {
    const name = (before: number, after: number): Buffer => Buffer.from(`${'a'.repeat(before)}token${'b'.repeat(after)}=1`);
    expect(table.searchBytes(name(128, 123)).fragments).toEqual([128]); // the run ends 128 past the fragment's start
    expect(table.searchBytes(name(129, 0)).fragments).toEqual([]);
    expect(table.searchBytes(name(0, 124)).fragments).toEqual([]);
    expect(bytesAnswer(table.searchBytes(name(129, 0)))).toEqual(bytesReference(name(129, 0)));
    expect(table.searchBytes(name(128, 123)).names).toEqual([0, 256]);
  });

  it('reports every needle of a text with more of them than one call can hold, and texts larger than its memory', () => {
    const many = Buffer.from('token=1 '.repeat(40_000)); // 40,000 fragments: more than one call reports
    const found = table.searchBytes(many).fragments;
    expect(found).toHaveLength(40_000);
    expect(found.every((offset, index) => offset === index * 8)).toBe(true);
    const large = Buffer.alloc(6 * 1024 * 1024, 'x');
    large.write('ghp_', 6 * 1024 * 1024 - 4);
    large.write('secret:', 3);
    expect(answer(table.searchBytes(large))).toEqual({ keywords: ['ghp_'], fragments: [3] });
    // A short text after a long one sees none of the long one's bytes.
    expect(answer(table.searchBytes(Buffer.from('q')))).toEqual({ keywords: [], fragments: [] });
  });

  it('gives fragments in position order when their windows come out of it', () => {
    // `eeeexqz` is looked for by its rare window `xqz`, four bytes in: it is seen after the `ee` that start later.
    const hits = new NeedleTable([], ['eeeexqz', 'ee']).searchBytes(Buffer.from('eeeexqz=1'));
    expect(hits.fragments).toEqual([0, 0, 1, 2]);
    expect(hits.names).toEqual([0, 7, 0, 7, 0, 7, 0, 7]);
  });

  it('reports a keyword once per text, and again in the next text', () => {
    const text = Buffer.from('ghp_ GHP_ GhP_');
    expect(answer(table.searchBytes(text)).keywords).toEqual(['ghp_']);
    expect(answer(table.searchBytes(text)).keywords).toEqual(['ghp_']);
  });

  it('finds a keyword that matches case only as written', () => {
    expect(answer(table.searchBytes(Buffer.from('akia Akia aKIA'))).keywords).toEqual([]);
    expect(answer(table.searchBytes(Buffer.from('xAKIA'))).keywords).toEqual(['AKIA']);
    expect(answer(table.searchByRegex('akia AKIA')).keywords).toEqual(['AKIA']);
    expect(answer(table.searchByTable('eyj EYJ eyJ')).keywords).toEqual(['eyJ']);
  });
});

describe('needle filter tables prebuilt by the build', () => {
  // A fragment, a keyword in any case, one as written, and a two-byte needle (seen with every third byte).
  const needles = [
    { text: 'token', keyword: false },
    { text: 'ghp_', keyword: true },
    { text: 'AKIA', keyword: true, matchCase: true },
    { text: 'q~', keyword: true },
  ];
  const filled = new NeedleFilter(needles, undefined, undefined);
  const tables = filled.tables();

  function hits(filter: NeedleFilter, bytes: Buffer): FilterHits {
    const found: FilterHits = { keywords: [], fragments: [], names: [] };
    filter.find(bytes, found);
    return found;
  }

  it('are copied into a filter for the same needles, which then finds what a filter that filled its own finds', () => {
    const copied = new NeedleFilter(needles, undefined, tables);
    expect(copied.tables()).toEqual(tables);
    fc.assert(
      fc.property(fc.array(bytePieces, { maxLength: 40 }), (parts) => {
        const bytes = Buffer.concat([...parts, Buffer.from('token=1 GHP_ AKIA q~')]);
        const expected = hits(filled, bytes);
        expect(expected.keywords.length).toBeGreaterThan(0);
        expect(hits(copied, bytes)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('are left alone by a filter for other needles, and never let a line break pass for two needles', () => {
    const other = new NeedleFilter([{ text: 'xyz', keyword: true }], undefined, tables);
    expect(other.tables()).not.toEqual(tables);
    expect(hits(other, Buffer.from('a xyz b')).keywords).toEqual([0]);
    expect(hits(other, Buffer.from('ghp_ AKIA')).keywords).toEqual([]);
    // `tables.needles` is `fitoken\nkighp_\n…`: one needle whose text holds the rest of those lines is refused, not matched.
    const forged = tables.needles.slice(2);
    expect(() => new NeedleFilter([{ text: forged, keyword: false }], undefined, tables)).toThrow(/printable ASCII/);
  });

  it('are carried by the scan bundles for the scan with every rule on', () => {
    const { bytes } = scanNeedleTables();
    expect(bytes.length).toBeGreaterThan(1000);
    for (const bundle of ['scan.cjs', 'scan-worker.cjs']) expect(readFileSync(join(REPO, 'dist', bundle), 'utf8')).toContain(bytes);
  });
});
