// Malformed input for every command: a clear error with a stable code and a
// hint, the documented exit code, no stack trace, and nothing in the vault changed.
import { chmodSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { filesBelow, runTool, Sandbox, type RunResult } from '../support.js';

/** Every file under the vault folder and the config, with its bytes, to prove nothing changed. */
function snapshot(sandbox: Sandbox): Map<string, string> {
  const files = filesBelow(join(sandbox.work, 'secrets'), sandbox.work);
  files.set('.secretsrc', readFileSync(join(sandbox.work, '.secretsrc')).toString('base64'));
  return files;
}

function expectError(result: RunResult, exitCode: number, code: string): void {
  expect(result.code, result.stderr).toBe(exitCode);
  expect(result.stderr).toContain(`(${code})`);
  expect(result.stderr).toMatch(/vaultfile: hint: \S/);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(result.stdout).toBe('');
}

describe('bad input', () => {
  let sandbox: Sandbox;
  let before: Map<string, string>;
  beforeAll(async () => {
    sandbox = new Sandbox();
    sandbox.gitInit();
    await sandbox.ok(['init', '--name', 'alice']);
    await sandbox.ok(['set', 'prod/db/password'], { input: 'SecurePassword123!' });
    before = snapshot(sandbox);
  });

  const badPaths = ['../x', 'a/../../etc/passwd', '/etc/passwd', 'a//b', 'a/', './x', 'a\\b', 'a\nb', '.hidden', 'with space', 'a/-rf'];

  for (const path of badPaths) {
    it(`refuses the path ${JSON.stringify(path)} in set, get and edit with exit 2`, async () => {
      for (const command of ['set', 'get', 'edit']) {
        const result = await sandbox.run([command, path], { input: 'value' });
        expectError(result, 2, 'BAD_PATH');
      }
      expectError(await sandbox.run(['get', '--', '-rf']), 2, 'BAD_PATH');
      expect(snapshot(sandbox)).toEqual(before);
    });
  }

  it('refuses arguments it would otherwise ignore', async () => {
    const result = await sandbox.run(['set', 'dev/x', '--', '../y'], { input: 'v' });
    expectError(result, 2, 'USAGE');
    expect(result.stderr).toContain('unexpected argument(s) "../y"');
    expectError(await sandbox.run(['set', '-rf'], { input: 'v' }), 2, 'USAGE');
    expect(snapshot(sandbox)).toEqual(before);
  });

  it('refuses a bad list prefix with exit 2', async () => {
    expectError(await sandbox.run(['list', '../']), 2, 'BAD_PATH');
  });

  it('refuses an empty value unless --allow-empty, which stores it', async () => {
    expectError(await sandbox.run(['set', 'dev/empty'], { input: '' }), 2, 'EMPTY_VALUE');
    expect(snapshot(sandbox)).toEqual(before);
    const other = new Sandbox();
    await other.ok(['init', '--name', 'x']);
    await other.ok(['set', 'dev/empty', '--allow-empty'], { input: '' });
    expect((await other.ok(['get', 'dev/empty'])).stdoutBytes.length).toBe(0);
  });

  it('refuses a 10 MiB value by default, and stores it byte for byte when maxValueBytes allows', async () => {
    const huge = Buffer.alloc(10 * 1024 * 1024, 0x61);
    huge[123] = 0;
    const refused = await sandbox.run(['set', 'dev/huge'], { input: huge });
    expectError(refused, 2, 'VALUE_TOO_LARGE');
    expect(refused.stderr).toContain('maxValueBytes');
    expect(snapshot(sandbox)).toEqual(before);

    const roomy = new Sandbox();
    await roomy.ok(['init', '--name', 'x']);
    const config = join(roomy.work, '.secretsrc');
    writeFileSync(config, `${readFileSync(config, 'utf8')}maxValueBytes: 16777216\n`);
    await roomy.ok(['set', 'dev/huge'], { input: huge });
    expect((await roomy.ok(['get', 'dev/huge'])).stdoutBytes.equals(huge)).toBe(true);
  });

  it('gives exit 3 for a secret that does not exist', async () => {
    expectError(await sandbox.run(['get', 'prod/nope']), 3, 'NOT_FOUND');
  });

  it.each([
    [['set', 'dev/x', '--generate', 'password:4'], 'BAD_GENERATOR'],
    [['set', 'dev/x', '--generate', 'rot13:10'], 'BAD_GENERATOR'],
    [['set', 'dev/x', '--generate', 'uuid:5'], 'BAD_GENERATOR'],
    [['set', 'dev/x', '--meta', 'novalue'], 'BAD_METADATA'],
    [['set', 'dev/x', '--meta', 'Bad Key=1'], 'BAD_METADATA'],
    [['set', 'dev/x', '--expires', '31/12/2027'], 'BAD_DATE'],
    [['set', 'dev/x', '--expires', '2027-02-30'], 'BAD_DATE'],
    [['set', 'dev/x', '--value', 'a', '--generate', 'uuid'], 'USAGE'],
    [['set', 'dev/x', '--from-file', '/nonexistent/file'], 'INPUT_UNREADABLE'],
    [['get'], 'USAGE'],
    [['get', 'a', 'b'], 'USAGE'],
    [['get', 'prod/db/password', '--bogus'], 'USAGE'],
    [['frobnicate'], 'USAGE'],
    [['list', '--bogus'], 'USAGE'],
    [['init', '--name', 'bad name!'], 'USAGE'],
  ])('%j fails with %s and exit 2', async (args, code) => {
    expectError(await sandbox.run(args, { input: 'v' }), 2, code);
    expect(snapshot(sandbox)).toEqual(before);
  });

  it('a truncated secret file gives exit 5 and no value', async () => {
    const damaged = new Sandbox();
    await damaged.ok(['init', '--name', 'x']);
    await damaged.ok(['set', 'dev/a'], { input: 'SecurePassword123!' });
    const file = join(damaged.work, 'secrets', 'dev', 'a.secret');
    const text = readFileSync(file, 'utf8');
    for (const length of [0, 10, text.indexOf('salt:'), text.length - 5]) {
      writeFileSync(file, text.slice(0, length));
      const result = await damaged.run(['get', 'dev/a']);
      expect(result.code).toBe(5);
      expect(result.stderr).toMatch(/\((CORRUPT_FILE|INTEGRITY)\)/);
      expect(result.stdout + result.stderr).not.toContain('SecurePassword123!');
    }
  });

  it('outside any vault every vault command says to run init, exit 2', async () => {
    const empty = new Sandbox();
    for (const args of [['get', 'a'], ['set', 'a'], ['list'], ['edit', 'a']]) {
      expectError(await empty.run(args, { input: 'v' }), 2, 'CONFIG_NOT_FOUND');
    }
    const doctor = await empty.run(['doctor']);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain('fail  config');
  });

  it('a broken .secretsrc names the problem, exit 2', async () => {
    const broken = new Sandbox();
    await broken.ok(['init', '--name', 'x']);
    const config = join(broken.work, '.secretsrc');
    const original = readFileSync(config, 'utf8');
    const cases: [string, string][] = [
      ['version: 1\nversion: 2\n', 'not valid YAML'],
      [original.replace('version: 1', 'version: 7'), 'unsupported version 7'],
      [`${original}colour: blue\n`, 'unknown key "colour"'],
      [original.replace(/vaultId: \w+/, 'vaultId: short'), 'vaultId must be 32 hex digits'],
      [original.replace('vaultDir: secrets', 'vaultDir: ../elsewhere'), 'must be a relative folder inside the repository'],
      [original.replace('    group: default', '    group: missing'), 'names unknown group "missing"'],
      [original.replace(/x: age1\w+/, 'x: ssh-rsa AAAA'), 'member "x" has an invalid recipient'],
      ['', 'expected a mapping'],
    ];
    for (const [text, message] of cases) {
      writeFileSync(config, text);
      const result = await broken.run(['get', 'dev/a']);
      expectError(result, 2, 'CONFIG_INVALID');
      expect(result.stderr).toContain(message);
    }
  });

  it('a missing identity says where it looked, exit 4', async () => {
    const result = await sandbox.run(['get', 'prod/db/password'], { env: { HOME: join(sandbox.base, 'nohome'), XDG_CONFIG_HOME: join(sandbox.base, 'nohome') } });
    expectError(result, 4, 'IDENTITY_NOT_FOUND');
    expect(result.stderr).toContain('VAULTFILE_IDENTITY (not set), VAULTFILE_KEY (not set)');
  });

  it('an identity file readable by others is refused with the chmod that fixes it, exit 4', async () => {
    chmodSync(sandbox.identityFile, 0o644);
    try {
      const result = await sandbox.run(['get', 'prod/db/password']);
      expectError(result, 4, 'IDENTITY_PERMISSIONS');
      expect(result.stderr).toContain(`vaultfile: hint: chmod 600 ${sandbox.identityFile}`);
    } finally {
      chmodSync(sandbox.identityFile, 0o600);
    }
    expect(statSync(sandbox.identityFile).mode & 0o777).toBe(0o600);
  });

  it('a wrong key (an identity that is not a member) gets exit 4 and no value', async () => {
    const stranger = join(sandbox.base, 'stranger.txt');
    runTool('age-keygen', ['-o', stranger]);
    chmodSync(stranger, 0o600);
    const result = await sandbox.run(['get', 'prod/db/password', '--identity', stranger]);
    expectError(result, 4, 'ACCESS_DENIED');
    expect(result.stderr).toContain('not a member of "default"');
    const set = await sandbox.run(['set', 'prod/db/password', '--identity', stranger], { input: 'overwrite' });
    expectError(set, 4, 'ACCESS_DENIED');
    expect(snapshot(sandbox)).toEqual(before);
  });

  it('a garbage identity file is refused without echoing its content, exit 2', async () => {
    const garbage = join(sandbox.base, 'garbage.txt');
    writeFileSync(garbage, 'AGE-SECRET-KEY-1NOTAREALKEYATALL\n', { mode: 0o600 });
    const result = await sandbox.run(['get', 'prod/db/password', '--identity', garbage]);
    expectError(result, 2, 'IDENTITY_INVALID');
    expect(result.stderr).not.toContain('NOTAREALKEY');
  });

  it('--json errors are machine-readable', async () => {
    const result = await sandbox.run(['get', 'prod/nope', '--json']);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stderr)).toEqual({
      error: { code: 'NOT_FOUND', message: 'no secret at "prod/nope"', hint: 'vaultfile list shows the secrets that exist', exitCode: 3 },
    });
  });

  it('init refuses a vault folder outside the repository, and identity without an identity says where it looked', async () => {
    const fresh = new Sandbox();
    expectError(await fresh.run(['init', '--vault-dir', '../outside']), 2, 'USAGE');
    expectError(await fresh.run(['init', '--vault-dir', '/abs']), 2, 'USAGE');
    expectError(await fresh.run(['identity']), 4, 'IDENTITY_NOT_FOUND');
    expectError(await fresh.run(['init', '--identity', join(fresh.base, 'missing.txt')]), 4, 'IDENTITY_NOT_FOUND');
    expect(readdirSync(fresh.work)).toEqual([]);
  });

  it('a missing keyring is an integrity failure, exit 5', async () => {
    const lost = new Sandbox();
    await lost.ok(['init', '--name', 'x']);
    await lost.ok(['set', 'dev/a'], { input: 'v' });
    rmSync(join(lost.work, 'secrets', '.keyrings', 'default.age'));
    expectError(await lost.run(['get', 'dev/a']), 5, 'KEYRING_MISSING');
  });
});
