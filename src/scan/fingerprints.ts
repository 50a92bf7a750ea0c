/**
 * Fingerprints of findings, loaded only when a scan has findings, so a clean
 * pre-commit scan loads no hashing code. The hashing is @noble/hashes': a
 * scan fingerprints a handful of findings, and loading node:crypto (4-7 ms
 * here) costs more than hashing thousands of them in JavaScript. Nothing
 * here may load it (baseline-writer.ts does, for the write path).
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Finding } from './types.js';

// Used when there is no baseline: fingerprints are then stable across runs and machines.
const DEFAULT_FINGERPRINT_KEY = 'vaultfile.dev/v1/finding-fingerprint';

/**
 * The fingerprint of a finding: a keyed hash of its rule and secret (of its
 * vault path, for vault values), so the same leak has the same fingerprint in
 * every file and commit, and the fingerprint says nothing of the secret.
 */
export function fingerprintOf(finding: Finding, key: string | undefined): string {
  const subject = finding.vaultPath !== undefined ? `vault:${finding.vaultPath}` : finding.secret;
  return bytesToHex(hmac(sha256, utf8ToBytes(key ?? DEFAULT_FINGERPRINT_KEY), utf8ToBytes(`${finding.rule}\0${subject}`))).slice(0, 32);
}
