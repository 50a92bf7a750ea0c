// `vaultfile import`, `vaultfile export` and `vaultfile terraform` end to end,
// in real git repositories: round trips, one commit per import, and bad input
// that changes nothing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { openVault } from '../../src/index.js';
import { nastyValue, TRICKY_PIECES } from '../exchange/nasty-values.js';
import { filesBelow, Sandbox, type RunResult } from '../support.js';

/** Every file under the vault folder and the config, with its bytes, plus the commit count. */
function snapshot(sandbox: Sandbox): Map<string, string> {
  const files = filesBelow(join(sandbox.work, 'secrets'), sandbox.work);
  files.set('HEAD', sandbox.git(['rev-parse', 'HEAD']));
  return files;
}

function expectError(result: RunResult, exitCode: number, code: string): void {
  expect(result.code, result.stderr).toBe(exitCode);
  expect(result.stderr).toContain(`(${code})`);
  expect(result.stderr).toMatch(/vaultfile: hint: \S/);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

async function valuesBelow(sandbox: Sandbox, prefix: string): Promise<Record<string, string>> {
  const vault = await openVault({ cwd: sandbox.work, identity: { file: sandbox.identityFile } });
  const secrets = await vault.getAll(prefix);
  return Object.fromEntries(secrets.map(({ path, value }) => [path.slice(prefix.length + 1), Buffer.from(value).toString('utf8')]));
}

async function vaultSandbox(): Promise<Sandbox> {
  const sandbox = new Sandbox();
  sandbox.gitInit();
  await sandbox.ok(['init', '--name', 'alice']);
  return sandbox;
}

const commitCount = (sandbox: Sandbox): number => Number(sandbox.git(['rev-list', '--count', 'HEAD']).trim());

describe('import', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await vaultSandbox();
  });

  it('imports environment variables matching a glob, in one commit', async () => {
    const before = commitCount(sandbox);
    const env = { DB_HOST: 'db.internal', DB_PASSWORD: 'SecurePassword123!', DB_EMPTY: '', NOT_DB: 'no' };
    const result = await sandbox.ok(['import', '--from-env', 'DB_*', '--prefix', 'prod/env/'], { env });
    expect(result.stdout).toMatch(
      /^created prod\/env\/DB_EMPTY\ncreated prod\/env\/DB_HOST\ncreated prod\/env\/DB_PASSWORD\nimported 3 secret\(s\): 3 created, 0 overwritten, 0 unchanged; committed [0-9a-f]{7}\n$/,
    );
    expect(commitCount(sandbox)).toBe(before + 1);
    expect(sandbox.git(['log', '-1', '--format=%s'])).toBe('vaultfile: import 3 secret(s) under prod/env/\n');
    expect(await valuesBelow(sandbox, 'prod/env')).toEqual({ DB_EMPTY: '', DB_HOST: 'db.internal', DB_PASSWORD: 'SecurePassword123!' });
    // What the workflow document's migration did by hand, now available as variables again.
    const run = await sandbox.ok(['run', '--prefix', 'prod/env', '--', process.execPath, '-e', 'process.stdout.write(process.env.DB_PASSWORD)']);
    expect(run.stdout).toBe('SecurePassword123!');
  });

  it('imports .env, JSON and YAML files, nested keys as paths', async () => {
    const dotenv = join(sandbox.base, '.env.production');
    writeFileSync(dotenv, '# app\nexport API_KEY=sk_test_FAKE\nMULTI="a\\nb"\n');
    const json = join(sandbox.base, 'config.json');
    writeFileSync(json, JSON.stringify({ db: { password: 'p@ss', port: 5432 }, debug: false }));
    const yaml = join(sandbox.base, 'config.yml');
    writeFileSync(yaml, 'stripe:\n  live:\n    key: sk_live_FAKE\ncert: |\n  -----BEGIN-----\n  abc\n');
    await sandbox.ok(['import', dotenv, '--prefix', 'app/dotenv']);
    await sandbox.ok(['import', json, '--prefix', 'app/json']);
    await sandbox.ok(['import', yaml, '--prefix', 'app/yaml']);
    expect(await valuesBelow(sandbox, 'app/dotenv')).toEqual({ API_KEY: 'sk_test_FAKE', MULTI: 'a\nb' });
    expect(await valuesBelow(sandbox, 'app/json')).toEqual({ 'db/password': 'p@ss', 'db/port': '5432', debug: 'false' });
    expect(await valuesBelow(sandbox, 'app/yaml')).toEqual({ 'stripe/live/key': 'sk_live_FAKE', cert: '-----BEGIN-----\nabc\n' });
  });

  it('--dry-run names what would change, shows no value and writes nothing', async () => {
    await sandbox.ok(['import', '--from-env', 'DRY_*', '--prefix', 'dry'], { env: { DRY_SAME: 'same-value', DRY_OLD: 'old-value' } });
    const before = snapshot(sandbox);
    const env = { DRY_SAME: 'same-value', DRY_OLD: 'changed-value', DRY_NEW: 'new-value' };
    const result = await sandbox.ok(['import', '--from-env', 'DRY_*', '--prefix', 'dry', '--dry-run'], { env });
    expect(result.stdout).toBe(
      'would create dry/DRY_NEW\nwould overwrite dry/DRY_OLD\nunchanged dry/DRY_SAME\ndry run: 1 to create, 1 to overwrite, 1 unchanged; nothing was written (overwriting needs --overwrite)\n',
    );
    const json = JSON.parse((await sandbox.ok(['import', '--from-env', 'DRY_*', '--prefix', 'dry', '--dry-run', '--json'], { env })).stdout);
    expect(json.dryRun).toBe(true);
    expect(json.secrets.map((secret: { action: string }) => secret.action)).toEqual(['create', 'overwrite', 'unchanged']);
    for (const output of [result.stdout + result.stderr, JSON.stringify(json)]) for (const value of Object.values(env)) expect(output).not.toContain(value);
    expect(snapshot(sandbox)).toEqual(before);

    const refused = await sandbox.run(['import', '--from-env', 'DRY_*', '--prefix', 'dry'], { env });
    expectError(refused, 2, 'SECRET_EXISTS');
    expect(refused.stderr).toContain('1 secret(s) already exist with another value: dry/DRY_OLD; nothing was written');
    expect(refused.stderr).toContain('--overwrite');
    expect(snapshot(sandbox)).toEqual(before);

    const overwritten = await sandbox.ok(['import', '--from-env', 'DRY_*', '--prefix', 'dry', '--overwrite'], { env });
    expect(overwritten.stdout).toContain('imported 3 secret(s): 1 created, 1 overwritten, 1 unchanged');
    expect(await valuesBelow(sandbox, 'dry')).toEqual({ DRY_NEW: 'new-value', DRY_OLD: 'changed-value', DRY_SAME: 'same-value' });
  });

  it('a file that does not parse is a clear error with its line, and nothing is written', async () => {
    const before = snapshot(sandbox);
    const cases: [string, string, string][] = [
      ['broken.env', 'GOOD=1\nTOKEN="s3cr3t-unclosed\n', 'broken.env: line 2: TOKEN: the "-quoted value is never closed'],
      ['broken.json', '{"token": "s3cr3t-value",}', 'broken.json: not valid JSON'], // vaultfile:allow (a fake value that must never be echoed)
      ['broken.yaml', 'token: s3cr3t-value\ntoken: again\n', 'broken.yaml: not valid YAML: duplicate key at line 2, column 1'],
      ['list.yaml', 'tokens:\n  - s3cr3t-value\n', 'list.yaml: tokens is a list'],
      ['bad-key.json', '{"../escape": "s3cr3t-value"}', 'the key "../escape" cannot be a secret path'],
      ['empty.env', '# nothing\n', 'nothing to import'],
    ];
    for (const [name, text, message] of cases) {
      const file = join(sandbox.base, name);
      writeFileSync(file, text);
      const result = await sandbox.run(['import', file, '--prefix', 'broken']);
      expectError(result, name === 'empty.env' ? 3 : 2, name === 'empty.env' ? 'NOT_FOUND' : 'INPUT_INVALID');
      expect(result.stderr).toContain(message);
      expect(result.stderr).not.toContain('s3cr3t');
      expect(result.stdout).toBe('');
    }
    expect(snapshot(sandbox)).toEqual(before);
  });

  it.each([
    [['import', '--from-env', 'X_*'], 2, 'USAGE'],
    [['import', '--prefix', 'p'], 2, 'USAGE'],
    [['import', 'f.env', '--from-env', 'X', '--prefix', 'p'], 2, 'USAGE'],
    [['import', '--from-env', 'X_*', '--prefix', ''], 2, 'BAD_PATH'],
    [['import', '--from-env', 'X_*', '--prefix', '../x'], 2, 'BAD_PATH'],
    [['import', '--from-env', 'NO_SUCH_VARIABLE_*', '--prefix', 'p'], 3, 'NOT_FOUND'],
    [['import', '/nonexistent/x.env', '--prefix', 'p'], 2, 'INPUT_UNREADABLE'],
    [['import', 'secrets.txt', '--prefix', 'p'], 2, 'USAGE'],
    [['import', 'x.env', '--prefix', 'p', '--format', 'toml'], 2, 'USAGE'],
  ])('%j fails with exit %i (%s) and changes nothing', async (args, exitCode, code) => {
    const before = snapshot(sandbox);
    expectError(await sandbox.run(args, { env: { X_A: 'x-value' } }), exitCode, code);
    expect(snapshot(sandbox)).toEqual(before);
  });

  it('refuses a file that is not UTF-8', async () => {
    const file = join(sandbox.base, 'latin1.env');
    writeFileSync(file, Buffer.from([0x41, 0x3d, 0xe9, 0x0a]));
    expectError(await sandbox.run(['import', file, '--prefix', 'p']), 2, 'INPUT_INVALID');
  });
});

describe('export', () => {
  let sandbox: Sandbox;
  const values: Record<string, string> = {};
  beforeAll(async () => {
    sandbox = await vaultSandbox();
    // Fixed pieces plus random nasty values (a fixed seed, so a failure repeats).
    const random = fc.sample(nastyValue, { numRuns: 40, seed: 42 });
    [...TRICKY_PIECES, ...random, '', TRICKY_PIECES.join('')].forEach((value, index) => {
      values[index % 3 === 0 ? `group_${index % 5}/v${index}` : `v${index}`] = value;
    });
    const vault = await openVault({ cwd: sandbox.work, identity: { file: sandbox.identityFile } });
    await vault.setMany(Object.entries(values).map(([path, value]) => ({ path: `src/${path}`, value: Buffer.from(value, 'utf8') })), { allowEmpty: true });
  });

  it.each(['json', 'yaml'])('%s: export then import into another prefix gives back every path and value exactly', async (format) => {
    const file = join(sandbox.base, `export.${format}`);
    writeFileSync(file, (await sandbox.ok(['export', '--prefix', 'src', '--format', format])).stdoutBytes);
    await sandbox.ok(['import', file, '--prefix', `copy-${format}`]);
    expect(await valuesBelow(sandbox, `copy-${format}`)).toEqual(values);
  });

  it('dotenv: export then import gives back every value, named like env names them', async () => {
    const exported = await sandbox.ok(['export', '--prefix', 'src']);
    expect(exported.stdout).toBe((await sandbox.ok(['env', '--prefix', 'src', '--format', 'dotenv'])).stdout);
    await sandbox.ok(['import', '-', '--format', 'dotenv', '--prefix', 'copy-dotenv'], { input: exported.stdoutBytes });
    const expected = Object.fromEntries(Object.entries(values).map(([path, value]) => [path.replace('/', '_').toUpperCase(), value]));
    expect(await valuesBelow(sandbox, 'copy-dotenv')).toEqual(expected);
    // A second round changes nothing: the names are variable names already.
    const again = await sandbox.ok(['export', '--prefix', 'copy-dotenv']);
    expect(again.stdout).toBe(exported.stdout);
  });

  it('nests JSON and YAML by path', async () => {
    const other = await vaultSandbox();
    const vault = await openVault({ cwd: other.work, identity: { file: other.identityFile } });
    await vault.setMany([['prod/app/db/password', 'p'], ['prod/app/db/user', 'u'], ['prod/app/token', 't']].map(([path, value]) => ({ path: path!, value: Buffer.from(value!) })));
    expect(JSON.parse((await other.ok(['export', '--prefix', 'prod/app', '--format', 'json'])).stdout)).toEqual({ db: { password: 'p', user: 'u' }, token: 't' });
    expect((await other.ok(['export', '--prefix', 'prod/app', '--format', 'yaml'])).stdout).toBe('db:\n  password: p\n  user: u\ntoken: t\n');
  });

  it.each([
    [['export'], 2, 'USAGE'],
    [['export', '--prefix', ''], 2, 'BAD_PATH'],
    [['export', '--prefix', 'nope'], 3, 'NOT_FOUND'],
    [['export', '--prefix', 'src', '--format', 'xml'], 2, 'USAGE'],
  ])('%j fails with exit %i (%s)', async (args, exitCode, code) => {
    const result = await sandbox.run(args);
    expectError(result, exitCode, code);
    expect(result.stdout).toBe('');
  });
});

describe('terraform', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await vaultSandbox();
    await sandbox.ok(['set', 'prod/db/password'], { input: 'SecurePassword123!' });
    await sandbox.ok(['set', 'prod/api/key', '--from-file', '-'], { input: 'line 1\n"quoted"\n' });
    await sandbox.ok(['set', 'prod/blob', '--from-file', '-'], { input: Buffer.from([0, 1, 2]) });
  });

  it('answers the external data source protocol: a JSON object of strings', async () => {
    const result = await sandbox.ok(['terraform'], { input: '{"db_password": "prod/db/password", "api_key": "prod/api/key", "again": "prod/db/password"}' });
    expect(JSON.parse(result.stdout)).toEqual({ db_password: 'SecurePassword123!', api_key: 'line 1\n"quoted"\n', again: 'SecurePassword123!' });
    expect(result.stderr).toBe('');
  });

  it.each([
    ['not json', 2, 'INPUT_INVALID', 'not valid JSON'],
    ['["prod/db/password"]', 2, 'INPUT_INVALID', 'must be a JSON object'],
    ['{}', 2, 'INPUT_INVALID', 'names no secrets'],
    ['{"x": 5}', 2, 'INPUT_INVALID', 'must be a secret path string'],
    ['{"x": "../etc/passwd"}', 2, 'BAD_PATH', 'invalid secret path'],
    ['{"x": "prod/missing"}', 3, 'NOT_FOUND', 'no secret at "prod/missing"'],
    ['{"x": "prod/blob"}', 2, 'BINARY_VALUE', 'prod/blob holds a NUL byte'],
  ])('refuses %s on stderr with a non-zero exit and nothing on stdout', async (query, exitCode, code, message) => {
    const result = await sandbox.run(['terraform'], { input: query });
    expectError(result, exitCode, code);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });
});
