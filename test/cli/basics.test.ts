// The everyday commands end to end, through the built CLI, in real git repositories.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runTool, Sandbox } from '../support.js';

/** A sandbox with a git repository and an initialised vault. */
async function vaultSandbox(): Promise<Sandbox> {
  const sandbox = new Sandbox();
  sandbox.gitInit();
  await sandbox.ok(['init', '--name', 'alice']);
  return sandbox;
}

const secretFile = (sandbox: Sandbox, path: string): string => join(sandbox.work, 'secrets', `${path}.secret`);

describe('init', () => {
  it('creates the config, the vault folder, a keyring and a private identity, and says where', async () => {
    const sandbox = new Sandbox();
    sandbox.gitInit();
    const result = await sandbox.ok(['init', '--name', 'alice']);
    expect(result.stdout).toContain(`created identity ${sandbox.identityFile} (mode 0600)`);
    expect(statSync(sandbox.identityFile).mode & 0o777).toBe(0o600);
    const config = readFileSync(join(sandbox.work, '.secretsrc'), 'utf8');
    expect(config).toMatch(/members:\n {2}alice: age1[a-z0-9]+\n/);
    expect(config).toContain('groups:\n  default:\n    - alice\n');
    expect(config).toContain('rules:\n  - glob: "**"\n    group: default\n');
    expect(existsSync(join(sandbox.work, 'secrets', '.keyrings', 'default.age'))).toBe(true);
    expect(readFileSync(join(sandbox.work, 'secrets', '.gitignore'), 'utf8')).toContain('/.lock');
  });

  it('refuses to clobber an existing vault and changes nothing', async () => {
    const sandbox = await vaultSandbox();
    const before = readFileSync(join(sandbox.work, '.secretsrc'), 'utf8');
    const result = await sandbox.run(['init']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('already exists; refusing to overwrite a vault (VAULT_EXISTS)');
    expect(readFileSync(join(sandbox.work, '.secretsrc'), 'utf8')).toBe(before);
  });

  it('uses an existing identity instead of making one', async () => {
    const sandbox = new Sandbox();
    const key = join(sandbox.base, 'mine.txt');
    runTool('age-keygen', ['-o', key]);
    const recipient = runTool('age-keygen', ['-y', key]).stdout.toString().trim();
    const result = await sandbox.ok(['init', '--name', 'bob'], { env: { VAULTFILE_IDENTITY: key } });
    expect(result.stdout).toContain(`using identity from file ${key}`);
    expect(result.stdout).toContain(`member bob: ${recipient}`);
    expect(existsSync(sandbox.identityFile)).toBe(false);
  });

  it('says so when --pq cannot apply because an X25519 identity already exists', async () => {
    const sandbox = new Sandbox();
    const key = join(sandbox.base, 'mine.txt');
    runTool('age-keygen', ['-o', key]);
    const result = await sandbox.ok(['init', '--pq', '--name', 'bob'], { env: { VAULTFILE_IDENTITY: key } });
    expect(result.stderr).toContain('--pq only applies when init creates a new identity');
    expect(result.stdout).toMatch(/member bob: age1(?!pq1)/);
  });

  it('names the member after git user.name when --name is not given', async () => {
    const sandbox = new Sandbox();
    sandbox.gitInit();
    sandbox.git(['config', 'user.name', 'Ada Lovelace']);
    const result = await sandbox.ok(['init']);
    expect(result.stdout).toContain('member ada-lovelace: age1');
  });

  it('with --pq makes a post-quantum identity that can store and read secrets', async () => {
    const sandbox = new Sandbox();
    await sandbox.ok(['init', '--pq', '--name', 'quantum']);
    const recipient = (await sandbox.ok(['identity'])).stdout.trim();
    expect(recipient).toMatch(/^age1pq1/);
    await sandbox.ok(['set', 'dev/token'], { input: 'pq-value' });
    expect((await sandbox.ok(['get', 'dev/token'])).stdout).toBe('pq-value');
  });
});

describe('set and get', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await vaultSandbox();
  });

  it('stores a piped value and prints it back bare, without a newline when piped', async () => {
    const set = await sandbox.ok(['set', 'prod/db/password'], { input: 'SecurePassword123!' });
    expect(set.stdout).toMatch(/^created prod\/db\/password \(version 1, group default\); committed [0-9a-f]{7}\n$/);
    const get = await sandbox.ok(['get', 'prod/db/password']);
    expect(get.stdout).toBe('SecurePassword123!');
    expect(readFileSync(secretFile(sandbox, 'prod/db/password'), 'utf8')).not.toContain('SecurePassword123!');
  });

  it('drops the one final newline of a piped single line, says so, and --keep-newline keeps it', async () => {
    const dropped = await sandbox.ok(['set', 'dev/echoed'], { input: 'from-echo\n' });
    expect(dropped.stderr).toContain('removed the final newline');
    expect((await sandbox.ok(['get', 'dev/echoed'])).stdout).toBe('from-echo');
    await sandbox.ok(['set', 'dev/kept', '--keep-newline'], { input: 'kept\n' });
    expect((await sandbox.ok(['get', 'dev/kept'])).stdout).toBe('kept\n');
    await sandbox.ok(['set', 'dev/multi'], { input: 'line 1\nline 2\n' });
    expect((await sandbox.ok(['get', 'dev/multi'])).stdout).toBe('line 1\nline 2\n');
  });

  it('stores binary values byte for byte from a file', async () => {
    const bytes = Buffer.from([0, 255, 1, 254, 10, 13, 0, 128]);
    const file = join(sandbox.base, 'blob.bin');
    writeFileSync(file, bytes);
    await sandbox.ok(['set', 'dev/blob', '--from-file', file]);
    expect((await sandbox.ok(['get', 'dev/blob'])).stdoutBytes.equals(bytes)).toBe(true);
    const json = JSON.parse((await sandbox.ok(['get', 'dev/blob', '--json'])).stdout);
    expect(json).toEqual({ path: 'dev/blob', value: bytes.toString('base64'), encoding: 'base64' });
  });

  it('keeps a leading byte order mark in get --json: it is part of the value', async () => {
    await sandbox.ok(['set', 'dev/bom'], { input: '\uFEFFtext' });
    expect(JSON.parse((await sandbox.ok(['get', 'dev/bom', '--json'])).stdout)).toEqual({ path: 'dev/bom', value: '\uFEFFtext', encoding: 'utf8' });
  });

  it('generates values from a spec without printing them', async () => {
    const cases: [string, RegExp][] = [
      ['password:32', /^[A-Za-z0-9!#%+,\-.:=?@^_~]{32}$/],
      ['hex:32', /^[0-9a-f]{64}$/],
      ['base64:48', /^[A-Za-z0-9+/]{64}$/],
      ['uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/],
      ['alnum:20', /^[A-Za-z0-9]{20}$/],
    ];
    for (const [spec, shape] of cases) {
      const path = `gen/${spec.replace(':', '-')}`;
      const set = await sandbox.ok(['set', path, '--generate', spec]);
      const value = (await sandbox.ok(['get', path])).stdout;
      expect(value).toMatch(shape);
      expect(set.stdout + set.stderr).not.toContain(value);
    }
    const password = (await sandbox.ok(['get', 'gen/password-32'])).stdout;
    for (const characterClass of [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/]) expect(password).toMatch(characterClass);
  });

  it('accepts --value but warns that it leaks into history and process lists', async () => {
    const result = await sandbox.ok(['set', 'dev/inline', '--value', 'not-so-secret']);
    expect(result.stderr).toContain('lands in shell history and process lists');
    expect((await sandbox.ok(['get', 'dev/inline'])).stdout).toBe('not-so-secret');
  });

  it('records metadata and expiry, readable without decrypting, and removes them on request', async () => {
    await sandbox.ok(['set', 'prod/api/key', '--meta', 'owner=payments', '--meta', 'ticket=SEC-1', '--expires', '2027-06-30'], { input: 'k1' });
    const text = readFileSync(secretFile(sandbox, 'prod/api/key'), 'utf8');
    expect(text).toContain('expires: 2027-06-30\nmeta.owner: payments\nmeta.ticket: SEC-1\n');
    const shown = JSON.parse((await sandbox.ok(['get', 'prod/api/key', '--json', '--include-metadata'])).stdout);
    expect(shown.value).toBe('k1');
    expect(shown.metadata).toMatchObject({ path: 'prod/api/key', version: 1, expires: '2027-06-30', custom: { owner: 'payments', ticket: 'SEC-1' } });
    await sandbox.ok(['set', 'prod/api/key', '--meta', 'ticket=', '--expires', 'none'], { input: 'k1' });
    const after = JSON.parse((await sandbox.ok(['get', 'prod/api/key', '--json', '--include-metadata'])).stdout).metadata;
    expect(after.version).toBe(2);
    expect(after.expires).toBeUndefined();
    expect(after.custom).toEqual({ owner: 'payments' });
  });

  it('leaves the file byte-identical when value and metadata are unchanged', async () => {
    await sandbox.ok(['set', 'dev/stable', '--meta', 'owner=ops'], { input: 'same' });
    const before = readFileSync(secretFile(sandbox, 'dev/stable'));
    const again = await sandbox.ok(['set', 'dev/stable', '--meta', 'owner=ops'], { input: 'same' });
    expect(again.stdout).toContain('unchanged dev/stable (version 1)');
    expect(readFileSync(secretFile(sandbox, 'dev/stable')).equals(before)).toBe(true);
    const changed = await sandbox.ok(['set', 'dev/stable', '--json'], { input: 'different' });
    expect(JSON.parse(changed.stdout)).toEqual({
      path: 'dev/stable',
      group: 'default',
      version: 2,
      changed: true,
      created: false,
      revived: false,
      commit: sandbox.git(['rev-parse', 'HEAD']).trim(),
    });
  });

  it('prints value and metadata for --include-metadata', async () => {
    await sandbox.ok(['set', 'dev/shown', '--meta', 'owner=me'], { input: 'shown-value' });
    const result = await sandbox.ok(['get', 'dev/shown', '--include-metadata']);
    expect(result.stdout).toMatch(/^path: dev\/shown\ngroup: default\nversion: 1\nepoch: 1\ncreated: .*\nupdated: .*\nowner: me\n\nshown-value$/);
  });
});

describe('list', () => {
  it('lists paths under a prefix, with --long and --json, with no identity at all', async () => {
    const sandbox = await vaultSandbox();
    for (const path of ['prod/db/password', 'prod/api/key', 'dev/db/password', 'production/other']) {
      await sandbox.ok(['set', path, '--meta', 'owner=team'], { input: `value of ${path}` });
    }
    const noIdentity = { VAULTFILE_IDENTITY: join(sandbox.base, 'missing.txt') };
    expect((await sandbox.ok(['list'], { env: noIdentity })).stdout).toBe('dev/db/password\nprod/api/key\nprod/db/password\nproduction/other\n');
    expect((await sandbox.ok(['list', 'prod'])).stdout).toBe('prod/api/key\nprod/db/password\n');
    expect((await sandbox.ok(['list', 'prod/'])).stdout).toBe('prod/api/key\nprod/db/password\n');
    const long = (await sandbox.ok(['list', 'dev', '--long'])).stdout.split('\n');
    expect(long[0]).toMatch(/^PATH +GROUP +VERSION +UPDATED +EXPIRES +OWNER$/);
    expect(long[1]).toMatch(/^dev\/db\/password +default +v1 +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ +- +team$/);
    const json = JSON.parse((await sandbox.ok(['list', '--json'])).stdout);
    expect(json.problems).toEqual([]);
    expect(json.secrets.map((s: { path: string }) => s.path)).toEqual(['dev/db/password', 'prod/api/key', 'prod/db/password', 'production/other']);
    expect(json.secrets[0]).toMatchObject({ group: 'default', version: 1, custom: { owner: 'team' } });
    expect(JSON.stringify(json)).not.toContain('value of');
  });

  it('prints nothing for an empty vault or an unknown prefix', async () => {
    const sandbox = await vaultSandbox();
    expect((await sandbox.ok(['list'])).stdout).toBe('');
    expect((await sandbox.ok(['list', 'nothing/here'])).stdout).toBe('');
  });
});

describe('edit', () => {
  const editor = (script: string): Record<string, string> => ({ EDITOR: `sh -c '${script}' editor` });

  it('replaces the value with what the editor saved, and leaves no plaintext file behind', async () => {
    const sandbox = await vaultSandbox();
    await sandbox.ok(['set', 'dev/config'], { input: 'old' });
    const before = leftoverEditFolders();
    const result = await sandbox.ok(['edit', 'dev/config'], { env: editor('printf "new value\\n" > "$1"') });
    expect(result.stdout).toMatch(/^updated dev\/config \(version 2\); committed [0-9a-f]{7}\n$/);
    expect((await sandbox.ok(['get', 'dev/config'])).stdout).toBe('new value');
    expect(leftoverEditFolders()).toEqual(before);
  });

  it('changes nothing when the buffer is saved unchanged, even if the editor adds a final newline', async () => {
    const sandbox = await vaultSandbox();
    await sandbox.ok(['set', 'dev/config'], { input: 'keep' });
    const bytes = readFileSync(secretFile(sandbox, 'dev/config'));
    expect((await sandbox.ok(['edit', 'dev/config'], { env: { EDITOR: 'true' } })).stdout).toBe('unchanged dev/config\n');
    expect((await sandbox.ok(['edit', 'dev/config'], { env: editor('printf "\\n" >> "$1"') })).stdout).toBe('unchanged dev/config\n');
    expect(readFileSync(secretFile(sandbox, 'dev/config')).equals(bytes)).toBe(true);
  });

  it('creates a missing secret, and a failing editor changes nothing', async () => {
    const sandbox = await vaultSandbox();
    await sandbox.ok(['edit', 'dev/new'], { env: editor('printf created > "$1"') });
    expect((await sandbox.ok(['get', 'dev/new'])).stdout).toBe('created');
    const failed = await sandbox.run(['edit', 'dev/new'], { env: editor('printf changed > "$1"; exit 3') });
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('(EDITOR_FAILED)');
    expect((await sandbox.ok(['get', 'dev/new'])).stdout).toBe('created');
  });
});

describe('identity and doctor', () => {
  it('prints the recipient that matches the identity file', async () => {
    const sandbox = await vaultSandbox();
    const publicKey = /# public key: (age1\S+)/.exec(readFileSync(sandbox.identityFile, 'utf8'))![1];
    expect((await sandbox.ok(['identity'])).stdout).toBe(`${publicKey}\n`);
    expect(JSON.parse((await sandbox.ok(['identity', '--json'])).stdout)).toEqual({ recipients: [publicKey], source: `file ${sandbox.identityFile}` });
  });

  it('reports a healthy vault, then names a damaged file and exits 1', async () => {
    const sandbox = await vaultSandbox();
    await sandbox.ok(['set', 'prod/a'], { input: 'a' });
    await sandbox.ok(['set', 'prod/b'], { input: 'b' });
    const healthy = JSON.parse((await sandbox.ok(['doctor', '--json'])).stdout);
    expect(healthy.ok).toBe(true);
    expect(healthy.secrets).toEqual({ total: 2, verified: 2, notReadable: 0, failed: 0 });
    expect(healthy.checks.map((c: { check: string }) => c.check)).toEqual(['config', 'identity', 'keyring', 'secret', 'git']);
    const file = secretFile(sandbox, 'prod/b');
    writeFileSync(file, readFileSync(file, 'utf8').replace('version: 1', 'version: 9'));
    const damaged = await sandbox.run(['doctor']);
    expect(damaged.code).toBe(1);
    expect(damaged.stdout).toContain('fail  secret    secret prod/b failed its integrity check');
    expect(damaged.stdout).toContain('1 of 2 secret(s) verified, 1 failed');
    expect(damaged.stderr).toContain('(DOCTOR_PROBLEMS)');
  });

  it('says when the vault is not in a git repository', async () => {
    const sandbox = new Sandbox();
    await sandbox.ok(['init', '--name', 'solo']);
    const report = (await sandbox.ok(['doctor'])).stdout;
    expect(report).toContain('info  git       the vault is not inside a git repository, so it has no history');
  });
});

describe('help', () => {
  it('explains every command and the exit codes', async () => {
    const sandbox = new Sandbox();
    const help = (await sandbox.ok(['--help'])).stdout;
    for (const command of ['init', 'set', 'get', 'list', 'edit', 'identity', 'doctor']) expect(help).toContain(`vaultfile ${command}`);
    expect(help).toContain('Exit codes: 0 ok');
    const getHelp = (await sandbox.ok(['get', '--help'])).stdout;
    expect(getHelp).toContain('--include-metadata');
    expect(getHelp).toContain('no newline is added when piped');
  });
});

function leftoverEditFolders(): string[] {
  const places = ['/dev/shm', tmpdir()].filter((folder) => existsSync(folder));
  return places.flatMap((folder) => readdirSync(folder).filter((name) => name.startsWith('vaultfile-edit-')).map((name) => join(folder, name)));
}
