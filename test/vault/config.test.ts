import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_FILE, loadConfig, parseConfig } from '../../src/vault/config.js';
import { REPO, tempFolder } from '../support.js';

const exampleFile = join(REPO, '.secretsrc.example');

describe('.secretsrc', () => {
  it('the documented example is a valid config that sets every known key', async () => {
    const text = readFileSync(exampleFile, 'utf8');
    const config = await parseConfig(text, exampleFile);
    expect(Object.keys(config.members)).toEqual(['alice', 'bob']);
    expect(config.rules).toEqual([{ glob: '**', group: 'default' }]);
    for (const key of Object.keys(config)) expect(text, `.secretsrc.example documents ${key}`).toMatch(new RegExp(`^${key}:`, 'm'));
  });

  it('caches the parse by content, so an edited file is never read stale', async () => {
    const root = tempFolder();
    const cache = tempFolder();
    const previous = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = cache;
    try {
      const text = readFileSync(exampleFile, 'utf8');
      writeFileSync(join(root, CONFIG_FILE), text);
      expect((await loadConfig(root)).lockTimeoutSeconds).toBe(10);
      expect(readdirSync(join(cache, 'vaultfile', 'config'))).toHaveLength(1);
      writeFileSync(join(root, CONFIG_FILE), text.replace('lockTimeoutSeconds: 10', 'lockTimeoutSeconds: 30'));
      expect((await loadConfig(root)).lockTimeoutSeconds).toBe(30);
      expect(readdirSync(join(cache, 'vaultfile', 'config'))).toHaveLength(2);
    } finally {
      if (previous === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = previous;
    }
  });

  it('ignores a damaged cache entry and reads the real file', async () => {
    const root = tempFolder();
    const cache = tempFolder();
    const previous = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = cache;
    try {
      const text = readFileSync(exampleFile, 'utf8');
      writeFileSync(join(root, CONFIG_FILE), text);
      await loadConfig(root);
      const folder = join(cache, 'vaultfile', 'config');
      const [entry] = readdirSync(folder);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, entry!), JSON.stringify({ version: 1, vaultId: 'nope' }));
      expect((await loadConfig(root)).vaultId).toBe('0123456789abcdef0123456789abcdef');
      expect(JSON.parse(readFileSync(join(folder, entry!), 'utf8')).vaultId).toBe('0123456789abcdef0123456789abcdef');
    } finally {
      if (previous === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = previous;
    }
  });
});
