import { readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { OpenError, openValue, sealValue } from '../crypto/secret-cipher.js';
import { isSystemError, VaultfileError } from '../errors.js';
import {
  isValidExpiry,
  metadataKeyProblem,
  metadataValueProblem,
  parseSecretFile,
  parseSecretMetadata,
  SecretFileFormatError,
  serializeMetadata,
  serializeSecretFile,
  formatTimestamp,
  type ParsedSecretFile,
  type SecretMetadata,
} from '../format/secret-file.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { withLock } from '../io/lock.js';
import { findIdentity, type Identity, type IdentityOptions } from '../keys/identity.js';
import { keyringPath, openKeyring, type Keyring } from '../keys/keyring.js';
import { findVaultRoot, loadConfig, type VaultConfig } from './config.js';
import { RuleSet } from './rules.js';
import { assertPrefix, assertSecretPath, isUnderPrefix, SECRET_EXTENSION, secretFilePath, secretPathOfFile } from './secret-location.js';

/** Name of the lock file inside the vault folder. */
export const LOCK_FILE = '.lock';

/** How to open a vault. */
export interface OpenVaultOptions {
  /** Where to start looking for `.secretsrc` (walking up). Defaults to process.cwd(). */
  cwd?: string;
  /** Where the identity comes from; see findIdentity for the lookup order. */
  identity?: IdentityOptions;
  /** The clock, for tests. */
  now?: () => Date;
}

/** A decrypted secret. */
export interface Secret {
  path: string;
  /** The exact bytes stored; decode with TextDecoder for text. */
  value: Uint8Array;
  metadata: SecretMetadata;
}

/** Changes `set` makes besides the value. */
export interface SetOptions {
  /** Custom metadata to add or change; a null value removes the key. */
  metadata?: Record<string, string | null>;
  /** Expiry date or timestamp; null removes it; undefined keeps it. */
  expires?: string | null;
  /** Accept an empty value (refused by default, as it is usually a mistake). */
  allowEmpty?: boolean;
}

/** What `set` did. */
export interface SetResult {
  path: string;
  group: string;
  version: number;
  /** False when value and metadata were already as requested: the file was not touched. */
  changed: boolean;
  /** True when the secret did not exist before. */
  created: boolean;
}

/** One entry of a listing. */
export interface SecretListing {
  secrets: SecretMetadata[];
  /** Files that could not be read, with why; listing goes on past them. */
  problems: { file: string; problem: string }[];
}

/** Opens the vault whose `.secretsrc` is at or above `options.cwd`. */
export async function openVault(options: OpenVaultOptions = {}): Promise<Vault> {
  const root = findVaultRoot(options.cwd ?? process.cwd());
  return new Vault(root, await loadConfig(root), options);
}

/** A vault: the library API every command goes through. */
export class Vault {
  /** The vault folder (absolute). */
  readonly folder: string;
  private readonly now: () => Date;
  private resolvedIdentity: Identity | undefined;
  private readonly keyrings = new Map<string, Promise<Keyring>>();
  private ruleSet: RuleSet | undefined;

  constructor(
    /** The folder holding `.secretsrc`. */
    readonly root: string,
    readonly config: VaultConfig,
    private readonly options: OpenVaultOptions = {},
  ) {
    this.folder = join(root, config.vaultDir);
    this.now = options.now ?? (() => new Date());
  }

  /** The identity in use, found on first need (listing needs none). */
  identity(): Identity {
    this.resolvedIdentity ??= findIdentity(this.options.identity);
    return this.resolvedIdentity;
  }

  /** Decrypts the current value of `path`. NOT_FOUND, ACCESS_DENIED or INTEGRITY when it cannot. */
  async get(path: string): Promise<Secret> {
    assertSecretPath(path);
    const parsed = this.readSecretFile(path);
    if (parsed === null) throw notFound(path);
    return { path, value: await this.open(parsed), metadata: parsed.metadata };
  }

  /**
   * Stores `value` at `path` as a new version. Writing the value and metadata
   * it already has changes nothing, so the file keeps its bytes.
   */
  async set(path: string, value: Uint8Array, options: SetOptions = {}): Promise<SetResult> {
    assertSecretPath(path);
    this.checkValue(value, options.allowEmpty ?? false);
    const changes = validateChanges(options);
    const group = this.rules().groupFor(path);
    await mkdir(this.folder, { recursive: true });
    return withLock(join(this.folder, LOCK_FILE), this.config.lockTimeoutSeconds * 1000, async () => {
      const existing = this.readSecretFile(path);
      const keyring = await this.keyring(group);
      const epoch = keyring.currentEpoch;
      const now = formatTimestamp(this.now());
      const previous = existing?.metadata ?? { path, group, epoch: epoch.epoch, version: 0, created: now, updated: now, custom: {} };
      const candidate = applyChanges({ ...previous, custom: { ...previous.custom } }, changes);
      if (existing !== null && previous.group === group && previous.epoch === epoch.epoch && sameMetadata(previous, candidate)) {
        const current = await this.open(existing);
        const unchanged = sameBytes(current, value);
        current.fill(0);
        if (unchanged) return { path, group, version: previous.version, changed: false, created: false };
      }
      const metadata: SecretMetadata = { ...candidate, group, epoch: epoch.epoch, version: previous.version + 1, updated: now };
      const associatedData = Buffer.from(serializeMetadata(metadata), 'utf8');
      const sealed = sealValue(epoch.key, value, associatedData);
      const file = secretFilePath(this.folder, path);
      await mkdir(dirname(file), { recursive: true });
      writeFileAtomic(file, serializeSecretFile({ metadata, ...sealed }));
      return { path, group, version: metadata.version, changed: true, created: existing === null };
    });
  }

  /** Metadata of every secret under `prefix` (all when empty), sorted by path. No decryption. */
  list(prefix = ''): SecretListing {
    assertPrefix(prefix);
    const listing: SecretListing = { secrets: [], problems: [] };
    for (const file of this.secretFiles()) {
      const path = secretPathOfFile(this.folder, file);
      if (!isUnderPrefix(path, prefix)) continue;
      try {
        const metadata = parseSecretMetadata(decodeUtf8(readFileSync(file)));
        if (metadata.path !== path) throw new SecretFileFormatError(`it claims path ${JSON.stringify(metadata.path)}`);
        listing.secrets.push(metadata);
      } catch (error) {
        if (!(error instanceof SecretFileFormatError)) throw error;
        listing.problems.push({ file, problem: error.message });
      }
    }
    listing.secrets.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return listing;
  }

  /** Checks one secret file end to end (parse, path, key, authentication) without returning the value. */
  async verify(path: string): Promise<SecretMetadata> {
    const secret = await this.get(path);
    secret.value.fill(0);
    return secret.metadata;
  }

  /** Every secret file in the vault folder (absolute paths), skipping keyrings, locks and temp files. */
  secretFiles(): string[] {
    const files: string[] = [];
    const walk = (folder: string): void => {
      let entries;
      try {
        entries = readdirSync(folder, { withFileTypes: true });
      } catch (error) {
        if (isSystemError(error, 'ENOENT')) return;
        throw error;
      }
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        const full = join(folder, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile() && entry.name.endsWith(SECRET_EXTENSION)) files.push(full);
      }
    };
    walk(this.folder);
    return files;
  }

  /** The decrypted keyring of `group`, opened once per Vault. */
  keyring(group: string): Promise<Keyring> {
    let keyring = this.keyrings.get(group);
    if (keyring === undefined) {
      keyring = openKeyring(keyringPath(this.folder, group), this.identity(), { vault: this.config.vaultId, group });
      this.keyrings.set(group, keyring);
      keyring.catch(() => this.keyrings.delete(group));
    }
    return keyring;
  }

  /** The path rules, compiled on first use. */
  rules(): RuleSet {
    this.ruleSet ??= new RuleSet(this.config.rules);
    return this.ruleSet;
  }

  private checkValue(value: Uint8Array, allowEmpty: boolean): void {
    if (value.length === 0 && !allowEmpty) {
      throw new VaultfileError('EMPTY_VALUE', 'the value is empty; nothing was stored', {
        hint: 'an empty value is usually a mistake (an empty pipe or file); pass --allow-empty if you mean it',
      });
    }
    if (value.length > this.config.maxValueBytes) {
      throw new VaultfileError('VALUE_TOO_LARGE', `the value is ${value.length} bytes; the limit is ${this.config.maxValueBytes}`, {
        hint: 'keep large files encrypted with age directly, or raise maxValueBytes in .secretsrc',
      });
    }
  }

  /** Reads and parses the file of `path`; null when there is none. */
  private readSecretFile(path: string): ParsedSecretFile | null {
    const file = secretFilePath(this.folder, path);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      if (isSystemError(error, 'ENOENT') || isSystemError(error, 'ENOTDIR')) return null;
      throw error;
    }
    let parsed: ParsedSecretFile;
    try {
      parsed = parseSecretFile(decodeUtf8(bytes));
    } catch (error) {
      if (!(error instanceof SecretFileFormatError)) throw error;
      throw new VaultfileError('CORRUPT_FILE', `secret file ${file} is damaged: ${error.message}`, {
        hint: 'restore it from git (git checkout -- <file>); "vaultfile doctor" checks every file',
      });
    }
    if (parsed.metadata.path !== path) {
      throw new VaultfileError('INTEGRITY', `secret file ${file} holds ${JSON.stringify(parsed.metadata.path)}, not ${JSON.stringify(path)}`, {
        hint: 'secret files were moved or swapped; restore them from git',
      });
    }
    return parsed;
  }

  /** Decrypts a parsed file; every failure is an integrity or access error, never a wrong value. */
  private async open(parsed: ParsedSecretFile): Promise<Uint8Array> {
    const { path, group, epoch } = parsed.metadata;
    const keyring = await this.keyring(group);
    const key = keyring.keyFor(epoch);
    if (key === undefined) {
      throw new VaultfileError('INTEGRITY', `secret ${path} names key epoch ${epoch}, which the "${group}" keyring does not hold`, {
        hint: 'the file or the keyring was changed outside vaultfile; restore both from the same git commit',
      });
    }
    try {
      return openValue(key, parsed, Buffer.from(parsed.associatedData, 'utf8'));
    } catch (error) {
      if (!(error instanceof OpenError)) throw error;
      const what = error.reason === 'commitment' ? 'does not match its group key' : 'has been modified';
      throw new VaultfileError('INTEGRITY', `secret ${path} failed its integrity check: the file ${what}`, {
        hint: 'restore the file from git; if nobody on the team changed it, treat this as tampering',
      });
    }
  }
}

interface MetadataChanges {
  custom: Record<string, string | null>;
  expires: string | null | undefined;
}

function validateChanges(options: SetOptions): MetadataChanges {
  const custom = options.metadata ?? {};
  for (const [key, value] of Object.entries(custom)) {
    const problem = metadataKeyProblem(key) ?? (value === null ? null : metadataValueProblem(value));
    if (problem !== null) throw new VaultfileError('BAD_METADATA', problem, { hint: 'use --meta key=value with a short, single-line value' });
  }
  if (typeof options.expires === 'string' && !isValidExpiry(options.expires)) {
    throw new VaultfileError('BAD_DATE', `bad expiry date ${JSON.stringify(options.expires)}`, {
      hint: 'use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC)',
    });
  }
  return { custom, expires: options.expires };
}

function applyChanges(metadata: SecretMetadata, changes: MetadataChanges): SecretMetadata {
  for (const [key, value] of Object.entries(changes.custom)) {
    if (value === null) delete metadata.custom[key];
    else metadata.custom[key] = value;
  }
  if (changes.expires === null) delete metadata.expires;
  else if (changes.expires !== undefined) metadata.expires = changes.expires;
  return metadata;
}

function sameMetadata(a: SecretMetadata, b: SecretMetadata): boolean {
  return serializeMetadata(a) === serializeMetadata(b);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new SecretFileFormatError('the file is not valid UTF-8 text');
  }
}

function notFound(path: string): VaultfileError {
  return new VaultfileError('NOT_FOUND', `no secret at ${JSON.stringify(path)}`, { hint: 'vaultfile list shows the secrets that exist' });
}

