import { defineConfig } from 'vitest/config';
import { viteWat } from './scripts/wat.mjs';

export default defineConfig({
  // Sources import WebAssembly text as its bytes, as in the bundle.
  plugins: [viteWat],
  test: {
    include: ['test/**/*.test.ts'],
    // CLI tests start real processes and git; give them room on a slow machine.
    testTimeout: 60_000,
    // Most test time is spent waiting on child processes (git, the CLI, age), so more workers than cores pays.
    maxWorkers: 4,
    hookTimeout: 60_000,
    // The JSON report is what .ci/run reads to print "N passed, N failed".
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
  },
});
