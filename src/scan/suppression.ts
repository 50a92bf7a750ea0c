import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { VaultfileError } from '../errors.js';
import type { Finding } from './types.js';

/** The file of gitignore-style patterns whose matches are not scanned (vault values excepted). */
export const SECRETSIGNORE_FILE = '.secretsignore';
/** The default baseline file: known findings that do not fail a scan. */
export const BASELINE_FILE = '.secretsbaseline.json';
const ALLOW_MARKER = 'vaultfile:allow';

/** True when the finding's line, or the line above it, says `vaultfile:allow`. */
export function allowedInline(finding: Finding): boolean {
  return finding.lineText.includes(ALLOW_MARKER) || finding.previousLineText.includes(ALLOW_MARKER);
}

/** The .secretsignore patterns of a repository, or null when it has none. */
export async function loadSecretsIgnore(root: string): Promise<((path: string) => boolean) | null> {
  let text: string;
  try {
    text = readFileSync(join(root, SECRETSIGNORE_FILE), 'utf8');
  } catch {
    return null;
  }
  const { default: ignore } = await import('ignore');
  const rules = ignore().add(text);
  // The file speaks about paths inside the repository; a file scanned from outside it (../x, /x, a stdin name) is never covered.
  return (path) => path !== '' && !isAbsolute(path) && path !== '..' && !path.startsWith('../') && rules.ignores(path);
}

/**
 * A baseline: fingerprints of findings someone looked at and accepted. Entries
 * are keyed hashes of rule and secret, never line numbers or timestamps, so
 * edits around a secret and merges of two branches' baselines do not conflict.
 */
export interface Baseline {
  version: 1;
  /** Random key of this baseline's fingerprints (hex). */
  key: string;
  /** Sorted fingerprints with the rule that found each, for people reading the file. */
  findings: { fingerprint: string; rule: string }[];
}

/** Reads a baseline file; null when there is none. */
export function loadBaseline(file: string): Baseline | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  let baseline: Baseline;
  try {
    baseline = JSON.parse(text) as Baseline;
  } catch {
    throw new VaultfileError('CONFIG_INVALID', `${file} is not valid JSON`, { hint: 'regenerate it with vaultfile scan --write-baseline' });
  }
  if (baseline.version !== 1 || !/^[0-9a-f]{64}$/.test(baseline.key) || !Array.isArray(baseline.findings)) {
    throw new VaultfileError('CONFIG_INVALID', `${file} is not a vaultfile baseline`, { hint: 'regenerate it with vaultfile scan --write-baseline' });
  }
  return baseline;
}
