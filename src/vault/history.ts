import { readFileSync } from 'node:fs';
import { VaultfileError } from '../errors.js';
import { parseSecretMetadata, SecretFileFormatError, type ParsedSecretFile, type SecretMetadata } from '../format/secret-file.js';
import { fileChanges, findGitRoot, readBlobs, readFileAt, resolveCommit, type FileChange } from '../git/repository.js';
import { decryptKeyring, keyringPath, type Keyring } from '../keys/keyring.js';
import { notFound } from './secret-errors.js';
import { assertSecretPath, secretFilePath } from './secret-location.js';
import type { Secret, Vault } from './vault.js';

/** One version of a secret as git recorded it. */
export interface HistoryEntry {
  version: number;
  /** set, edit, delete, restore, purge, resolve… (from the data, or the commit message for vaultfile's own commits). */
  action: string;
  /** Author date of the commit (ISO 8601), or the file's `updated` for an uncommitted change. */
  date: string;
  author: string;
  /** Null for a change in the work tree that is not committed yet. */
  commit: string | null;
  /** The commit's subject line. */
  subject: string;
}

/** The state of a secret file after one commit, oldest first. */
interface Revision {
  change: FileChange;
  text: string | null;
  metadata: SecretMetadata | null;
}

const VAULTFILE_SUBJECT = /^vaultfile: ([a-z-]+(?: --permanent)?) /;

/** Every version of `path`, newest first: from git when the vault is in a repository, plus any uncommitted change. */
export async function secretHistory(vault: Vault, path: string): Promise<HistoryEntry[]> {
  assertSecretPath(path);
  const revisions = await revisionsOf(vault, path);
  const current = readCurrentText(vault, path);
  if (revisions.length === 0 && current === null) throw notFound(path);
  const entries: HistoryEntry[] = [];
  let previous: SecretMetadata | null = null;
  for (const { change, metadata } of revisions) {
    entries.push({
      version: metadata?.version ?? previous?.version ?? 0,
      action: actionOf(change, metadata, previous),
      date: change.date,
      author: change.author,
      commit: change.commit,
      subject: change.subject,
    });
    if (metadata !== null || change.blob === null) previous = metadata;
  }
  const lastText = revisions.at(-1)?.text ?? null;
  if (current !== null && current !== lastText) {
    const metadata = tryMetadata(current);
    entries.push({
      version: metadata?.version ?? 0,
      action: metadata === null ? 'damaged' : 'uncommitted',
      date: metadata?.updated ?? '',
      author: '',
      commit: null,
      subject: 'not committed yet',
    });
  }
  return entries.reverse();
}

/** Version `version` of `path` (deleted ones too), decrypted with the keyring of the commit that holds it. */
export async function getVersion(vault: Vault, path: string, version: number): Promise<Secret> {
  assertSecretPath(path);
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new VaultfileError('USAGE', `--version must be a whole number from 1, not ${version}`, { hint: '"vaultfile history PATH" lists the versions' });
  }
  const current = readCurrentIfIntact(vault, path);
  if (current?.metadata.version === version) return { path, value: await vault.open(current), metadata: current.metadata };
  const revisions = await revisionsOf(vault, path);
  const match = [...revisions].reverse().find((revision) => revision.metadata?.version === version);
  if (match === undefined) {
    const known = [...new Set(revisions.flatMap((r) => (r.metadata ? [r.metadata.version] : [])))].sort((a, b) => a - b);
    throw new VaultfileError('NOT_FOUND', `${path} has no version ${version}`, {
      hint: known.length > 0 ? `versions in history: ${known.join(', ')}` : 'this secret has no history in git yet',
    });
  }
  return openRevision(vault, path, match.text!, match.change.commit);
}

/** `path` as it was at git revision `revision`. */
export async function getAt(vault: Vault, path: string, revision: string): Promise<Secret> {
  assertSecretPath(path);
  const root = requireGit(vault);
  const commit = await resolveCommit(root, revision);
  const text = await readFileAt(root, commit, secretFilePath(vault.folder, path));
  if (text === null) {
    throw new VaultfileError('NOT_FOUND', `${path} did not exist at ${revision}`, { hint: `"vaultfile history ${path}" lists the commits that have it` });
  }
  return openRevision(vault, path, text, commit);
}

/** Decrypts a historical file with the keyring of its commit, falling back to the current keyring. */
async function openRevision(vault: Vault, path: string, text: string, commit: string): Promise<Secret> {
  const parsed: ParsedSecretFile = vault.parseSecretBytes(Buffer.from(text, 'utf8'), path, `${path} at ${commit.slice(0, 12)}`);
  const value = await vault.open(parsed, keyringAtCommit(vault, commit));
  return { path, value, metadata: parsed.metadata };
}

/**
 * The keyring of a group as it was at `commit`: whoever could read a version
 * then and can still open that keyring can read it now. Someone who joined
 * later cannot open the old keyring but holds every epoch in the current one.
 */
function keyringAtCommit(vault: Vault, commit: string): (group: string) => Promise<Keyring> {
  const root = requireGit(vault);
  return async (group) => {
    const text = await readFileAt(root, commit, keyringPath(vault.folder, group));
    if (text === null) return vault.keyring(group);
    try {
      return await decryptKeyring(Buffer.from(text, 'utf8'), await vault.identity(), { vault: vault.config.vaultId, group });
    } catch (error) {
      if (error instanceof VaultfileError && error.code === 'ACCESS_DENIED') return vault.keyring(group);
      throw error;
    }
  };
}

async function revisionsOf(vault: Vault, path: string): Promise<Revision[]> {
  const root = findGitRoot(vault.root);
  if (root === undefined) return [];
  const changes = (await fileChanges(root, secretFilePath(vault.folder, path))).reverse();
  const blobs = changes.flatMap((change) => (change.blob === null ? [] : [change.blob]));
  const texts = new Map<string, string>();
  (await readBlobs(root, blobs)).forEach((text, index) => texts.set(blobs[index]!, text));
  return changes.map((change) => {
    const text = change.blob === null ? null : texts.get(change.blob)!;
    return { change, text, metadata: text === null ? null : tryMetadata(text) };
  });
}

function actionOf(change: FileChange, metadata: SecretMetadata | null, previous: SecretMetadata | null): string {
  const named = VAULTFILE_SUBJECT.exec(change.subject)?.[1];
  if (change.blob === null) return named ?? 'removed';
  if (metadata === null) return 'damaged';
  if (metadata.deleted !== undefined && previous?.deleted === undefined) return 'delete';
  if (metadata.deleted === undefined && previous?.deleted !== undefined && metadata.version === previous.version) return 'restore';
  return named ?? (previous === null ? 'create' : metadata.version > previous.version ? 'change' : 'rewrite');
}

function tryMetadata(text: string): SecretMetadata | null {
  try {
    return parseSecretMetadata(text);
  } catch (error) {
    if (error instanceof SecretFileFormatError) return null;
    throw error;
  }
}

/** The work tree's file of `path`, or null when it is missing or mid-conflict (history still answers then). */
function readCurrentIfIntact(vault: Vault, path: string): ParsedSecretFile | null {
  try {
    return vault.readSecretFile(path);
  } catch (error) {
    if (error instanceof VaultfileError && (error.code === 'MERGE_CONFLICT' || error.code === 'CORRUPT_FILE')) return null;
    throw error;
  }
}

function readCurrentText(vault: Vault, path: string): string | null {
  try {
    return readFileSync(secretFilePath(vault.folder, path), 'utf8');
  } catch {
    return null;
  }
}

function requireGit(vault: Vault): string {
  const root = findGitRoot(vault.root);
  if (root === undefined) {
    throw new VaultfileError('NO_HISTORY', 'the vault is not in a git repository, so it has no history', {
      hint: 'git init, then commit the vault; every change is recorded from then on',
    });
  }
  return root;
}
