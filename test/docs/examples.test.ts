// The examples in docs/examples/ run for real against a vault: Node.js (the
// library, resolved as the package itself), Python and shell (through a
// `vaultfile` on PATH), PowerShell where pwsh is installed.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, REPO, Sandbox } from '../support.js';

const EXAMPLES = join(REPO, 'docs', 'examples');
const VALUE = 'SecurePassword123!';
const available = (command: string, args: string[]): boolean => spawnSync(command, args).status === 0;
const hasPython = available('python3', ['--version']);
const hasPwsh = available('pwsh', ['-NoProfile', '-Command', 'exit 0']);

describe('docs/examples', () => {
  let sandbox: Sandbox;
  let env: Record<string, string>;
  const run = (command: string, args: string[]) => spawnSync(command, args, { cwd: sandbox.work, env, encoding: 'utf8' });

  beforeAll(async () => {
    sandbox = new Sandbox();
    await sandbox.ok(['init', '--name', 'alice']);
    await sandbox.ok(['set', 'prod/db/password'], { input: VALUE });
    await sandbox.ok(['set', 'prod/app/stripe/key'], { input: 'sk_test_FAKE' });
    await sandbox.ok(['set', 'prod/blob', '--from-file', '-'], { input: Buffer.from([0, 255, 10]) });
    // `vaultfile` on PATH, as an installed package provides it.
    const bin = join(sandbox.base, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'vaultfile'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} "$@"\n`);
    chmodSync(join(bin, 'vaultfile'), 0o755);
    env = { ...sandbox.env, PATH: `${bin}:${sandbox.env.PATH}` };
  });

  it('Node.js: reads a secret and a prefix through the library', () => {
    const one = run(process.execPath, [join(EXAMPLES, 'read-secret.mjs'), 'prod/db/password']);
    expect([one.status, one.stdout, one.stderr]).toEqual([0, VALUE, '']);
    const names = run(process.execPath, [join(EXAMPLES, 'read-secret.mjs'), '--prefix', 'prod/app']);
    expect(names.stdout).toBe('STRIPE_KEY\n');
    const missing = run(process.execPath, [join(EXAMPLES, 'read-secret.mjs'), 'prod/nope']);
    expect([missing.status, missing.stderr]).toEqual([3, 'vaultfile: no secret at "prod/nope" (NOT_FOUND); vaultfile list shows the secrets that exist\n']);
  });

  it.skipIf(!hasPython)('Python: reads text and binary values, and raises with the error code (skipped where python3 is not installed)', () => {
    const one = run('python3', [join(EXAMPLES, 'read_secret.py'), 'prod/db/password']);
    expect([one.status, one.stdout, one.stderr]).toEqual([0, VALUE, '']);
    const binary = spawnSync('python3', [join(EXAMPLES, 'read_secret.py'), 'prod/blob'], { cwd: sandbox.work, env });
    expect(binary.stdout.equals(Buffer.from([0, 255, 10]))).toBe(true);
    const missing = run('python3', [join(EXAMPLES, 'read_secret.py'), 'prod/nope']);
    expect([missing.status, missing.stderr]).toEqual([3, 'no secret at "prod/nope" (NOT_FOUND); vaultfile list shows the secrets that exist\n']);
  });

  it('shell: a value into a variable, and into a command\'s environment', () => {
    const result = run('sh', [join(EXAMPLES, 'read-secret.sh'), 'prod/db/password']);
    expect([result.status, result.stdout, result.stderr]).toEqual([0, `${VALUE.length} characters\n${VALUE}\n`, '']);
    const missing = run('sh', [join(EXAMPLES, 'read-secret.sh'), 'prod/nope']);
    expect(missing.status).toBe(3);
  });

  it.skipIf(!hasPwsh)('PowerShell: reads a secret and throws on errors (skipped where pwsh is not installed; Debian does not package it)', () => {
    const one = run('pwsh', ['-NoProfile', '-File', join(EXAMPLES, 'Read-Secret.ps1'), 'prod/db/password']);
    expect([one.status, one.stdout.trim()]).toEqual([0, VALUE]);
    const missing = run('pwsh', ['-NoProfile', '-File', join(EXAMPLES, 'Read-Secret.ps1'), 'prod/nope']);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr + missing.stdout).toContain('NOT_FOUND');
  });

  it('Terraform: the query main.tf declares gets one string per name, as the external data source sends it', async () => {
    await sandbox.ok(['set', 'prod/api/stripe-key'], { input: 'sk_test_FAKE2' });
    const hcl = readFileSync(join(EXAMPLES, 'terraform', 'main.tf'), 'utf8');
    const block = /^\s*query = \{\n([^}]*)\}/m.exec(hcl)![1]!;
    const query = Object.fromEntries([...block.matchAll(/^\s*(\w+)\s*=\s*"([^"]+)"/gm)].map((match) => [match[1], match[2]]));
    expect(Object.keys(query)).toEqual(['db_password', 'stripe_key']);
    expect(/program = \[(.*)\]/.exec(hcl)![1]).toBe('"vaultfile", "terraform"');
    const answered = spawnSync('vaultfile', ['terraform'], { cwd: sandbox.work, env, input: JSON.stringify(query), encoding: 'utf8' });
    expect(JSON.parse(answered.stdout)).toEqual({ db_password: VALUE, stripe_key: 'sk_test_FAKE2' });
  });
});
