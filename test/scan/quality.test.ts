// Precision and recall of the credential rules plus the generic detector over a
// labelled corpus (fixtures/scan/corpus): realistic files with a few fake secrets,
// listed in labels.json as { file, line, rule }, and many near misses.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { expect, it } from 'vitest';
import { compileRules, LineMap } from '../../src/scan/engine.js';
import { NAME_FRAGMENTS } from '../../src/scan/generic.js';
import { detectorsFor, detectSecrets } from '../../src/scan/detectors.js';
import { credentialRules } from '../../src/scan/rules/index.js';
import type { Finding } from '../../src/scan/types.js';
import { FIXTURES } from '../support.js';

const corpus = join(FIXTURES, 'scan', 'corpus');

interface Label {
  file: string;
  line: number;
  rule: string;
}

const keyOf = ({ file, line, rule }: Label): string => `${file}:${line}:${rule}`;

it('finds the labelled secrets and little else', () => {
  const labels: Label[] = JSON.parse(readFileSync(join(corpus, 'labels.json'), 'utf8'));
  const rules = compileRules(credentialRules, NAME_FRAGMENTS);
  const findings: Finding[] = [];
  const paths = readdirSync(corpus, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name !== 'labels.json')
    .map((entry) => relative(corpus, join(entry.parentPath, entry.name)).split(sep).join('/'));
  const detectors = detectorsFor(new Set(), true, undefined, true);
  const located = ({ file, line, column, rule }: Finding): string => `${file}:${line}:${column}:${rule}`;
  for (const file of paths) {
    const bytes = readFileSync(join(corpus, file));
    const text = bytes.toString('utf8');
    const found = detectSecrets(text, file, rules, new LineMap(text), true);
    // A work-tree scan searches the bytes first and decodes only where needed: it must agree.
    expect(detectors.bytes({ path: file, bytes, origin: 'test' }, false).map(located).sort(), file).toEqual(found.map(located).sort());
    findings.push(...found);
  }

  const expected = new Set(labels.map(keyOf));
  const found = new Set(findings.map(keyOf));
  const falsePositives = [...found].filter((key) => !expected.has(key));
  const missed = [...expected].filter((key) => !found.has(key));
  const truePositives = found.size - falsePositives.length;
  const precision = truePositives / found.size;
  const recall = truePositives / expected.size;
  console.log(
    `scan quality over ${paths.length} files, ${expected.size} labelled secrets: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}` +
      (falsePositives.length > 0 ? `\n  false positives: ${falsePositives.join(', ')}` : '') +
      (missed.length > 0 ? `\n  missed: ${missed.join(', ')}` : ''),
  );
  expect(precision).toBeGreaterThanOrEqual(0.9);
  expect(recall).toBeGreaterThanOrEqual(0.9);
});
