import { VaultfileError } from '../errors.js';

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

/** Result of trying to open an age file. */
export type AgeOpenResult = { ok: true; plaintext: Uint8Array } | { ok: false; reason: 'no-match' | 'malformed'; detail: string };

/**
 * Decrypts an age file (binary or armored) with any of the identities.
 * Returns `no-match` when none of them is a recipient, `malformed` when the
 * file is not a valid age file or fails its integrity checks.
 */
export async function decryptWithIdentities(file: Uint8Array, identities: readonly string[]): Promise<AgeOpenResult> {
  const age = await loadAge();
  let binary = file;
  if (startsWith(file, '-----BEGIN AGE ENCRYPTED FILE-----')) {
    try {
      binary = age.armor.decode(Buffer.from(file).toString('utf8'));
    } catch (error) {
      return { ok: false, reason: 'malformed', detail: `bad armor: ${(error as Error).message}` };
    }
  }
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

function startsWith(bytes: Uint8Array, prefix: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, prefix.length)).toString('latin1') === prefix;
}
