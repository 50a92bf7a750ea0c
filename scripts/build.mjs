// Bundles the CLI and the library with esbuild. Bundling is what keeps a cold
// `vaultfile get` fast: one parse of a few files instead of resolving hundreds
// of modules. Chunks are split so `get` never loads yargs or the init/doctor code.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

await build({
  entryPoints: { cli: 'src/cli/main.ts', index: 'src/index.ts', 'scan-worker': 'src/scan/scan-worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  chunkNames: 'chunks/[name]-[hash]',
  // Shared code lives in dist/chunks/, so the scan worker entry is one folder up from the code that starts it.
  define: { VAULTFILE_VERSION: JSON.stringify(version), VAULTFILE_SCAN_WORKER: JSON.stringify('../scan-worker.js') },
  // Some dependencies are CommonJS and call require() for Node built-ins.
  banner: { js: "import { createRequire as __vaultfileRequire } from 'node:module'; const require = __vaultfileRequire(import.meta.url);" },
  // yaml's "node" export is CommonJS; its ESM build (the "default" export) is the same code and bundles cleanly.
  alias: { yaml: './node_modules/yaml/browser/index.js' },
  logLevel: 'warning',
});

// The CLI entry needs a shebang; esbuild's banner applies to every chunk, so prepend it here.
const cli = new URL('../dist/cli.js', import.meta.url);
const { writeFileSync, chmodSync } = await import('node:fs');
writeFileSync(cli, `#!/usr/bin/env node\n${readFileSync(cli, 'utf8')}`);
chmodSync(cli, 0o755);

execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '--emitDeclarationOnly', '-p', '.'], { stdio: 'inherit' });
