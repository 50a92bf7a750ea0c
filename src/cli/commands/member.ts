import { VaultfileError } from '../../errors.js';
import { addMember, removeMember } from '../../vault/team.js';
import { openVault } from '../../vault/vault.js';
import { defineCommand, noCommitOption, vaultOptions } from '../command.js';
import { formatTable, printJson, printLine } from '../output.js';
import { printTeamChange } from '../team-output.js';

interface MemberArgs {
  action: string;
  name?: string;
  recipient?: string;
  group?: string[];
  noCommit?: boolean;
  json?: boolean;
}

export default defineCommand<MemberArgs>({
  command: 'member <action> [name] [recipient]',
  describe: 'Members: "add NAME RECIPIENT [--group G]…" (no secret file changes), "remove NAME" (new key epochs), "list"',
  positionals: {
    action: { describe: 'add, remove or list' },
    name: { describe: 'member name', optional: true },
    recipient: { describe: 'for add: their age recipient (age1… or age1pq1…; vaultfile identity prints it)', optional: true },
  },
  options: {
    group: { type: 'string', array: true, alias: 'g', describe: 'for add: a group to join (repeatable)' },
    ...noCommitOption,
    json: { type: 'boolean', describe: 'print the result as JSON' },
  },
  examples: [
    ['vaultfile member add bob age1… --group dev', 'bob can read dev/… from now on'],
    ['vaultfile member remove bob', 'bob loses access; his groups get new keys'],
  ],
  async run(args) {
    const vault = await openVault(vaultOptions(args));
    const commit = !args.noCommit;
    if (args.action === 'list') {
      const rows = Object.entries(vault.config.members).map(([name, recipient]) => ({
        name,
        recipient,
        groups: Object.keys(vault.config.groups).filter((group) => vault.config.groups[group]!.includes(name)),
      }));
      if (args.json) printJson({ members: rows });
      else printLine(formatTable([['MEMBER', 'GROUPS', 'RECIPIENT'], ...rows.map((row) => [row.name, row.groups.join(',') || '-', row.recipient])]));
      return;
    }
    if (args.name === undefined) throw new VaultfileError('USAGE', `member ${args.action} needs a NAME`, { hint: 'vaultfile member --help' });
    if (args.action === 'add') {
      if (args.recipient === undefined) throw new VaultfileError('USAGE', 'member add needs NAME and RECIPIENT', { hint: 'vaultfile member add bob age1…' });
      const change = await addMember(vault, args.name, args.recipient, args.group ?? [], { commit });
      printTeamChange(`added member ${args.name}${args.group?.length ? ` to ${args.group.join(', ')}` : ''}`, change, args.json);
    } else if (args.action === 'remove') {
      const change = await removeMember(vault, args.name, { commit });
      printTeamChange(`removed member ${args.name}`, change, args.json);
    } else {
      throw new VaultfileError('USAGE', `unknown member action ${JSON.stringify(args.action)}`, { hint: 'member add, member remove or member list' });
    }
  },
});
