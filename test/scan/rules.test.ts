// The scanner's case folders (fixtures/scan/cases/<rule-id>/): every ng.* file
// must give exactly the findings its .expected.json lists (all rules and the
// generic detector together), every ok.* file none at all.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRules, findRuleMatches, LineMap } from '../../src/scan/engine.js';
import { GENERIC_RULE_ID, NAME_FRAGMENTS } from '../../src/scan/generic.js';
import { detectorsFor, detectSecrets } from '../../src/scan/detectors.js';
import { credentialRules } from '../../src/scan/rules/index.js';
import { FIXTURES } from '../support.js';

const cases = join(FIXTURES, 'scan', 'cases');
const compiled = compileRules(credentialRules, NAME_FRAGMENTS);

interface ExpectedFinding {
  rule: string;
  line: number;
  column: number;
}

/** What the scanner reports for `text`: rule findings, then generic ones no rule already covers. */
function scan(text: string, file: string): ExpectedFinding[] {
  const findings = detectSecrets(text, file, compiled, new LineMap(text), true);
  return findings.map(({ rule, line, column }) => ({ rule, line, column }));
}

const detectors = detectorsFor(new Set(), true, undefined, true);

/** What a work-tree scan reports for the same text read from a file: bytes searched first, decoded only where needed. */
function scanBytes(text: string, file: string): ExpectedFinding[] {
  const findings = detectors.bytes({ path: file, bytes: Buffer.from(text), origin: 'test' }, false);
  return inOrder(findings.map(({ rule, line, column }) => ({ rule, line, column })));
}

/** Findings by line, column and rule (the bytes path does not promise the text path's order). */
function inOrder(findings: ExpectedFinding[]): ExpectedFinding[] {
  return [...findings].sort((a, b) => a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : 1));
}

const folders = readdirSync(cases, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const files = folders.flatMap((folder) =>
  readdirSync(join(cases, folder))
    .filter((name) => (name.startsWith('ok.') || name.startsWith('ng.')) && !name.endsWith('.expected.json'))
    .map((name) => ({ folder, name })),
);

describe('scanner cases', () => {
  it.each(files.filter(({ name }) => name.startsWith('ng.')).map(({ folder, name }) => [`${folder}/${name}`, folder, name]))('%s gives its expected findings', (_, folder, name) => {
    const path = join(cases, folder, name);
    const expected: ExpectedFinding[] = JSON.parse(readFileSync(`${path}.expected.json`, 'utf8'));
    expect(expected.some((finding) => finding.rule === folder)).toBe(true);
    const text = readFileSync(path, 'utf8');
    expect(scan(text, name)).toEqual(expected);
    expect(scanBytes(text, name)).toEqual(expected);
  });

  it.each(files.filter(({ name }) => name.startsWith('ok.')).map(({ folder, name }) => [`${folder}/${name}`, folder, name]))('%s gives no finding', (_, folder, name) => {
    const text = readFileSync(join(cases, folder, name), 'utf8');
    expect(scan(text, name)).toEqual([]);
    expect(scanBytes(text, name)).toEqual([]);
  });
});

describe('credential rules', () => {
  const ids = credentialRules.map((rule) => rule.id);

  it('are at least 60', () => {
    expect(credentialRules.length).toBeGreaterThanOrEqual(60);
  });

  it('have unique kebab-case ids', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [...ids, GENERIC_RULE_ID]) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it('each have an ok and an ng case, and every case folder names a rule', () => {
    for (const id of [...ids, GENERIC_RULE_ID]) {
      const names = files.filter(({ folder }) => folder === id).map(({ name }) => name);
      expect(names.some((name) => name.startsWith('ok.')), `${id} has no ok case`).toBe(true);
      expect(names.some((name) => name.startsWith('ng.')), `${id} has no ng case`).toBe(true);
    }
    expect(folders.filter((folder) => !ids.includes(folder) && folder !== GENERIC_RULE_ID)).toEqual([]);
  });

  it.each(credentialRules.map((rule) => [rule.id, rule] as const))('%s has keywords (lowercase unless they match case), a description and a pattern that compiles', (_, rule) => {
    expect(rule.description).not.toBe('');
    expect(rule.keywords.length).toBeGreaterThan(0);
    for (const keyword of rule.keywords) {
      expect(keyword).toMatch(/^[\x20-\x7e]{2,}$/);
      if (rule.keywordsMatchCase !== true) expect(keyword).toBe(keyword.toLowerCase());
    }
    // Keywords that match case are only right for a pattern that does.
    if (rule.keywordsMatchCase === true) expect(rule.ignoreCase ?? false).toBe(false);
    expect(() => new RegExp(rule.pattern, rule.ignoreCase ? 'gi' : 'g')).not.toThrow();
    // An example must be something the pattern matches, or listing it does nothing (with a
    // secretGroup the example is only the group, which needs its context to match).
    if (rule.secretGroup === undefined) for (const example of rule.examples ?? []) expect(new RegExp(rule.pattern, rule.ignoreCase ? 'i' : '').test(example), example).toBe(true);
    for (const broader of rule.supersedes ?? []) expect(ids, `${rule.id} supersedes an unknown rule`).toContain(broader);
  });

  it('find nothing in random printable text, and neither does the generic detector', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 400 }), (text) => {
        expect(scan(text, 'random.txt')).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('find the same in a work-tree file as bytes as in its text, whatever the text, in code and in configuration', () => {
    const secretish = fc.stringMatching(/^[A-Za-z0-9]{8,40}$/);
    const piece = fc.oneof(
      fc.constantFrom('password', 'DB_PASSWORD', 'apiKey', 'client_secret', 'token', 'tokens', 'author', '--password', 'IDENTIFIED BY', 'name: API_TOKEN', 'value: '),
      fc.constantFrom('db.password', 'my-pwd', 'Pwd', 'PASSWORD', '- name: ', '"name": ', '"value": ', '<api_key>', '</api_key>', 'Bearer ', 'token '),
      fc.constantFrom(' = ', ': ', '=', '"', "'", '`', ', ', ',', ' => ', ' := ', ' == ', '>', '<', '\n', '\r\n', ' ', '\t', '\v', '(', ';', 'é', '😀', '\u00a0', '\u2028'),
      secretish.map((value) => `"${value}"`),
      // A name/value pair whose name line is the line after another secret-like name.
      secretish.map((value) => `password: x\n- name: API_TOKEN\n  value: "${value}1a"\n`),
      // Each syntax whole, with a value that passes the generic detector's tests.
      secretish.map((value) => `<api_key>${value}9z</api_key>`),
      secretish.map((value) => `--api-token ${value}9z`),
      secretish.map((value) => `--client-secret="${value}9z"`),
      secretish.map((value) => `define('AUTH_TOKEN', '${value}9z')`),
      secretish.map((value) => `{"name": "API_TOKEN", "value": "${value}9z"}`),
      secretish.map((value) => `db.password '${value}9z'`),
      secretish.map((value) => `Server=x;Pwd=${value}9z;`),
      secretish.map((value) => `authToken = Bearer "${value}9z"`),
      secretish.map((value) => `ghp_${value.padEnd(36, 'x').slice(0, 36)}`),
      secretish.map((value) => `AKIA${value.toUpperCase().padEnd(16, 'Q').slice(0, 16)}`),
      secretish,
      fc.integer({ min: 4000, max: 5000 }).map((length) => ` ${'x'.repeat(length)} `), // a line longer than an excerpt's window
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.constantFrom('config.yaml', 'app.js'), (parts, file) => {
        const text = parts.join('');
        expect(scanBytes(text, file)).toEqual(inOrder(scan(text, file)));
      }),
      { numRuns: 1000 },
    );
  });

  it('find nothing in random base62 and base64 runs', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z0-9+/]{1,120}$/), { maxLength: 8 }), (words) => {
        const text = words.join(' ');
        expect(findRuleMatches(text, 'random.txt', compiled, new LineMap(text), compiled.needles.search(text).keywords)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
