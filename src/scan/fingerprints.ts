/**
 * Fingerprints of findings and writing baselines: the parts of suppression
 * that need node:crypto, loaded only when a scan has findings or writes a
 * baseline, so a clean pre-commit scan never loads it.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { Baseline } from './suppression.js';
import type { Finding } from './types.js';

// Used when there is no baseline: fingerprints are then stable across runs and machines.
const DEFAULT_FINGERPRINT_KEY = 'vaultfile.dev/v1/finding-fingerprint';

/** Writes a baseline holding these fingerprints (keeping the key of an existing one). */
export function writeBaseline(file: string, key: string, fingerprints: { fingerprint: string; rule: string }[]): void {
  const unique = new Map(fingerprints.map((entry) => [entry.fingerprint, entry]));
  const findings = [...unique.values()].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1));
  const baseline: Baseline = { version: 1, key, findings };
  writeFileAtomic(file, `${JSON.stringify(baseline, null, 2)}\n`);
}

/** A fresh baseline key. */
export function newBaselineKey(): string {
  return randomBytes(32).toString('hex');
}

/**
 * The fingerprint of a finding: a keyed hash of its rule and secret (of its
 * vault path, for vault values), so the same leak has the same fingerprint in
 * every file and commit, and the fingerprint says nothing of the secret.
 */
export function fingerprintOf(finding: Finding, key: string | undefined): string {
  const subject = finding.vaultPath !== undefined ? `vault:${finding.vaultPath}` : finding.secret;
  return createHmac('sha256', key ?? DEFAULT_FINGERPRINT_KEY).update(`${finding.rule}\0${subject}`).digest('hex').slice(0, 32);
}
