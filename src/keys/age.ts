import { VaultfileError } from '../errors.js';
import { AgeFormatError, decodeArmor, isArmored } from '../format/age-file.js';
import { decryptX25519, supportsIdentities } from './age-native.js';

type AgeModule = typeof import('age-encryption');
let ageModule: Promise<AgeModule> | undefined;

/** Loads age-encryption on first use: most commands never need it. */
export function loadAge(): Promise<AgeModule> {
  ageModule ??= import('age-encryption');
  return ageModule;
}

// age-encryption reports "not for you" only through this message; a test pins it.
const NO_MATCH_MESSAGE = 'no identity matched';

/** Encrypts `plaintext` to every recipient as an ASCII-armored age file. */
export async function encryptToRecipients(plaintext: Uint8Array, recipients: readonly string[]): Promise<string> {
  const age = await loadAge();
  const encrypter = new age.Encrypter();
  for (const recipient of recipients) {
    try {
      encrypter.addRecipient(recipient);
    } catch (error) {
      throw new VaultfileError('CONFIG_INVALID', `not a usable age recipient: ${JSON.stringify(recipient)}`, {
        hint: 'recipients look like age1… (X25519) or age1pq1… (post-quantum hybrid); check members in .secretsrc',
        cause: error,
      });
    }
  }
  return age.armor.encode(await encrypter.encrypt(plaintext));
}

/** True when `recipient` is an age recipient this library can encrypt to (checksum included). */
export async function isUsableRecipient(recipient: string): Promise<boolean> {
  const age = await loadAge();
  try {
    new age.Encrypter().addRecipient(recipient);
    return recipient.startsWith('age1');
  } catch {
    return false;
  }
}

/** Result of trying to open an age file. */
export type AgeOpenResult = { ok: true; plaintext: Uint8Array } | { ok: false; reason: 'no-match' | 'malformed'; detail: string };

/**
 * Decrypts an age file (binary or armored) with any of the identities.
 * Returns `no-match` when none of them is a recipient, `malformed` when the
 * file is not a valid age file or fails its integrity checks. X25519
 * identities take the node:crypto path; others load age-encryption.
 */
export async function decryptWithIdentities(file: Uint8Array, identities: readonly string[]): Promise<AgeOpenResult> {
  let binary = file;
  if (isArmored(file)) {
    try {
      binary = decodeArmor(file);
    } catch (error) {
      if (error instanceof AgeFormatError) return { ok: false, reason: 'malformed', detail: error.message };
      throw error;
    }
  }
  if (supportsIdentities(identities)) {
    const result = decryptX25519(binary, identities);
    if (result.kind === 'plaintext') return { ok: true, plaintext: result.plaintext };
    if (result.kind === 'malformed') return { ok: false, reason: 'malformed', detail: result.detail };
    if (!result.otherStanzas) return { ok: false, reason: 'no-match', detail: 'no identity matched any of the recipients' };
  }
  const age = await loadAge();
  const decrypter = new age.Decrypter();
  for (const identity of identities) decrypter.addIdentity(identity);
  try {
    return { ok: true, plaintext: await decrypter.decrypt(binary) };
  } catch (error) {
    const message = (error as Error).message;
    if (message.includes(NO_MATCH_MESSAGE)) return { ok: false, reason: 'no-match', detail: message };
    return { ok: false, reason: 'malformed', detail: message };
  }
}
