import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_FILE, loadConfig, parseConfig } from '../../src/vault/config.js';
import { REPO, tempFolder } from '../support.js';

const exampleFile = join(REPO, '.secretsrc.example');
const example = readFileSync(exampleFile, 'utf8');

/** Runs `work` with XDG_CACHE_HOME pointing at a fresh folder; returns the config cache folder inside it. */
async function withCacheHome(work: (configCache: string) => Promise<void>): Promise<void> {
  const previous = process.env.XDG_CACHE_HOME;
  const cacheHome = tempFolder();
  process.env.XDG_CACHE_HOME = cacheHome;
  try {
    await work(join(cacheHome, 'vaultfile', 'config'));
  } finally {
    if (previous === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = previous;
  }
}

describe('.secretsrc', () => {
  it('the documented example is a valid config that sets every known key', async () => {
    const config = await parseConfig(example, exampleFile);
    expect(Object.keys(config.members)).toEqual(['alice', 'bob']);
    expect(config.rules).toEqual([{ glob: '**', group: 'default' }]);
    for (const key of Object.keys(config)) expect(example, `.secretsrc.example documents ${key}`).toMatch(new RegExp(`^${key}:`, 'm'));
  });

  it('caches the parse by content, so an edited file is never read stale', async () => {
    await withCacheHome(async (cache) => {
      const root = tempFolder();
      writeFileSync(join(root, CONFIG_FILE), example);
      expect((await loadConfig(root)).lockTimeoutSeconds).toBe(10);
      expect(readdirSync(cache)).toHaveLength(1);
      writeFileSync(join(root, CONFIG_FILE), example.replace('lockTimeoutSeconds: 10', 'lockTimeoutSeconds: 30'));
      expect((await loadConfig(root)).lockTimeoutSeconds).toBe(30);
      expect(readdirSync(cache)).toHaveLength(2);
    });
  });

  it('ignores a damaged cache entry and reads the real file', async () => {
    await withCacheHome(async (cache) => {
      const root = tempFolder();
      writeFileSync(join(root, CONFIG_FILE), example);
      await loadConfig(root);
      const [entry] = readdirSync(cache);
      writeFileSync(join(cache, entry!), JSON.stringify({ version: 1, vaultId: 'nope' }));
      expect((await loadConfig(root)).vaultId).toBe('0123456789abcdef0123456789abcdef');
      expect(JSON.parse(readFileSync(join(cache, entry!), 'utf8')).vaultId).toBe('0123456789abcdef0123456789abcdef');
    });
  });
});
