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
    const child = spawn(argv[0], argv.slice(1), { cwd, env, detached: true, stdio: ['pipe', output, output] });
    running.add(child);
    const stdout = [];
    const stderr = [];
    child.stdout?.on('data', (chunk) => stdout.push(chunk));
    child.stderr?.on('data', (chunk) => stderr.push(chunk));
    // A command that never reads its input (node -e 0) may close the pipe first; that is fine.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
    child.on('error', (error) => {
      running.delete(child);
      reject(new BenchError(`${what}: could not run: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      running.delete(child);
      if (stoppedBy !== undefined) return reject(stoppedError());
      if (okCodes.includes(code)) return resolve(Buffer.concat(stdout));
      const message = Buffer.concat(stderr).toString('utf8').trim();
      reject(
        new BenchError(`${what} exited with ${code ?? signal}${message ? `:\n${message}` : ''}`, {
          hint: 'the sandbox is removed on exit; run the same steps by hand to investigate',
        }),
      );
    });
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
    const child = spawn(argv[0], argv.slice(1), { cwd, env, detached: true, stdio: 'ignore' });
    running.add(child);
    child.on('error', (error) => {
      running.delete(child);
      reject(new BenchError(`${what}: could not run: ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
      running.delete(child);
      if (stoppedBy !== undefined) return reject(stoppedError());
      if (okCodes.includes(code)) return resolve(elapsedMs);
      reject(new BenchError(`${what} exited with ${code ?? signal} while being timed`, { hint: 'it ran once successfully just before; suspect the machine (disk full, out of memory)' }));
    });
  });
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
