import { readdirSync, rmdirSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { VaultfileError } from '../errors.js';
import { formatTimestamp, type SecretMetadata } from '../format/secret-file.js';
import { syncFolder } from '../io/atomic-write.js';
import { deletedError, notFound } from './secret-errors.js';
import { assertSecretPath, secretFilePath } from './secret-location.js';
import type { CommitOutcome, Vault, WriteOptions } from './vault.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What `delete` did. */
export interface DeleteResult extends CommitOutcome {
  path: string;
  version: number;
  permanent: boolean;
  /** Until when `restore` can bring it back (soft delete only). */
  recoverableUntil?: string;
}

/** What `restore` did. */
export interface RestoreResult extends CommitOutcome {
  path: string;
  version: number;
}

/** What `purge` did. */
export interface PurgeResult extends CommitOutcome {
  purged: string[];
  /** Deleted secrets still inside their recovery window. */
  kept: { path: string; recoverableUntil: string }[];
}

/**
 * Soft-deletes `path`: it leaves the live set but stays restorable for
 * `deleteRecoveryDays`. With `permanent`, removes the file now (git history
 * still holds the old ciphertext; see docs/HISTORY.md).
 */
export async function deleteSecret(vault: Vault, path: string, options: WriteOptions & { permanent?: boolean } = {}): Promise<DeleteResult> {
  assertSecretPath(path);
  return vault.locked(async () => {
    const parsed = vault.readSecretFile(path);
    if (parsed === null) throw notFound(path);
    const { metadata } = parsed;
    if (options.permanent) {
      const file = removeSecretFile(vault, path);
      const outcome = await vault.recordChange([file], `delete --permanent ${path}`, options);
      return { path, version: metadata.version, permanent: true, ...outcome };
    }
    if (metadata.deleted !== undefined) throw deletedError(path, metadata.deleted);
    const now = vault.clock();
    const deleted = {
      at: formatTimestamp(now),
      recoverableUntil: formatTimestamp(new Date(now.getTime() + vault.config.deleteRecoveryDays * DAY_MS)),
    };
    const file = await reseal(vault, parsed, { ...metadata, deleted });
    const outcome = await vault.recordChange([file], `delete ${path} (v${metadata.version}, recoverable until ${deleted.recoverableUntil})`, options);
    return { path, version: metadata.version, permanent: false, recoverableUntil: deleted.recoverableUntil, ...outcome };
  });
}

/** Brings a soft-deleted secret back, with its metadata and version number. */
export async function restoreSecret(vault: Vault, path: string, options: WriteOptions = {}): Promise<RestoreResult> {
  assertSecretPath(path);
  return vault.locked(async () => {
    const parsed = vault.readSecretFile(path);
    if (parsed === null) throw notFound(path);
    if (parsed.metadata.deleted === undefined) {
      throw new VaultfileError('NOT_DELETED', `${path} is not deleted; there is nothing to restore`, {
        hint: '"vaultfile list --deleted" shows what can be restored',
      });
    }
    const { deleted: _removed, ...live } = parsed.metadata;
    const file = await reseal(vault, parsed, live);
    const outcome = await vault.recordChange([file], `restore ${path} (v${live.version})`, options);
    return { path, version: live.version, ...outcome };
  });
}

/** Removes deleted secrets whose recovery window has passed, or every deleted one with `all`. */
export async function purgeSecrets(vault: Vault, options: WriteOptions & { all?: boolean } = {}): Promise<PurgeResult> {
  return vault.locked(async () => {
    const now = formatTimestamp(vault.clock());
    const { secrets } = vault.list('', { deleted: true });
    const due = secrets.filter((secret) => options.all || secret.deleted!.recoverableUntil <= now);
    const kept = secrets.filter((secret) => !due.includes(secret)).map((secret) => ({ path: secret.path, recoverableUntil: secret.deleted!.recoverableUntil }));
    const files = due.map((secret) => removeSecretFile(vault, secret.path));
    const purged = due.map((secret) => secret.path);
    if (purged.length === 0) return { purged, kept };
    const named = purged.length <= 3 ? purged.join(', ') : `${purged.slice(0, 3).join(', ')} and ${purged.length - 3} more`;
    const outcome = await vault.recordChange(files, `purge ${named}`, options);
    return { purged, kept, ...outcome };
  });
}

/** Re-encrypts a file's own value under its own key with new metadata. */
async function reseal(vault: Vault, parsed: Parameters<Vault['open']>[0], metadata: SecretMetadata): Promise<string> {
  const value = await vault.open(parsed);
  try {
    const key = (await vault.keyring(metadata.group)).keyFor(metadata.epoch)!;
    return await vault.writeSecret(metadata, value, key);
  } finally {
    value.fill(0);
  }
}

/** Deletes a secret file and the folders it leaves empty; returns the file's path. */
function removeSecretFile(vault: Vault, path: string): string {
  const file = secretFilePath(vault.folder, path);
  unlinkSync(file);
  for (let folder = dirname(file); folder.startsWith(`${vault.folder}/`) && readdirSync(folder).length === 0; folder = dirname(folder)) {
    rmdirSync(folder);
  }
  syncFolder(vault.folder);
  return file;
}
