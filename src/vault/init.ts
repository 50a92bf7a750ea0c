import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isSystemError, VaultfileError } from '../errors.js';
import { TEMP_FILE_PREFIX, writeFileAtomic } from '../io/atomic-write.js';
import {
  createIdentityFile,
  defaultIdentityPath,
  findIdentity,
  isIdentitySourceGiven,
  recipientOf,
  type IdentityOptions,
} from '../keys/identity.js';
import { createKeyring, KEYRING_FOLDER, keyringPath, writeKeyring } from '../keys/keyring.js';
import { commitFiles, findGitRoot, gitUserName } from '../git/repository.js';
import {
  CONFIG_FILE,
  CONFIG_VERSION,
  DEFAULT_DELETE_RECOVERY_DAYS,
  DEFAULT_LOCK_TIMEOUT_SECONDS,
  DEFAULT_MAX_VALUE_BYTES,
  DEFAULT_VAULT_FOLDER,
  isSafeRelativeFolder,
  memberNamePattern,
  writeConfig,
} from './config.js';
import { LOCK_FILE } from './vault.js';

/** The group `init` creates. */
export const DEFAULT_GROUP = 'default';

/** Options for creating a vault. */
export interface InitOptions {
  /** Folder to create the vault in (default process.cwd()). */
  cwd?: string;
  identity?: IdentityOptions;
  /** Name of the first member (default: git user.name, then $USER). */
  name?: string;
  /** Create a post-quantum hybrid identity when a new one is needed. */
  pq?: boolean;
  /** Commit the new vault's files when in a git repository (default true). */
  commit?: boolean;
  /** Vault folder relative to the root (default `secrets`). */
  vaultDir?: string;
  now?: () => Date;
}

/** What `init` created. */
export interface InitResult {
  root: string;
  configFile: string;
  vaultFolder: string;
  member: string;
  recipient: string;
  /** Where the identity came from. */
  identitySource: string;
  /** Set when init created a new identity file. */
  createdIdentityFile?: string;
  /** The commit of the new vault's files, when in a git repository. */
  commit?: string;
  /** Why the files were written but not committed. */
  commitError?: string;
}

/**
 * Creates `.secretsrc`, the vault folder and a `default` group whose only
 * member is you, with rule `**` -> default. Creates an identity (mode 0600)
 * when none exists. Refuses to touch an existing vault.
 */
export async function initVault(options: InitOptions = {}): Promise<InitResult> {
  const root = resolve(options.cwd ?? process.cwd());
  const vaultDir = options.vaultDir ?? DEFAULT_VAULT_FOLDER;
  if (!isSafeRelativeFolder(vaultDir)) {
    throw new VaultfileError('USAGE', `vault folder ${JSON.stringify(vaultDir)} must be a relative folder inside this one`, {
      hint: 'for example --vault-dir secrets',
    });
  }
  if (options.name !== undefined && !memberNamePattern.test(options.name)) {
    throw new VaultfileError('USAGE', `member name ${JSON.stringify(options.name)} is not allowed`, {
      hint: 'names use letters, digits and _ . @ - and start with a letter or digit',
    });
  }
  const configFile = join(root, CONFIG_FILE);
  const vaultFolder = join(root, vaultDir);
  refuseExisting(configFile, vaultFolder);
  const now = (options.now ?? (() => new Date()))();

  let identitySource: string;
  let recipient: string;
  let createdIdentityFile: string | undefined;
  const env = options.identity?.env ?? process.env;
  const fallback = defaultIdentityPath(env);
  if (!isIdentitySourceGiven(options.identity) && statSync(fallback, { throwIfNoEntry: false }) === undefined) {
    const created = await createIdentityFile(fallback, { pq: options.pq ?? false, now });
    recipient = created.recipient;
    identitySource = `file ${created.file}`;
    createdIdentityFile = created.file;
  } else {
    const identity = await findIdentity(options.identity);
    recipient = await recipientOf(identity.keys[0]!);
    identitySource = identity.source;
  }

  const member = memberName(options.name ?? (await gitUserName(root)) ?? env.USER ?? env.USERNAME ?? 'me');
  const vaultId = randomBytes(16).toString('hex');
  mkdirSync(join(vaultFolder, KEYRING_FOLDER), { recursive: true });
  writeFileAtomic(
    join(vaultFolder, '.gitignore'),
    `# vaultfile: local files that never belong in git\n/${LOCK_FILE}\n/${LOCK_FILE}.stale-*\n${TEMP_FILE_PREFIX}*\n`,
  );
  const keyringFile = keyringPath(vaultFolder, DEFAULT_GROUP);
  await writeKeyring(keyringFile, createKeyring(vaultId, DEFAULT_GROUP, [recipient], now));
  await writeConfig(
    root,
    {
      version: CONFIG_VERSION,
      vaultId,
      vaultDir,
      members: { [member]: recipient },
      groups: { [DEFAULT_GROUP]: [member] },
      rules: [{ glob: '**', group: DEFAULT_GROUP }],
      maxValueBytes: DEFAULT_MAX_VALUE_BYTES,
      lockTimeoutSeconds: DEFAULT_LOCK_TIMEOUT_SECONDS,
      deleteRecoveryDays: DEFAULT_DELETE_RECOVERY_DAYS,
      git: { autocommit: true },
      scan: { disabledRules: [], maxFileBytes: 5 * 1024 * 1024 },
    },
    { exclusive: true },
  );
  const result: InitResult = { root, configFile, vaultFolder, member, recipient, identitySource, ...(createdIdentityFile ? { createdIdentityFile } : {}) };
  const gitRoot = findGitRoot(root);
  if (gitRoot === undefined || options.commit === false) return result;
  try {
    result.commit = await commitFiles(gitRoot, [configFile, keyringFile, join(vaultFolder, '.gitignore')], `vaultfile: init vault (member ${member})`);
  } catch (error) {
    result.commitError = String((error as Error).message).trim().split('\n').slice(-3).join(' ');
  }
  return result;
}

function refuseExisting(configFile: string, vaultFolder: string): void {
  if (statSync(configFile, { throwIfNoEntry: false }) !== undefined) {
    throw new VaultfileError('VAULT_EXISTS', `${configFile} already exists; refusing to overwrite a vault`, {
      hint: 'this folder already holds a vault; use it, or init in another folder',
    });
  }
  try {
    if (readdirSync(vaultFolder).length > 0) {
      throw new VaultfileError('VAULT_EXISTS', `${vaultFolder} already holds files; refusing to mix a new vault into it`, {
        hint: 'move those files away, or choose another folder with --vault-dir',
      });
    }
  } catch (error) {
    if (!isSystemError(error, 'ENOENT')) throw error;
  }
}

/** A member name from a free-form name: `Ada Lovelace` -> `ada-lovelace`. */
function memberName(name: string): string {
  const cleaned = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_.@-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return cleaned === '' ? 'me' : cleaned;
}
