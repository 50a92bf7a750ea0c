/**
 * How many threads a work-tree scan uses, and the hand-over of scan workers
 * the command line starts before the scan bundle has even loaded (bin.ts): a
 * worker takes 35 to 50 ms to boot, better spent while the main thread loads
 * the scanner and lists the files. Light on purpose: bin.cjs bundles it, so
 * it loads no module of its own.
 */
import type { Worker } from 'node:worker_threads';
import { EnvironmentVariable } from '../environment-variables.js';

/**
 * Threads to scan with on `cores` cores (os.availableParallelism(), which the
 * caller loads): VAULTFILE_SCAN_THREADS, else one per core, up to four.
 */
export function scanThreads(environment: NodeJS.ProcessEnv, cores: number): number {
  const given = Number.parseInt(environment[EnvironmentVariable.scanThreads] ?? '', 10);
  if (Number.isInteger(given) && given >= 1) return Math.min(given, 16);
  return Math.max(1, Math.min(cores, 4));
}

/**
 * Whether `vaultfile scan` with these arguments (after `scan`) may scan the
 * work tree, judged before they are parsed: `--staged`, `--diff`,
 * `--history` and `-` scan something else. A wrong guess costs time, never
 * a result: workers started for nothing are unreferenced and die with the
 * process, and a work-tree scan without them starts its own.
 */
export function mayScanWorkTree(args: readonly string[]): boolean {
  return !args.some((arg) => arg === '-' || arg.startsWith('--staged') || arg.startsWith('--diff') || arg.startsWith('--history'));
}

let handedOver: Worker[] = [];

/**
 * Gives scan workers started ahead to the next work-tree scan of this
 * process. They come unreferenced, so that a command that never scans a work
 * tree (a usage error, a guess gone wrong) exits without waiting for them.
 */
export function handOverScanWorkers(workers: Worker[]): void {
  handedOver = workers;
}

/** Up to `count` workers handed over, referenced again: a scan waits for each to report. */
export function takeHandedOverWorkers(count: number): Worker[] {
  const taken = handedOver.splice(0, count);
  for (const worker of taken) worker.ref();
  return taken;
}
