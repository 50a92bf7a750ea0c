import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateGroupKey } from '../crypto/secret-cipher.js';
import { isSystemError, VaultfileError } from '../errors.js';
import {
  KeyringFormatError,
  parseKeyringPayload,
  serializeKeyringPayload,
  type KeyEpoch,
  type KeyringPayload,
} from '../format/keyring-payload.js';
import { formatTimestamp } from '../format/secret-file.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { decryptWithIdentities, encryptToRecipients } from './age.js';
import type { Identity } from './identity.js';

/** Folder, inside the vault folder, that holds one keyring file per group. */
export const KEYRING_FOLDER = '.keyrings';
const KEYRING_EXTENSION = '.age';

/** A group's keys, decrypted: every epoch, the last one current. */
export class Keyring {
  constructor(readonly payload: KeyringPayload) {}

  get group(): string {
    return this.payload.group;
  }

  get currentEpoch(): KeyEpoch {
    return this.payload.epochs[this.payload.epochs.length - 1]!;
  }

  /** A copy of this keyring to be encrypted to `recipients` instead. */
  withRecipients(recipients: readonly string[]): Keyring {
    return new Keyring({ ...this.payload, recipients: [...new Set(recipients)].sort() });
  }

  /** A copy of this keyring with one more epoch, holding a fresh key. */
  withNewEpoch(now: Date): Keyring {
    const epoch = { epoch: this.payload.epochs.length + 1, key: generateGroupKey(), created: formatTimestamp(now) };
    return new Keyring({ ...this.payload, epochs: [...this.payload.epochs, epoch] });
  }

  /** The key of `epoch`, or undefined when this keyring never had it. */
  keyFor(epoch: number): Uint8Array | undefined {
    return this.payload.epochs[epoch - 1]?.key;
  }
}

/** Where the keyring of `group` lives. */
export function keyringPath(vaultFolder: string, group: string): string {
  return join(vaultFolder, KEYRING_FOLDER, `${group}${KEYRING_EXTENSION}`);
}

/** A new keyring with one fresh epoch. */
export function createKeyring(vault: string, group: string, recipients: readonly string[], now: Date): Keyring {
  return new Keyring({
    vault,
    group,
    recipients: [...recipients].sort(),
    epochs: [{ epoch: 1, key: generateGroupKey(), created: formatTimestamp(now) }],
  });
}

/** Encrypts the keyring to its recipients and writes it atomically. */
export async function writeKeyring(file: string, keyring: Keyring): Promise<void> {
  const plaintext = Buffer.from(serializeKeyringPayload(keyring.payload), 'utf8');
  try {
    writeFileAtomic(file, await encryptToRecipients(plaintext, keyring.payload.recipients));
  } finally {
    plaintext.fill(0);
  }
}

/**
 * Reads and decrypts a keyring, checking that it belongs to `expected.vault`
 * and `expected.group`. Errors: KEYRING_MISSING, ACCESS_DENIED (not a
 * recipient), WRONG_VAULT, CORRUPT_FILE.
 */
export async function openKeyring(
  file: string,
  identity: Identity,
  expected: { vault: string; group: string },
): Promise<Keyring> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    if (isSystemError(error, 'ENOENT')) {
      throw new VaultfileError('KEYRING_MISSING', `the keyring of group "${expected.group}" is missing (${file})`, {
        hint: 'restore it from git (git checkout -- <file>); without it nobody can read this group',
      });
    }
    throw error;
  }
  return decryptKeyring(bytes, identity, expected);
}

/** Decrypts keyring bytes (from the work tree or from a git commit) and checks vault and group. */
export async function decryptKeyring(bytes: Uint8Array, identity: Identity, expected: { vault: string; group: string }): Promise<Keyring> {
  const opened = await decryptWithIdentities(bytes, identity.keys);
  if (!opened.ok) {
    if (opened.reason === 'no-match') {
      throw new VaultfileError('ACCESS_DENIED', `your identity cannot open the keyring of group "${expected.group}"`, {
        hint: `you are not a member of "${expected.group}"; ask a member to add your recipient (vaultfile identity prints it)`,
        detail: `identity from ${identity.source}`,
      });
    }
    throw new VaultfileError('CORRUPT_FILE', `the keyring of group "${expected.group}" is damaged: ${opened.detail}`, {
      hint: 'restore it from git history',
    });
  }
  let payload: KeyringPayload;
  try {
    payload = parseKeyringPayload(Buffer.from(opened.plaintext).toString('utf8'));
  } catch (error) {
    if (error instanceof KeyringFormatError) {
      throw new VaultfileError('CORRUPT_FILE', `the keyring of group "${expected.group}" is malformed: ${error.message}`);
    }
    throw error;
  } finally {
    opened.plaintext.fill(0);
  }
  if (payload.vault !== expected.vault) {
    throw new VaultfileError('WRONG_VAULT', `the keyring of group "${expected.group}" belongs to another vault`, {
      hint: 'it was copied from a different vault; restore this vault\'s keyring from git',
      detail: `keyring vault ${payload.vault}, this vault ${expected.vault}`,
    });
  }
  if (payload.group !== expected.group) {
    throw new VaultfileError('INTEGRITY', `the keyring file of group "${expected.group}" holds group "${payload.group}"`, {
      hint: 'keyring files were renamed or swapped; restore them from git',
    });
  }
  return new Keyring(payload);
}
