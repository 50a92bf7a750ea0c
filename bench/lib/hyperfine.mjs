import { readFileSync } from 'node:fs';
import { BenchError } from './bench-error.mjs';
import { runProcess, stopSignal } from './processes.mjs';

/**
 * Measures `commands` ({ name, argv }) in ONE hyperfine invocation, so they run
 * back to back under the same machine conditions. hyperfine runs each command's
 * runs as a block, not interleaved (sharkdp/hyperfine#483); medians resist the
 * noise that leaves. `-N` (no shell) keeps a shell's startup out of every
 * figure; hyperfine sends the commands' output to /dev/null, so no secret value
 * reaches the terminal. `ignoreFailure` accepts non-zero exits (a scanner's
 * exit 1 for findings). Returns per-command figures in milliseconds.
 */
export async function runHyperfine({ commands, warmup, runs, cwd, env, exportFile, ignoreFailure = false }) {
  const args = ['-N', '--style', 'basic', '--warmup', String(warmup), '--runs', String(runs), '--export-json', exportFile];
  if (ignoreFailure) args.push('--ignore-failure'); // scanners exit 1 when they find something
  for (const { name } of commands) args.push('--command-name', name);
  for (const { argv } of commands) args.push(argv.map(shellQuote).join(' '));
  try {
    // Its progress and any error show on the terminal; the measured commands' own output goes to /dev/null.
    await runProcess(['hyperfine', ...args], { cwd, env, inheritOutput: true, what: 'hyperfine' });
  } catch (error) {
    if (stopSignal() !== undefined) throw error;
    throw new BenchError(`${error.message} (its own message is above)`, {
      hint: 'each command ran once successfully just before; suspect the machine (disk full, out of memory) or a changed vault',
    });
  }
  return readHyperfineExport(exportFile, commands);
}

/** hyperfine's JSON export (seconds) as { name: { medianMs, meanMs, … } }. */
function readHyperfineExport(exportFile, commands) {
  const exported = JSON.parse(readFileSync(exportFile, 'utf8'));
  const figures = {};
  exported.results.forEach((result, index) => {
    figures[commands[index].name] = {
      command: commands[index].argv.join(' '),
      medianMs: result.median * 1000,
      meanMs: result.mean * 1000,
      stddevMs: result.stddev * 1000,
      minMs: result.min * 1000,
      maxMs: result.max * 1000,
      runs: result.times.length,
    };
  });
  return figures;
}

// hyperfine -N splits a command line with POSIX shell-word rules; quote anything
// that is not plainly safe so temp paths with odd characters survive.
function shellQuote(word) {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
