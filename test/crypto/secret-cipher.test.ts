import { gcm } from '@noble/ciphers/aes.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Label } from '../../src/crypto/labels.js';
import { generateGroupKey, OpenError, openValue, sealValue } from '../../src/crypto/secret-cipher.js';

const key = fc.uint8Array({ minLength: 32, maxLength: 32 });
const bytes = fc.uint8Array({ maxLength: 512 });

function openError(fn: () => unknown): OpenError['reason'] | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof OpenError) return error.reason;
    throw error;
  }
  return undefined;
}

describe('secret cipher', () => {
  it('opens what it sealed, for any key, value and associated data', () => {
    fc.assert(
      fc.property(key, bytes, bytes, (groupKey, value, associated) => {
        const sealed = sealValue(groupKey, value, associated);
        expect(Buffer.from(openValue(groupKey, sealed, associated)).equals(Buffer.from(value))).toBe(true);
        expect(sealed.ciphertext.length).toBe(value.length + 16);
      }),
      { numRuns: 200 },
    );
  });

  it('matches an independent implementation (@noble HKDF + AES-GCM) byte for byte', () => {
    fc.assert(
      fc.property(key, bytes, bytes, fc.uint8Array({ minLength: 32, maxLength: 32 }), (groupKey, value, associated, salt) => {
        const sealed = sealValue(groupKey, value, associated, salt);
        const okm = hkdf(sha256, groupKey, salt, new TextEncoder().encode(Label.secretKey), 64);
        const expected = gcm(okm.subarray(0, 32), new Uint8Array(12), associated).encrypt(value);
        expect(Buffer.from(sealed.ciphertext).equals(Buffer.from(expected))).toBe(true);
        expect(Buffer.from(sealed.commitment).equals(Buffer.from(okm.subarray(32)))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('uses a fresh salt every time, so equal values give different files', () => {
    const groupKey = generateGroupKey();
    const value = new TextEncoder().encode('same');
    const first = sealValue(groupKey, value, new Uint8Array());
    const second = sealValue(groupKey, value, new Uint8Array());
    expect(Buffer.from(first.salt).equals(Buffer.from(second.salt))).toBe(false);
    expect(Buffer.from(first.ciphertext).equals(Buffer.from(second.ciphertext))).toBe(false);
  });

  it('refuses another key at the commitment, before decrypting', () => {
    fc.assert(
      fc.property(key, key, bytes, (groupKey, otherKey, value) => {
        fc.pre(!Buffer.from(groupKey).equals(Buffer.from(otherKey)));
        const sealed = sealValue(groupKey, value, new Uint8Array());
        expect(openError(() => openValue(otherKey, sealed, new Uint8Array()))).toBe('commitment');
      }),
      { numRuns: 100 },
    );
  });

  it('detects any flipped bit in ciphertext, salt, commitment or associated data', () => {
    const groupKey = generateGroupKey();
    const associated = new TextEncoder().encode('path: a/b\n');
    const sealed = sealValue(groupKey, new TextEncoder().encode('SecurePassword123!'), associated);
    fc.assert(
      fc.property(fc.constantFrom('ciphertext', 'salt', 'commitment', 'associated'), fc.nat(), fc.integer({ min: 0, max: 7 }), (part, index, bit) => {
        const copy = { salt: sealed.salt.slice(), commitment: sealed.commitment.slice(), ciphertext: sealed.ciphertext.slice() };
        const data = associated.slice();
        const target = part === 'associated' ? data : copy[part];
        target[index % target.length]! ^= 1 << bit;
        const reason = openError(() => openValue(groupKey, copy, data));
        expect(reason).toBe(part === 'ciphertext' || part === 'associated' ? 'authentication' : 'commitment');
      }),
      { numRuns: 300 },
    );
  });

  it('rejects group keys of the wrong length', () => {
    expect(() => sealValue(new Uint8Array(16), new Uint8Array(1), new Uint8Array())).toThrow(RangeError);
  });
});
