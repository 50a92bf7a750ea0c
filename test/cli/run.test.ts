// `vaultfile run` and `vaultfile env` end to end: real child processes, real
// signals, a real bash evaluating the shell exports.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { openVault } from '../../src/index.js';
import { TRICKY_PIECES } from '../exchange/nasty-values.js';
import { CLI, REPO, runNode, Sandbox, type RunResult } from '../support.js';

const NODE = process.execPath;
/** A child that prints the variables it was given as JSON. */
const printEnv = (...names: string[]): string[] => [NODE, '-e', `process.stdout.write(JSON.stringify(Object.fromEntries(${JSON.stringify(names)}.map((n) => [n, process.env[n] ?? null]))))`];

const SECRETS: Record<string, string> = {
  'prod/app/db_password': 'SecurePassword123!',
  'prod/app/stripe/key': 'sk_test_FAKE0000000000000000',
  'prod/app/api-token': 'multi\nline "quoted" $HOME \\ é',
  'prod/other/url': 'postgres://u:p@db:5432/x',
  'prod/collide/db_password': 'collide-value-1',
  'prod/collide/db/password': 'collide-value-2',
  'prod/bin/blob': '\u0000binary',
};

async function seed(sandbox: Sandbox, secrets: Record<string, string>): Promise<void> {
  const vault = await openVault({ cwd: sandbox.work, identity: { file: sandbox.identityFile } });
  await vault.setMany(Object.entries(secrets).map(([path, value]) => ({ path, value: Buffer.from(value, 'utf8') })), { allowEmpty: true });
}

function expectError(result: RunResult, exitCode: number, code: string): void {
  expect(result.code, result.stderr).toBe(exitCode);
  expect(result.stderr).toContain(`(${code})`);
  expect(result.stderr).toMatch(/vaultfile: hint: \S/);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

/** Starts `vaultfile ARGS` without waiting, for tests that signal it. */
function start(sandbox: Sandbox, args: string[]) {
  const child = spawn(NODE, [CLI, ...args], { cwd: sandbox.work, env: sandbox.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const output = async (text: string): Promise<void> => {
    for (let waited = 0; !stdout.includes(text); waited += 20) {
      if (waited > 20_000) throw new Error(`no ${JSON.stringify(text)} in ${JSON.stringify(stdout)}; stderr ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { child, exited, output, stdout: () => stdout, stderr: () => stderr };
}

describe('run', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = new Sandbox();
    sandbox.gitInit();
    await sandbox.ok(['init', '--name', 'alice']);
    await seed(sandbox, SECRETS);
  });

  it('starts the command with the secrets below the prefix, upper-snake-cased, plus --as names', async () => {
    const result = await sandbox.ok(['run', '--prefix', 'prod/app', '--as', 'DATABASE_URL=prod/other/url', '--', ...printEnv('DB_PASSWORD', 'STRIPE_KEY', 'API_TOKEN', 'DATABASE_URL', 'HOME')]);
    expect(JSON.parse(result.stdout)).toEqual({
      DB_PASSWORD: SECRETS['prod/app/db_password'],
      STRIPE_KEY: SECRETS['prod/app/stripe/key'],
      API_TOKEN: SECRETS['prod/app/api-token'],
      DATABASE_URL: SECRETS['prod/other/url'],
      HOME: sandbox.home, // the rest of the environment is passed on
    });
    expect(result.stderr).toBe('');
  });

  it('takes several prefixes, and the command\'s own options after --', async () => {
    const result = await sandbox.ok(['run', '--prefix', 'prod/app/stripe', '--prefix', 'prod/other/', '--', NODE, '-e', 'console.log(process.env.KEY, process.env.URL, process.argv.slice(1).join(","))', '--', '--prefix', '--help']);
    expect(result.stdout).toBe(`${SECRETS['prod/app/stripe/key']} ${SECRETS['prod/other/url']} --prefix,--help\n`);
  });

  it('passes the exit code through, and standard input to the command', async () => {
    expect((await sandbox.run(['run', '--prefix', 'prod/app', '--', NODE, '-e', 'process.exit(42)'])).code).toBe(42);
    const echoed = await sandbox.run(['run', '--prefix', 'prod/app', '--', NODE, '-e', 'process.stdin.pipe(process.stdout)'], { input: 'from stdin' });
    expect([echoed.code, echoed.stdout]).toEqual([0, 'from stdin']);
  });

  it('dies of the signal that killed the command', async () => {
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      const result = await sandbox.run(['run', '--prefix', 'prod/app', '--', NODE, '-e', `process.kill(process.pid, '${signal}')`]);
      expect([result.code, result.signal]).toEqual([null, signal]);
    }
  });

  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('forwards %s to a command that traps it, then exits with its code', async (signal) => {
    const trap = `process.on('${signal}', () => { console.log('got ${signal}'); process.exit(3); }); console.log('ready'); setInterval(() => {}, 1000);`;
    const running = start(sandbox, ['run', '--prefix', 'prod/app', '--', NODE, '-e', trap]);
    await running.output('ready');
    // Neither process's arguments hold a secret value.
    const commandLines = [running.child.pid!, ...childrenOf(running.child.pid!)].map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
    expect(commandLines.length).toBe(2);
    for (const line of commandLines) for (const value of Object.values(SECRETS)) expect(line).not.toContain(value);
    running.child.kill(signal);
    expect(await running.exited).toEqual({ code: 3, signal: null });
    expect(running.stdout()).toBe(`ready\ngot ${signal}\n`);
  });

  it('keeps variables already set unless --override, and says which', async () => {
    const fromShell = 'from-the-shell';
    const outer = { DB_PASSWORD: fromShell };
    const kept = await sandbox.ok(['run', '--prefix', 'prod/app', '--', ...printEnv('DB_PASSWORD', 'STRIPE_KEY')], { env: outer });
    expect(JSON.parse(kept.stdout)).toEqual({ DB_PASSWORD: fromShell, STRIPE_KEY: SECRETS['prod/app/stripe/key'] });
    expect(kept.stderr).toBe('vaultfile: kept DB_PASSWORD from the environment; --override replaces them\n');
    const replaced = await sandbox.ok(['run', '--prefix', 'prod/app', '--override', '--', ...printEnv('DB_PASSWORD')], { env: outer });
    expect(JSON.parse(replaced.stdout)).toEqual({ DB_PASSWORD: SECRETS['prod/app/db_password'] });
    expect(replaced.stderr).toBe('');
  });

  it('refuses two paths for one name, naming both, and starts nothing', async () => {
    const marker = join(sandbox.base, 'started');
    const result = await sandbox.run(['run', '--prefix', 'prod/collide', '--', NODE, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, '')`]);
    expectError(result, 2, 'NAME_COLLISION');
    expect(result.stderr).toContain('DB_PASSWORD would come from both prod/collide/db/password and prod/collide/db_password');
    expect(existsSync(marker)).toBe(false);
    const renamed = await sandbox.ok(['run', '--prefix', 'prod/collide', '--as', 'OTHER=prod/collide/db/password', '--', ...printEnv('DB_PASSWORD', 'OTHER')]);
    expect(JSON.parse(renamed.stdout)).toEqual({ DB_PASSWORD: SECRETS['prod/collide/db_password'], OTHER: SECRETS['prod/collide/db/password'] });
  });

  it.each([
    [['run', '--prefix', 'prod/nope', '--', 'true'], 3, 'NOT_FOUND'],
    [['run', '--prefix', '', '--', 'true'], 2, 'BAD_PATH'],
    [['run', '--prefix', '../x', '--', 'true'], 2, 'BAD_PATH'],
    [['run', '--as', 'X=../x', '--', 'true'], 2, 'BAD_PATH'],
    [['run', '--as', 'novalue', '--', 'true'], 2, 'USAGE'],
    [['run', '--as', '1X=prod/other/url', '--', 'true'], 2, 'BAD_VARIABLE_NAME'],
    [['run', '--prefix', 'prod/bin', '--', 'true'], 2, 'BINARY_VALUE'],
    [['run', '--', 'true'], 2, 'USAGE'],
    [['run', '--prefix', 'prod/app'], 2, 'USAGE'],
    [['run', '--prefix', 'prod/app', 'true'], 2, 'USAGE'],
    [['run', '--prefix', 'prod/app', '--', 'no-such-command-here'], 127, 'COMMAND_NOT_FOUND'],
  ])('%j fails with exit %i (%s)', async (args, exitCode, code) => {
    const result = await sandbox.run(args);
    expectError(result, exitCode, code);
    expect(result.stdout).toBe('');
    for (const value of Object.values(SECRETS)) expect(result.stderr).not.toContain(value);
  });

  it('cannot run a file that is not executable: exit 126', async () => {
    const script = join(sandbox.base, 'script.sh');
    writeFileSync(script, 'echo hi\n', { mode: 0o644 });
    expectError(await sandbox.run(['run', '--prefix', 'prod/app', '--', script]), 126, 'COMMAND_NOT_EXECUTABLE');
  });

  it('loads no yargs, no YAML parser and no age-encryption code: it is a hot path', async () => {
    const loadedCode = async (args: string[]): Promise<string> => {
      const record = join(sandbox.base, `loads-${args[0]}.txt`);
      const hook = join(REPO, 'test', 'cli', 'record-loads.mjs');
      const result = await runNode(['--import', hook, CLI, ...args], { cwd: sandbox.work, env: { ...sandbox.env, VAULTFILE_TEST_LOADS: record } });
      expect(result.code, result.stderr).toBe(0);
      const files = readFileSync(record, 'utf8').trim().split('\n').map((url) => fileURLToPath(url));
      return files.map((file) => readFileSync(file, 'utf8')).join('\n');
    };
    await sandbox.ok(['run', '--prefix', 'prod/app', '--', 'true']); // the first read of a new .secretsrc parses its YAML once, then caches it
    const markers = ['yargs', 'YAMLParseError', 'age-encryption.org/v1/scrypt', 'mlkem768x25519'];
    const run = await loadedCode(['run', '--prefix', 'prod/app', '--', 'true']);
    for (const marker of markers) expect(run).not.toContain(marker);
    // The check sees what it looks for: --help loads yargs.
    expect(await loadedCode(['--help'])).toContain('yargs');
  });

  it('--help explains it with examples, and a --help after -- belongs to the command', async () => {
    const help = await sandbox.ok(['run', '--help']);
    expect(help.stdout).toContain('vaultfile run --prefix prod/app -- npm start');
    const passed = await sandbox.ok(['run', '--prefix', 'prod/app', '--', NODE, '-e', 'console.log(process.argv.slice(1))', '--', '--help', '-h']);
    expect(passed.stdout).toBe("[ '--help', '-h' ]\n");
  });
});

describe('env', () => {
  let sandbox: Sandbox;
  const nasty: Record<string, string> = {};
  beforeAll(async () => {
    sandbox = new Sandbox();
    await sandbox.ok(['init', '--name', 'alice']);
    TRICKY_PIECES.forEach((piece, index) => (nasty[`nasty/v${String(index).padStart(2, '0')}`] = `a${piece}b`));
    Object.assign(nasty, { 'nasty/empty': '', 'nasty/all': TRICKY_PIECES.join(''), 'nasty/trailing_newline': 'x\n\n' });
    await seed(sandbox, { ...nasty, 'prod/app/db_password': 'pw', 'prod/app/stripe/key': 'sk' });
  });

  it('eval "$(vaultfile env --format shell)" in bash gives back the exact bytes', async () => {
    const names = Object.keys(nasty).map((path) => path.slice('nasty/'.length).toUpperCase());
    const script = `set -e\neval "$(node ${JSON.stringify(CLI)} env --prefix nasty --format shell)"\nprintf '%s\\0' ${names.map((name) => `"$${name}"`).join(' ')}`;
    const result = spawnSync('bash', ['-c', script], { cwd: sandbox.work, env: sandbox.env });
    expect(result.status, result.stderr.toString()).toBe(0);
    expect(result.stdout.toString('utf8').split('\0').slice(0, -1)).toEqual(Object.values(nasty));
  });

  it('prints dotenv by default and JSON on request, sorted by name', async () => {
    expect((await sandbox.ok(['env', '--prefix', 'prod/app'])).stdout).toBe('DB_PASSWORD=pw\nSTRIPE_KEY=sk\n');
    const json = await sandbox.ok(['env', '--prefix', 'nasty', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual(Object.fromEntries(Object.entries(nasty).map(([path, value]) => [path.slice(6).toUpperCase(), value])));
  });

  it('--format github masks every value line and appends heredocs to $GITHUB_ENV', async () => {
    const githubEnv = join(sandbox.base, 'github_env');
    writeFileSync(githubEnv, 'EARLIER=1\n');
    const result = await sandbox.ok(['env', '--prefix', 'prod/app', '--as', 'TOKEN=nasty/trailing_newline', '--format', 'github'], { env: { GITHUB_ENV: githubEnv } });
    expect(result.stdout).toBe('::add-mask::pw\n::add-mask::sk\n::add-mask::x\n');
    expect(result.stderr).toBe('vaultfile: added DB_PASSWORD, STRIPE_KEY, TOKEN to GITHUB_ENV for the next steps\n');
    const written = readFileSync(githubEnv, 'utf8');
    const delimiter = /^DB_PASSWORD<<(ghadelimiter_[0-9a-f-]{36})$/m.exec(written)![1]!;
    expect(written).toBe(`EARLIER=1\nDB_PASSWORD<<${delimiter}\npw\n${delimiter}\nSTRIPE_KEY<<${delimiter}\nsk\n${delimiter}\nTOKEN<<${delimiter}\nx\n\n\n${delimiter}\n`);
    expectError(await sandbox.run(['env', '--prefix', 'prod/app', '--format', 'github'], { env: { GITHUB_ENV: undefined } }), 2, 'USAGE');
  });

  it('--format k8s prints a Secret manifest with base64 data', async () => {
    const result = await sandbox.ok(['env', '--prefix', 'nasty', '--format', 'k8s', '--namespace', 'shop']);
    const manifest = parseYaml(result.stdout);
    expect(manifest.metadata).toEqual({ name: 'nasty', namespace: 'shop' });
    for (const [path, value] of Object.entries(nasty)) expect(Buffer.from(manifest.data[path.slice(6).toUpperCase()], 'base64').toString('utf8')).toBe(value);
    expectError(await sandbox.run(['env', '--as', 'A=prod/app/db_password', '--format', 'k8s']), 2, 'USAGE');
  });

  it('refuses an unknown format and an empty prefix, printing nothing', async () => {
    for (const args of [['env', '--prefix', 'prod/app', '--format', 'xml'], ['env', '--prefix', '']]) {
      const result = await sandbox.run(args);
      expectError(result, 2, args.includes('xml') ? 'USAGE' : 'BAD_PATH');
      expect(result.stdout).toBe('');
    }
  });
});

/** The pids of the direct children of `pid` (Linux). */
function childrenOf(pid: number): number[] {
  const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  return text === '' ? [] : text.split(/\s+/).map(Number);
}
