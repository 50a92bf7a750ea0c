import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VaultfileError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { findGitRoot, readGitConfig, repositoryPath, writeGitConfig } from '../git/repository.js';
import { SECRET_EXTENSION } from './secret-location.js';
import type { Vault } from './vault.js';

/** Name of the diff driver in .gitattributes and git config. */
export const DIFF_DRIVER = 'vaultfile';

/** What `git setup` configured. */
export interface DiffDriverSetup {
  attributesFile: string;
  /** The .gitattributes line. */
  attribute: string;
  /** False when the line was already there. */
  attributeAdded: boolean;
  /** The textconv command written to the repository's git config. */
  textconv: string;
}

/**
 * Makes `git diff` and `git log -p` show secret files readably: a
 * .gitattributes line routes them to the `vaultfile` diff driver, and the
 * repository's own git config (not the user's) names the textconv command.
 */
export async function setupDiffDriver(vault: Vault, textconv: string): Promise<DiffDriverSetup> {
  const root = findGitRoot(vault.root);
  if (root === undefined) {
    throw new VaultfileError('NO_HISTORY', 'the vault is not in a git repository', { hint: 'git init first, then run vaultfile git setup' });
  }
  const attribute = `${repositoryPath(root, vault.folder)}/**/*${SECRET_EXTENSION} diff=${DIFF_DRIVER}`;
  const attributesFile = join(root, '.gitattributes');
  let text = '';
  try {
    text = readFileSync(attributesFile, 'utf8');
  } catch {
    // no .gitattributes yet
  }
  const attributeAdded = !text.split('\n').includes(attribute);
  if (attributeAdded) {
    const separator = text === '' || text.endsWith('\n') ? '' : '\n';
    writeFileAtomic(attributesFile, `${text}${separator}# vaultfile: readable diffs of secret files (vaultfile git setup)\n${attribute}\n`);
  }
  if ((await readGitConfig(root, `diff.${DIFF_DRIVER}.textconv`)) !== textconv) await writeGitConfig(root, `diff.${DIFF_DRIVER}.textconv`, textconv);
  return { attributesFile, attribute, attributeAdded, textconv };
}
