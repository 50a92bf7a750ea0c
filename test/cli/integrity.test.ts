// Tampering is detected: every changed byte, a swapped file, a keyring from
// another vault. Never a wrong value, never the value in an error.
import { chmodSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openVault, VaultfileError } from '../../src/index.js';
import { runTool, Sandbox } from '../support.js';

const VALUE = 'SecurePassword123!';

async function vaultSandbox(): Promise<Sandbox> {
  const sandbox = new Sandbox();
  sandbox.gitInit();
  await sandbox.ok(['init', '--name', 'alice']);
  await sandbox.ok(['set', 'prod/db/password', '--meta', 'owner=dba', '--expires', '2030-01-01'], { input: VALUE });
  await sandbox.ok(['set', 'prod/api/key'], { input: 'another-value' });
  return sandbox;
}

describe('tamper detection', () => {
  let sandbox: Sandbox;
  let file: string;
  let original: Buffer;
  beforeAll(async () => {
    sandbox = await vaultSandbox();
    file = join(sandbox.work, 'secrets', 'prod', 'db', 'password.secret');
    original = readFileSync(file);
  });

  it('rejects every single-bit flip of every byte with an integrity error (exit 5) and never the value', async () => {
    const vault = await openVault({ cwd: sandbox.work, identity: { file: sandbox.identityFile } });
    expect(Buffer.from((await vault.get('prod/db/password')).value).toString()).toBe(VALUE);
    const codes = new Set<string>();
    try {
      for (let index = 0; index < original.length; index++) {
        for (const bit of [0x01, 0x80]) {
          const tampered = Buffer.from(original);
          tampered[index]! ^= bit;
          writeFileSync(file, tampered);
          const outcome = await vault.get('prod/db/password').then(
            (secret) => `returned ${Buffer.from(secret.value).toString()}`,
            (error: unknown) => error,
          );
          expect(outcome, `byte ${index} bit ${bit}`).toBeInstanceOf(VaultfileError);
          const error = outcome as VaultfileError;
          expect(error.exitCode, `byte ${index} bit ${bit}: ${error.code} ${error.message}`).toBe(5);
          expect(error.message).not.toContain(VALUE);
          codes.add(error.code);
        }
      }
    } finally {
      writeFileSync(file, original);
    }
    expect([...codes].sort()).toEqual(['CORRUPT_FILE', 'INTEGRITY', 'KEYRING_MISSING']);
  });

  it('through the CLI: flipped metadata, salt, commitment and ciphertext bytes exit 5 with nothing on stdout', async () => {
    const text = original.toString('utf8');
    const positions = ['path: ', 'version: ', 'updated: ', 'expires: ', 'meta.owner: ', 'salt: ', 'commitment: ', 'ciphertext: '].map(
      (field) => text.indexOf(field) + field.length + 2,
    );
    try {
      for (const index of positions) {
        const tampered = Buffer.from(original);
        tampered[index]! ^= 0x01;
        writeFileSync(file, tampered);
        const result = await sandbox.run(['get', 'prod/db/password']);
        expect(result.code, `byte ${index}: ${result.stderr}`).toBe(5);
        expect(result.stdout).toBe('');
        expect(result.stderr).not.toContain(VALUE);
      }
    } finally {
      writeFileSync(file, original);
    }
  });

  it('detects two secret files swapped', async () => {
    const other = join(sandbox.work, 'secrets', 'prod', 'api', 'key.secret');
    const otherBytes = readFileSync(other);
    try {
      writeFileSync(file, otherBytes);
      writeFileSync(other, original);
      const result = await sandbox.run(['get', 'prod/db/password']);
      expect(result.code).toBe(5);
      expect(result.stderr).toContain('holds "prod/api/key", not "prod/db/password"');
      expect(result.stdout).toBe('');
    } finally {
      writeFileSync(file, original);
      writeFileSync(other, otherBytes);
    }
    expect((await sandbox.ok(['get', 'prod/db/password'])).stdout).toBe(VALUE);
  });

  it('refuses a keyring copied from another vault with exit 4, even for the same identity', async () => {
    const second = new Sandbox();
    second.installIdentity(sandbox.identityFile);
    await second.ok(['init', '--name', 'alice']);
    const keyring = join(sandbox.work, 'secrets', '.keyrings', 'default.age');
    const saved = readFileSync(keyring);
    try {
      copyFileSync(join(second.work, 'secrets', '.keyrings', 'default.age'), keyring);
      const result = await sandbox.run(['get', 'prod/db/password']);
      expect(result.code).toBe(4);
      expect(result.stderr).toContain('belongs to another vault (WRONG_VAULT)');
      expect(result.stdout).toBe('');
    } finally {
      writeFileSync(keyring, saved);
    }
  });

  it('reports a damaged keyring as an integrity failure', async () => {
    const keyring = join(sandbox.work, 'secrets', '.keyrings', 'default.age');
    const saved = readFileSync(keyring, 'utf8');
    try {
      const lines = saved.split('\n');
      lines[2] = lines[2]!.replace(/^(.)/, (c) => (c === 'A' ? 'B' : 'A'));
      writeFileSync(keyring, lines.join('\n'));
      const result = await sandbox.run(['get', 'prod/db/password']);
      expect(result.code).toBe(5);
      expect(result.stderr).toContain('keyring of group "default" is damaged');
    } finally {
      writeFileSync(keyring, saved);
    }
  });
});

describe('interop with the age tools', () => {
  it('opens every keyring with `age -d -i`, and shows this vault id and the group key', async () => {
    const sandbox = await vaultSandbox();
    const decrypted = runTool('age', ['-d', '-i', sandbox.identityFile, join(sandbox.work, 'secrets', '.keyrings', 'default.age')]);
    expect(decrypted.status, decrypted.stderr.toString()).toBe(0);
    const payload = JSON.parse(decrypted.stdout.toString());
    const vaultId = /vaultId: (\w+)/.exec(readFileSync(join(sandbox.work, '.secretsrc'), 'utf8'))![1];
    expect(payload).toMatchObject({ format: 'vaultfile-keyring/v1', vault: vaultId, group: 'default' });
    expect(payload.epochs).toHaveLength(1);
    expect(Buffer.from(payload.epochs[0].key, 'base64')).toHaveLength(32);
  });

  it('works with an identity made by age-keygen, from a file or from VAULTFILE_KEY', async () => {
    const sandbox = new Sandbox();
    const keyFile = join(sandbox.base, 'age-keygen.txt');
    expect(runTool('age-keygen', ['-o', keyFile]).status).toBe(0);
    chmodSync(keyFile, 0o600);
    await sandbox.ok(['init', '--name', 'ci'], { env: { VAULTFILE_IDENTITY: keyFile } });
    await sandbox.ok(['set', 'ci/token', '--identity', keyFile], { input: 'from-ci' });
    const key = readFileSync(keyFile, 'utf8');
    expect((await sandbox.ok(['get', 'ci/token'], { env: { VAULTFILE_KEY: key } })).stdout).toBe('from-ci');
    const viaAge = runTool('age', ['-d', '-i', keyFile, join(sandbox.work, 'secrets', '.keyrings', 'default.age')]);
    expect(viaAge.status).toBe(0);
  });

  it('a key vaultfile made decrypts files made by `age -r` for its recipient', async () => {
    const sandbox = await vaultSandbox();
    const recipient = (await sandbox.ok(['identity'])).stdout.trim();
    const encrypted = runTool('age', ['-r', recipient], { input: 'hello from age' });
    const decrypted = runTool('age', ['-d', '-i', sandbox.identityFile], { input: encrypted.stdout });
    expect(decrypted.stdout.toString()).toBe('hello from age');
  });
});

describe('identity sources', () => {
  it('prefers --identity over VAULTFILE_IDENTITY over VAULTFILE_KEY over the default file', async () => {
    const sandbox = await vaultSandbox();
    const stranger = join(sandbox.base, 'stranger.txt');
    runTool('age-keygen', ['-o', stranger]);
    chmodSync(stranger, 0o600);
    const strangerKey = readFileSync(stranger, 'utf8');
    const mine = readFileSync(sandbox.identityFile, 'utf8');
    const get = (args: string[], env: Record<string, string>) => sandbox.run(['get', 'prod/db/password', ...args], { env });
    expect((await get(['--identity', sandbox.identityFile], { VAULTFILE_IDENTITY: stranger })).code).toBe(0);
    expect((await get(['--identity', stranger], {})).code).toBe(4);
    expect((await get([], { VAULTFILE_IDENTITY: stranger, VAULTFILE_KEY: mine })).code).toBe(4);
    expect((await get([], { VAULTFILE_KEY: strangerKey })).code).toBe(4);
    expect((await get([], { VAULTFILE_KEY: mine })).code).toBe(0);
  });
});
