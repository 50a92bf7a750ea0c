import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

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
 * Atomically replaces many files at once (temp file, fsync, rename each, with
 * `concurrency` in flight), then fsyncs each folder once. For bulk rewrites
 * such as re-encrypting a whole group, where one fsync'd write after another
 * would take most of the time.
 */
export async function writeFilesAtomic(files: { file: string; contents: string }[], concurrency = 16): Promise<void> {
  const { open, rename, unlink } = await import('node:fs/promises');
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const { file, contents } = files[next++]!;
      const temp = join(dirname(file), `${TEMP_FILE_PREFIX}${basename(file)}-${process.pid}-${randomBytes(4).toString('hex')}`);
      const handle = await open(temp, 'wx', 0o644);
      try {
        await handle.writeFile(contents);
        await handle.datasync();
      } catch (error) {
        await handle.close();
        await unlink(temp);
        throw error;
      }
      await handle.close();
      await rename(temp, file);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  for (const folder of new Set(files.map(({ file }) => dirname(file)))) syncFolder(folder);
}
