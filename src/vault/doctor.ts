import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { VaultfileError, type ErrorCode } from '../errors.js';
import { TEMP_FILE_PREFIX } from '../io/atomic-write.js';
import { isInsideGitRepository } from '../git/repository.js';
import { recipientOf } from '../keys/identity.js';
import { KEYRING_FOLDER, keyringPath } from '../keys/keyring.js';
import { CONFIG_FILE } from './config.js';
import { LOCK_FILE, openVault, type OpenVaultOptions, type Vault } from './vault.js';

/** ok: fine; info: worth knowing; warn: works but needs care; fail: broken. */
export type CheckStatus = 'ok' | 'info' | 'warn' | 'fail';

/** One finding of `doctor`. */
export interface DoctorCheck {
  /** What was checked: `config`, `identity`, `keyring`, `secret`, `files`, `git`. */
  check: string;
  status: CheckStatus;
  message: string;
  hint?: string;
  /** The error code, when the check failed with one. */
  code?: ErrorCode;
}

/** The whole diagnosis. `ok` is false when any check failed. */
export interface DoctorReport {
  ok: boolean;
  checks: DoctorCheck[];
  secrets: { total: number; verified: number; notReadable: number; failed: number };
}

/** Checks config, identity, keyrings and every secret file's integrity; never throws for what it finds. */
export async function diagnose(options: OpenVaultOptions = {}): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const secrets = { total: 0, verified: 0, notReadable: 0, failed: 0 };
  const report = (): DoctorReport => ({ ok: checks.every((c) => c.status !== 'fail'), checks, secrets });

  let vault: Vault;
  try {
    vault = await openVault(options);
    checks.push({ check: 'config', status: 'ok', message: `${join(vault.root, CONFIG_FILE)} is valid` });
  } catch (error) {
    checks.push(failure('config', error));
    return report();
  }
  if (statSync(vault.folder, { throwIfNoEntry: false })?.isDirectory() !== true) {
    checks.push({ check: 'config', status: 'fail', message: `vault folder ${vault.folder} does not exist`, hint: 'restore it from git' });
    return report();
  }

  let identityUsable = false;
  try {
    const identity = await vault.identity();
    const recipients = await Promise.all(identity.keys.map((key) => recipientOf(key)));
    const members = Object.entries(vault.config.members).filter(([, recipient]) => recipients.includes(recipient));
    identityUsable = true;
    checks.push({
      check: 'identity',
      status: members.length > 0 ? 'ok' : 'warn',
      message:
        `identity from ${identity.source}: ${recipients.join(', ')}` +
        (members.length > 0 ? ` (member ${members.map(([name]) => name).join(', ')})` : ', which is not a member of this vault'),
      ...(members.length > 0 ? {} : { hint: 'ask a member to add you: vaultfile identity prints your recipient' }),
    });
  } catch (error) {
    checks.push(failure('identity', error));
  }

  const readableGroups = new Set<string>();
  for (const [group, memberNames] of Object.entries(vault.config.groups)) {
    if (statSync(keyringPath(vault.folder, group), { throwIfNoEntry: false }) === undefined) {
      checks.push({ check: 'keyring', status: 'fail', code: 'KEYRING_MISSING', message: `group "${group}" has no keyring file`, hint: 'restore it from git' });
      continue;
    }
    if (!identityUsable) continue;
    try {
      const keyring = await vault.keyring(group);
      readableGroups.add(group);
      const expected = memberNames.map((name) => vault.config.members[name]!).sort();
      const drift = expected.join('\n') !== keyring.payload.recipients.join('\n');
      checks.push({
        check: 'keyring',
        status: drift ? 'warn' : 'ok',
        message: `group "${group}": ${keyring.payload.epochs.length} key epoch(s), ${keyring.payload.recipients.length} recipient(s)` +
          (drift ? '; its recipients differ from the members in .secretsrc' : ''),
        ...(drift ? { hint: `someone edited .secretsrc or the keyring without the other; vaultfile rekey ${group} fixes it` } : {}),
      });
    } catch (error) {
      if (error instanceof VaultfileError && error.code === 'ACCESS_DENIED') {
        checks.push({ check: 'keyring', status: 'info', message: `group "${group}": you are not a recipient, so its secrets are not verified` });
      } else {
        checks.push(failure('keyring', error));
      }
    }
  }
  const keyringFolder = join(vault.folder, KEYRING_FOLDER);
  for (const name of safeReaddir(keyringFolder)) {
    const group = name.replace(/\.age$/, '');
    if (!name.endsWith('.age') || !(group in vault.config.groups)) {
      checks.push({ check: 'keyring', status: 'warn', message: `${join(keyringFolder, name)} belongs to no group in .secretsrc` });
    }
  }

  const listing = vault.list();
  for (const { file, problem } of listing.problems) {
    secrets.total++;
    secrets.failed++;
    checks.push({ check: 'secret', status: 'fail', code: 'CORRUPT_FILE', message: `secret file ${file} is damaged: ${problem}`, hint: 'restore it from git' });
  }
  for (const metadata of listing.secrets) {
    secrets.total++;
    if (!readableGroups.has(metadata.group)) {
      secrets.notReadable++;
      continue;
    }
    try {
      await vault.verify(metadata.path);
      secrets.verified++;
    } catch (error) {
      secrets.failed++;
      checks.push(failure('secret', error));
    }
  }
  checks.push({
    check: 'secret',
    status: secrets.failed > 0 ? 'fail' : 'ok',
    message: `${secrets.verified} of ${secrets.total} secret(s) verified` +
      (secrets.notReadable > 0 ? `, ${secrets.notReadable} in groups you cannot read` : '') +
      (secrets.failed > 0 ? `, ${secrets.failed} failed` : ''),
  });

  const leftovers = findLeftovers(vault.folder);
  if (leftovers.length > 0) {
    checks.push({
      check: 'files',
      status: 'warn',
      message: `${leftovers.length} temporary file(s) left by interrupted writes: ${leftovers.slice(0, 3).join(', ')}`,
      hint: 'they hold no plaintext; delete them once no vaultfile command is running',
    });
  }
  if (statSync(join(vault.folder, LOCK_FILE), { throwIfNoEntry: false }) !== undefined) {
    checks.push({ check: 'files', status: 'info', message: 'the vault lock is held (a write is in progress, or a writer died; the next write recovers it)' });
  }

  const inGit = await isInsideGitRepository(vault.root);
  checks.push({
    check: 'git',
    status: inGit ? 'ok' : 'info',
    message: inGit ? 'the vault is inside a git repository' : 'the vault is not inside a git repository, so it has no history',
    ...(inGit ? {} : { hint: 'git init, then commit .secretsrc and the vault folder, to get history and sharing' }),
  });
  return report();
}

function failure(check: string, error: unknown): DoctorCheck {
  if (error instanceof VaultfileError) {
    return { check, status: 'fail', code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  }
  return { check, status: 'fail', code: 'INTERNAL', message: (error as Error).message };
}

function findLeftovers(folder: string): string[] {
  const found: string[] = [];
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.startsWith(TEMP_FILE_PREFIX) || entry.name.startsWith(`${LOCK_FILE}.stale-`)) found.push(full);
    }
  };
  walk(folder);
  return found;
}

function safeReaddir(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}
