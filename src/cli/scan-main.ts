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
  void finish(
    Promise.resolve().then(() => scan.run(parseFast(scan, argv))),
    argv,
  ).then(exitOnceWritten);
}

/**
 * Ends the process as soon as the scan has finished and its report is
 * written, instead of letting Node take down its heap and the finished scan
 * workers in order first: about 8 ms of a full-tree scan here. Everything the
 * scan does is awaited by then, so the only thing left is output. Node writes
 * to files and terminals at once but to pipes asynchronously, so a report
 * larger than a pipe holds is still queued here; then the process ends the
 * usual way, once it is written.
 */
function exitOnceWritten(): void {
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit();
}
