import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { round } from './statistics.mjs';

/** `81.5 ms` below ten seconds, `12.3 s` above: the unit a reader expects at that size. */
export function formatDuration(ms) {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(1)} ms`;
}

/** `2.31×`, and whether it meets a `≤ target` goal when one is given. */
export function formatRatio(ratio, target) {
  const text = `${ratio.toFixed(2)}×`;
  return target === undefined ? text : `${text} [target ≤ ${target}×: ${ratio <= target ? 'met' : 'MISSED'}]`;
}

/** Left-aligned columns separated by two spaces, with a rule under the header. */
export function formatTable(header, rows) {
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
  const line = (row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** Writes `results` as pretty JSON, every number rounded to two decimals. */
export function writeResults(file, results) {
  mkdirSync(dirname(file), { recursive: true });
  const rounded = JSON.stringify(results, (_, value) => (typeof value === 'number' && !Number.isInteger(value) ? round(value) : value), 2);
  writeFileSync(file, `${rounded}\n`);
}
