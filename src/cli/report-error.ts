import { ExitCode, VaultfileError } from '../errors.js';

/** Prints an error once, the way the CLI always does, and returns the exit code. */
export function reportError(error: unknown, options: { verbose: boolean; json: boolean }): number {
  if (error instanceof VaultfileError) {
    if (options.json) {
      const body = { code: error.code, message: error.message, hint: error.hint, exitCode: error.exitCode };
      process.stderr.write(`${JSON.stringify({ error: body })}\n`);
    } else {
      process.stderr.write(`vaultfile: error: ${error.message} (${error.code})\n`);
      if (error.hint) process.stderr.write(`vaultfile: hint: ${error.hint}\n`);
      if (options.verbose && error.detail) process.stderr.write(`vaultfile: detail: ${error.detail}\n`);
      if (options.verbose && error.cause instanceof Error) process.stderr.write(`vaultfile: cause: ${error.cause.message}\n`);
    }
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (options.json) {
    process.stderr.write(`${JSON.stringify({ error: { code: 'INTERNAL', message, exitCode: ExitCode.finding } })}\n`);
  } else {
    process.stderr.write(`vaultfile: error: unexpected failure: ${message} (INTERNAL)\n`);
    if (options.verbose && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    else process.stderr.write('vaultfile: hint: run again with --verbose for details, and report it if it persists\n');
  }
  return ExitCode.finding;
}
