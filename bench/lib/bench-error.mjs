/**
 * A failure the bench can explain. Printed as `bench: error: …` plus an
 * optional `bench: hint: …`, the way the CLI reports its own errors.
 */
export class BenchError extends Error {
  constructor(message, { hint } = {}) {
    super(message);
    this.name = 'BenchError';
    this.hint = hint;
  }
}

/** Prints an error in the bench's format and returns the exit code to use. */
export function reportBenchError(error) {
  if (error instanceof BenchError) {
    process.stderr.write(`bench: error: ${error.message}\n`);
    if (error.hint) process.stderr.write(`bench: hint: ${error.hint}\n`);
  } else {
    process.stderr.write(`bench: error: unexpected failure: ${error?.stack ?? error}\n`);
  }
  return 1;
}
