/**
 * Fingerprints of findings and writing baselines: the parts of suppression
 * that hash, loaded only when a scan has findings or writes a baseline, so a
 * clean pre-commit scan loads no hashing code. The hashing is @noble/hashes':
 * a scan fingerprints a handful of findings, and loading node:crypto (6-7 ms
 * here) costs more than hashing thousands of them in JavaScript.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
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
  return bytesToHex(randomBytes(32));
}

/**
 * The fingerprint of a finding: a keyed hash of its rule and secret (of its
 * vault path, for vault values), so the same leak has the same fingerprint in
 * every file and commit, and the fingerprint says nothing of the secret.
 */
export function fingerprintOf(finding: Finding, key: string | undefined): string {
  const subject = finding.vaultPath !== undefined ? `vault:${finding.vaultPath}` : finding.secret;
  return bytesToHex(hmac(sha256, utf8ToBytes(key ?? DEFAULT_FINGERPRINT_KEY), utf8ToBytes(`${finding.rule}\0${subject}`))).slice(0, 32);
}
