import { VaultfileError } from '../errors.js';
import { ciphertextDigest, valueFingerprint } from '../crypto/fingerprint.js';
import { parseSecretFile, SecretFileFormatError, serializeMetadata, type ParsedSecretFile } from '../format/secret-file.js';
import { getVersion } from './history.js';
import { assertSecretPath } from './secret-location.js';
import { notFound } from './secret-errors.js';
import type { Vault } from './vault.js';

/** One line of a field-by-field comparison: unchanged, removed or added. */
export interface DiffLine {
  kind: ' ' | '-' | '+';
  text: string;
}

/** How to show a value in a diff. */
export interface RenderOptions {
  /** Show the value itself (for someone who holds the key and asked for it). */
  reveal?: boolean;
}

/**
 * A secret file as readable lines for `git diff` (the textconv driver) and
 * `vaultfile diff`: metadata in clear, the value masked as a keyed fingerprint
 * that changes when the value changes, or revealed on request. Never throws
 * for what it finds in the file: git must always get some text.
 */
export async function renderSecretText(vault: Vault, text: string, options: RenderOptions = {}): Promise<string[]> {
  let parsed: ParsedSecretFile;
  try {
    parsed = parseSecretFile(text);
  } catch (error) {
    if (!(error instanceof SecretFileFormatError)) throw error;
    return [`# not a readable vaultfile secret: ${error.message}`, ...text.split('\n')];
  }
  const lines = serializeMetadata(parsed.metadata).trimEnd().split('\n');
  lines.push(await describeValue(vault, parsed, options));
  return lines;
}

async function describeValue(vault: Vault, parsed: ParsedSecretFile, options: RenderOptions): Promise<string> {
  let value: Uint8Array;
  try {
    value = await vault.open(parsed);
  } catch (error) {
    if (error instanceof VaultfileError && error.exitCode === 5) return `value: FAILS ITS INTEGRITY CHECK (${error.code})`;
    if (error instanceof VaultfileError) return `value: encrypted (no key here); ciphertext ${ciphertextDigest(parsed.ciphertext)}`;
    throw error;
  }
  try {
    return await valueLine(vault, parsed.metadata.group, value, options);
  } finally {
    value.fill(0);
  }
}

/** `value: …` for a decrypted value: its fingerprint, or the value itself when revealing. */
async function valueLine(vault: Vault, group: string, value: Uint8Array, options: RenderOptions): Promise<string> {
  if (options.reveal) return `value: ${JSON.stringify(Buffer.from(value).toString('utf8'))}`;
  const firstKey = (await vault.keyring(group)).keyFor(1)!;
  return `value: fingerprint ${valueFingerprint(firstKey, value)} (masked)`;
}

/** The two sides of `vaultfile diff`. */
export interface SecretDiff {
  from: { version: number; lines: string[] };
  to: { version: number; lines: string[] };
  lines: DiffLine[];
}

/** Compares two versions of `path` field by field (default: the one before the current, and the current). */
export async function diffSecret(vault: Vault, path: string, range: { from?: number; to?: number } = {}, options: RenderOptions = {}): Promise<SecretDiff> {
  assertSecretPath(path);
  const current = vault.readSecretFile(path);
  if (current === null && range.to === undefined) throw notFound(path);
  const toVersion = range.to ?? current!.metadata.version;
  const fromVersion = range.from ?? Math.max(1, toVersion - 1);
  const render = async (version: number): Promise<string[]> => {
    const secret = await getVersion(vault, path, version);
    try {
      return [...serializeMetadata(secret.metadata).trimEnd().split('\n'), await valueLine(vault, secret.metadata.group, secret.value, options)];
    } finally {
      secret.value.fill(0);
    }
  };
  const fromLines = await render(fromVersion);
  const toLines = await render(toVersion);
  return { from: { version: fromVersion, lines: fromLines }, to: { version: toVersion, lines: toLines }, lines: compareFields(fromLines, toLines) };
}

/** Lines of `key: value` compared by key, in the order of the newer side. */
export function compareFields(before: string[], after: string[]): DiffLine[] {
  const keyOf = (line: string): string => line.split(': ')[0]!;
  const old = new Map(before.map((line) => [keyOf(line), line]));
  const lines: DiffLine[] = [];
  const seen = new Set<string>();
  for (const line of after) {
    const key = keyOf(line);
    seen.add(key);
    const previous = old.get(key);
    if (previous === line) lines.push({ kind: ' ', text: line });
    else {
      if (previous !== undefined) lines.push({ kind: '-', text: previous });
      lines.push({ kind: '+', text: line });
    }
  }
  for (const line of before) if (!seen.has(keyOf(line))) lines.push({ kind: '-', text: line });
  return lines;
}
