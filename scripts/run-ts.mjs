// Runs a TypeScript script from this repository: bundles it with esbuild into a
// temporary file and imports it. Used for generators such as make-vectors.ts.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { esbuildWat } from './wat.mjs';

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node scripts/run-ts.mjs SCRIPT.ts [ARGS…]');
  process.exit(2);
}
// Inside node_modules so the bundle's own imports (node built-ins only) and relative paths behave.
mkdirSync('node_modules/.cache', { recursive: true });
const folder = mkdtempSync(join('node_modules/.cache', 'vaultfile-run-'));
const outfile = join(folder, 'script.mjs');
try {
  await build({
    entryPoints: [resolve(script)],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    alias: { yaml: './node_modules/yaml/browser/index.js' },
    plugins: [esbuildWat],
    banner: { js: "import { createRequire as __runRequire } from 'node:module'; const require = __runRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  process.argv = [process.argv[0], resolve(script), ...args];
  await import(pathToFileURL(outfile).href);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
