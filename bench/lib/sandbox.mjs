import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BenchError } from './bench-error.mjs';

/**
 * Makes every Node start on the development machine 50 to 90 ms slower (Node
 * reads the CA bundle it names). vaultfile never makes TLS connections, so it
 * is the machine's cost, not vaultfile's: every measured Node command runs
 * with it unset.
 */
export const SLOW_START_VARIABLE = 'NODE_EXTRA_CA_CERTS';

const REQUIRED_TOOLS = [
  { name: 'hyperfine', hint: 'install it (apt-get install hyperfine, or cargo install hyperfine) and run the bench again' },
  { name: 'age', hint: 'install age 1.1 or later (apt-get install age) and run the bench again' },
  { name: 'age-keygen', hint: 'age-keygen ships with age (apt-get install age)' },
  { name: 'rg', hint: 'install ripgrep (apt-get install ripgrep), the scanner\'s speed reference, and run the bench again' },
];

/** The argv of a Node command measured without SLOW_START_VARIABLE, with the same Node that runs the bench. */
export function nodeCommand(...args) {
  return ['env', '-u', SLOW_START_VARIABLE, process.execPath, ...args];
}

/** Checks that every external tool is on PATH; returns their version strings for the results file. */
export function checkTools() {
  const versions = {};
  for (const { name, hint } of REQUIRED_TOOLS) {
    const result = spawnSync(name, ['--version'], { encoding: 'utf8' });
    if (result.error?.code === 'ENOENT') throw new BenchError(`${name} is not installed or not on PATH`, { hint });
    if (result.error || result.status !== 0) throw new BenchError(`"${name} --version" failed: ${result.error?.message ?? result.stderr.trim()}`, { hint });
    versions[name] = result.stdout.trim();
  }
  return versions;
}

/**
 * A throwaway folder with a private HOME, XDG_CONFIG_HOME and XDG_CACHE_HOME,
 * so the bench never reads or writes the user's identity or config cache.
 * The environment is built from scratch (PATH only is inherited) so stray
 * NODE_OPTIONS or VAULTFILE_* variables cannot skew or break a run.
 * `cli` and `library` point into a private copy of `distFolder`.
 */
export async function createSandbox({ distFolder }) {
  const root = mkdtempSync(join(tmpdir(), 'vaultfile-bench-'));
  try {
    const build = copyBuild(distFolder, join(root, 'vaultfile'));
    // Variable names come from the library, which keeps them in one place.
    const { EnvironmentVariable, defaultIdentityPath } = await import(pathToFileURL(build.library).href);
    const home = join(root, 'home');
    mkdirSync(home, { mode: 0o700 });
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      [EnvironmentVariable.xdgConfigHome]: join(home, '.config'),
      [EnvironmentVariable.xdgCacheHome]: join(home, '.cache'),
      USER: 'bench',
      LANG: 'C.UTF-8',
    };
    const identityFile = defaultIdentityPath(env);
    const memoryFolders = [];
    return {
      root,
      identityFile,
      ...build,
      /** For `init`: no identity variable, so the first init creates the identity at the default path. */
      env,
      /** For everything after init: the identity named explicitly, as a CI job would. */
      vaultEnv: { ...env, [EnvironmentVariable.identityFile]: identityFile },
      folder(name) {
        const folder = join(root, name);
        mkdirSync(folder, { recursive: true });
        return folder;
      },
      /**
       * A folder in memory (/dev/shm) when the machine has one, else `folder(name)`.
       * For a corpus read again and again: a machine that keeps little in its file
       * cache would otherwise measure its disk as much as the command.
       */
      memoryFolder(name) {
        try {
          const folder = mkdtempSync(join('/dev/shm', `vaultfile-bench-${name}-`));
          memoryFolders.push(folder);
          return folder;
        } catch {
          return this.folder(name);
        }
      },
      remove() {
        for (const folder of memoryFolders) rmSync(folder, { recursive: true, force: true });
        rmSync(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Copies the built CLI and library into `packageFolder`. Tests run `npm run
 * build` (which deletes dist/ first) in their pretest step; with a private
 * copy, another session's rebuild cannot pull files out from under a
 * measurement halfway through.
 */
function copyBuild(distFolder, packageFolder) {
  try {
    cpSync(distFolder, join(packageFolder, 'dist'), { recursive: true, filter: (source) => source !== join(distFolder, 'types') });
  } catch (error) {
    throw new BenchError(`could not copy ${distFolder}: ${error.message}`, { hint: 'was dist/ being rebuilt meanwhile? run the bench again' });
  }
  // dist/ is ESM; Node learns that from the nearest package.json, as it does in the repo.
  writeFileSync(join(packageFolder, 'package.json'), `${JSON.stringify({ type: 'module', private: true })}\n`);
  const build = { cli: join(packageFolder, 'dist', 'bin.cjs'), library: join(packageFolder, 'dist', 'index.js') };
  for (const file of Object.values(build)) {
    if (!existsSync(file)) throw new BenchError(`${file} is missing from the copied build`, { hint: 'was dist/ being rebuilt meanwhile? run the bench again' });
  }
  return build;
}
