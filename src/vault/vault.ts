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
import { AtomicBatchWriter, writeFileAtomic } from '../io/atomic-write.js';
import { withLock } from '../io/lock.js';
import { commitFiles, findGitRoot } from '../git/repository.js';
import { findIdentity, type Identity, type IdentityOptions } from '../keys/identity.js';
import { keyringPath, openKeyring, writeKeyring, type Keyring } from '../keys/keyring.js';
import { findVaultRoot, loadConfig, type VaultConfig } from './config.js';
import { RuleSet } from './rules.js';
import type { RenderOptions, SecretDiff } from './diff.js';
import type { HistoryEntry } from './history.js';
import type { DeleteResult, PurgeResult, RestoreResult } from './lifecycle.js';
import type { Resolution, ResolveResult } from './merge.js';
import { deletedError, notFound } from './secret-errors.js';
import { assertPrefix, assertSecretPath, isUnderPrefix, SECRET_EXTENSION, secretFilePath, secretPathOfFile } from './secret-location.js';
import type { SecretVariable, VariableSelection } from './variables.js';

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

/** For every command that changes the vault. */
export interface WriteOptions {
  /**
   * Commit the change when the vault is in a git repository and
   * `git.autocommit` is on (the default). False skips the commit once.
   */
  commit?: boolean;
}

/** What happened to the git commit of a change. */
export interface CommitOutcome {
  /** The new commit id, when one was made. */
  commit?: string;
  /** Why the change was written but not committed (a failing hook, no git identity…). */
  commitError?: string;
}

/** Changes `set` makes besides the value. */
export interface SetOptions extends WriteOptions {
  /** Verb for the commit message (`set`, `edit`, later `rotate`). */
  action?: string;
  /** Custom metadata to add or change; a null value removes the key. */
  metadata?: Record<string, string | null>;
  /** Expiry date or timestamp; null removes it; undefined keeps it. */
  expires?: string | null;
  /** Accept an empty value (refused by default, as it is usually a mistake). */
  allowEmpty?: boolean;
}

/** What `set` did. */
export interface SetResult extends CommitOutcome {
  path: string;
  group: string;
  version: number;
  /** False when value and metadata were already as requested: the file was not touched. */
  changed: boolean;
  /** True when the secret did not exist before. */
  created: boolean;
  /** True when the secret had been soft-deleted; setting it made it live again. */
  revived: boolean;
}

/** One entry of a listing. */
export interface SecretListing {
  secrets: SecretMetadata[];
  /** Files that could not be read, with why; listing goes on past them. */
  problems: { file: string; problem: string }[];
}

/** One secret to store with `setMany`. */
export interface SecretEntry {
  path: string;
  value: Uint8Array;
}

/** How `setMany` stores a batch. */
export interface SetManyOptions extends WriteOptions {
  /** Verb for the commit message (`import`). */
  action?: string;
  /** Replace secrets that exist with another value; without it they are an error and nothing is written. */
  overwrite?: boolean;
  /** Work out what would happen and return it; write nothing. */
  dryRun?: boolean;
  /** Accept empty values. */
  allowEmpty?: boolean;
}

/** What `setMany` did (or, with `dryRun`, would do) to one secret. */
export interface PlannedSecret {
  path: string;
  group: string;
  /** The version the secret has after the change. */
  version: number;
  /** `create` also covers bringing back a soft-deleted secret. */
  action: 'create' | 'overwrite' | 'unchanged';
}

/** What `setMany` did. */
export interface SetManyResult extends CommitOutcome {
  /** One entry per secret given, in the order given. */
  secrets: PlannedSecret[];
  /** True when nothing was written because `dryRun` asked for the plan only. */
  dryRun: boolean;
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
  private resolvedIdentity: Promise<Identity> | undefined;
  private readonly keyrings = new Map<string, Promise<Keyring>>();
  private ruleSet: RuleSet | undefined;

  constructor(
    /** The folder holding `.secretsrc`. */
    readonly root: string,
    /** The parsed `.secretsrc` (replaced when a team command changes it). */
    readonly config: VaultConfig,
    private readonly options: OpenVaultOptions = {},
  ) {
    this.folder = join(root, config.vaultDir);
    this.now = options.now ?? (() => new Date());
  }

  /** The identity in use, found on first need (listing needs none). */
  identity(): Promise<Identity> {
    this.resolvedIdentity ??= findIdentity(this.options.identity);
    return this.resolvedIdentity;
  }

  /** Decrypts the current value of `path`. NOT_FOUND, ACCESS_DENIED or INTEGRITY when it cannot. */
  async get(path: string): Promise<Secret> {
    assertSecretPath(path);
    const parsed = this.readSecretFile(path);
    if (parsed === null) throw notFound(path);
    if (parsed.metadata.deleted !== undefined) throw deletedError(path, parsed.metadata.deleted);
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
    return this.locked(async () => {
      const existing = this.readSecretFile(path);
      const keyring = await this.keyring(group);
      const epoch = keyring.currentEpoch;
      const now = formatTimestamp(this.now());
      const previous = existing?.metadata ?? { path, group, epoch: epoch.epoch, version: 0, created: now, updated: now, custom: {} };
      const candidate = applyChanges({ ...previous, custom: { ...previous.custom } }, changes);
      delete candidate.deleted; // setting a deleted secret brings it back
      const revived = previous.deleted !== undefined;
      const sameKeyAndMetadata = existing !== null && previous.group === group && previous.epoch === epoch.epoch && sameMetadata(previous, candidate);
      let sameValue = false;
      if (existing !== null && (sameKeyAndMetadata || previous.exposed !== undefined)) {
        const current = await this.open(existing);
        sameValue = sameBytes(current, value);
        current.fill(0);
      }
      if (sameKeyAndMetadata && sameValue) return { path, group, version: previous.version, changed: false, created: false, revived: false };
      const metadata: SecretMetadata = { ...candidate, group, epoch: epoch.epoch, version: previous.version + 1, updated: now };
      // A new value is what ends an exposure to removed members; the same value stays exposed.
      if (!sameValue) delete metadata.exposed;
      const file = await this.writeSecret(metadata, value, epoch.key);
      const outcome = await this.recordChange([file], `${options.action ?? 'set'} ${path} (v${metadata.version})`, options);
      return { path, group, version: metadata.version, changed: true, created: existing === null, revived, ...outcome };
    });
  }

  /**
   * Decrypts every live secret below the folder `prefix` (`prod/app` covers
   * `prod/app/db/password`, not a secret named `prod/app`; empty covers the
   * whole vault), sorted by path. Reads only that folder, each file once.
   */
  async getAll(prefix: string): Promise<Secret[]> {
    assertPrefix(prefix);
    const secrets: Secret[] = [];
    for (const file of this.secretFiles(prefix)) {
      const path = secretPathOfFile(this.folder, file);
      const parsed = this.parseSecretBytes(readFileSync(file), path, `secret file ${file}`);
      if (parsed.metadata.deleted === undefined) secrets.push({ path, value: await this.open(parsed), metadata: parsed.metadata });
    }
    return secrets.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /**
   * Stores many secrets as one change: one lock, one batch of atomic writes,
   * one commit. A secret that already holds another value is replaced only
   * with `overwrite`; otherwise SECRET_EXISTS names every such path and
   * nothing is written. A secret that already holds the same value is left
   * alone. With `dryRun`, returns the plan and writes nothing.
   */
  async setMany(entries: readonly SecretEntry[], options: SetManyOptions = {}): Promise<SetManyResult> {
    const seen = new Set<string>();
    for (const { path, value } of entries) {
      assertSecretPath(path);
      if (seen.has(path)) throw new VaultfileError('DUPLICATE', `${path} is given twice`, { hint: 'give each secret path once' });
      seen.add(path);
      this.checkValue(value, options.allowEmpty ?? false);
    }
    const groups = entries.map(({ path }) => this.rules().groupFor(path));
    return this.locked(async () => {
      const now = formatTimestamp(this.now());
      const planned: PlannedSecret[] = [];
      const writes: { metadata: SecretMetadata; value: Uint8Array; key: Uint8Array }[] = [];
      for (const [index, { path, value }] of entries.entries()) {
        const group = groups[index]!;
        const epoch = (await this.keyring(group)).currentEpoch;
        const existing = this.readSecretFile(path);
        // Only a file in the target group can be compared: that is the key we hold for sure.
        let sameValue = false;
        if (existing !== null && existing.metadata.group === group) {
          const current = await this.open(existing);
          sameValue = sameBytes(current, value);
          current.fill(0);
        }
        const live = existing !== null && existing.metadata.deleted === undefined;
        if (live && sameValue) {
          planned.push({ path, group, version: existing.metadata.version, action: 'unchanged' });
          continue;
        }
        const previous = existing?.metadata ?? { path, group, epoch: epoch.epoch, version: 0, created: now, updated: now, custom: {} };
        const metadata: SecretMetadata = { ...previous, custom: { ...previous.custom }, group, epoch: epoch.epoch, version: previous.version + 1, updated: now };
        delete metadata.deleted;
        if (!sameValue) delete metadata.exposed;
        planned.push({ path, group, version: metadata.version, action: live ? 'overwrite' : 'create' });
        writes.push({ metadata, value, key: epoch.key });
      }
      const clashes = planned.filter((secret) => secret.action === 'overwrite').map((secret) => secret.path);
      if (clashes.length > 0 && !options.overwrite && !options.dryRun) {
        throw new VaultfileError('SECRET_EXISTS', `${clashes.length} secret(s) already exist with another value: ${listPaths(clashes)}; nothing was written`, {
          hint: 'pass --overwrite to replace them, or --dry-run to see the whole plan',
        });
      }
      if (options.dryRun || writes.length === 0) return { secrets: planned, dryRun: options.dryRun ?? false };
      const files = await this.writeSecrets(writes);
      const summary = `${options.action ?? 'set'} ${files.length} secret(s)${commonFolder(writes.map(({ metadata }) => metadata.path))}`;
      return { secrets: planned, dryRun: false, ...(await this.recordChange(files, summary, options)) };
    });
  }

  /**
   * The secrets `selection` names, as environment variables (name, path,
   * text value), sorted by name. See docs/RUN.md for the naming rules.
   */
  async variables(selection: VariableSelection): Promise<SecretVariable[]> {
    return (await import('./variables.js')).resolveVariables(this, selection);
  }

  /**
   * Metadata of every live secret under `prefix` (all when empty), sorted by
   * path, or of every soft-deleted one with `deleted: true`. No decryption.
   */
  list(prefix = '', options: { deleted?: boolean } = {}): SecretListing {
    assertPrefix(prefix);
    const listing: SecretListing = { secrets: [], problems: [] };
    for (const file of this.secretFiles()) {
      const path = secretPathOfFile(this.folder, file);
      if (!isUnderPrefix(path, prefix)) continue;
      try {
        const metadata = parseSecretMetadata(decodeUtf8(readFileSync(file)));
        if (metadata.path !== path) throw new SecretFileFormatError(`it claims path ${JSON.stringify(metadata.path)}`);
        if ((metadata.deleted !== undefined) === (options.deleted ?? false)) listing.secrets.push(metadata);
      } catch (error) {
        if (!(error instanceof SecretFileFormatError)) throw error;
        const problem = isConflicted(readFileSync(file, 'latin1')) ? `unresolved git merge conflict (vaultfile resolve ${path} --ours|--theirs)` : error.message;
        listing.problems.push({ file, problem });
      }
    }
    listing.secrets.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return listing;
  }

  /**
   * Starts a new key epoch for `group` and re-encrypts the group's secrets
   * under it (symmetric work only; versions unchanged). Older epochs stay in
   * the keyring, so history still decrypts.
   */
  async startKeyEpoch(group: string, options: WriteOptions = {}): Promise<{ group: string; epoch: number; reencrypted: number } & CommitOutcome> {
    return this.locked(async () => {
      const keyring = (await this.keyring(group)).withNewEpoch(this.now());
      const keyringFile = await this.saveKeyring(keyring);
      const files = await this.reencrypt((metadata) => (metadata.group === group ? group : null));
      const outcome = await this.recordChange([keyringFile, ...files], `new key epoch ${keyring.currentEpoch.epoch} for group ${group} (${files.length} secret(s) re-encrypted)`, options);
      return { group, epoch: keyring.currentEpoch.epoch, reencrypted: files.length, ...outcome };
    });
  }

  /** Soft-deletes `path` (restorable for deleteRecoveryDays), or removes it with `permanent`. */
  async delete(path: string, options: WriteOptions & { permanent?: boolean } = {}): Promise<DeleteResult> {
    return (await import('./lifecycle.js')).deleteSecret(this, path, options);
  }

  /** Brings a soft-deleted secret back with its metadata and version. */
  async restore(path: string, options: WriteOptions = {}): Promise<RestoreResult> {
    return (await import('./lifecycle.js')).restoreSecret(this, path, options);
  }

  /** Removes deleted secrets past their recovery window (every deleted one with `all`). */
  async purge(options: WriteOptions & { all?: boolean } = {}): Promise<PurgeResult> {
    return (await import('./lifecycle.js')).purgeSecrets(this, options);
  }

  /** Every version of `path`, newest first, from git. */
  async history(path: string): Promise<HistoryEntry[]> {
    return (await import('./history.js')).secretHistory(this, path);
  }

  /** Version `version` of `path`, decrypted with the keyring as it was at that commit. */
  async getVersion(path: string, version: number): Promise<Secret> {
    return (await import('./history.js')).getVersion(this, path, version);
  }

  /** `path` as it was at a git revision (commit, branch, tag, HEAD~N). */
  async getAt(path: string, revision: string): Promise<Secret> {
    return (await import('./history.js')).getAt(this, path, revision);
  }

  /** Two versions of `path` compared field by field, the value masked unless `reveal`. */
  async diff(path: string, range: { from?: number; to?: number } = {}, options: RenderOptions = {}): Promise<SecretDiff> {
    return (await import('./diff.js')).diffSecret(this, path, range, options);
  }

  /** A secret file's text rendered for git's diff (textconv): metadata in clear, value masked. */
  async renderForDiff(text: string, options: RenderOptions = {}): Promise<string[]> {
    return (await import('./diff.js')).renderSecretText(this, text, options);
  }

  /** Settles a git merge conflict in `path`, keeping one side or an older version. */
  async resolve(path: string, resolution: Resolution): Promise<ResolveResult> {
    return (await import('./merge.js')).resolveConflict(this, path, resolution);
  }

  /** Checks one secret file end to end (parse, path, key, authentication) without returning the value; deleted ones too. */
  async verify(path: string): Promise<SecretMetadata> {
    assertSecretPath(path);
    const parsed = this.readSecretFile(path);
    if (parsed === null) throw notFound(path);
    (await this.open(parsed)).fill(0);
    return parsed.metadata;
  }

  /**
   * Every secret file in the vault folder, or below its subfolder `prefix`
   * (absolute paths), skipping keyrings, locks and temp files.
   */
  secretFiles(prefix = ''): string[] {
    const files: string[] = [];
    const walk = (folder: string): void => {
      let entries;
      try {
        entries = readdirSync(folder, { withFileTypes: true });
      } catch (error) {
        if (isSystemError(error, 'ENOENT') || isSystemError(error, 'ENOTDIR')) return;
        throw error;
      }
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        const full = join(folder, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile() && entry.name.endsWith(SECRET_EXTENSION)) files.push(full);
      }
    };
    const start = prefix.replace(/\/$/, '');
    walk(start === '' ? this.folder : join(this.folder, ...start.split('/')));
    return files;
  }

  /** The decrypted keyring of `group`, opened once per Vault. */
  keyring(group: string): Promise<Keyring> {
    let keyring = this.keyrings.get(group);
    if (keyring === undefined) {
      keyring = this.identity().then((identity) => openKeyring(keyringPath(this.folder, group), identity, { vault: this.config.vaultId, group }));
      this.keyrings.set(group, keyring);
      keyring.catch(() => this.keyrings.delete(group));
    }
    return keyring;
  }

  /** Encrypts `keyring` to its recipients, writes it, and uses it from now on; returns its file. @internal */
  async saveKeyring(keyring: Keyring): Promise<string> {
    const file = keyringPath(this.folder, keyring.group);
    await writeKeyring(file, keyring);
    this.keyrings.set(keyring.group, Promise.resolve(keyring));
    return file;
  }

  /** Replaces the config in memory after it was written to disk. @internal */
  useConfig(config: VaultConfig): void {
    (this as { config: VaultConfig }).config = config;
    this.ruleSet = undefined;
  }

  /**
   * Re-encrypts, in one pass over the vault folder, every secret (live or
   * deleted) that `destination` sends to a group: under that group's current
   * epoch, with `mark` applied to its metadata; version numbers stay. Each file
   * is read once and the writes go out together. Returns the files written.
   * @internal
   */
  async reencrypt(
    destination: (metadata: SecretMetadata) => string | null,
    mark: (metadata: SecretMetadata) => SecretMetadata = (metadata) => metadata,
  ): Promise<string[]> {
    const writer = new AtomicBatchWriter();
    try {
      for (const file of this.secretFiles()) {
        const path = secretPathOfFile(this.folder, file);
        const parsed = this.parseSecretBytes(readFileSync(file), path, `secret file ${file}`);
        const group = destination(parsed.metadata);
        if (group === null) continue;
        const epoch = (await this.keyring(group)).currentEpoch;
        const metadata = mark({ ...parsed.metadata, group, epoch: epoch.epoch });
        const value = await this.open(parsed);
        try {
          const sealed = sealValue(epoch.key, value, Buffer.from(serializeMetadata(metadata), 'utf8'));
          writer.add(file, serializeSecretFile({ metadata, ...sealed }));
        } finally {
          value.fill(0);
        }
      }
    } catch (error) {
      writer.abandon();
      throw error;
    }
    return writer.commit();
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

  /** Runs `work` holding the vault's write lock. @internal */
  async locked<T>(work: () => Promise<T>): Promise<T> {
    await mkdir(this.folder, { recursive: true });
    return withLock(join(this.folder, LOCK_FILE), this.config.lockTimeoutSeconds * 1000, work);
  }

  /** Seals `value` under `key` with `metadata` and writes the file atomically; returns its path. @internal */
  async writeSecret(metadata: SecretMetadata, value: Uint8Array, key: Uint8Array): Promise<string> {
    const sealed = sealValue(key, value, Buffer.from(serializeMetadata(metadata), 'utf8'));
    const file = secretFilePath(this.folder, metadata.path);
    await mkdir(dirname(file), { recursive: true });
    writeFileAtomic(file, serializeSecretFile({ metadata, ...sealed }));
    return file;
  }

  /** Seals and writes many secrets as one atomic batch (one flush); returns their files. */
  private async writeSecrets(writes: { metadata: SecretMetadata; value: Uint8Array; key: Uint8Array }[]): Promise<string[]> {
    const writer = new AtomicBatchWriter();
    try {
      for (const { metadata, value, key } of writes) {
        const file = secretFilePath(this.folder, metadata.path);
        await mkdir(dirname(file), { recursive: true });
        const sealed = sealValue(key, value, Buffer.from(serializeMetadata(metadata), 'utf8'));
        writer.add(file, serializeSecretFile({ metadata, ...sealed }));
      }
    } catch (error) {
      writer.abandon();
      throw error;
    }
    return writer.commit();
  }

  /**
   * Commits `files` as one change when the vault is in a git repository and
   * committing is on. A failed commit does not undo the change: it is reported.
   * @internal
   */
  async recordChange(files: string[], summary: string, options: WriteOptions): Promise<CommitOutcome> {
    if (!this.config.git.autocommit || options.commit === false) return {};
    const root = findGitRoot(this.root);
    if (root === undefined) return {};
    try {
      return { commit: await commitFiles(root, files, `vaultfile: ${summary}`) };
    } catch (error) {
      return { commitError: String((error as Error).message).trim().split('\n').slice(-3).join(' ') };
    }
  }

  /** Reads and parses the file of `path`; null when there is none. @internal */
  readSecretFile(path: string): ParsedSecretFile | null {
    const file = secretFilePath(this.folder, path);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      if (isSystemError(error, 'ENOENT') || isSystemError(error, 'ENOTDIR')) return null;
      throw error;
    }
    return this.parseSecretBytes(bytes, path, `secret file ${file}`);
  }

  /**
   * Parses secret file bytes that should hold `path` (from disk or from git
   * history); `where` names them in errors. @internal
   */
  parseSecretBytes(bytes: Uint8Array, path: string, where: string): ParsedSecretFile {
    let parsed: ParsedSecretFile;
    try {
      parsed = parseSecretFile(decodeUtf8(bytes));
    } catch (error) {
      if (!(error instanceof SecretFileFormatError)) throw error;
      if (isConflicted(Buffer.from(bytes).toString('latin1'))) {
        throw new VaultfileError('MERGE_CONFLICT', `secret ${path} has an unresolved git merge conflict`, {
          hint: `pick a side with "vaultfile resolve ${path} --ours", "--theirs" or "--version N", then finish the merge`,
        });
      }
      throw new VaultfileError('CORRUPT_FILE', `${where} is damaged: ${error.message}`, {
        hint: 'restore it from git (git checkout -- <file>); "vaultfile doctor" checks every file',
      });
    }
    if (parsed.metadata.path !== path) {
      throw new VaultfileError('INTEGRITY', `${where} holds ${JSON.stringify(parsed.metadata.path)}, not ${JSON.stringify(path)}`, {
        hint: 'secret files were moved or swapped; restore them from git',
      });
    }
    return parsed;
  }

  /**
   * Decrypts a parsed file with the keyring `keyringFor` gives (the current
   * one by default); every failure is an integrity or access error, never a
   * wrong value. @internal
   */
  async open(parsed: ParsedSecretFile, keyringFor: (group: string) => Promise<Keyring> = (group) => this.keyring(group)): Promise<Uint8Array> {
    const { path, group, epoch } = parsed.metadata;
    const keyring = await keyringFor(group);
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

  /** The current time from the vault's clock. @internal */
  clock(): Date {
    return this.now();
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

/** The first few paths of a list, for messages that must stay one line. */
function listPaths(paths: string[]): string {
  const shown = paths.slice(0, 5).join(', ');
  return paths.length > 5 ? `${shown} and ${paths.length - 5} more` : shown;
}

/** ` under prod/app/` when every path shares that folder, for commit messages. */
function commonFolder(paths: string[]): string {
  let common = paths[0]!.split('/').slice(0, -1);
  for (const path of paths) {
    const segments = path.split('/');
    let length = 0;
    while (length < common.length && length < segments.length - 1 && common[length] === segments[length]) length++;
    common = common.slice(0, length);
  }
  return common.length === 0 ? '' : ` under ${common.join('/')}/`;
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

/** True when text holds git conflict markers at the start of a line. */
function isConflicted(text: string): boolean {
  return /^<{7}( |$)/m.test(text) && /^>{7}( |$)/m.test(text);
}


