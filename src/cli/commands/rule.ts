import { VaultfileError } from '../../errors.js';
import { addRule } from '../../vault/team.js';
import { openVault } from '../../vault/vault.js';
import { defineCommand, noCommitOption, parseCount, vaultOptions } from '../command.js';
import { formatTable, printJson, printLine } from '../output.js';
import { printTeamChange } from '../team-output.js';

interface RuleArgs {
  action: string;
  glob?: string;
  group?: string;
  at?: string;
  noCommit?: boolean;
  json?: boolean;
}

export default defineCommand<RuleArgs>({
  command: 'rule <action> [glob] [group]',
  describe: 'Path rules (first match wins): "add GLOB GROUP [--at N]" (goes first unless --at), "list"',
  positionals: {
    action: { describe: 'add or list' },
    glob: { describe: 'for add: a .gitignore-style pattern, like prod/**', optional: true },
    group: { describe: 'for add: the group that reads what the pattern matches', optional: true },
  },
  options: {
    at: { type: 'string', describe: 'for add: position N (1 = first; default 1)' },
    ...noCommitOption,
    json: { type: 'boolean', describe: 'print {"rules":[{"glob","group"}]} in match order' },
  },
  async run(args) {
    const vault = await openVault(vaultOptions(args));
    if (args.action === 'list') {
      if (args.json) printJson({ rules: vault.config.rules });
      else printLine(formatTable([['#', 'GLOB', 'GROUP'], ...vault.config.rules.map((rule, index) => [String(index + 1), rule.glob, rule.group])]));
      return;
    }
    if (args.action !== 'add') throw new VaultfileError('USAGE', `unknown rule action ${JSON.stringify(args.action)}`, { hint: 'rule add or rule list' });
    if (args.glob === undefined || args.group === undefined) throw new VaultfileError('USAGE', 'rule add needs GLOB and GROUP', { hint: 'vaultfile rule add "prod/**" prod' });
    const change = await addRule(vault, args.glob, args.group, parseCount(args.at, '--at'), { commit: !args.noCommit });
    printTeamChange(`added rule ${args.glob} -> ${args.group}`, change, args.json);
  },
});
