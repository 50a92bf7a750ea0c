import { readFileSync } from 'node:fs';
import { isAbsolute, join, normalize } from 'node:path';
import { isSystemError, VaultfileError } from '../errors.js';
import { isValidVaultId } from '../format/keyring-payload.js';
import { isValidGroupName, memberNamePattern } from '../format/secret-file.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { configCacheFolder, readCachedDocument, writeCachedDocument } from './config-cache.js';
import { CONFIG_FILE } from './vault-root.js';

export { CONFIG_FILE, findVaultRoot } from './vault-root.js';
export const CONFIG_VERSION = 1;
export const DEFAULT_VAULT_FOLDER = 'secrets';
export const DEFAULT_MAX_VALUE_BYTES = 1024 * 1024;
/** The most `maxValueBytes` may be raised to. */
export const MAX_VALUE_BYTES_LIMIT = 64 * 1024 * 1024;
export const DEFAULT_LOCK_TIMEOUT_SECONDS = 10;
/** Soft-deleted secrets stay restorable this long (AWS Secrets Manager allows 7 to 30 days). */
export const DEFAULT_DELETE_RECOVERY_DAYS = 30;
export const MIN_DELETE_RECOVERY_DAYS = 7;
export const MAX_DELETE_RECOVERY_DAYS = 30;

export { memberNamePattern };
const recipientPattern = /^age1(pq1)?[qpzry9x8gf2tvdw0s3jn54khce6mua7l]+$/;

/** A path rule: secrets whose path matches `glob` belong to `group`. */
export interface PathRule {
  /** A .gitignore-style pattern matched against the secret path. */
  glob: string;
  group: string;
}

/** The parsed, validated `.secretsrc`. */
export interface VaultConfig {
  version: number;
  /** Random id binding keyrings to this vault. */
  vaultId: string;
  /** The vault folder, relative to the config file's folder. */
  vaultDir: string;
  /** Member name -> age recipient. */
  members: Record<string, string>;
  /** Group name -> member names. */
  groups: Record<string, string[]>;
  /** First match wins. */
  rules: PathRule[];
  maxValueBytes: number;
  lockTimeoutSeconds: number;
  /** Days a deleted secret can still be restored before `purge` removes it. */
  deleteRecoveryDays: number;
  git: GitSettings;
  scan: ScanSettings;
}

/** Scanner settings for this repository. */
export interface ScanSettings {
  /** Rule ids that never run here (`generic-secret-assignment`, `forbidden-files`, any credential rule id). */
  disabledRules: string[];
  /** Files larger than this are skipped and counted. */
  maxFileBytes: number;
}

/** How the vault uses git when it lives in a repository. */
export interface GitSettings {
  /** Commit every change (one commit per command, only the files it touched). */
  autocommit: boolean;
}

const knownKeys = ['version', 'vaultId', 'vaultDir', 'members', 'groups', 'rules', 'maxValueBytes', 'lockTimeoutSeconds', 'deleteRecoveryDays', 'git', 'scan'];

/** Reads and validates `<root>/.secretsrc`. */
export async function loadConfig(root: string): Promise<VaultConfig> {
  const file = join(root, CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (isSystemError(error, 'ENOENT')) {
      throw new VaultfileError('CONFIG_NOT_FOUND', `${file} does not exist`, { hint: 'run "vaultfile init" to create a vault' });
    }
    throw error;
  }
  const cacheFolder = configCacheFolder();
  const cached = readCachedDocument(cacheFolder, text);
  if (cached !== undefined) {
    try {
      return validateConfig(cached, file);
    } catch {
      // a damaged cache entry (or one written by another version): parse the real file below
    }
  }
  const document = await parseYaml(text, file);
  const config = validateConfig(document, file);
  writeCachedDocument(cacheFolder, text, document);
  return config;
}

/** Parses config text; errors name the file and the offending key. */
export async function parseConfig(text: string, file: string): Promise<VaultConfig> {
  return validateConfig(await parseYaml(text, file), file);
}

async function parseYaml(text: string, file: string): Promise<unknown> {
  const { parse } = await import('yaml'); // loaded only when the parse cache misses
  try {
    return parse(text, { uniqueKeys: true, prettyErrors: true });
  } catch (error) {
    throw invalid(file, `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** Validates a parsed config document. */
function validateConfig(document: unknown, file: string): VaultConfig {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw invalid(file, 'expected a mapping of keys');
  const record = document as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!knownKeys.includes(key)) throw invalid(file, `unknown key "${key}"`, `known keys: ${knownKeys.join(', ')} (see .secretsrc.example)`);
  }
  if (record.version !== CONFIG_VERSION) {
    throw invalid(file, `unsupported version ${JSON.stringify(record.version)}; this vaultfile reads version ${CONFIG_VERSION}`);
  }
  if (typeof record.vaultId !== 'string' || !isValidVaultId(record.vaultId)) throw invalid(file, 'vaultId must be 32 hex digits');
  const vaultDir = record.vaultDir ?? DEFAULT_VAULT_FOLDER;
  if (typeof vaultDir !== 'string' || !isSafeRelativeFolder(vaultDir)) {
    throw invalid(file, `vaultDir ${JSON.stringify(vaultDir)} must be a relative folder inside the repository`);
  }
  const members = parseMembers(record.members, file);
  const groups = parseGroups(record.groups, members, file);
  const rules = parseRules(record.rules, groups, file);
  const maxValueBytes = parseInteger(record.maxValueBytes, 'maxValueBytes', 1, MAX_VALUE_BYTES_LIMIT, DEFAULT_MAX_VALUE_BYTES, file);
  const lockTimeoutSeconds = parseInteger(record.lockTimeoutSeconds, 'lockTimeoutSeconds', 1, 3600, DEFAULT_LOCK_TIMEOUT_SECONDS, file);
  const deleteRecoveryDays = parseInteger(
    record.deleteRecoveryDays,
    'deleteRecoveryDays',
    MIN_DELETE_RECOVERY_DAYS,
    MAX_DELETE_RECOVERY_DAYS,
    DEFAULT_DELETE_RECOVERY_DAYS,
    file,
  );
  const git = parseGitSettings(record.git, file);
  const scan = parseScanSettings(record.scan, file);
  return { version: CONFIG_VERSION, vaultId: record.vaultId, vaultDir, members, groups, rules, maxValueBytes, lockTimeoutSeconds, deleteRecoveryDays, git, scan };
}

function parseScanSettings(value: unknown, file: string): ScanSettings {
  const defaults: ScanSettings = { disabledRules: [], maxFileBytes: 5 * 1024 * 1024 };
  if (value === undefined) return defaults;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(file, 'scan must be a mapping, like scan: { disabledRules: [generic-secret-assignment] }');
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) if (key !== 'disabledRules' && key !== 'maxFileBytes') throw invalid(file, `unknown key "scan.${key}"`, 'known keys under scan: disabledRules, maxFileBytes');
  const disabledRules = record.disabledRules ?? [];
  if (!Array.isArray(disabledRules) || !disabledRules.every((id) => typeof id === 'string')) throw invalid(file, 'scan.disabledRules must be a list of rule ids');
  const maxFileBytes = parseInteger(record.maxFileBytes, 'scan.maxFileBytes', 1024, 1024 * 1024 * 1024, defaults.maxFileBytes, file);
  return { disabledRules: disabledRules as string[], maxFileBytes };
}

function parseGitSettings(value: unknown, file: string): GitSettings {
  if (value === undefined) return { autocommit: true };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(file, 'git must be a mapping, like git: { autocommit: false }');
  for (const key of Object.keys(value)) if (key !== 'autocommit') throw invalid(file, `unknown key "git.${key}"`, 'known keys under git: autocommit');
  const { autocommit } = value as { autocommit?: unknown };
  if (autocommit !== undefined && typeof autocommit !== 'boolean') throw invalid(file, 'git.autocommit must be true or false');
  return { autocommit: autocommit ?? true };
}

function parseMembers(value: unknown, file: string): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(file, 'members must map names to age recipients');
  const members: Record<string, string> = {};
  for (const [name, recipient] of Object.entries(value)) {
    if (!memberNamePattern.test(name)) throw invalid(file, `member name ${JSON.stringify(name)} is not allowed`, 'names use letters, digits and _ . @ -');
    if (typeof recipient !== 'string' || !recipientPattern.test(recipient)) {
      throw invalid(file, `member "${name}" has an invalid recipient`, 'recipients look like age1… or age1pq1…');
    }
    members[name] = recipient;
  }
  return members;
}

function parseGroups(value: unknown, members: Record<string, string>, file: string): Record<string, string[]> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(file, 'groups must map group names to lists of members');
  const groups: Record<string, string[]> = {};
  for (const [name, list] of Object.entries(value)) {
    if (!isValidGroupName(name)) throw invalid(file, `group name ${JSON.stringify(name)} is not allowed`, 'group names use a-z 0-9 _ - and start with a letter or digit');
    if (!Array.isArray(list) || list.length === 0 || !list.every((member) => typeof member === 'string')) {
      throw invalid(file, `group "${name}" must list at least one member`);
    }
    for (const member of list as string[]) {
      if (!(member in members)) throw invalid(file, `group "${name}" lists unknown member "${member}"`);
    }
    groups[name] = list as string[];
  }
  return groups;
}

function parseRules(value: unknown, groups: Record<string, string[]>, file: string): PathRule[] {
  if (!Array.isArray(value)) throw invalid(file, 'rules must be a list of {glob, group}');
  return value.map((entry, index) => {
    const rule = entry as Record<string, unknown>;
    if (typeof entry !== 'object' || entry === null || typeof rule.glob !== 'string' || typeof rule.group !== 'string' || rule.glob === '') {
      throw invalid(file, `rule ${index + 1} must have a glob and a group`);
    }
    if (!(rule.group in groups)) throw invalid(file, `rule ${index + 1} (${rule.glob}) names unknown group "${rule.group}"`);
    return { glob: rule.glob, group: rule.group };
  });
}

function parseInteger(value: unknown, key: string, min: number, max: number, fallback: number, file: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(file, `${key} must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** True when `folder` is a relative folder inside the repository (no `..`, not `.git`). */
export function isSafeRelativeFolder(folder: string): boolean {
  if (folder === '' || isAbsolute(folder) || folder.includes('\\')) return false;
  const normal = normalize(folder);
  return normal !== '.' && !normal.startsWith('..') && !normal.startsWith('.git');
}

function invalid(file: string, problem: string, hint = `fix ${CONFIG_FILE}; .secretsrc.example documents every key`): VaultfileError {
  return new VaultfileError('CONFIG_INVALID', `${file}: ${problem}`, { hint });
}

/** YAML text for a config, keys in a stable order, with a header comment. */
export async function serializeConfig(config: VaultConfig): Promise<string> {
  const { stringify } = await import('yaml');
  const document: Record<string, unknown> = {
    version: config.version,
    vaultId: config.vaultId,
    vaultDir: config.vaultDir,
    members: config.members,
    groups: config.groups,
    rules: config.rules,
  };
  if (config.maxValueBytes !== DEFAULT_MAX_VALUE_BYTES) document.maxValueBytes = config.maxValueBytes;
  if (config.lockTimeoutSeconds !== DEFAULT_LOCK_TIMEOUT_SECONDS) document.lockTimeoutSeconds = config.lockTimeoutSeconds;
  if (config.deleteRecoveryDays !== DEFAULT_DELETE_RECOVERY_DAYS) document.deleteRecoveryDays = config.deleteRecoveryDays;
  if (!config.git.autocommit) document.git = config.git;
  if (config.scan.disabledRules.length > 0 || config.scan.maxFileBytes !== 5 * 1024 * 1024) document.scan = config.scan;
  return `# vaultfile configuration; every key is documented in .secretsrc.example\n${stringify(document)}`;
}

/** Writes `<root>/.secretsrc` atomically. */
export async function writeConfig(root: string, config: VaultConfig, options: { exclusive?: boolean } = {}): Promise<void> {
  writeFileAtomic(join(root, CONFIG_FILE), await serializeConfig(config), options);
}
