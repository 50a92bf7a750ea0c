// Concurrent writers and writers killed mid-write: no lost update, no corrupt
// file, and a dead writer's lock is recovered by the next one.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { CLI, Sandbox } from '../support.js';

async function vaultSandbox(): Promise<Sandbox> {
  const sandbox = new Sandbox();
  sandbox.gitInit();
  await sandbox.ok(['init', '--name', 'alice']);
  return sandbox;
}

describe('concurrent writers', () => {
  it('N parallel sets of one path: every write lands as its own version, the file stays valid', async () => {
    const sandbox = await vaultSandbox();
    const writers = 8;
    const values = Array.from({ length: writers }, (_, index) => `value-${index}-${'x'.repeat(index * 100)}`);
    const results = await Promise.all(values.map((value) => sandbox.run(['set', 'shared/path', '--json'], { input: value })));
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const versions = results.map((result) => JSON.parse(result.stdout).version as number).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: writers }, (_, index) => index + 1));
    const final = JSON.parse((await sandbox.ok(['get', 'shared/path', '--json', '--include-metadata'])).stdout);
    expect(final.metadata.version).toBe(writers);
    const lastWriter = results.findIndex((result) => JSON.parse(result.stdout).version === writers);
    expect(final.value).toBe(values[lastWriter]);
  });

  it('N parallel sets of different paths: all values accounted for', async () => {
    const sandbox = await vaultSandbox();
    const paths = Array.from({ length: 8 }, (_, index) => `team-${index}/token`);
    const results = await Promise.all(paths.map((path) => sandbox.run(['set', path], { input: `token for ${path}` })));
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    for (const path of paths) expect((await sandbox.ok(['get', path])).stdout).toBe(`token for ${path}`);
    expect((await sandbox.ok(['list'])).stdout.trim().split('\n')).toEqual([...paths].sort());
    expect(JSON.parse((await sandbox.ok(['doctor', '--json'])).stdout).secrets.failed).toBe(0);
  });
});

describe('a writer killed mid-write', () => {
  it('leaves the old or the new value, never a broken file, and the next writer recovers the lock', async () => {
    const sandbox = await vaultSandbox();
    const big = (tag: string): string => `${tag}:${'v'.repeat(900_000)}`;
    await sandbox.ok(['set', 'bulk/blob'], { input: big('initial') });
    const seen = new Set<string>(['initial']);
    for (let attempt = 0; attempt < 12; attempt++) {
      const tag = `attempt-${attempt}`;
      const child = spawn(process.execPath, [CLI, 'set', 'bulk/blob'], { cwd: sandbox.work, env: sandbox.env, stdio: ['pipe', 'ignore', 'ignore'] });
      const closed = new Promise((resolve) => child.on('close', resolve));
      child.stdin.on('error', () => undefined);
      child.stdin.end(big(tag));
      await sleep(40 + attempt * 15);
      child.kill('SIGKILL');
      await closed;
      seen.add(tag);
      const value = (await sandbox.ok(['get', 'bulk/blob'])).stdout;
      const [storedTag, body] = value.split(':');
      expect(seen.has(storedTag!)).toBe(true);
      expect(body).toBe('v'.repeat(900_000));
    }
    // The kills above leave locks behind some of the time; writing again must work regardless.
    await sandbox.ok(['set', 'bulk/blob'], { input: big('after') });
    expect((await sandbox.ok(['get', 'bulk/blob'])).stdout.startsWith('after:')).toBe(true);
    const report = JSON.parse((await sandbox.ok(['doctor', '--json'])).stdout);
    expect(report.secrets).toMatchObject({ total: 1, verified: 1, failed: 0 });
  });
});

describe('a lock held by a live process', () => {
  it('makes a writer give up after lockTimeoutSeconds with LOCK_TIMEOUT (exit 1), naming the holder', async () => {
    const sandbox = await vaultSandbox();
    await sandbox.ok(['set', 'dev/a'], { input: 'before' });
    const config = join(sandbox.work, '.secretsrc');
    writeFileSync(config, `${readFileSync(config, 'utf8')}lockTimeoutSeconds: 1\n`);
    const lock = join(sandbox.work, 'secrets', '.lock');
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), since: '2026-01-01T00:00:00.000Z', nonce: 'test' }));
    const result = await sandbox.run(['set', 'dev/a'], { input: 'after' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`the vault is locked by process ${process.pid}`);
    expect(result.stderr).toContain('(LOCK_TIMEOUT)');
    expect(result.stderr).toContain(`remove ${lock}`);
    expect((await sandbox.ok(['get', 'dev/a'])).stdout).toBe('before');
  });
});
