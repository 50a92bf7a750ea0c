import { VaultfileError } from '../errors.js';
import { formatTimestamp, type ParsedSecretFile, type SecretMetadata } from '../format/secret-file.js';
import { conflictSides, findGitRoot, stageFiles } from '../git/repository.js';
import { getVersion } from './history.js';
import { assertSecretPath, secretFilePath } from './secret-location.js';
import type { Vault } from './vault.js';

/** Which value a conflict resolution keeps. */
export type Resolution = { side: 'ours' | 'theirs' } | { version: number };

/** What `resolve` did. */
export interface ResolveResult {
  path: string;
  /** The new version, numbered after both sides. */
  version: number;
  /** ours, theirs or version N. */
  kept: string;
}

/**
 * Settles a git merge conflict in one secret file: keeps our side, their side
 * or an older version, writes it as a new version numbered after both sides,
 * and stages it. The merge itself is finished with `git commit`.
 */
export async function resolveConflict(vault: Vault, path: string, resolution: Resolution): Promise<ResolveResult> {
  assertSecretPath(path);
  const root = findGitRoot(vault.root);
  const file = secretFilePath(vault.folder, path);
  const sides = root === undefined ? null : await conflictSides(root, file);
  if (root === undefined || sides === null) {
    throw new VaultfileError('NOT_CONFLICTED', `${path} has no merge conflict to resolve`, { hint: 'git status lists the files in conflict' });
  }
  const parse = (text: string | null, side: string): ParsedSecretFile | null =>
    text === null ? null : vault.parseSecretBytes(Buffer.from(text, 'utf8'), path, `${path} (${side} side of the merge)`);
  const ours = parse(sides.ours, 'our');
  const theirs = parse(sides.theirs, 'their');
  return vault.locked(async () => {
    let kept: { metadata: SecretMetadata; value: Uint8Array };
    let label: string;
    if ('version' in resolution) {
      const secret = await getVersion(vault, path, resolution.version);
      kept = secret;
      label = `version ${resolution.version}`;
    } else {
      const chosen = resolution.side === 'ours' ? ours : theirs;
      if (chosen === null) {
        throw new VaultfileError('NOT_FOUND', `the ${resolution.side === 'ours' ? 'our' : 'their'} side of the merge deleted ${path}`, {
          hint: 'to keep it deleted, run git rm on the file; or pick the other side',
        });
      }
      kept = { metadata: chosen.metadata, value: await vault.open(chosen) };
      label = resolution.side;
    }
    const group = vault.rules().groupFor(path);
    const epoch = (await vault.keyring(group)).currentEpoch;
    const version = Math.max(ours?.metadata.version ?? 0, theirs?.metadata.version ?? 0, kept.metadata.version) + 1;
    const created = [ours?.metadata.created, theirs?.metadata.created, kept.metadata.created].filter((t): t is string => t !== undefined).sort()[0]!;
    const { deleted: _wasDeleted, ...live } = kept.metadata;
    const metadata: SecretMetadata = { ...live, group, epoch: epoch.epoch, version, created, updated: formatTimestamp(vault.clock()) };
    try {
      await vault.writeSecret(metadata, kept.value, epoch.key);
    } finally {
      kept.value.fill(0);
    }
    await stageFiles(root, [file]);
    return { path, version, kept: label };
  });
}
