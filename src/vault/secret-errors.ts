import { VaultfileError } from '../errors.js';
import type { SecretMetadata } from '../format/secret-file.js';

/** NOT_FOUND for a soft-deleted secret, saying how to get it back. */
export function deletedError(path: string, deleted: NonNullable<SecretMetadata['deleted']>): VaultfileError {
  return new VaultfileError('NOT_FOUND', `${path} was deleted on ${deleted.at}`, {
    hint: `"vaultfile restore ${path}" brings it back until ${deleted.recoverableUntil}`,
  });
}

/** NOT_FOUND for a path with no secret. */
export function notFound(path: string): VaultfileError {
  return new VaultfileError('NOT_FOUND', `no secret at ${JSON.stringify(path)}`, { hint: 'vaultfile list shows the secrets that exist' });
}
