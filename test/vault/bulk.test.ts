// The library's bulk operations: setMany (one lock, one commit, nothing written
// on refusal), getAll, and secrets as environment variables.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { initVault } from '../../src/vault/init.js';
import { openVault, type Vault } from '../../src/vault/vault.js';
import { filesBelow, runTool, Sandbox, tempFolder, vaultfileErrorOf } from '../support.js';

const bytes = (text: string): Uint8Array => Buffer.from(text, 'utf8');
const text = (value: Uint8Array): string => Buffer.from(value).toString('utf8');


let key: string;
beforeAll(() => {
  process.env.XDG_CACHE_HOME = tempFolder(); // the config cache of these vaults stays out of the real home
  const keyFile = join(tempFolder(), 'key.txt');
  runTool('age-keygen', ['-o', keyFile]);
  key = readFileSync(keyFile, 'utf8').split('\n').find((line) => line.startsWith('AGE-SECRET-KEY-'))!;
});

describe('bulk operations', () => {
  let sandbox: Sandbox;
  let vault: Vault;
  const commits = (): number => Number(sandbox.git(['rev-list', '--count', 'HEAD']).trim());

  beforeEach(async () => {
    sandbox = new Sandbox();
    sandbox.gitInit();
    await initVault({ cwd: sandbox.work, identity: { key }, name: 'alice' });
    vault = await openVault({ cwd: sandbox.work, identity: { key } });
  });

  it('setMany writes every secret in one commit, and a second time changes nothing', async () => {
    const before = commits();
    const entries = [
      { path: 'prod/env/DB_HOST', value: bytes('db.internal') },
      { path: 'prod/env/DB_PASSWORD', value: bytes('pa$$ word\n') },
      { path: 'prod/env/EMPTY', value: bytes('') },
    ];
    const result = await vault.setMany(entries, { action: 'import', allowEmpty: true });
    expect(result.secrets.map(({ path, action, version }) => [path, action, version])).toEqual([
      ['prod/env/DB_HOST', 'create', 1],
      ['prod/env/DB_PASSWORD', 'create', 1],
      ['prod/env/EMPTY', 'create', 1],
    ]);
    expect(commits()).toBe(before + 1);
    expect(sandbox.git(['log', '-1', '--format=%s'])).toBe('vaultfile: import 3 secret(s) under prod/env/\n');
    expect(sandbox.git(['show', '--stat', '--format=', 'HEAD'])).toContain('3 files changed');
    expect(text((await vault.get('prod/env/DB_PASSWORD')).value)).toBe('pa$$ word\n');

    const files = filesBelow(vault.folder);
    const again = await vault.setMany(entries, { allowEmpty: true });
    expect(again.secrets.every(({ action }) => action === 'unchanged')).toBe(true);
    expect(again.commit).toBeUndefined();
    expect(filesBelow(vault.folder)).toEqual(files);
    expect(commits()).toBe(before + 1);
  });

  it('refuses to replace a different value without overwrite, names it, and writes nothing', async () => {
    await vault.setMany([{ path: 'app/a', value: bytes('1') }, { path: 'app/b', value: bytes('2') }]);
    const files = filesBelow(vault.folder);
    const before = commits();
    const batch = [
      { path: 'app/a', value: bytes('1') },
      { path: 'app/b', value: bytes('changed') },
      { path: 'app/c', value: bytes('new') },
    ];
    const error = await vaultfileErrorOf(() => vault.setMany(batch));
    expect(error.code).toBe('SECRET_EXISTS');
    expect(error.message).toBe('1 secret(s) already exist with another value: app/b; nothing was written');
    expect(error.message + error.hint).not.toContain('changed');
    expect(filesBelow(vault.folder)).toEqual(files);
    expect(commits()).toBe(before);

    const plan = await vault.setMany(batch, { dryRun: true });
    expect(plan.dryRun).toBe(true);
    expect(plan.secrets.map(({ path, action, version }) => [path, action, version])).toEqual([
      ['app/a', 'unchanged', 1],
      ['app/b', 'overwrite', 2],
      ['app/c', 'create', 1],
    ]);
    expect(filesBelow(vault.folder)).toEqual(files);

    const done = await vault.setMany(batch, { overwrite: true });
    expect(done.secrets.map(({ action }) => action)).toEqual(['unchanged', 'overwrite', 'create']);
    expect(text((await vault.get('app/b')).value)).toBe('changed');
    expect(commits()).toBe(before + 1);
  });

  it('refuses bad input before taking the lock', async () => {
    const files = filesBelow(vault.folder);
    expect((await vaultfileErrorOf(() => vault.setMany([{ path: '../x', value: bytes('v') }]))).code).toBe('BAD_PATH');
    expect((await vaultfileErrorOf(() => vault.setMany([{ path: 'a', value: bytes('') }]))).code).toBe('EMPTY_VALUE');
    const twice = await vaultfileErrorOf(() => vault.setMany([{ path: 'a', value: bytes('1') }, { path: 'a', value: bytes('2') }]));
    expect(twice.code).toBe('DUPLICATE');
    expect(filesBelow(vault.folder)).toEqual(files);
  });

  it('brings a soft-deleted secret back as a create, keeping its version count', async () => {
    await vault.set('app/old', bytes('v1'));
    await vault.delete('app/old');
    const result = await vault.setMany([{ path: 'app/old', value: bytes('v2') }]);
    expect(result.secrets[0]).toMatchObject({ action: 'create', version: 2 });
    expect(text((await vault.get('app/old')).value)).toBe('v2');
  });

  it('getAll decrypts the live secrets below a folder, not a secret named like the folder', async () => {
    await vault.setMany(['app', 'app/a', 'app/b/c', 'apple/x', 'app/gone'].map((path) => ({ path, value: bytes(`value of ${path}`) })));
    await vault.delete('app/gone');
    const secrets = await vault.getAll('app/');
    expect(secrets.map(({ path, value }) => [path, text(value)])).toEqual([
      ['app/a', 'value of app/a'],
      ['app/b/c', 'value of app/b/c'],
    ]);
    expect(await vault.getAll('nothing/here')).toEqual([]);
    expect(await vault.getAll('app/a')).toEqual([]); // a secret, not a folder
    expect((await vault.getAll('')).length).toBe(4);
  });

  describe('as variables', () => {
    beforeEach(async () => {
      await vault.setMany(
        [
          ['prod/app/db_password', 'pw'],
          ['prod/app/stripe/key', 'sk'],
          ['prod/app/api-token', 'tok'],
          ['prod/other/url', 'https://x'],
          ['prod/bin/blob', '\u0000\u0001'],
        ].map(([path, value]) => ({ path: path!, value: bytes(value!) })),
      );
    });

    it('names each secret by its path below the prefix, upper-snake-cased, sorted', async () => {
      const variables = await vault.variables({ prefixes: ['prod/app'], names: { DATABASE_URL: 'prod/other/url' } });
      expect(variables).toEqual([
        { name: 'API_TOKEN', path: 'prod/app/api-token', value: 'tok' },
        { name: 'DATABASE_URL', path: 'prod/other/url', value: 'https://x' },
        { name: 'DB_PASSWORD', path: 'prod/app/db_password', value: 'pw' },
        { name: 'STRIPE_KEY', path: 'prod/app/stripe/key', value: 'sk' },
      ]);
    });

    it('a secret named with names is not also exported under its prefix name', async () => {
      const variables = await vault.variables({ prefixes: ['prod/app'], names: { PASSWORD: 'prod/app/db_password' } });
      expect(variables.map(({ name }) => name)).toEqual(['API_TOKEN', 'PASSWORD', 'STRIPE_KEY']);
    });

    it('two paths for one name is an error naming both', async () => {
      await vault.set('prod/app/db/password', bytes('other'));
      const error = await vaultfileErrorOf(() => vault.variables({ prefixes: ['prod/app'] }));
      expect(error.code).toBe('NAME_COLLISION');
      expect(error.message).toBe('DB_PASSWORD would come from both prod/app/db/password and prod/app/db_password');
      const explicit = await vaultfileErrorOf(() => vault.variables({ prefixes: ['prod/other'], names: { URL: 'prod/app/api-token' } }));
      expect(explicit.message).toBe('URL would come from both prod/other/url and prod/app/api-token');
    });

    it('refuses empty and unknown prefixes, bad names, and binary values', async () => {
      expect((await vaultfileErrorOf(() => vault.variables({}))).code).toBe('USAGE');
      expect((await vaultfileErrorOf(() => vault.variables({ prefixes: [''] }))).code).toBe('BAD_PATH');
      expect((await vaultfileErrorOf(() => vault.variables({ prefixes: ['/'] }))).code).toBe('BAD_PATH');
      expect((await vaultfileErrorOf(() => vault.variables({ prefixes: ['../x'] }))).code).toBe('BAD_PATH');
      const unknown = await vaultfileErrorOf(() => vault.variables({ prefixes: ['prod/nope'] }));
      expect([unknown.code, unknown.message]).toEqual(['NOT_FOUND', 'no secrets below prod/nope/']);
      expect((await vaultfileErrorOf(() => vault.variables({ names: { '1X': 'prod/other/url' } }))).code).toBe('BAD_VARIABLE_NAME');
      await vault.set('prod/digits/1password', bytes('x'));
      const derived = await vaultfileErrorOf(() => vault.variables({ prefixes: ['prod/digits'] }));
      expect([derived.code, derived.hint]).toEqual(['BAD_VARIABLE_NAME', expect.stringContaining('--as NAME=prod/digits/1password')]);
      const binary = await vaultfileErrorOf(() => vault.variables({ prefixes: ['prod/bin'] }));
      expect([binary.code, binary.message]).toEqual(['BINARY_VALUE', expect.stringContaining('prod/bin/blob holds a NUL byte')]);
      await vault.set('prod/bin/latin1', new Uint8Array([0xe9]));
      const latin1 = await vaultfileErrorOf(() => vault.variables({ names: { X: 'prod/bin/latin1' } }));
      expect(latin1.message).toContain('prod/bin/latin1 is not UTF-8 text');
    });

    it('keeps a leading byte order mark: it is part of the value', async () => {
      await vault.set('bom/x', bytes('\uFEFFvalue'));
      expect((await vault.variables({ prefixes: ['bom'] }))[0]!.value).toBe('\uFEFFvalue');
    });
  });
});
