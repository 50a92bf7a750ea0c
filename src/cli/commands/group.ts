import { VaultfileError } from '../../errors.js';
import { addGroupMember, createGroup, removeGroupMember } from '../../vault/team.js';
import { openVault } from '../../vault/vault.js';
import { defineCommand, noCommitOption, vaultOptions } from '../command.js';
import { formatTable, printJson, printLine } from '../output.js';
import { printTeamChange } from '../team-output.js';

interface GroupArgs {
  action: string;
  group?: string;
  member?: string;
  members?: string;
  noCommit?: boolean;
  json?: boolean;
}

export default defineCommand<GroupArgs>({
  command: 'group <action> [group] [member]',
  describe: 'Groups: "create G --members a,b", "add-member G NAME", "remove-member G NAME", "list"',
  positionals: {
    action: { describe: 'create, add-member, remove-member or list' },
    group: { describe: 'group name', optional: true },
    member: { describe: 'for add-member and remove-member: the member', optional: true },
  },
  options: {
    members: { type: 'string', describe: 'for create: members, comma-separated' },
    ...noCommitOption,
    json: { type: 'boolean', describe: 'print the result as JSON' },
  },
  async run(args) {
    const vault = await openVault(vaultOptions(args));
    const commit = !args.noCommit;
    if (args.action === 'list') {
      const groups = Object.entries(vault.config.groups).map(([name, members]) => ({ name, members }));
      if (args.json) printJson({ groups });
      else printLine(formatTable([['GROUP', 'MEMBERS'], ...groups.map((group) => [group.name, group.members.join(', ')])]));
      return;
    }
    if (args.group === undefined) throw new VaultfileError('USAGE', `group ${args.action} needs a GROUP`, { hint: 'vaultfile group --help' });
    const needMember = (): string => {
      if (args.member === undefined) throw new VaultfileError('USAGE', `group ${args.action} needs GROUP and MEMBER`, { hint: 'vaultfile group --help' });
      return args.member;
    };
    if (args.action === 'create') {
      const members = (args.members ?? '').split(',').map((name) => name.trim()).filter(Boolean);
      printTeamChange(`created group ${args.group}`, await createGroup(vault, args.group, members, { commit }), args.json);
    } else if (args.action === 'add-member') {
      const member = needMember();
      printTeamChange(`added ${member} to group ${args.group}`, await addGroupMember(vault, args.group, member, { commit }), args.json);
    } else if (args.action === 'remove-member') {
      const member = needMember();
      printTeamChange(`removed ${member} from group ${args.group}`, await removeGroupMember(vault, args.group, member, { commit }), args.json);
    } else {
      throw new VaultfileError('USAGE', `unknown group action ${JSON.stringify(args.action)}`, { hint: 'group create, add-member, remove-member or list' });
    }
  },
});
