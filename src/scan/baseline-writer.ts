/**
 * Writing baselines (`vaultfile scan --write-baseline`): kept apart from
 * fingerprints.ts because the atomic write loads node:crypto, which a scan
 * that only fingerprints its findings need not pay for (4-6 ms here).
 */
import { randomBytes } from 'node:crypto';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { Baseline } from './suppression.js';

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
