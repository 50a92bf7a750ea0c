// Shared helpers for tests: temporary folders, a sandboxed environment and a
// runner for the built CLI (dist/bin.cjs, built by `npm test`'s pretest step).
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, expect } from 'vitest';
import { VaultfileError } from '../src/errors.js';

export const REPO = resolve(import.meta.dirname, '..');
export const CLI = join(REPO, 'dist', 'bin.cjs');
export const FIXTURES = join(REPO, 'fixtures');

const created: string[] = [];
afterAll(() => {
  for (const folder of created.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test file. */
export function tempFolder(prefix = 'vaultfile-test-'): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  created.push(folder);
  return folder;
}

/** What a CLI run produced. */
export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  stdoutBytes: Buffer;
}

/** Options for one CLI run. */
export interface RunOptions {
  input?: string | Uint8Array;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

/**
 * A private world for CLI tests: its own HOME, config and cache folders, a
 * work folder, and no VAULTFILE_* variables from the outside.
 */
export class Sandbox {
  readonly base = tempFolder();
  readonly home = join(this.base, 'home');
  readonly work = join(this.base, 'work');
  readonly env: Record<string, string>;

  constructor() {
    mkdirSync(this.home, { recursive: true });
    mkdirSync(this.work, { recursive: true });
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (value !== undefined && !key.startsWith('VAULTFILE_') && !key.startsWith('XDG_') && !key.startsWith('GIT_')) env[key] = value;
    }
    delete env.NODE_EXTRA_CA_CERTS; // only slows every start down
    delete env.NODE_OPTIONS;
    Object.assign(env, {
      HOME: this.home,
      XDG_CONFIG_HOME: join(this.home, '.config'),
      XDG_CACHE_HOME: join(this.home, '.cache'),
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Test Author',
      GIT_AUTHOR_EMAIL: 'author@example.test',
      GIT_COMMITTER_NAME: 'Test Author',
      GIT_COMMITTER_EMAIL: 'author@example.test',
      USER: 'tester',
      EDITOR: 'false',
    });
    this.env = env;
  }

  /** The default identity file inside this sandbox. */
  get identityFile(): string {
    return join(this.home, '.config', 'vaultfile', 'identity.txt');
  }

  /** Runs the built CLI and collects its output. */
  run(args: string[], options: RunOptions = {}): Promise<RunResult> {
    return runNode([CLI, ...args], { ...options, env: { ...this.env, ...options.env }, cwd: options.cwd ?? this.work });
  }

  /** Runs the CLI, failing the test with its stderr when it does not exit 0. */
  async ok(args: string[], options: RunOptions = {}): Promise<RunResult> {
    const result = await this.run(args, options);
    if (result.code !== 0) throw new Error(`vaultfile ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
    return result;
  }

  /** Runs git in the work folder (or `cwd`). */
  git(args: string[], cwd = this.work): string {
    const result = spawnSync('git', args, { cwd, env: this.env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  }

  /** git init with an identity, in the work folder. */
  gitInit(): void {
    this.git(['init', '-q', '-b', 'main']);
    this.git(['config', 'user.name', 'Test Author']);
    this.git(['config', 'user.email', 'author@example.test']);
  }

  /** Copies an identity file into the sandbox with mode 0600 (git does not keep modes). */
  installIdentity(source: string, target = this.identityFile): string {
    mkdirSync(join(target, '..'), { recursive: true });
    copyFileSync(source, target);
    chmodSync(target, 0o600);
    return target;
  }
}

/** Runs `node ARGS…` and resolves with everything it printed. */
export function runNode(args: string[], options: RunOptions & { env: Record<string, string | undefined>; cwd: string }): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const stdoutBytes = Buffer.concat(out);
      resolvePromise({ code, signal, stdout: stdoutBytes.toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), stdoutBytes });
    });
    child.stdin.on('error', () => undefined); // the child may exit before reading its input
    child.stdin.end(options.input ?? '');
  });
}

/** Runs a command synchronously and returns its result, for tools like age. */
export function runTool(command: string, args: string[], options: { input?: string | Uint8Array; cwd?: string; env?: Record<string, string> } = {}) {
  return spawnSync(command, args, { input: options.input, cwd: options.cwd, env: options.env ?? (process.env as Record<string, string>) });
}

/** Every file below `folder` with its bytes (base64), keyed by path relative to `relativeTo`: two of these equal means nothing changed. */
export function filesBelow(folder: string, relativeTo = folder): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(relative(relativeTo, full), readFileSync(full).toString('base64'));
    }
  };
  walk(folder);
  return files;
}

/** The VaultfileError `action` throws (sync or async); the test fails if it throws something else, or nothing. */
export async function vaultfileErrorOf(action: () => unknown): Promise<VaultfileError> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(VaultfileError);
    return error as VaultfileError;
  }
  throw new Error('expected a VaultfileError, but nothing was thrown');
}
