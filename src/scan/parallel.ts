/**
 * Scanning many files on every core. The main thread and its workers take
 * files from one shared counter (an `Atomics.add` per file), so a thread that
 * draws large files simply takes fewer, and nobody waits on a fixed split.
 * A thread checks the path of each file it takes (forbidden names), then
 * reads and scans the file.
 * The main thread scans too: when it finishes before a worker has claimed
 * a file, that worker is stopped unused.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { countScanned, detectorsFor, prepareVaultDetector } from './detectors.js';
import { WorkTreeReader, type SkipCounts } from './files.js';
import { pathFindings } from './forbidden.js';
import { scanThreads, takeHandedOverWorkers } from './threads.js';
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
  /** The vault folder relative to the root, when there is a vault (for stray plaintext files). */
  vaultDir?: string;
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
 * Whether a scan with `threads` threads on `cores` cores should keep V8 to its
 * baseline compiler (see `ScanWorkers.run`): when no core is left for the
 * optimising compiler's own threads.
 */
export function wantsBaselineCompiler(threads: number, cores = availableParallelism()): boolean {
  return threads > 1 && threads >= cores;
}

declare const VAULTFILE_SCAN_WORKER: string | undefined;

/** The worker script, when running from the bundle (tests of the sources scan on one thread). */
function workerScript(): URL | undefined {
  return typeof VAULTFILE_SCAN_WORKER === 'string' ? new URL(VAULTFILE_SCAN_WORKER, import.meta.url) : undefined;
}

/** The workers a scan of `files` files on `threads` threads needs: none below PARALLEL_MIN_FILES. */
function workersFor(threads: number, files: number): number {
  return files < PARALLEL_MIN_FILES ? 0 : Math.min(threads - 1, Math.ceil(files / PARALLEL_MIN_FILES));
}

/**
 * Scan workers, started before their job is known: a worker takes 35 to 50
 * ms to boot, spent while the main thread lists the files, checks their
 * names and prepares the job.
 */
export class ScanWorkers {
  private constructor(private readonly workers: Worker[]) {}

  /**
   * Starts the workers a scan of `files` files needs (Infinity: not known
   * yet) on `scanThreads` threads, taking those handed over first; none when
   * not running from the bundle (tests of the sources scan on one thread).
   */
  static start(files: number): ScanWorkers {
    const script = workerScript();
    if (script === undefined) return new ScanWorkers([]);
    const wanted = workersFor(scanThreads(process.env, availableParallelism()), files);
    const workers = takeHandedOverWorkers(wanted);
    while (workers.length < wanted) workers.push(new Worker(script));
    return new ScanWorkers(workers);
  }

  /** Stops the workers a scan of `files` files does not need. */
  fitTo(files: number): this {
    for (const worker of this.workers.splice(workersFor(this.workers.length + 1, files))) void worker.terminate();
    return this;
  }

  /**
   * Scans `job.files` on this thread and the workers; the results of all
   * threads, merged.
   *
   * With `ownsProcess` (the command line, not a program using the library),
   * a scan on every core and without a vault keeps V8 to its baseline
   * compiler for the rest of the process. Each thread's optimising compiler
   * runs on background threads that then compete with the scan for the
   * cores, and it speeds up little of the scan: most of its time goes to
   * WebAssembly and system calls. On two cores, two threads took about a fifth
   * less time this way than one thread with the optimising compiler. With a
   * vault, every file is decoded and searched in JavaScript, which needs it.
   *
   * A worker sets the flag when its task reaches it (scan-worker.ts), not
   * this thread now. V8's flags are part of the key of its code caches, so a
   * flag changed while a worker is still booting makes V8 refuse the cache
   * Node compiles its own modules from, and the worker then took about 35 ms
   * longer to boot. Once the worker has booted and loaded its script, nothing
   * is compiled from a cache any more.
   */
  async run(job: FileScanJob, ownsProcess = false): Promise<FileScanResult> {
    const started = this.workers.splice(0);
    const baselineCompiler = ownsProcess && job.vaultIndex === undefined && wantsBaselineCompiler(started.length + 1);
    const shared = new Int32Array(new SharedArrayBuffer(8));
    const running = started.map((worker) => ({ worker, result: resultOf(worker, { job, shared, baselineCompiler }) }));
    const own = scanClaimedFiles(job, shared, false);
    // Every file is claimed now. A worker that never tried to claim one never will: stop it instead of waiting for it to start.
    if (Atomics.load(shared, WORKER_CLAIMS) === 0) {
      for (const { result } of running) result.catch(() => undefined); // a stopped worker's result rejects; nobody waits for it
      await Promise.all(running.map(({ worker }) => worker.terminate()));
      return own;
    }
    const results = await Promise.all(running.map(({ result }) => result));
    return results.reduce(mergeResults, own);
  }

  /** Stops the workers not given a job (when the scan failed before it ran). */
  async stop(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((worker) => worker.terminate()));
  }
}

/** What a worker is given: its job, the shared counters, and whether to keep V8 to its baseline compiler (see `ScanWorkers.run`). */
export interface WorkerTask {
  job: FileScanJob;
  shared: Int32Array;
  baselineCompiler: boolean;
}

/** Gives `worker` its task; what it found. */
function resultOf(worker: Worker, task: WorkerTask): Promise<FileScanResult> {
  const result = new Promise<FileScanResult>((resolve, reject) => {
    worker.once('message', (message: FileScanResult) => resolve(message));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`scan worker stopped with code ${code} before reporting`)));
  });
  worker.postMessage(task);
  return result;
}

/** In a worker: claims files from the shared counter until none are left, and scans each. */
export async function scanClaimedFilesInWorker(job: FileScanJob, shared: Int32Array): Promise<FileScanResult> {
  if (job.vaultIndex !== undefined) await prepareVaultDetector();
  return scanClaimedFiles(job, shared, true);
}

function scanClaimedFiles(job: FileScanJob, shared: Int32Array, isWorker: boolean): FileScanResult {
  const disabled = new Set(job.disabledRules);
  const detect = detectorsFor(disabled, job.runGeneric, job.vaultIndex, true);
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
    const isIgnored = job.ignored[index] === 1;
    if (!isIgnored) {
      const named = pathFindings(path, disabled, job.vaultDir);
      if (named.length > 0) result.findings.push(...named);
    }
    const bytes = reader.read(path);
    if (bytes === null) continue;
    countScanned(result, bytes.length, isIgnored);
    const found = detect.bytes({ path, bytes, origin: 'work tree' }, isIgnored);
    if (found.length > 0) result.findings.push(...found);
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
