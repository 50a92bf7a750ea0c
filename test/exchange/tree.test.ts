import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTree, flattenTree, formatJsonTree, formatYamlTree, parseJsonTree, parseYamlTree, type TreeEntry } from '../../src/exchange/tree.js';
import { vaultfileErrorOf } from '../support.js';
import { nastyValue, TRICKY_PIECES } from './nasty-values.js';

const segment = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,8}$/);
/** Unique relative paths where none is a folder of another (JSON and YAML cannot hold both). */
const treeEntries: fc.Arbitrary<TreeEntry[]> = fc
  .uniqueArray(fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/')), { maxLength: 10 })
  .map((paths) => paths.filter((path) => !paths.some((other) => other.startsWith(`${path}/`))))
  .chain((paths) => fc.tuple(...paths.map((path) => nastyValue.map((value) => ({ path, value })))));

const sorted = (entries: TreeEntry[]): TreeEntry[] => [...entries].sort((a, b) => (a.path < b.path ? -1 : 1));


describe('JSON and YAML trees', () => {
  it('JSON reads back exactly what it writes', () => {
    fc.assert(
      fc.property(treeEntries, (entries) => {
        expect(sorted(parseJsonTree(formatJsonTree(entries), 'x.json'))).toEqual(sorted(entries));
      }),
      { numRuns: 300 },
    );
  });

  it('YAML reads back exactly what it writes', async () => {
    await fc.assert(
      fc.asyncProperty(treeEntries, async (entries) => {
        expect(sorted(await parseYamlTree(await formatYamlTree(entries), 'x.yaml'))).toEqual(sorted(entries));
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips every tricky piece, and values that look like other YAML types stay text', async () => {
    const entries = [...TRICKY_PIECES, '5432', '', ' lead', 'trail ', 'a\n\n', '\n', '  \n  '].map((value, index) => ({ path: `k${index}`, value }));
    expect(parseJsonTree(formatJsonTree(entries), 'x.json')).toEqual(entries);
    expect(await parseYamlTree(await formatYamlTree(entries), 'x.yaml')).toEqual(entries);
  });

  it('nests by path segment and flattens back', async () => {
    const entries = [
      { path: 'db/password', value: 'p' },
      { path: 'db/user', value: 'u' },
      { path: 'stripe/live/key', value: 'k' },
      { path: 'token', value: 't' },
    ];
    expect(JSON.parse(formatJsonTree(entries))).toEqual({ db: { password: 'p', user: 'u' }, stripe: { live: { key: 'k' } }, token: 't' });
    expect(await formatYamlTree(entries)).toBe('db:\n  password: p\n  user: u\nstripe:\n  live:\n    key: k\ntoken: t\n');
  });

  it('takes YAML scalars as the text written, and keys holding / as paths', async () => {
    const yaml = 'port: 5432\ndebug: true\nratio: 1.50\nnothing: ~\nempty:\nhex: 0x1F\nquoted: "5432"\n"a/b": x\nblock: |\n  line 1\n  line 2\n';
    expect(await parseYamlTree(yaml, 'c.yaml')).toEqual([
      { path: 'port', value: '5432' },
      { path: 'debug', value: 'true' },
      { path: 'ratio', value: '1.50' },
      { path: 'nothing', value: '~' },
      { path: 'empty', value: '' },
      { path: 'hex', value: '0x1F' },
      { path: 'quoted', value: '5432' },
      { path: 'a/b', value: 'x' },
      { path: 'block', value: 'line 1\nline 2\n' },
    ]);
  });

  it('takes JSON booleans and whole numbers as text', () => {
    expect(parseJsonTree('{"port": 5432, "on": false, "nested": {"n": -1}}', 'c.json')).toEqual([
      { path: 'port', value: '5432' },
      { path: 'on', value: 'false' },
      { path: 'nested/n', value: '-1' },
    ]);
  });

  it.each([
    ['[1, 2]', 'the top level must be an object'],
    ['"text"', 'the top level must be an object'],
    ['{"a": [1]}', 'a is a list'],
    ['{"a": null}', 'a has no value (null)'],
    ['{"a": 1.5}', 'a is a number that may not survive as text'],
    ['{"a": 12345678901234567890}', 'a is a number that may not survive as text'],
    ['{"../x": "v"}', 'the key "../x" cannot be a secret path'],
    ['{"a b": "v"}', 'the key "a b" cannot be a secret path'],
    ['{"": "v"}', 'the key "" cannot be a secret path: the path is empty'],
    ['{"a": {"b": "1"}, "a/b": "2"}', 'a/b is given twice'],
  ])('refuses the JSON %s', async (text, message) => {
    const error = await vaultfileErrorOf(() => parseJsonTree(text, 'c.json'));
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toContain(`c.json: ${message}`);
  });

  it('points at a JSON syntax error without quoting the text', async () => {
    const error = await vaultfileErrorOf(() => parseJsonTree('{\n  "token": "s3cr3t"\n  "other": 1\n}', 'c.json'));
    expect(error.message).toMatch(/^c\.json: not valid JSON( \(line 3, column 3\))?$/);
    const unquoted = await vaultfileErrorOf(() => parseJsonTree('{"token": s3cr3t}', 'c.json'));
    expect(unquoted.message).not.toContain('s3cr3t');
  });

  it('points at a YAML syntax error without quoting the text', async () => {
    const duplicate = await vaultfileErrorOf(() => parseYamlTree('token: s3cr3t\ntoken: other\n', 'c.yaml'));
    expect(duplicate.message).toBe('c.yaml: not valid YAML: duplicate key at line 2, column 1');
    const broken = await vaultfileErrorOf(() => parseYamlTree('a:\n  b: "s3cr3t\n', 'c.yaml'));
    expect(broken.code).toBe('INPUT_INVALID');
    expect(broken.message).not.toContain('s3cr3t');
    const list = await vaultfileErrorOf(() => parseYamlTree('- s3cr3t\n', 'c.yaml'));
    expect(list.message).toBe('c.yaml: the top level must be an object of keys and values');
  });

  it('refuses to export a path that is both a secret and a folder', () => {
    expect(() => buildTree([{ path: 'db', value: 'x' }, { path: 'db/password', value: 'y' }])).toThrow('db is both a secret and a folder');
    expect(() => buildTree([{ path: 'db/password', value: 'y' }, { path: 'db', value: 'x' }])).toThrow('db is both a secret and a folder');
  });

  it('flattens what it builds, including keys that are special to objects', () => {
    const entries = [{ path: '__proto__/x', value: '1' }, { path: 'constructor', value: '2' }];
    expect(flattenTree(buildTree(entries), 'x')).toEqual(entries);
    expect(parseJsonTree(formatJsonTree(entries), 'x')).toEqual(entries);
  });
});
