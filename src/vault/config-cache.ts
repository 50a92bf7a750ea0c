import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { xdgBaseFolder } from '../environment.js';
import { writeFileAtomic } from '../io/atomic-write.js';

// Parsed .secretsrc documents, stored as JSON under the SHA-256 of the exact
// YAML text. Loading the YAML parser is a large share of a cold `get`; a cache
// keyed by content can never be stale, and it holds nothing secret.
const MAX_ENTRIES = 64;

/** `$XDG_CACHE_HOME/vaultfile/config`, or `~/.cache/vaultfile/config`. */
export function configCacheFolder(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return join(xdgBaseFolder('cache', env), 'vaultfile', 'config');
}

function entryFile(folder: string, text: string): string {
  return join(folder, `${createHash('sha256').update(text).digest('hex')}.json`);
}

/** The cached parse of `text`, or undefined. */
export function readCachedDocument(folder: string, text: string): unknown {
  try {
    return JSON.parse(readFileSync(entryFile(folder, text), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Remembers the parse of `text`; a cache that cannot be written is skipped silently. */
export function writeCachedDocument(folder: string, text: string, document: unknown): void {
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    writeFileAtomic(entryFile(folder, text), JSON.stringify(document));
    prune(folder);
  } catch {
    // read-only home, full disk: the next run parses the YAML again
  }
}

function prune(folder: string): void {
  const entries = readdirSync(folder).filter((name) => name.endsWith('.json'));
  if (entries.length <= MAX_ENTRIES) return;
  const byAge = entries.map((name) => ({ name, time: statSync(join(folder, name)).mtimeMs })).sort((a, b) => a.time - b.time);
  for (const { name } of byAge.slice(0, entries.length - MAX_ENTRIES)) unlinkSync(join(folder, name));
}
