import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchError } from './bench-error.mjs';
import { runProcess } from './processes.mjs';

/** What the run step compares against; installed at bench time, never a dependency of vaultfile. */
export const DOTENVX_PACKAGE = '@dotenvx/dotenvx';

/**
 * Installs dotenvx into `folder` with npm (the user's npm config and cache, so
 * a registry mirror or proxy applies) and returns its CLI script and version.
 */
export async function installDotenvx(folder) {
  await runProcess(['npm', 'install', '--prefix', folder, '--no-audit', '--no-fund', '--loglevel=error', DOTENVX_PACKAGE], {
    env: process.env,
    what: `npm install ${DOTENVX_PACKAGE}`,
  });
  const packageFolder = join(folder, 'node_modules', ...DOTENVX_PACKAGE.split('/'));
  const manifest = JSON.parse(readFileSync(join(packageFolder, 'package.json'), 'utf8'));
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.dotenvx;
  if (bin === undefined) throw new BenchError(`${DOTENVX_PACKAGE} ${manifest.version} has no dotenvx bin entry`);
  return { cli: join(packageFolder, bin), version: manifest.version };
}

/** Writes NAME=value lines (plain values only: letters and digits) for dotenvx to encrypt in place. */
export function writePlainEnvFile(file, names, values) {
  writeFileSync(file, names.map((name, index) => `${name}=${values[index]}\n`).join(''), { mode: 0o600 });
}
