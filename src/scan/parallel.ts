/**
 * Scanning many files on every core. The main thread and its workers take
 * files from one shared counter (an `Atomics.add` per file), so a thread that
 * draws large files simply takes fewer, and nobody waits on a fixed split.
 * The main thread scans too: a small job is done before a worker has even
 * started, and that worker is then stopped unused.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { EnvironmentVariable } from '../environment.js';
import { countScanned, detectorsFor, prepareVaultDetector } from './scanner.js';
import { WorkTreeReader, type SkipCounts } from './sources.js';
import type { Finding } from './types.js';
import type { VaultValueIndex } from './vault-values.js';

/** Everything a thread needs to scan its share of the files; structured-clonable. */
export interface FileScanJob {
  root: string;
  files: string[];
  /** 1 where `.secretsignore` covers the file: only vault values are looked for in it. */
  ignored: Uint8Array;
  maxBytes: number;
  disabledRules: string[];
  runGeneric: boolean;
  vaultIndex?: VaultValueIndex;
}

/** What one thread saw and found. */
export interface FileScanResult {
  findings: Finding[];
  files: number;
  bytes: number;
  ignored: number;
  skipped: SkipCounts;
  /** Threads that scanned at least one file (the main thread always counts). */
  threads: number;
}

// Slot 0: the next file to claim. Slot 1: how many times a worker has tried to claim one.
const NEXT_FILE = 0;
const WORKER_CLAIMS = 1;

/** Below this many files one thread is quicker than starting another. */
export const PARALLEL_MIN_FILES = 64;

/**
 * Threads to scan with: VAULTFILE_SCAN_THREADS, else one per core but one, up
 * to four. The core left over is V8's: its compiler and garbage collector run
 * on threads of their own, and on two cores a second scan thread made a scan
 * slower, not faster.
 */
export function scanThreads(environment: NodeJS.ProcessEnv = process.env, cores = availableParallelism()): number {
  const given = Number.parseInt(environment[EnvironmentVariable.scanThreads] ?? '', 10);
  if (Number.isInteger(given) && given >= 1) return Math.min(given, 16);
  return Math.max(1, Math.min(cores - 1, 4));
}

declare const VAULTFILE_SCAN_WORKER: string | undefined;

/** The worker script, when running from the bundle (tests of the sources scan on one thread). */
function workerScript(): URL | undefined {
  return typeof VAULTFILE_SCAN_WORKER === 'string' ? new URL(VAULTFILE_SCAN_WORKER, import.meta.url) : undefined;
}

/** Scans `job.files` with up to `threads` threads; the results of all threads, merged. */
export async function scanFiles(job: FileScanJob, threads: number): Promise<FileScanResult> {
  const script = workerScript();
  const workerCount = script === undefined || job.files.length < PARALLEL_MIN_FILES ? 0 : Math.min(threads - 1, Math.ceil(job.files.length / PARALLEL_MIN_FILES));
  const shared = new Int32Array(new SharedArrayBuffer(8));
  const workers = Array.from({ length: workerCount }, () => startWorker(script!, job, shared));
  const own = scanClaimedFiles(job, shared, false);
  // Every file is claimed now. A worker that never tried to claim one never will: stop it instead of waiting for it to start.
  if (Atomics.load(shared, WORKER_CLAIMS) === 0) {
    for (const { result } of workers) result.catch(() => undefined); // a stopped worker's result rejects; nobody waits for it
    await Promise.all(workers.map(({ worker }) => worker.terminate()));
    return own;
  }
  const results = await Promise.all(workers.map(({ result }) => result));
  return results.reduce(mergeResults, own);
}

function startWorker(script: URL, job: FileScanJob, shared: Int32Array): { worker: Worker; result: Promise<FileScanResult> } {
  const worker = new Worker(script, { workerData: { job, shared } });
  const result = new Promise<FileScanResult>((resolve, reject) => {
    worker.once('message', (message: FileScanResult) => resolve(message));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`scan worker stopped with code ${code} before reporting`)));
  });
  return { worker, result };
}

/** Claims files from the shared counter until none are left, and scans each. */
export async function scanClaimedFilesInWorker(job: FileScanJob, shared: Int32Array): Promise<FileScanResult> {
  if (job.vaultIndex !== undefined) await prepareVaultDetector();
  return scanClaimedFiles(job, shared, true);
}

function scanClaimedFiles(job: FileScanJob, shared: Int32Array, isWorker: boolean): FileScanResult {
  const detect = detectorsFor(new Set(job.disabledRules), job.runGeneric, job.vaultIndex, true);
  const result: FileScanResult = { findings: [], files: 0, bytes: 0, ignored: 0, skipped: { binary: 0, tooLarge: 0 }, threads: 1 };
  const reader = new WorkTreeReader(job.root, job.maxBytes, result.skipped);
  let claimed = 0;
  for (;;) {
    // A worker announces its claim before making it, so the main thread never stops a worker holding a file.
    if (isWorker) Atomics.add(shared, WORKER_CLAIMS, 1);
    const index = Atomics.add(shared, NEXT_FILE, 1);
    if (index >= job.files.length) break;
    claimed++;
    const path = job.files[index]!;
    const bytes = reader.read(path);
    if (bytes === null) continue;
    const isIgnored = job.ignored[index] === 1;
    countScanned(result, bytes.length, isIgnored);
    result.findings.push(...detect.bytes({ path, bytes, origin: 'work tree' }, isIgnored));
  }
  if (isWorker && claimed === 0) result.threads = 0;
  return result;
}

function mergeResults(total: FileScanResult, part: FileScanResult): FileScanResult {
  return {
    findings: total.findings.concat(part.findings),
    files: total.files + part.files,
    bytes: total.bytes + part.bytes,
    ignored: total.ignored + part.ignored,
    skipped: { binary: total.skipped.binary + part.skipped.binary, tooLarge: total.skipped.tooLarge + part.skipped.tooLarge },
    threads: total.threads + part.threads,
  };
}
