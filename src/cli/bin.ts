// The `vaultfile` executable, built as CommonJS (dist/bin.cjs): Node starts a
// CommonJS file about 15 ms sooner than an ES module. The pre-commit hook's
// `scan` runs from a CommonJS bundle of its own (dist/scan.cjs), which reaches
// for the ES module library only when there is a vault to look for values of;
// every other command goes on to the ES module build of the CLI (dist/cli.js).
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Script as VmScript } from 'node:vm';
import type { Worker as ThreadWorker } from 'node:worker_threads';
import { mayScanWorkTree, scanThreads } from '../scan/threads.js';

const argv = process.argv.slice(2);
const ES_MODULE_CLI = './cli.js'; // a build output next to this file, not a source module
if (argv[0] === 'scan' && !argv.includes('--help') && !argv.includes('-h')) runScanBundle(argv.slice(1), startScanWorkersAhead(argv.slice(1)));
else void import(ES_MODULE_CLI);

/**
 * Scan workers for a work-tree scan, started before anything else so that
 * they boot while the scan bundle loads and lists the files (the scan stops
 * those it does not need). None for the pre-commit hook's `--staged`.
 */
function startScanWorkersAhead(args: readonly string[]): ThreadWorker[] {
  if (!mayScanWorkTree(args)) return [];
  const { availableParallelism } = require('node:os') as typeof import('node:os');
  const count = scanThreads(process.env, availableParallelism()) - 1;
  if (count <= 0) return [];
  const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
  return Array.from({ length: count }, () => {
    const worker = new Worker(join(__dirname, 'scan-worker.cjs'));
    worker.unref();
    return worker;
  });
}

/**
 * Runs dist/scan.cjs, compiled from V8's code cache when the build left one
 * (dist/scan.cjs.cache, see scripts/build.mjs): the bytecode of every function
 * a scan runs, so this process compiles almost nothing. V8 refuses a cache
 * from another version of itself, or made under other flags, and the bundle
 * then compiles as usual; without a cache it is required as usual. The
 * bundle holds no import() of its own: a script compiled from a cache has no
 * loader for one (it reaches the ES module library through
 * dist/load-vault-detector.cjs, a module of its own).
 */
function runScanBundle(args: string[], workers: ThreadWorker[]): void {
  const file = join(__dirname, 'scan.cjs');
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(`${file}.cache`);
  } catch {
    // no cache: an unbuilt checkout, or a package without it
  }
  let bundle: ScanBundle;
  if (cachedData === undefined) {
    bundle = require(file) as ScanBundle;
  } else {
    // node:vm only here: every other command starts without it.
    const { Script } = require('node:vm') as { Script: typeof VmScript };
    const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
    const module = { exports: {} as ScanBundle };
    script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, __dirname);
    bundle = module.exports;
  }
  bundle.runScan(args, workers);
}

/** What dist/scan.cjs exports (src/cli/scan-main.ts). */
interface ScanBundle {
  runScan(args: string[], workers: ThreadWorker[]): void;
}
