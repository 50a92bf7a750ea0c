// Finding a vault needs no more than a walk up the folders, so callers that
// only ask "is there a vault?" (the scanner on every commit) load nothing else.
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { VaultfileError } from '../errors.js';

export const CONFIG_FILE = '.secretsrc';

/** The nearest folder at or above `cwd` holding `.secretsrc`, or undefined. */
export function locateVaultRoot(cwd: string): string | undefined {
  let folder = resolve(cwd);
  for (;;) {
    if (statSync(join(folder, CONFIG_FILE), { throwIfNoEntry: false })?.isFile()) return folder;
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

/** Walks up from `cwd` to the nearest folder holding `.secretsrc`. */
export function findVaultRoot(cwd: string): string {
  const root = locateVaultRoot(cwd);
  if (root === undefined) {
    throw new VaultfileError('CONFIG_NOT_FOUND', `no ${CONFIG_FILE} in ${resolve(cwd)} or any folder above it`, {
      hint: 'run "vaultfile init" to create a vault here, or cd into a vault\'s repository',
    });
  }
  return root;
}
