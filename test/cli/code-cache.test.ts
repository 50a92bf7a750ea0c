// dist/scan.cjs runs from V8's code cache that the build writes next to it
// (runScanBundle in src/cli/bin.ts): the cache must be one this Node accepts,
// and a package without it must scan the same.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../support.js';

const DIST = join(REPO, 'dist');
const work = mkdtempSync(join(tmpdir(), 'vaultfile-code-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs `vaultfile scan` from `dist` over a folder holding one fake token; the exit code and output. */
function scanWith(dist: string): { code: number | null; stdout: string } {
  const folder = mkdtempSync(join(work, 'tree-'));
  const token = `ghp_${'A1b2C3d4E5'.repeat(3)}abcdef`;
  writeFileSync(join(folder, 'settings.yml'), `token: ${token}\n`);
  const result = spawnSync(process.execPath, [join(dist, 'bin.cjs'), 'scan', folder, '--no-vault', '--no-baseline', '--format', 'json'], { encoding: 'utf8' });
  expect(result.stdout).not.toContain(token);
  return { code: result.status, stdout: result.stdout };
}

describe('the scan bundle\'s code cache', () => {
  it('is one this Node accepts', () => {
    const check = `
      const { readFileSync } = require('node:fs');
      const Module = require('node:module');
      const { Script } = require('node:vm');
      const file = process.argv[1];
      const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData: readFileSync(file + '.cache') });
      process.stdout.write(String(script.cachedDataRejected));`;
    const result = spawnSync(process.execPath, ['-e', check, join(DIST, 'scan.cjs')], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('false');
    expect(readFileSync(join(DIST, 'scan.cjs.cache')).length).toBeGreaterThan(10_000);
  });

  it('goes with a bundle that holds no import() of its own, which a cached script could not load', () => {
    expect(readFileSync(join(DIST, 'scan.cjs'), 'utf8')).not.toMatch(/\bimport\(/);
  });

  it('changes nothing a scan reports: without it, and with a damaged one, the same findings', () => {
    const withCache = scanWith(DIST);
    const without = join(work, 'without');
    cpSync(DIST, without, { recursive: true });
    rmSync(join(without, 'scan.cjs.cache'));
    const damaged = join(work, 'damaged');
    cpSync(DIST, damaged, { recursive: true });
    writeFileSync(join(damaged, 'scan.cjs.cache'), Buffer.alloc(4096, 7));
    const findings = (run: { stdout: string }): unknown => JSON.parse(run.stdout).findings.map(({ file: _file, ...finding }: { file: string }) => finding);
    expect(withCache.code).toBe(1);
    expect(findings(withCache)).toMatchObject([{ rule: expect.stringContaining('github'), line: 1 }]);
    for (const other of [scanWith(without), scanWith(damaged)]) {
      expect(other.code).toBe(1);
      expect(findings(other)).toEqual(findings(withCache));
    }
  });
});
