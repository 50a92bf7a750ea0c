// Bundles the CLI and the library with esbuild. Bundling is what keeps a cold
// `vaultfile get` fast: one parse of a few files instead of resolving hundreds
// of modules. Two builds:
//
// - ES modules, code-split (dist/cli.js, dist/index.js, dist/chunks/): the
//   library and every command. Chunks are split so `get` never loads yargs or
//   the init/doctor code.
// - CommonJS, one file each (dist/bin.cjs, dist/scan.cjs, dist/scan-worker.cjs):
//   the executable and the scanner, which the pre-commit hook runs on every
//   commit. Node starts a CommonJS file about 15 ms sooner than an ES module.
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { esbuildWat } from './wat.mjs';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: true,
  // yaml's "node" export is CommonJS; its ESM build (the "default" export) is the same code and bundles cleanly.
  alias: { yaml: './node_modules/yaml/browser/index.js' },
  // The scanner's WebAssembly is assembled from its text at build time.
  plugins: [esbuildWat],
  logLevel: 'warning',
};

// The scan's needle filter tables, filled once here and carried by the bundles (PrebuiltTables in
// src/scan/needle-filter.ts): each scan thread would otherwise fill them again, in loops hot enough for V8's
// optimising compiler. A filter whose needles differ (rules disabled in .secretsrc) fills its own.
const tablesGenerator = await build({
  ...shared,
  stdin: { contents: "export { scanNeedleTables } from './src/scan/detectors.ts';", resolveDir: fileURLToPath(new URL('..', import.meta.url)), loader: 'ts' },
  format: 'esm',
  write: false,
});
const { scanNeedleTables } = await import(`data:text/javascript;base64,${Buffer.from(tablesGenerator.outputFiles[0].text).toString('base64')}`);
const needleTables = JSON.stringify(scanNeedleTables());

await build({
  ...shared,
  entryPoints: { cli: 'src/cli/main.ts', index: 'src/index.ts' },
  outdir: 'dist',
  splitting: true,
  format: 'esm',
  chunkNames: 'chunks/[name]-[hash]',
  // Shared code lives in dist/chunks/, one folder below the scan worker.
  define: { VAULTFILE_VERSION: JSON.stringify(version), VAULTFILE_SCAN_WORKER: JSON.stringify('../scan-worker.cjs'), VAULTFILE_NEEDLE_TABLES: needleTables },
  // Some dependencies are CommonJS and call require() for Node built-ins.
  banner: { js: "import { createRequire as __vaultfileRequire } from 'node:module'; const require = __vaultfileRequire(import.meta.url);" },
});

/**
 * In the CommonJS scanner, the vault detector is the ES module library's: the vault code loads only when there
 * is a vault, through dist/load-vault-detector.cjs (written below), since the scanner itself runs from V8's code
 * cache, where an import() of its own would find no loader.
 */
const vaultDetectorFromLibrary = {
  name: 'vault-detector-from-library',
  setup(builder) {
    builder.onResolve({ filter: /\/load-vault-detector\.js$/ }, () => ({ path: './load-vault-detector.cjs', external: true }));
  },
};

const commonJs = { ...shared, outdir: 'dist', outExtension: { '.js': '.cjs' }, format: 'cjs' };

// The launcher imports nothing of its own: no banner, so every command's start skips it.
await build({ ...commonJs, entryPoints: { bin: 'src/cli/bin.ts' }, external: ['./cli.js'] });

await build({
  ...commonJs,
  entryPoints: { scan: 'src/cli/scan-main.ts', 'scan-worker': 'src/scan/scan-worker.ts' },
  define: {
    VAULTFILE_VERSION: JSON.stringify(version),
    VAULTFILE_SCAN_WORKER: JSON.stringify('./scan-worker.cjs'),
    VAULTFILE_NEEDLE_TABLES: needleTables,
    'import.meta.url': '__vaultfileModule.url',
  },
  // import.meta.url, worked out when first asked for: a scan worker would otherwise load node:url (about 3 ms) for nothing.
  banner: { js: "const __vaultfileModule = { get url() { return require('node:url').pathToFileURL(__filename).href; } };" },
  plugins: [...shared.plugins, vaultDetectorFromLibrary],
});

writeFileSync(
  new URL('../dist/load-vault-detector.cjs', import.meta.url),
  "'use strict';\n// The scan bundle's way to the vault detector of the ES module library (src/scan/load-vault-detector.ts).\nexports.loadVaultDetector = () => import('./index.js');\n",
);

// V8's code cache for dist/scan.cjs, which bin.cjs compiles from (runScanBundle in src/cli/bin.ts). A child
// process compiles the bundle the same way, scans this repository's src/ with it on one thread (a second thread
// would change V8's flags, and V8 refuses a cache made under other flags), and saves the bytecode of every
// function that scan compiled. The cache is this Node's: another version's V8 refuses it, and then the bundle
// compiles as usual.
const SCAN_CODE_CACHE = `
const { readFileSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { dirname } = require('node:path');
const { Script } = require('node:vm');
const [file, folder] = process.argv.slice(1);
const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file });
process.on('exit', () => writeFileSync(file + '.cache', script.createCachedData()));
const module = { exports: {} };
script.runInThisContext().call(module.exports, module.exports, Module.createRequire(file), module, file, dirname(file));
module.exports.runScan([folder, '--no-vault', '--no-baseline']);
`;
const scanBundle = fileURLToPath(new URL('../dist/scan.cjs', import.meta.url));
const { VAULTFILE_SCAN_THREADS: _threads, ...environment } = process.env;
spawnSync(process.execPath, ['-e', SCAN_CODE_CACHE, scanBundle, fileURLToPath(new URL('../src', import.meta.url))], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...environment, VAULTFILE_SCAN_THREADS: '1' },
});
if (!existsSync(`${scanBundle}.cache`)) throw new Error('the scan bundle\'s code cache was not written');

// The executables need a shebang; esbuild's banner applies to every chunk, so prepend it here.
for (const name of ['bin.cjs', 'cli.js']) {
  const file = new URL(`../dist/${name}`, import.meta.url);
  writeFileSync(file, `#!/usr/bin/env node\n${readFileSync(file, 'utf8')}`);
  chmodSync(file, 0o755);
}

execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '--emitDeclarationOnly', '-p', '.'], { stdio: 'inherit' });
