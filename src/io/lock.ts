import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { isSystemError, VaultfileError } from '../errors.js';

/** What a lock file records about its holder. */
interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

const POLL_MIN_MS = 10;
const POLL_MAX_MS = 100;
// A lock file still empty after this long was left by a holder that died
// between creating it and writing its owner.
const EMPTY_LOCK_GRACE_MS = 2000;

/**
 * Runs `work` while holding an exclusive lock file. A lock whose holder has
 * died (same host, process gone) is broken automatically; a live lock held
 * longer than `timeoutMs` gives LOCK_TIMEOUT naming the holder.
 */
export async function withLock<T>(lockFile: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  const token = await acquireLock(lockFile, timeoutMs);
  try {
    return await work();
  } finally {
    releaseLock(lockFile, token);
  }
}

async function acquireLock(lockFile: string, timeoutMs: number): Promise<string> {
  const token = JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString(), nonce: randomBytes(8).toString('hex') });
  const deadline = Date.now() + timeoutMs;
  let pause = POLL_MIN_MS;
  for (;;) {
    try {
      const descriptor = openSync(lockFile, 'wx', 0o644);
      try {
        writeSync(descriptor, token);
      } finally {
        closeSync(descriptor);
      }
      return token;
    } catch (error) {
      if (!isSystemError(error, 'EEXIST')) throw error;
    }
    const held = readLock(lockFile);
    if (held !== null && isAbandoned(held, lockFile)) {
      breakLock(lockFile, held.text);
      continue;
    }
    if (Date.now() >= deadline) {
      const who = held?.owner ? `process ${held.owner.pid} on ${held.owner.host} since ${held.owner.since}` : 'another process';
      throw new VaultfileError('LOCK_TIMEOUT', `the vault is locked by ${who}; gave up after ${Math.round(timeoutMs / 1000)} s`, {
        hint: `wait for it to finish; if that process is gone for good, remove ${lockFile}`,
      });
    }
    await sleep(pause + Math.random() * pause);
    pause = Math.min(pause * 2, POLL_MAX_MS);
  }
}

function readLock(lockFile: string): { text: string; owner: LockOwner | null } | null {
  let text: string;
  try {
    text = readFileSync(lockFile, 'utf8');
  } catch (error) {
    if (isSystemError(error, 'ENOENT')) return null;
    throw error;
  }
  try {
    const owner = JSON.parse(text) as LockOwner;
    return { text, owner: Number.isInteger(owner.pid) && typeof owner.host === 'string' ? owner : null };
  } catch {
    // A holder that died between creating and writing the file leaves it empty.
    return { text, owner: null };
  }
}

function isAbandoned({ text, owner }: { text: string; owner: LockOwner | null }, lockFile: string): boolean {
  if (owner === null) {
    const stat = statSync(lockFile, { throwIfNoEntry: false });
    return text === '' && stat !== undefined && Date.now() - stat.mtimeMs > EMPTY_LOCK_GRACE_MS;
  }
  if (owner.host !== hostname()) return false; // cannot see processes on other hosts
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return isSystemError(error, 'ESRCH');
  }
}

/**
 * Removes an abandoned lock without removing a fresh one that another process
 * took in the meantime: move it aside atomically, and put it back if what was
 * moved is not the abandoned lock after all.
 */
function breakLock(lockFile: string, abandonedText: string): void {
  const aside = `${lockFile}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(lockFile, aside);
  } catch (error) {
    if (isSystemError(error, 'ENOENT')) return;
    throw error;
  }
  if (readFileSync(aside, 'utf8') === abandonedText) {
    unlinkSync(aside);
    return;
  }
  try {
    linkSync(aside, lockFile);
  } catch (error) {
    if (!isSystemError(error, 'EEXIST')) throw error;
  } finally {
    unlinkSync(aside);
  }
}

function releaseLock(lockFile: string, token: string): void {
  try {
    if (readFileSync(lockFile, 'utf8') === token) unlinkSync(lockFile);
  } catch (error) {
    if (!isSystemError(error, 'ENOENT')) throw error;
  }
}
