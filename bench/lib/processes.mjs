import { spawn } from 'node:child_process';
import { BenchError } from './bench-error.mjs';

// Children are started asynchronously and in their own process group, so a
// Ctrl-C or `kill` of the bench can stop the one running child (and, for
// hyperfine, the command it is timing) before the sandbox is removed. With
// spawnSync the bench could not react until the child finished, and a child
// still writing secrets would recreate folders under a removed sandbox.
const running = new Set();
let stoppedBy;

/**
 * Runs argv to completion and resolves with its standard output (a Buffer;
 * empty when `inheritOutput` shows the output instead). A failure rejects with
 * the child's standard error, which for vaultfile, age and hyperfine never
 * holds a secret value. `input` is written to standard input; `okCodes` are
 * the exit codes that count as success (a scanner exits 1 when it finds something).
 */
export function runProcess(argv, { cwd, env, input = '', inheritOutput = false, okCodes = [0], what = argv.slice(0, 4).join(' ') } = {}) {
  if (stoppedBy !== undefined) return Promise.reject(stoppedError());
  return new Promise((resolve, reject) => {
    const output = inheritOutput ? 'inherit' : 'pipe';
    const stdout = [];
    const stderr = [];
    const child = startTracked(argv, { cwd, env, stdio: ['pipe', output, output], what, endsOn: 'close' }, reject, (code, signal) => {
      if (okCodes.includes(code)) return resolve(Buffer.concat(stdout));
      const message = Buffer.concat(stderr).toString('utf8').trim();
      reject(
        new BenchError(`${what} exited with ${code ?? signal}${message ? `:\n${message}` : ''}`, {
          hint: 'the sandbox is removed on exit; run the same steps by hand to investigate',
        }),
      );
    });
    child.stdout?.on('data', (chunk) => stdout.push(chunk));
    child.stderr?.on('data', (chunk) => stderr.push(chunk));
    // A command that never reads its input (node -e 0) may close the pipe first; that is fine.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

/**
 * Runs argv once with its output sent to /dev/null and resolves with its wall
 * time in milliseconds, from the spawn to the exit. An exit code outside
 * `okCodes` rejects (run it with runProcess first to see its message).
 */
export function timeProcess(argv, { cwd, env, okCodes = [0], what = argv.slice(0, 4).join(' ') } = {}) {
  if (stoppedBy !== undefined) return Promise.reject(stoppedError());
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    startTracked(argv, { cwd, env, stdio: 'ignore', what, endsOn: 'exit' }, reject, (code, signal) => {
      const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (okCodes.includes(code)) return resolve(elapsedMs);
      reject(new BenchError(`${what} exited with ${code ?? signal} while being timed`, { hint: 'it ran once successfully just before; suspect the machine (disk full, out of memory)' }));
    });
  });
}

/**
 * Starts argv in its own process group, known to stopRunningProcesses until it
 * ends. A failure to start rejects; once it ends (`endsOn`: 'exit', or 'close'
 * when its output is read), `ended(code, signal)` settles the caller's promise,
 * unless the bench is being stopped, which rejects.
 */
function startTracked(argv, { cwd, env, stdio, what, endsOn }, reject, ended) {
  const child = spawn(argv[0], argv.slice(1), { cwd, env, detached: true, stdio });
  running.add(child);
  child.on('error', (error) => {
    running.delete(child);
    reject(new BenchError(`${what}: could not run: ${error.message}`));
  });
  child.on(endsOn, (code, signal) => {
    running.delete(child);
    if (stoppedBy !== undefined) return reject(stoppedError());
    ended(code, signal);
  });
  return child;
}

/** After a signal: stops every running child's process group, and refuses to start new ones. */
export function stopRunningProcesses(signal) {
  stoppedBy = signal;
  for (const child of running) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

/** The signal that stopped the bench, if one did. */
export function stopSignal() {
  return stoppedBy;
}

function stoppedError() {
  return new BenchError(`stopped by ${stoppedBy}; the sandbox was removed`);
}
