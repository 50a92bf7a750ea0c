// `vaultfile scan` on its own (dist/scan.cjs, run by bin.cjs): the same
// command as through cli.js, bundled without the rest of the CLI.
import type { Worker } from 'node:worker_threads';
import { handOverScanWorkers } from '../scan/threads.js';
import { parseFast } from './command.js';
import scan from './commands/scan.js';
import { finish } from './finish.js';

/** Runs `vaultfile scan` with the arguments after `scan`; `workers`: scan workers started ahead (see bin.ts). */
export function runScan(argv: string[], workers: Worker[] = []): void {
  handOverScanWorkers(workers);
  finish(
    Promise.resolve().then(() => scan.run(parseFast(scan, argv))),
    argv,
  );
}
