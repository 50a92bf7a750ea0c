import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { Label } from './labels.js';

export const GROUP_KEY_LENGTH = 32;
const SALT_LENGTH = 32;
const AES_KEY_LENGTH = 32;
const COMMITMENT_LENGTH = 32;
const TAG_LENGTH = 16;
// Every file key is derived from a fresh random salt and used for exactly one
// encryption, so a fixed nonce is safe (age's payload key works the same way).
const NONCE = new Uint8Array(12);

/** A value sealed under a group key. */
export interface SealedValue {
  salt: Uint8Array;
  commitment: Uint8Array;
  /** Ciphertext followed by the 16-byte GCM tag. */
  ciphertext: Uint8Array;
}

/** Why a sealed value did not open. */
export class OpenError extends Error {
  /**
   * `commitment`: the key is not the one the value was sealed with (or the
   * salt or commitment was changed). `authentication`: the key is right but the
   * ciphertext or associated data was changed.
   */
  constructor(readonly reason: 'commitment' | 'authentication') {
    super(reason === 'commitment' ? 'key commitment does not match' : 'authentication tag does not match');
    this.name = 'OpenError';
  }
}

function deriveFileKeys(groupKey: Uint8Array, salt: Uint8Array): { aesKey: Buffer; commitment: Buffer } {
  if (groupKey.length !== GROUP_KEY_LENGTH) throw new RangeError(`group key must be ${GROUP_KEY_LENGTH} bytes`);
  const okm = Buffer.from(hkdfSync('sha256', groupKey, salt, Label.secretKey, AES_KEY_LENGTH + COMMITMENT_LENGTH));
  return { aesKey: okm.subarray(0, AES_KEY_LENGTH), commitment: okm.subarray(AES_KEY_LENGTH) };
}

// Salts come from a pool of CSPRNG bytes: one getrandom call per 128 salts
// instead of one per salt, which matters when a whole group is re-encrypted.
const SALT_POOL_BYTES = SALT_LENGTH * 128;
let saltPool = Buffer.alloc(0);
let saltOffset = 0;

function freshSalt(): Uint8Array {
  if (saltOffset + SALT_LENGTH > saltPool.length) {
    saltPool = randomBytes(SALT_POOL_BYTES);
    saltOffset = 0;
  }
  saltOffset += SALT_LENGTH;
  return saltPool.subarray(saltOffset - SALT_LENGTH, saltOffset);
}

/** A fresh random group key. */
export function generateGroupKey(): Uint8Array {
  return new Uint8Array(randomBytes(GROUP_KEY_LENGTH));
}

/**
 * Encrypts `plaintext` with AES-256-GCM under a key derived (HKDF-SHA256) from
 * the group key and a fresh salt, authenticating `associatedData`. The
 * commitment binds the ciphertext to this one key. `salt` is for test vectors.
 */
export function sealValue(
  groupKey: Uint8Array,
  plaintext: Uint8Array,
  associatedData: Uint8Array,
  salt: Uint8Array = freshSalt(),
): SealedValue {
  const { aesKey, commitment } = deriveFileKeys(groupKey, salt);
  const cipher = createCipheriv('aes-256-gcm', aesKey, NONCE, { authTagLength: TAG_LENGTH });
  cipher.setAAD(associatedData);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { salt: new Uint8Array(salt), commitment: new Uint8Array(commitment), ciphertext: new Uint8Array(body) };
}

/** Reverses sealValue; throws OpenError when the key or any byte is wrong. */
export function openValue(groupKey: Uint8Array, sealed: SealedValue, associatedData: Uint8Array): Uint8Array {
  const { aesKey, commitment } = deriveFileKeys(groupKey, sealed.salt);
  if (sealed.commitment.length !== COMMITMENT_LENGTH || !timingSafeEqual(commitment, sealed.commitment)) {
    throw new OpenError('commitment');
  }
  if (sealed.ciphertext.length < TAG_LENGTH) throw new OpenError('authentication');
  const bodyLength = sealed.ciphertext.length - TAG_LENGTH;
  const decipher = createDecipheriv('aes-256-gcm', aesKey, NONCE, { authTagLength: TAG_LENGTH });
  decipher.setAAD(associatedData);
  decipher.setAuthTag(sealed.ciphertext.subarray(bodyLength));
  const body = decipher.update(sealed.ciphertext.subarray(0, bodyLength));
  try {
    decipher.final();
  } catch {
    body.fill(0);
    throw new OpenError('authentication');
  }
  return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
}
