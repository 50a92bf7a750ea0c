import { join, relative, sep } from 'node:path';
import { VaultfileError } from '../errors.js';
import { secretPathProblem } from '../format/secret-path.js';

/** Extension of every secret file; `prod/db/password` lives in `prod/db/password.secret`. */
export const SECRET_EXTENSION = '.secret';

/** Throws BAD_PATH (exit 2) unless `path` is a valid secret path. */
export function assertSecretPath(path: string): void {
  const problem = secretPathProblem(path);
  if (problem !== null) {
    throw new VaultfileError('BAD_PATH', `invalid secret path ${JSON.stringify(path)}: ${problem}`, {
      hint: 'paths are /-separated segments of letters, digits, _ . - like prod/db/password',
    });
  }
}

/** Throws BAD_PATH unless `prefix` is empty or a valid path, optionally ending in `/`. */
export function assertPrefix(prefix: string): void {
  if (prefix !== '') assertSecretPath(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
}

/** True when `path` is `prefix` itself or below it (`prod` and `prod/` both cover `prod/db`). */
export function isUnderPrefix(path: string, prefix: string): boolean {
  if (prefix === '') return true;
  const folder = prefix.endsWith('/') ? prefix : `${prefix}/`;
  return path === prefix || path.startsWith(folder);
}

/** The file that holds secret `path` in `vaultFolder`. */
export function secretFilePath(vaultFolder: string, path: string): string {
  return join(vaultFolder, ...path.split('/')) + SECRET_EXTENSION;
}

/** The secret path a file in `vaultFolder` stands for. */
export function secretPathOfFile(vaultFolder: string, file: string): string {
  return relative(vaultFolder, file).split(sep).join('/').slice(0, -SECRET_EXTENSION.length);
}

/**
 * `prefix` as a folder of secrets, without a trailing `/` (`prod/app/` gives
 * `prod/app`). BAD_PATH when it is empty: commands that take a prefix never
 * mean "the whole vault" by accident.
 */
export function folderPrefix(prefix: string): string {
  const folder = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (folder === '') {
    throw new VaultfileError('BAD_PATH', 'the prefix is empty', { hint: 'name a folder of secrets, like --prefix prod/app; vaultfile list shows the paths' });
  }
  assertSecretPath(folder);
  return folder;
}
