import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { Label } from './labels.js';

const FINGERPRINT_BYTES = 6;

/**
 * A short keyed fingerprint of a value: equal values give equal fingerprints,
 * and without the key a fingerprint says nothing about the value. Keyed with a
 * group's first key so it stays the same across key epochs.
 */
export function valueFingerprint(firstGroupKey: Uint8Array, value: Uint8Array): string {
  const key = Buffer.from(hkdfSync('sha256', firstGroupKey, new Uint8Array(), Label.valueFingerprint, 32));
  return createHmac('sha256', key).update(value).digest('hex').slice(0, FINGERPRINT_BYTES * 2);
}

/** An unkeyed digest of ciphertext, for showing that a value changed to someone without the key. */
export function ciphertextDigest(ciphertext: Uint8Array): string {
  return createHash('sha256').update(ciphertext).digest('hex').slice(0, FINGERPRINT_BYTES * 2);
}
