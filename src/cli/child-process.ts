import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { VaultfileError } from '../errors.js';

/** Signals passed on to the command: a supervisor stopping `vaultfile run` means to stop the command. */
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** Signals this process dies of in turn when they killed the command; others become exit code 128 + n. */
const RAISED_SIGNALS = new Set<NodeJS.Signals>(['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGKILL']);

/**
 * Runs `argv` with `env` and the standard streams inherited, forwards
 * SIGINT, SIGTERM and SIGHUP to it, and ends this process the way the
 * command ended: with its exit code, or killed by the same signal (so a
 * shell sees an interrupted command as interrupted). Exit 127 when there is
 * no such command, 126 when it cannot be started, as `env` does.
 */
export function runCommand(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const [file, ...args] = argv as [string, ...string[]];
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: 'inherit' });
    const forward = (signal: NodeJS.Signals): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    const stopForwarding = (): void => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      stopForwarding();
      reject(startError(file, error));
    });
    child.once('exit', (code, signal) => {
      stopForwarding();
      if (signal === null) process.exitCode = code ?? 1;
      else endLike(signal);
      resolve();
    });
  });
}

function endLike(signal: NodeJS.Signals): void {
  process.exitCode = 128 + (constants.signals[signal] ?? 0);
  // If the signal is ignored here (nohup, a background job), the exit code above stands.
  if (RAISED_SIGNALS.has(signal)) process.kill(process.pid, signal);
}

function startError(file: string, error: NodeJS.ErrnoException): Error {
  if (error.code === 'ENOENT') {
    return new VaultfileError('COMMAND_NOT_FOUND', `cannot run ${JSON.stringify(file)}: no such command`, { hint: 'check the name and PATH; the command goes after --' });
  }
  if (error.code === 'EACCES' || error.code === 'ENOEXEC') {
    return new VaultfileError('COMMAND_NOT_EXECUTABLE', `cannot run ${JSON.stringify(file)}: ${error.code === 'EACCES' ? 'permission denied' : 'not an executable format'}`, {
      hint: 'make it executable (chmod +x) or run it through its interpreter, like -- sh script.sh',
    });
  }
  return error;
}
