import { statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SimpleGit } from 'simple-git';
import { VaultfileError } from '../errors.js';
import { parseRawLine } from './process.js';

// simple-git is loaded on first use: most commands never touch git, and its
// load is a large share of a cold start. Every call passes an argument array.
type SimpleGitFactory = (typeof import('simple-git'))['simpleGit'];
let factory: Promise<SimpleGitFactory> | undefined;
const BLOB_READERS = 8;
const INDEX_LOCK_RETRIES = 5;

async function git(folder: string, options: { allowTextconvConfig?: boolean } = {}): Promise<SimpleGit> {
  factory ??= import('simple-git').then((module) => module.simpleGit);
  return (await factory)({
    baseDir: folder,
    maxConcurrentProcesses: BLOB_READERS,
    // simple-git refuses to set a textconv command unless told to: `git setup` does exactly that, on purpose.
    ...(options.allowTextconvConfig ? { unsafe: { allowUnsafeDiffTextConv: true } } : {}),
  });
}

/** The root of the git work tree holding `folder` (found by walking up to `.git`), or undefined. */
export function findGitRoot(folder: string): string | undefined {
  for (let current = folder; ; current = dirname(current)) {
    // `.git` is a folder in a normal checkout and a file in worktrees and submodules.
    if (statSync(join(current, '.git'), { throwIfNoEntry: false }) !== undefined) return current;
    if (dirname(current) === current) return undefined;
  }
}

/** True when `folder` is inside a git work tree. */
export async function isInsideGitRepository(folder: string): Promise<boolean> {
  try {
    return await (await git(folder)).checkIsRepo();
  } catch {
    return false; // no git binary, or not a repository
  }
}

/** git's `user.name` as seen from `folder`, when set. */
export async function gitUserName(folder: string): Promise<string | undefined> {
  try {
    const { value } = await (await git(folder)).getConfig('user.name');
    return value === null || value === '' ? undefined : value;
  } catch {
    return undefined;
  }
}

/** A path relative to the repository root, with `/` separators, as git names files. */
export function repositoryPath(root: string, file: string): string {
  return relative(root, file).split(sep).join('/');
}

/**
 * Commits exactly `files` (added, changed or removed) with `message`, leaving
 * anything else the user has staged untouched (`git commit --only`). Returns
 * the new commit id.
 */
export async function commitFiles(root: string, files: string[], message: string): Promise<string> {
  const paths = files.map((file) => repositoryPath(root, file));
  const repository = await git(root);
  const head = async (): Promise<string> => (await repository.raw(['rev-parse', '--verify', '--quiet', 'HEAD'])).trim();
  const before = await head();
  await retryOnIndexLock(() => repository.raw(['add', '--all', '--', ...paths]));
  await retryOnIndexLock(() => repository.raw(['commit', '--quiet', '--only', '--message', message, '--', ...paths]));
  const after = await head();
  // simple-git only rejects when git writes to stderr; a silent failure shows as an unmoved HEAD.
  if (after === before || after === '') throw new Error('git commit made no commit');
  return after;
}

/** Stages `files` without committing (used while a merge is in progress). */
export async function stageFiles(root: string, files: string[]): Promise<void> {
  const repository = await git(root);
  await retryOnIndexLock(() => repository.raw(['add', '--all', '--', ...files.map((file) => repositoryPath(root, file))]));
}

// Another git command (an editor integration, a concurrent vaultfile in another
// clone of the same work tree) may hold .git/index.lock for a moment.
async function retryOnIndexLock<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= INDEX_LOCK_RETRIES || !String((error as Error).message).includes('index.lock')) throw error;
      await sleep(50 * attempt);
    }
  }
}

/** One commit that changed a file, newest first in lists. */
export interface FileChange {
  commit: string;
  /** Author date, ISO 8601 with offset. */
  date: string;
  author: string;
  subject: string;
  /** The blob id of the file after this commit, or null when the commit removed it. */
  blob: string | null;
}

const FIELD = '\x1f';
const RECORD = '\x1e';

/** Every commit reachable from HEAD that changed `file`, newest first. Empty when there is no history. */
export async function fileChanges(root: string, file: string): Promise<FileChange[]> {
  const path = repositoryPath(root, file);
  const repository = await git(root);
  let output: string;
  try {
    output = await repository.raw([
      'log',
      '--no-renames',
      '--full-history',
      // a merge that settled a conflict in the file shows up with its result
      '--diff-merges=first-parent',
      '--raw',
      '--no-abbrev',
      `--format=${RECORD}%H${FIELD}%aI${FIELD}%an <%ae>${FIELD}%s`,
      '--',
      path,
    ]);
  } catch (error) {
    if (/does not have any commits|bad default revision/.test((error as Error).message)) return [];
    throw error;
  }
  const changes: FileChange[] = [];
  for (const record of output.split(RECORD).slice(1)) {
    const [header = '', ...rest] = record.split('\n');
    const [commit = '', date = '', author = '', subject = ''] = header.split(FIELD);
    // A merge that kept the file as its first parent had it has no --raw line: nothing changed there.
    const raw = rest.map(parseRawLine).find((change) => change?.path === path);
    if (raw === undefined || raw === null) continue;
    changes.push({ commit, date, author, subject, blob: raw.blob });
  }
  return changes;
}

/** The contents of blobs by id, read concurrently. */
export async function readBlobs(root: string, blobs: string[]): Promise<string[]> {
  const repository = await git(root);
  return Promise.all(blobs.map((blob) => repository.raw(['cat-file', 'blob', blob])));
}

/** The contents of `file` at `revision`, or null when it did not exist there. */
export async function readFileAt(root: string, revision: string, file: string): Promise<string | null> {
  const repository = await git(root);
  try {
    return await repository.raw(['show', `${revision}:${repositoryPath(root, file)}`]);
  } catch {
    return null;
  }
}

/** The full commit id `revision` names; BAD_REVISION when it names none. */
export async function resolveCommit(root: string, revision: string): Promise<string> {
  if (revision.startsWith('-') || revision.includes('\0')) {
    throw new VaultfileError('BAD_REVISION', `${JSON.stringify(revision)} is not a git revision`, { hint: 'use a commit id, a branch, a tag or HEAD~N' });
  }
  let output = '';
  try {
    output = (await (await git(root)).raw(['rev-parse', '--verify', '--end-of-options', `${revision}^{commit}`])).trim();
  } catch {
    // reported below: simple-git does not reject every failure, so the output decides
  }
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(output)) {
    throw new VaultfileError('BAD_REVISION', `unknown git revision ${JSON.stringify(revision)}`, {
      hint: '"vaultfile history PATH" lists the commits of a secret; git log lists them all',
    });
  }
  return output;
}

/** Both sides of a merge conflict in `file` (index stages 2 and 3), or null when it is not conflicted. */
export async function conflictSides(root: string, file: string): Promise<{ ours: string | null; theirs: string | null } | null> {
  const repository = await git(root);
  const path = repositoryPath(root, file);
  const stages = await repository.raw(['ls-files', '--unmerged', '--', path]);
  if (stages.trim() === '') return null;
  const side = async (stage: number): Promise<string | null> => {
    try {
      return await repository.raw(['show', `:${stage}:${path}`]);
    } catch {
      return null; // deleted on that side
    }
  };
  return { ours: await side(2), theirs: await side(3) };
}

/** Reads one git config value from the repository at `root`. */
export async function readGitConfig(root: string, key: string): Promise<string | undefined> {
  const { value } = await (await git(root)).getConfig(key, 'local');
  return value ?? undefined;
}

/** Sets one git config value in the repository at `root` (its .git/config, not the user's). */
export async function writeGitConfig(root: string, key: string, value: string): Promise<void> {
  await (await git(root, { allowTextconvConfig: key.endsWith('.textconv') })).addConfig(key, value, false, 'local');
}
