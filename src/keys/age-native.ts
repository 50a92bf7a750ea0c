import { bech32 } from '@scure/base';
import { createDecipheriv, createHmac, createPrivateKey, createPublicKey, diffieHellman, hkdfSync, timingSafeEqual } from 'node:crypto';
import { AgeFormatError, decodeUnpadded, parseAgeHeader, type AgeStanza } from '../format/age-file.js';

/**
 * Decryption of age files for X25519 identities on node:crypto, so the hot
 * path (`get`) does not load age-encryption and its pure-JS curves, post-quantum
 * code and web streams (about 70 ms of a cold start). It implements only what
 * decryption needs, per c2sp.org/age; the differential tests hold it to
 * age-encryption and to the age binary. Anything else goes to age-encryption.
 */

const X25519_INFO = 'age-encryption.org/v1/X25519';
const FILE_KEY_LENGTH = 16;
const CHUNK_SIZE = 64 * 1024;
const TAG_LENGTH = 16;
const NONCE_LENGTH = 16;
// DER prefixes that wrap a raw 32-byte X25519 key as PKCS#8 / SPKI (RFC 8410).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

/** An X25519 identity ready for unwrapping. */
interface X25519Key {
  privateKey: ReturnType<typeof createPrivateKey>;
  publicKey: Buffer;
}

/** True when this module can handle every one of the identities. */
export function supportsIdentities(identities: readonly string[]): boolean {
  return identities.every((identity) => identity.startsWith('AGE-SECRET-KEY-1'));
}

/** What a decryption attempt found. */
export type NativeResult =
  | { kind: 'plaintext'; plaintext: Uint8Array }
  | { kind: 'no-match'; otherStanzas: boolean }
  | { kind: 'malformed'; detail: string };

/** Decrypts a binary age file with X25519 identities. */
export function decryptX25519(file: Uint8Array, identities: readonly string[]): NativeResult {
  let header;
  try {
    header = parseAgeHeader(file);
  } catch (error) {
    if (error instanceof AgeFormatError) return { kind: 'malformed', detail: error.message };
    throw error;
  }
  const keys = identities.map(importIdentity);
  let fileKey: Uint8Array | null = null;
  for (const stanza of header.stanzas) {
    if (stanza.type !== 'X25519') continue;
    if (stanza.args.length !== 1 || stanza.body.length !== FILE_KEY_LENGTH + TAG_LENGTH) return { kind: 'malformed', detail: 'bad X25519 stanza' };
    for (const key of keys) {
      const unwrapped = unwrap(stanza, key);
      if (unwrapped === 'malformed') return { kind: 'malformed', detail: 'bad X25519 stanza' };
      if (unwrapped !== null) {
        fileKey = unwrapped;
        break;
      }
    }
    if (fileKey !== null) break;
  }
  if (fileKey === null) return { kind: 'no-match', otherStanzas: header.stanzas.some((stanza) => stanza.type !== 'X25519') };

  const macKey = hkdf(fileKey, new Uint8Array(), 'header');
  const mac = createHmac('sha256', macKey).update(header.macInput).digest();
  if (!timingSafeEqual(mac, header.mac)) return { kind: 'malformed', detail: 'invalid header MAC' };
  if (file.length < header.payloadOffset + NONCE_LENGTH) return { kind: 'malformed', detail: 'the payload is truncated' };
  const nonce = file.subarray(header.payloadOffset, header.payloadOffset + NONCE_LENGTH);
  const plaintext = decryptStream(hkdf(fileKey, nonce, 'payload'), file.subarray(header.payloadOffset + NONCE_LENGTH));
  return plaintext === null ? { kind: 'malformed', detail: 'the payload failed authentication' } : { kind: 'plaintext', plaintext };
}

function importIdentity(identity: string): X25519Key {
  let decoded: { prefix: string; bytes: Uint8Array } | undefined;
  try {
    decoded = bech32.decodeToBytes(identity.toLowerCase());
  } catch {
    // the decoder's message quotes the whole key
  }
  if (decoded?.prefix !== 'age-secret-key-' || decoded.bytes.length !== 32) throw new AgeFormatError('malformed X25519 identity');
  const { bytes } = decoded;
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, bytes]), format: 'der', type: 'pkcs8' });
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return { privateKey, publicKey: spki.subarray(SPKI_PREFIX.length) };
}

/** The file key, null when the stanza is for someone else, 'malformed' when it cannot be. */
function unwrap(stanza: AgeStanza, key: X25519Key): Uint8Array | null | 'malformed' {
  const share = decodeUnpadded(stanza.args[0]!);
  if (share === null || share.length !== 32) return 'malformed';
  let shared: Buffer;
  try {
    shared = diffieHellman({ privateKey: key.privateKey, publicKey: createPublicKey({ key: Buffer.concat([SPKI_PREFIX, share]), format: 'der', type: 'spki' }) });
  } catch {
    return 'malformed'; // a low-order share: OpenSSL refuses the all-zero result
  }
  if (shared.every((byte) => byte === 0)) return 'malformed';
  const wrapKey = hkdf(shared, Buffer.concat([share, key.publicKey]), X25519_INFO);
  return aeadOpen(wrapKey, new Uint8Array(12), stanza.body);
}

/** Decrypts the STREAM payload: 64 KiB chunks, 11-byte counter nonce plus a last-chunk flag. */
function decryptStream(key: Uint8Array, payload: Uint8Array): Uint8Array | null {
  const chunks: Uint8Array[] = [];
  const nonce = new Uint8Array(12);
  const view = new DataView(nonce.buffer);
  let offset = 0;
  for (let counter = 0; ; counter++) {
    const remaining = payload.length - offset;
    const last = remaining <= CHUNK_SIZE + TAG_LENGTH;
    if (remaining < TAG_LENGTH) return null;
    view.setUint32(7, counter); // counters beyond 2^32 chunks (256 TiB) are not needed here
    nonce[11] = last ? 1 : 0;
    const chunk = aeadOpen(key, nonce, payload.subarray(offset, offset + Math.min(remaining, CHUNK_SIZE + TAG_LENGTH)));
    if (chunk === null) return null;
    if (last && chunk.length === 0 && counter > 0) return null; // only an empty file may end in an empty chunk
    chunks.push(chunk);
    if (last) return Buffer.concat(chunks);
    offset += CHUNK_SIZE + TAG_LENGTH;
  }
}

function aeadOpen(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Uint8Array | null {
  const decipher = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_LENGTH });
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_LENGTH));
  const plaintext = decipher.update(sealed.subarray(0, sealed.length - TAG_LENGTH));
  try {
    decipher.final();
    return plaintext;
  } catch {
    return null;
  }
}

function hkdf(key: Uint8Array, salt: Uint8Array, info: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', key, salt, info, 32));
}
