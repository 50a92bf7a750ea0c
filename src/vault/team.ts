import { join } from 'node:path';
import { VaultfileError } from '../errors.js';
import { formatTimestamp, isValidGroupName, memberNamePattern, type SecretMetadata } from '../format/secret-file.js';
import { isUsableRecipient } from '../keys/age.js';
import { createKeyring } from '../keys/keyring.js';
import { CONFIG_FILE, writeConfig, type VaultConfig } from './config.js';
import { RuleSet } from './rules.js';
import type { CommitOutcome, Vault, WriteOptions } from './vault.js';

/** What a change of members or groups did. */
export interface TeamChange extends CommitOutcome {
  /** Groups whose keyring was re-encrypted to a new set of recipients. */
  keyringsRewritten: string[];
  /** Groups that got a new key epoch (someone lost access). */
  newEpochs: string[];
  /** Secrets re-encrypted (new epoch or new group). */
  reencrypted: number;
}

/**
 * Adds a member, optionally to groups. Touches only .secretsrc and the keyrings
 * of those groups (re-encrypted to one more recipient): no secret file changes.
 */
export async function addMember(vault: Vault, name: string, recipient: string, groups: string[], options: WriteOptions = {}): Promise<TeamChange> {
  if (!memberNamePattern.test(name)) throw badName('member', name);
  if (!(await isUsableRecipient(recipient))) {
    throw new VaultfileError('BAD_RECIPIENT', `${JSON.stringify(recipient)} is not an age recipient`, {
      hint: 'recipients look like age1… (age-keygen -y KEYFILE, or vaultfile identity) or age1pq1…',
    });
  }
  return change(vault, options, `add member ${name}${groups.length ? ` to ${groups.join(', ')}` : ''}`, async (config) => {
    if (name in config.members) throw new VaultfileError('DUPLICATE', `member "${name}" already exists`, { hint: 'vaultfile member list shows the members' });
    const taken = Object.entries(config.members).find(([, existing]) => existing === recipient);
    if (taken) throw new VaultfileError('DUPLICATE', `that recipient already belongs to member "${taken[0]}"`, { hint: 'one recipient, one member' });
    for (const group of groups) requireGroup(config, group);
    config.members[name] = recipient;
    for (const group of groups) config.groups[group] = [...config.groups[group]!, name];
    return { rewrap: groups, revoke: [] };
  });
}

/**
 * Removes a member from the vault. Every group they were in gets a new key
 * epoch, its secrets are re-encrypted under it and marked as exposed to them.
 */
export async function removeMember(vault: Vault, name: string, options: WriteOptions = {}): Promise<TeamChange> {
  return change(vault, options, `remove member ${name}`, async (config) => {
    requireMember(config, name);
    const groups = Object.keys(config.groups).filter((group) => config.groups[group]!.includes(name));
    for (const group of groups) refuseLastMember(config, group, name);
    delete config.members[name];
    for (const group of groups) config.groups[group] = config.groups[group]!.filter((member) => member !== name);
    return { rewrap: [], revoke: groups.map((group) => ({ group, members: [name] })) };
  });
}

/** Creates a group with a fresh key, readable by `members` (at least one). */
export async function createGroup(vault: Vault, group: string, members: string[], options: WriteOptions = {}): Promise<TeamChange> {
  if (!isValidGroupName(group)) throw badName('group', group);
  return change(vault, options, `create group ${group} (${members.join(', ')})`, async (config) => {
    if (group in config.groups) throw new VaultfileError('DUPLICATE', `group "${group}" already exists`, { hint: 'vaultfile group add-member adds people to it' });
    if (members.length === 0) throw new VaultfileError('USAGE', `group "${group}" needs at least one member`, { hint: 'vaultfile group create prod --members alice,bob' });
    for (const member of members) requireMember(config, member);
    config.groups[group] = [...new Set(members)];
    return { rewrap: [], revoke: [], create: [group] };
  });
}

/** Gives a member access to a group: its keyring is re-encrypted to one more recipient; no secret file changes. */
export async function addGroupMember(vault: Vault, group: string, name: string, options: WriteOptions = {}): Promise<TeamChange> {
  return change(vault, options, `add ${name} to group ${group}`, async (config) => {
    requireGroup(config, group);
    requireMember(config, name);
    if (config.groups[group]!.includes(name)) throw new VaultfileError('DUPLICATE', `${name} is already in group "${group}"`);
    config.groups[group] = [...config.groups[group]!, name];
    return { rewrap: [group], revoke: [] };
  });
}

/** Takes a member out of a group: new key epoch, the group's secrets re-encrypted and marked exposed to them. */
export async function removeGroupMember(vault: Vault, group: string, name: string, options: WriteOptions = {}): Promise<TeamChange> {
  return change(vault, options, `remove ${name} from group ${group}`, async (config) => {
    requireGroup(config, group);
    requireMember(config, name);
    if (!config.groups[group]!.includes(name)) throw new VaultfileError('UNKNOWN_MEMBER', `${name} is not in group "${group}"`);
    refuseLastMember(config, group, name);
    config.groups[group] = config.groups[group]!.filter((member) => member !== name);
    return { rewrap: [], revoke: [{ group, members: [name] }] };
  });
}

/**
 * Brings a group's keyring in line with .secretsrc (drift: someone edited one
 * without the other). Recipients only in the keyring lose access for good: a
 * new key epoch, as when a member is removed.
 */
export async function rekeyGroup(vault: Vault, group: string, options: WriteOptions = {}): Promise<TeamChange> {
  const keyring = await vault.keyring(group);
  return change(vault, options, `rekey group ${group}`, async (config) => {
    requireGroup(config, group);
    const wanted = new Set(recipientsOf(config, group));
    const dropped = keyring.payload.recipients.filter((recipient) => !wanted.has(recipient));
    if (dropped.length === 0) return { rewrap: [group], revoke: [] };
    return { rewrap: [], revoke: [{ group, members: dropped.map((recipient) => `recipient-${recipient.slice(-8)}`) }] };
  });
}

/** Adds a path rule at position `at` (1 = first, the default, ahead of broader rules) and moves secrets it now claims. */
export async function addRule(vault: Vault, glob: string, group: string, at: number | undefined, options: WriteOptions = {}): Promise<TeamChange> {
  if (glob.trim() === '' || /[\r\n]/.test(glob)) throw new VaultfileError('USAGE', `bad rule pattern ${JSON.stringify(glob)}`, { hint: 'patterns use .gitignore syntax, like prod/** or */db/*' });
  return change(vault, options, `add rule ${glob} -> ${group}`, async (config) => {
    requireGroup(config, group);
    const position = at ?? 1;
    if (!Number.isInteger(position) || position < 1 || position > config.rules.length + 1) {
      throw new VaultfileError('USAGE', `--at must be from 1 to ${config.rules.length + 1}`, { hint: 'vaultfile rule list shows the positions' });
    }
    config.rules.splice(position - 1, 0, { glob, group });
    return { rewrap: [], revoke: [], regroup: true };
  });
}

/** One line of `access`: a rule, its group and who can read what it covers. */
export interface AccessRow {
  glob: string;
  group: string;
  members: string[];
}

/** Who can read which rule's paths, in match order. */
export function accessTable(config: VaultConfig): AccessRow[] {
  return config.rules.map(({ glob, group }) => ({ glob, group, members: [...(config.groups[group] ?? [])] }));
}

/** Secrets whose value was readable by someone since removed, until each gets a new value. */
export function exposedSecrets(vault: Vault): SecretMetadata[] {
  return vault.list('').secrets.filter((secret) => secret.exposed !== undefined);
}

interface Plan {
  /** Groups whose keyring gets the group's new recipient list, same keys. */
  rewrap: string[];
  /** Groups that get a new epoch; their secrets are marked exposed to `members`. */
  revoke: { group: string; members: string[] }[];
  /** New groups that need a keyring. */
  create?: string[];
  /** Rules changed: move secrets whose group changed. */
  regroup?: boolean;
}

/**
 * The one way team changes happen: under the vault lock, plan on a copy of the
 * config, write keyrings first (a crash leaves old epochs readable), then
 * secrets, then the config, and commit everything as one change.
 */
async function change(vault: Vault, options: WriteOptions, summary: string, plan: (config: VaultConfig) => Promise<Plan>): Promise<TeamChange> {
  return vault.locked(async () => {
    const config: VaultConfig = structuredClone(vault.config);
    const { rewrap, revoke, create = [], regroup = false } = await plan(config);
    const files: string[] = [];
    const now = vault.clock();
    for (const group of create) {
      files.push(await vault.saveKeyring(createKeyring(config.vaultId, group, recipientsOf(config, group), now)));
    }
    for (const group of rewrap) {
      files.push(await vault.saveKeyring((await vault.keyring(group)).withRecipients(recipientsOf(config, group))));
    }
    let reencrypted = 0;
    for (const { group } of revoke) {
      files.push(await vault.saveKeyring((await vault.keyring(group)).withRecipients(recipientsOf(config, group)).withNewEpoch(now)));
    }
    if (revoke.length > 0) {
      const removed = new Map(revoke.map(({ group, members }) => [group, members]));
      const written = await vault.reencrypt(
        (metadata) => (removed.has(metadata.group) ? metadata.group : null),
        (metadata) => markExposed(metadata, removed.get(metadata.group)!, now),
      );
      files.push(...written);
      reencrypted += written.length;
    }
    if (regroup) {
      const rules = new RuleSet(config.rules);
      const written = await vault.reencrypt((metadata) => {
        const group = rules.groupFor(metadata.path);
        return group === metadata.group ? null : group;
      });
      files.push(...written);
      reencrypted += written.length;
    }
    await writeConfig(vault.root, config);
    vault.useConfig(config);
    files.push(join(vault.root, CONFIG_FILE));
    const outcome = await vault.recordChange(files, summary, options);
    return { keyringsRewritten: [...create, ...rewrap], newEpochs: revoke.map(({ group }) => group), reencrypted, ...outcome };
  });
}

function markExposed(metadata: SecretMetadata, members: string[], now: Date): SecretMetadata {
  const since = metadata.exposed?.since ?? formatTimestamp(now);
  return { ...metadata, exposed: { since, members: [...new Set([...(metadata.exposed?.members ?? []), ...members])].sort() } };
}

function recipientsOf(config: VaultConfig, group: string): string[] {
  return config.groups[group]!.map((member) => config.members[member]!);
}

function requireMember(config: VaultConfig, name: string): void {
  if (!(name in config.members)) {
    throw new VaultfileError('UNKNOWN_MEMBER', `no member named "${name}"`, { hint: `members: ${Object.keys(config.members).join(', ')}` });
  }
}

function requireGroup(config: VaultConfig, group: string): void {
  if (!(group in config.groups)) {
    throw new VaultfileError('UNKNOWN_GROUP', `no group named "${group}"`, { hint: `groups: ${Object.keys(config.groups).join(', ')}; vaultfile group create makes one` });
  }
}

function refuseLastMember(config: VaultConfig, group: string, name: string): void {
  if (config.groups[group]!.length === 1) {
    throw new VaultfileError('LAST_MEMBER', `${name} is the last member of group "${group}"; without a member nobody could read its secrets`, {
      hint: `add someone first (vaultfile group add-member ${group} NAME), or move its secrets elsewhere with a rule`,
    });
  }
}

function badName(kind: 'member' | 'group', name: string): VaultfileError {
  return new VaultfileError('USAGE', `${kind} name ${JSON.stringify(name)} is not allowed`, {
    hint: kind === 'member' ? 'names use letters, digits and _ . @ - and start with a letter or digit' : 'group names use a-z 0-9 _ - and start with a letter or digit',
  });
}
