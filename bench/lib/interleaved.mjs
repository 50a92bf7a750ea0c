import { writeFileSync } from 'node:fs';
import { timeProcess } from './processes.mjs';
import { median } from './statistics.mjs';

/**
 * Measures `commands` ({ name, argv }) in rounds: each round runs every
 * command once, starting one command further along the list than the round
 * before. hyperfine runs all of one command's runs as a block (see
 * hyperfine.mjs), so a busy minute on a shared machine lands on whichever
 * command it lands on; in rounds it lands on all of them alike, and the
 * ratios between them hold. `warmup` rounds run first and are not counted.
 * Wall time from spawn to exit, output to /dev/null. Writes every time to
 * `exportFile`; returns per-command figures in milliseconds, shaped like
 * runHyperfine's.
 */
export async function runInterleaved({ commands, warmup, rounds, cwd, env, exportFile, okCodes = [0] }) {
  const times = commands.map(() => []);
  for (let round = 0; round < warmup + rounds; round++) {
    for (let step = 0; step < commands.length; step++) {
      const index = (round + step) % commands.length;
      const elapsedMs = await timeProcess(commands[index].argv, { cwd, env, okCodes, what: commands[index].name });
      if (round >= warmup) times[index].push(elapsedMs);
    }
  }
  writeFileSync(exportFile, `${JSON.stringify({ warmup, rounds, results: commands.map(({ name, argv }, index) => ({ name, command: argv.join(' '), timesMs: times[index] })) }, null, 2)}\n`);
  return Object.fromEntries(
    commands.map(({ name, argv }, index) => {
      const measured = times[index];
      const meanMs = measured.reduce((sum, value) => sum + value, 0) / measured.length;
      return [
        name,
        {
          command: argv.join(' '),
          medianMs: median(measured),
          meanMs,
          stddevMs: Math.sqrt(measured.reduce((sum, value) => sum + (value - meanMs) ** 2, 0) / Math.max(1, measured.length - 1)),
          minMs: Math.min(...measured),
          maxMs: Math.max(...measured),
          runs: measured.length,
        },
      ];
    }),
  );
}
