// How a work-tree scan reads files (one reused buffer, no stat) and how many
// threads it takes by default.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wantsBaselineCompiler } from '../../src/scan/parallel.js';
import { mayScanWorkTree, scanThreads } from '../../src/scan/threads.js';
import { WorkTreeReader, type SkipCounts } from '../../src/scan/files.js';
import { REPO, runNode, tempFolder } from '../support.js';

describe('WorkTreeReader', () => {
  const MIB = 1024 * 1024;

  function reader(maxBytes: number): { root: string; read: (path: string) => Buffer | null; skipped: SkipCounts } {
    const root = tempFolder();
    const skipped = { binary: 0, tooLarge: 0 };
    const files = new WorkTreeReader(root, maxBytes, skipped);
    // A copy: the reader's buffer is reused by the next read.
    const read = (path: string): Buffer | null => {
      const bytes = files.read(path);
      return bytes === null ? null : Buffer.from(bytes);
    };
    return { root, skipped, read };
  }

  it('reads files of every size up to the limit whole, one after another, and skips larger ones', () => {
    const { root, read, skipped } = reader(3 * MIB);
    // Around the first buffer's size (1 MiB), and around the limit.
    const sizes = [0, 1, MIB - 1, MIB, MIB + 1, 2 * MIB + 7, 3 * MIB, 3 * MIB + 1, 5];
    sizes.forEach((size, index) => writeFileSync(join(root, `f${index}`), Buffer.alloc(size, 0x61 + (index % 26))));
    sizes.forEach((size, index) => {
      const bytes = read(`f${index}`);
      if (size > 3 * MIB) expect(bytes).toBeNull();
      // Buffer.equals, not toEqual: comparing megabytes element by element takes the test runner a minute.
      else expect(bytes?.equals(Buffer.alloc(size, 0x61 + (index % 26))), `f${index}, ${size} bytes`).toBe(true);
    });
    expect(skipped).toEqual({ binary: 0, tooLarge: 1 });
  });

  it('skips binary files, folders and files that are gone, counting only the binary ones', () => {
    const { root, read, skipped } = reader(MIB);
    writeFileSync(join(root, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]));
    mkdirSync(join(root, 'folder'));
    expect(read('image.png')).toBeNull();
    expect(read('folder')).toBeNull();
    expect(read('gone.txt')).toBeNull();
    expect(skipped).toEqual({ binary: 1, tooLarge: 0 });
  });
});

describe('scan threads', () => {
  it('are one per core, up to four, unless VAULTFILE_SCAN_THREADS says otherwise', () => {
    expect([1, 2, 3, 8, 64].map((cores) => scanThreads({}, cores))).toEqual([1, 2, 3, 4, 4]);
    expect(scanThreads({ VAULTFILE_SCAN_THREADS: '3' }, 2)).toBe(3);
    expect(scanThreads({ VAULTFILE_SCAN_THREADS: '0' }, 8)).toBe(4);
    expect(scanThreads({ VAULTFILE_SCAN_THREADS: 'many' }, 8)).toBe(4);
  });

  it('are started ahead by the command line only for what may be a work-tree scan, never for the pre-commit hook', () => {
    expect(mayScanWorkTree([])).toBe(true);
    expect(mayScanWorkTree(['src', 'docs', '--format', 'json', '--no-vault'])).toBe(true);
    for (const args of [['--staged'], ['--diff', 'main..HEAD'], ['--diff=main..HEAD'], ['--history', '--ref', 'main'], ['-', '--stdin-name', 'log']]) {
      expect(mayScanWorkTree(args)).toBe(false);
    }
  });

  it('keep V8 to its baseline compiler only when they leave it no core', () => {
    expect(wantsBaselineCompiler(1, 1)).toBe(false); // one thread: the scan is small or asked to be
    expect(wantsBaselineCompiler(2, 2)).toBe(true);
    expect(wantsBaselineCompiler(3, 2)).toBe(true);
    expect(wantsBaselineCompiler(4, 8)).toBe(false);
  });

  it('keep V8 to its baseline compiler from when a worker takes a task that asks for it', async () => {
    const optimised = async (baselineCompiler: boolean): Promise<string[]> => {
      const probe = join(REPO, 'test', 'scan', 'worker-task-probe.cjs');
      const result = await runNode(['--trace-opt', probe, join(REPO, 'dist', 'scan-worker.cjs'), String(baselineCompiler)], { cwd: REPO, env: process.env });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('scanned 0 file(s)');
      return result.stdout.split('\n').filter((line) => line.startsWith('[completed optimizing'));
    };
    expect(await optimised(true)).toEqual([]);
    // The probe sees the optimising compiler: a task that does not ask leaves it on.
    expect((await optimised(false)).length).toBeGreaterThan(0);
  });
});
