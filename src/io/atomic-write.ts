import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, renameSync, rmSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';

/** Prefix of every temporary file vaultfile writes; listings skip these. */
export const TEMP_FILE_PREFIX = '.vaultfile-tmp-';

/** How writeFileAtomic creates the file. */
export interface AtomicWriteOptions {
  /** Permission bits of the new file (default 0644). */
  mode?: number;
  /** Fail with EEXIST instead of replacing an existing file. */
  exclusive?: boolean;
}

/**
 * Replaces `file` with `contents` so that a crash at any instant leaves either
 * the old file or the new one: write a temporary file in the same folder,
 * fsync it, rename it over the target (or link it, when exclusive), fsync the
 * folder.
 */
export function writeFileAtomic(file: string, contents: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const mode = options.mode ?? 0o644;
  const folder = dirname(file);
  const temp = join(folder, `${TEMP_FILE_PREFIX}${basename(file)}-${process.pid}-${randomBytes(4).toString('hex')}`);
  const descriptor = openSync(temp, 'wx', mode);
  try {
    const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
    let written = 0;
    while (written < bytes.length) written += writeSync(descriptor, bytes, written, bytes.length - written);
    fsyncSync(descriptor);
  } catch (error) {
    closeSync(descriptor);
    unlinkSync(temp);
    throw error;
  }
  closeSync(descriptor);
  try {
    if (options.exclusive) {
      linkSync(temp, file);
      unlinkSync(temp);
    } else {
      renameSync(temp, file);
    }
  } catch (error) {
    unlinkSync(temp);
    throw error;
  }
  syncFolder(folder);
}

/** Makes a rename or unlink in `folder` durable. */
export function syncFolder(folder: string): void {
  let descriptor: number;
  try {
    descriptor = openSync(folder, 'r');
  } catch {
    return; // platforms that cannot open folders (Windows) have nothing to sync
  }
  try {
    fsyncSync(descriptor);
  } catch {
    // some file systems refuse fsync on a folder; the rename is still atomic
  } finally {
    closeSync(descriptor);
  }
}

/**
 * Atomically replaces many files, for bulk rewrites such as re-encrypting a
 * whole group. Each file still goes temp-then-rename, but instead of one fsync
 * per file (most of the time on a real disk) the temp files are flushed with
 * one syncfs of their file system (`sync -f`), with an fsync per file only
 * where that is not available; then the renames, and one fsync per folder.
 * Plain synchronous calls: measured here, parallel async writes of many small
 * files cost several times the CPU for no gain in wall time.
 */
export class AtomicBatchWriter {
  private readonly batch = `${process.pid}-${randomBytes(4).toString('hex')}`;
  private readonly entries: { file: string; temp: string }[] = [];

  /** Writes `contents` for `file` to a temp file beside it. */
  add(file: string, contents: string): void {
    const temp = join(dirname(file), `${TEMP_FILE_PREFIX}${basename(file)}-${this.batch}-${this.entries.length}`);
    writeFileSync(temp, contents, { flag: 'wx', mode: 0o644 });
    this.entries.push({ file, temp });
  }

  /** Flushes every temp file, renames each into place, makes the renames durable; returns the files. */
  commit(): string[] {
    if (this.entries.length === 0) return [];
    if (!syncFileSystem(dirname(this.entries[0]!.temp))) {
      for (const { temp } of this.entries) {
        const descriptor = openSync(temp, 'r+');
        try {
          fsyncSync(descriptor);
        } finally {
          closeSync(descriptor);
        }
      }
    }
    for (const { temp, file } of this.entries) renameSync(temp, file);
    for (const folder of new Set(this.entries.map(({ file }) => dirname(file)))) syncFolder(folder);
    return this.entries.map(({ file }) => file);
  }

  /** Removes the temp files written so far. */
  abandon(): void {
    for (const { temp } of this.entries) rmSync(temp, { force: true });
  }
}

/** Flushes the whole file system holding `path` (syncfs through coreutils `sync -f`); false when that is not available. */
function syncFileSystem(path: string): boolean {
  if (process.platform !== 'linux') return false;
  const result = spawnSync('sync', ['--file-system', path], { stdio: 'ignore' });
  return result.status === 0;
}
