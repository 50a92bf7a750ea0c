import { decodeBase64Strict, encodeBase64 } from './base64.js';
import { isValidGroupName, isValidTimestamp } from './secret-file.js';

/** Value of the `format` field of every keyring payload of this version. */
export const KEYRING_FORMAT = 'vaultfile-keyring/v1';
const KEY_LENGTH = 32;
const vaultIdPattern = /^[0-9a-f]{32}$/;

/** One group key, valid from `created` until a newer epoch replaces it. */
export interface KeyEpoch {
  epoch: number;
  key: Uint8Array;
  created: string;
}

/** The plaintext inside a keyring file (an age file). */
export interface KeyringPayload {
  /** Random id of the vault this keyring belongs to. */
  vault: string;
  group: string;
  /** The recipients the keyring was last encrypted to, sorted. */
  recipients: string[];
  /** Every epoch, oldest first; the last one encrypts new values. */
  epochs: KeyEpoch[];
}

/** A malformed keyring payload; never quotes key material. */
export class KeyringFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyringFormatError';
  }
}

/** True when `id` has the shape of a vault id (32 lowercase hex digits). */
export function isValidVaultId(id: string): boolean {
  return vaultIdPattern.test(id);
}

/** Canonical JSON text of a payload: fixed key order, two-space indent, final newline. */
export function serializeKeyringPayload(payload: KeyringPayload): string {
  const document = {
    format: KEYRING_FORMAT,
    vault: payload.vault,
    group: payload.group,
    recipients: [...payload.recipients].sort(),
    epochs: payload.epochs.map((epoch) => ({ epoch: epoch.epoch, created: epoch.created, key: encodeBase64(epoch.key) })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Parses and validates a payload strictly. Throws KeyringFormatError. */
export function parseKeyringPayload(text: string): KeyringPayload {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new KeyringFormatError('the keyring payload is not JSON');
  }
  const record = asRecord(document, 'keyring');
  expectKeys(record, ['format', 'vault', 'group', 'recipients', 'epochs'], 'keyring');
  if (record.format !== KEYRING_FORMAT) {
    throw new KeyringFormatError(`unsupported keyring format ${JSON.stringify(record.format)}; this vaultfile reads ${KEYRING_FORMAT}`);
  }
  if (typeof record.vault !== 'string' || !vaultIdPattern.test(record.vault)) throw new KeyringFormatError('bad vault id');
  if (typeof record.group !== 'string' || !isValidGroupName(record.group)) throw new KeyringFormatError('bad group name');
  if (!Array.isArray(record.recipients) || !record.recipients.every((r) => typeof r === 'string' && r.startsWith('age1'))) {
    throw new KeyringFormatError('bad recipients list');
  }
  if (!Array.isArray(record.epochs) || record.epochs.length === 0) throw new KeyringFormatError('the keyring holds no key epoch');
  const epochs = record.epochs.map((entry, index): KeyEpoch => {
    const item = asRecord(entry, `epoch entry ${index + 1}`);
    expectKeys(item, ['epoch', 'created', 'key'], `epoch entry ${index + 1}`);
    if (item.epoch !== index + 1) throw new KeyringFormatError(`epoch entry ${index + 1} is numbered ${JSON.stringify(item.epoch)}`);
    if (typeof item.created !== 'string' || !isValidTimestamp(item.created)) {
      throw new KeyringFormatError(`epoch ${index + 1} has a bad created timestamp`);
    }
    const key = typeof item.key === 'string' ? decodeBase64Strict(item.key) : null;
    if (key === null || key.length !== KEY_LENGTH) throw new KeyringFormatError(`epoch ${index + 1} has a malformed key`);
    return { epoch: index + 1, created: item.created, key };
  });
  return { vault: record.vault, group: record.group, recipients: record.recipients as string[], epochs };
}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new KeyringFormatError(`${what} is not an object`);
  return value as Record<string, unknown>;
}

function expectKeys(record: Record<string, unknown>, keys: string[], what: string): void {
  const actual = Object.keys(record).sort().join(',');
  if (actual !== [...keys].sort().join(',')) throw new KeyringFormatError(`${what} has fields ${actual}, expected ${keys.join(',')}`);
}
