import { spawnSync } from 'node:child_process';
import { readFileSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { VaultfileError } from '../../src/errors.js';
import { withLock } from '../../src/io/lock.js';
import { tempFolder } from '../support.js';

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function lockOwner(pid: number, host = hostname()): string {
  return JSON.stringify({ pid, host, since: '2026-01-01T00:00:00.000Z', nonce: 'x' });
}

describe('vault lock', () => {
  it('excludes other holders while held and removes itself afterwards', async () => {
    const lock = join(tempFolder(), '.lock');
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        withLock(lock, 5000, async () => {
          inside++;
          maxInside = Math.max(maxInside, inside);
          await sleep(10);
          inside--;
        }),
      ),
    );
    expect(maxInside).toBe(1);
    expect(existsSync(lock)).toBe(false);
  });

  it('returns what the work returns and releases the lock when the work throws', async () => {
    const lock = join(tempFolder(), '.lock');
    expect(await withLock(lock, 1000, async () => 42)).toBe(42);
    await expect(withLock(lock, 1000, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(existsSync(lock)).toBe(false);
  });

  it('recovers a lock whose holder died', async () => {
    const lock = join(tempFolder(), '.lock');
    writeFileSync(lock, lockOwner(deadPid()));
    const started = Date.now();
    expect(await withLock(lock, 5000, async () => 'ran')).toBe('ran');
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('recovers an empty lock file left by a holder that died before writing it', async () => {
    const lock = join(tempFolder(), '.lock');
    writeFileSync(lock, '');
    const past = new Date(Date.now() - 60_000);
    utimesSync(lock, past, past);
    expect(await withLock(lock, 5000, async () => 'ran')).toBe('ran');
  });

  it('gives LOCK_TIMEOUT naming the holder when a live process keeps the lock', async () => {
    const lock = join(tempFolder(), '.lock');
    writeFileSync(lock, lockOwner(process.pid));
    const error = await withLock(lock, 300, async () => 'ran').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(VaultfileError);
    expect((error as VaultfileError).code).toBe('LOCK_TIMEOUT');
    expect((error as VaultfileError).message).toContain(`process ${process.pid} on ${hostname()}`);
    expect((error as VaultfileError).hint).toContain(lock);
    expect(readFileSync(lock, 'utf8')).toBe(lockOwner(process.pid));
  });

  it('does not break a lock held on another host (it cannot see that process)', async () => {
    const lock = join(tempFolder(), '.lock');
    writeFileSync(lock, lockOwner(deadPid(), 'some-other-host.example'));
    const error = await withLock(lock, 200, async () => 'ran').catch((caught: unknown) => caught);
    expect((error as VaultfileError).code).toBe('LOCK_TIMEOUT');
  });
});
