import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { xdgBaseFolder } from '../environment.js';
import { parseSecretFile } from '../format/secret-file.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { Identity } from '../keys/identity.js';
import type { Vault } from '../vault/vault.js';
import { parseRawLine, readBlobsBatch, runGit } from '../git/process.js';
import type { Finding } from './types.js';

/**
 * The vault-aware detector: exact occurrences of the values of secrets the user
 * can decrypt (current and previous versions) and of their base64, base64url,
 * hex and URL-encoded forms. Scanning never decrypts the vault: it uses an
 * index of keyed fingerprints kept outside the repository, rebuilt only when
 * the vault or its history changed. The index key comes from the identity, so
 * the index file alone lets nobody test guesses.
 */

const INDEX_VERSION = 1;
const MIN_LENGTH = 6;
const MAX_LENGTH = 4096;
// A prime below 2^26, so products of two residues stay exact in a double.
const MODULUS = 67_108_859;

/** A loaded index, ready to search text. */
export interface VaultValueIndex {
  /** Keyed rolling hash of every indexed form, by length. */
  rolling: Map<number, Set<number>>;
  /** HMAC of every indexed form -> the secret's path. */
  paths: Map<string, string>;
  key: Buffer;
  base: number;
}

interface IndexFile {
  version: number;
  state: string;
  rolling: Record<string, number[]>;
  paths: Record<string, string>;
}

/** Where a user's index of one vault lives. */
function indexFile(vaultId: string, identity: Identity): string {
  const who = createHash('sha256').update(identity.keys.join('\n')).digest('hex').slice(0, 16);
  return join(xdgBaseFolder('cache', process.env), 'vaultfile', 'scan-index', `${vaultId}-${who}.json`);
}

function deriveKeys(identity: Identity, vaultId: string): { key: Buffer; base: number } {
  const secret = createHash('sha256').update(identity.keys.join('\n')).digest();
  const okm = Buffer.from(hkdfSync('sha256', secret, Buffer.from(vaultId), 'vaultfile.dev/v1/scan-index', 36));
  return { key: okm.subarray(0, 32), base: 65_536 + (okm.readUInt32BE(32) % (MODULUS - 65_536)) };
}

/** Every form a value may take in text: itself and its common encodings. */
export function encodedForms(value: Uint8Array): string[] {
  const forms = new Set<string>();
  const bytes = Buffer.from(value);
  const text = bytes.toString('utf8');
  if (Buffer.from(text, 'utf8').equals(bytes)) {
    forms.add(text);
    forms.add(encodeURIComponent(text));
  }
  forms.add(bytes.toString('base64'));
  forms.add(bytes.toString('base64url'));
  forms.add(bytes.toString('hex'));
  return [...forms].filter((form) => form.length >= MIN_LENGTH && form.length <= MAX_LENGTH && form.trim() === form);
}

function rollingHash(text: string, start: number, length: number, base: number): number {
  let hash = 0;
  for (let index = start; index < start + length; index++) hash = (hash * base + text.charCodeAt(index)) % MODULUS;
  return hash;
}

function hmacOf(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('hex').slice(0, 32);
}

/**
 * The index for `vault` and `identity`, rebuilt when the vault folder or the
 * repository's HEAD changed since it was written.
 */
export async function loadVaultValueIndex(vault: Vault, identity: Identity): Promise<VaultValueIndex> {
  const { key, base } = deriveKeys(identity, vault.config.vaultId);
  const file = indexFile(vault.config.vaultId, identity);
  const state = await vaultState(vault);
  let stored: IndexFile | undefined;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as IndexFile;
  } catch {
    // no index yet, or a damaged one: rebuild
  }
  if (stored?.version !== INDEX_VERSION || stored.state !== state) {
    stored = await buildIndex(vault, key, base, state);
    mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
    writeFileAtomic(file, JSON.stringify(stored), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  const rolling = new Map<number, Set<number>>();
  for (const [length, hashes] of Object.entries(stored.rolling)) rolling.set(Number(length), new Set(hashes));
  return { rolling, paths: new Map(Object.entries(stored.paths)), key, base };
}

/** What the index depends on: the vault folder's directories (every write renames into one) and HEAD. */
async function vaultState(vault: Vault): Promise<string> {
  const hash = createHash('sha256');
  const walk = (folder: string): void => {
    const stat = statSync(folder, { throwIfNoEntry: false });
    if (stat === undefined) return;
    hash.update(`${folder}\0${stat.mtimeMs}\0`);
    for (const entry of readdirSync(folder, { withFileTypes: true })) if (entry.isDirectory()) walk(join(folder, entry.name));
  };
  walk(vault.folder);
  try {
    hash.update((await runGit(vault.root, ['rev-parse', '--verify', '--quiet', 'HEAD'])).toString('utf8'));
  } catch {
    // not a git repository, or no commit yet
  }
  return hash.digest('hex');
}

/** Decrypts every current and past value the identity can read, and indexes their forms. */
async function buildIndex(vault: Vault, key: Buffer, base: number, state: string): Promise<IndexFile> {
  const texts = new Set<string>(vault.secretFiles().map((file) => readFileSync(file, 'utf8')));
  for (const text of await historicalSecretTexts(vault)) texts.add(text);
  const rolling: Record<string, number[]> = {};
  const paths: Record<string, string> = {};
  for (const text of texts) {
    let parsed;
    try {
      parsed = parseSecretFile(text);
    } catch {
      continue;
    }
    let value: Uint8Array;
    try {
      value = await vault.open(parsed);
    } catch {
      continue; // not readable with this identity, or damaged: nothing to look for
    }
    for (const form of encodedForms(value)) {
      paths[hmacOf(key, form)] = parsed.metadata.path;
      (rolling[form.length] ??= []).push(rollingHash(form, 0, form.length, base));
    }
    value.fill(0);
  }
  for (const length of Object.keys(rolling)) rolling[length] = [...new Set(rolling[length])];
  return { version: INDEX_VERSION, state, rolling, paths };
}

/** Every secret file text in the history of the vault folder (for previous versions). */
async function historicalSecretTexts(vault: Vault): Promise<string[]> {
  let listing: string;
  try {
    listing = (await runGit(vault.root, ['log', '--format=', '--raw', '--no-abbrev', '--no-renames', '--', vault.folder])).toString('utf8');
  } catch {
    return [];
  }
  const blobs = new Set<string>();
  for (const line of listing.split('\n')) {
    const change = parseRawLine(line);
    if (change?.blob && change.path.endsWith('.secret')) blobs.add(change.blob);
  }
  const contents = await readBlobsBatch(vault.root, [...blobs]);
  return [...contents.values()].map((bytes) => bytes.toString('utf8'));
}

/** Occurrences of indexed values in `text`: offset, length and the secret's path. */
export function findVaultValues(text: string, index: VaultValueIndex): { offset: number; length: number; path: string }[] {
  const found: { offset: number; length: number; path: string }[] = [];
  for (const [length, hashes] of index.rolling) {
    if (text.length < length) continue;
    let power = 1;
    for (let step = 1; step < length; step++) power = (power * index.base) % MODULUS;
    let hash = rollingHash(text, 0, length, index.base);
    for (let start = 0; ; start++) {
      if (hashes.has(hash)) {
        const candidate = text.slice(start, start + length);
        const path = index.paths.get(hmacOf(index.key, candidate));
        if (path !== undefined) found.push({ offset: start, length, path });
      }
      if (start + length >= text.length) break;
      hash = (hash - ((text.charCodeAt(start) * power) % MODULUS) + MODULUS) % MODULUS;
      hash = (hash * index.base + text.charCodeAt(start + length)) % MODULUS;
    }
  }
  // A longer form that contains a shorter one (hex of a value holding its own digits) reports once.
  found.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return found.filter((hit, position) => position === 0 || hit.offset >= found[position - 1]!.offset + found[position - 1]!.length || hit.path !== found[position - 1]!.path);
}

/** Findings for the vault values in one scanned text. */
export function vaultValueFindings(file: string, text: string, index: VaultValueIndex, position: (offset: number) => { line: number; column: number }, lineText: (line: number) => string): Finding[] {
  return findVaultValues(text, index).map(({ offset, length, path }) => {
    const { line, column } = position(offset);
    return {
      file,
      line,
      column,
      rule: 'vault-value',
      description: `the value of vault secret ${path}`,
      secret: text.slice(offset, offset + length),
      vaultPath: path,
      lineText: lineText(line),
      previousLineText: lineText(line - 1),
    };
  });
}

/** `text` with every indexed vault value (in any indexed form) replaced by `vault:PATH`. */
export function redactVaultValues(text: string, index: VaultValueIndex): string {
  let result = '';
  let position = 0;
  for (const { offset, length, path } of findVaultValues(text, index)) {
    if (offset < position) continue;
    result += `${text.slice(position, offset)}vault:${path}`;
    position = offset + length;
  }
  return result + text.slice(position);
}
