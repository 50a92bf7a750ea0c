import { reportError } from './report-error.js';

/** Sets the exit code from a command's outcome: its own, or the error's (printed once). */
export function finish(work: Promise<unknown>, argv: readonly string[]): void {
  work.then(
    () => {
      process.exitCode ??= 0; // a command may have set its own (scan: 1 for findings)
    },
    (error: unknown) => {
      process.exitCode = reportError(error, { verbose: argv.includes('--verbose'), json: argv.includes('--json') });
    },
  );
}
