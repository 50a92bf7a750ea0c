import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { VaultfileError } from '../errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { runGit } from './process.js';

const MARKER = '# vaultfile pre-commit hook';
const CHAINED = 'pre-commit.before-vaultfile';

/** Where git runs hooks from here (core.hooksPath respected). */
export async function hooksFolder(root: string): Promise<string> {
  const path = (await runGit(root, ['rev-parse', '--git-path', 'hooks'])).toString('utf8').trim();
  return resolve(root, path);
}

/** The state of the pre-commit hook. */
export interface HookState {
  folder: string;
  file: string;
  installed: boolean;
  /** A hook that was there before and still runs first. */
  chained: boolean;
}

/** Installs the pre-commit hook running `command` (idempotent); an existing hook is kept and runs first. */
export async function installHook(root: string, command: string): Promise<HookState> {
  const folder = await hooksFolder(root);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'pre-commit');
  const chainedFile = join(folder, CHAINED);
  if (existsSync(file) && !readFileSync(file, 'utf8').includes(MARKER)) {
    if (existsSync(chainedFile)) {
      throw new VaultfileError('USAGE', `${file} and ${chainedFile} both exist; refusing to overwrite either`, { hint: 'merge them by hand, then run vaultfile hook install' });
    }
    renameSync(file, chainedFile);
  }
  const script = [
    '#!/bin/sh',
    `${MARKER}: blocks commits that add secrets. Installed by "vaultfile hook install".`,
    '# Skip once with git commit --no-verify; remove with "vaultfile hook uninstall".',
    `if [ -x "$(dirname "$0")/${CHAINED}" ]; then "$(dirname "$0")/${CHAINED}" "$@" || exit $?; fi`,
    `exec ${command} scan --staged`,
    '',
  ].join('\n');
  writeFileAtomic(file, script, { mode: 0o755 });
  chmodSync(file, 0o755);
  return hookState(folder);
}

/** Removes the vaultfile hook and puts back the hook it chained to. */
export async function uninstallHook(root: string): Promise<HookState> {
  const folder = await hooksFolder(root);
  const file = join(folder, 'pre-commit');
  if (existsSync(file) && readFileSync(file, 'utf8').includes(MARKER)) {
    rmSync(file);
    if (existsSync(join(folder, CHAINED))) renameSync(join(folder, CHAINED), file);
  }
  return hookState(folder);
}

/** Whether the vaultfile hook is installed, without running it. */
export async function readHookState(root: string): Promise<HookState> {
  return hookState(await hooksFolder(root));
}

function hookState(folder: string): HookState {
  const file = join(folder, 'pre-commit');
  const installed = existsSync(file) && readFileSync(file, 'utf8').includes(MARKER);
  return { folder, file, installed, chained: installed && existsSync(join(folder, CHAINED)) };
}

/** What running the installed hook against a decoy showed. */
export interface HookProof {
  blocked: boolean;
  exitCode: number | null;
  /** The hook's output, trimmed. */
  output: string;
}

/**
 * Proves the installed hook fires and blocks: stages a harmless decoy (a fake
 * key in a `.env` file) in a scratch index, never the real one, and runs the
 * hook against it. A hook that silently scans nothing fails this.
 */
export async function proveHookBlocks(root: string, hookFile: string): Promise<HookProof> {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { spawnSync } = await import('node:child_process');
  const { randomBytes } = await import('node:crypto');
  const scratch = mkdtempSync(join(tmpdir(), 'vaultfile-hook-proof-'));
  try {
    const env = { ...process.env, GIT_INDEX_FILE: join(scratch, 'index') };
    const git = (args: string[], input?: string) => spawnSync('git', args, { cwd: root, env, input, encoding: 'utf8' });
    if (git(['read-tree', 'HEAD']).status !== 0) git(['read-tree', '--empty']);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    const fakeKeyId = `AKIA${[...randomBytes(16)].map((byte) => alphabet[byte % alphabet.length]).join('')}`;
    const blob = git(['hash-object', '-w', '--stdin'], `# vaultfile hook decoy: a fake key, never committed\nAWS_ACCESS_KEY_ID=${fakeKeyId}\n`).stdout.trim();
    git(['update-index', '--add', '--cacheinfo', `100644,${blob},vaultfile-hook-decoy/.env`]);
    const run = spawnSync(hookFile, [], { cwd: root, env, encoding: 'utf8' });
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim();
    return { blocked: run.status !== 0 && output.includes('vaultfile-hook-decoy'), exitCode: run.status, output };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
