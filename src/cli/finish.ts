import { reportError } from './report-error.js';

/** The arguments before `--`: after it, `run` passes everything to the command it starts. */
export function ownArguments(argv: readonly string[]): readonly string[] {
  const terminator = argv.indexOf('--');
  return terminator === -1 ? argv : argv.slice(0, terminator);
}

/** Sets the exit code from a command's outcome: its own, or the error's (printed once); settles when that is done. */
export function finish(work: Promise<unknown>, argv: readonly string[]): Promise<void> {
  return work.then(
    () => {
      process.exitCode ??= 0; // a command may have set its own (scan: 1 for findings)
    },
    (error: unknown) => {
      const own = ownArguments(argv);
      process.exitCode = reportError(error, { verbose: own.includes('--verbose'), json: own.includes('--json') });
    },
  );
}
