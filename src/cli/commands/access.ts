import { accessTable } from '../../vault/team.js';
import { openVault } from '../../vault/vault.js';
import { defineCommand, vaultOptions } from '../command.js';
import { formatTable, printJson, printLine } from '../output.js';

export default defineCommand<{ json?: boolean }>({
  command: 'access',
  describe: 'Who can read which paths: each rule, its group and the group\'s members, in match order',
  options: { json: { type: 'boolean', describe: 'print {"rules":[{"glob","group","members"}]} as JSON' } },
  async run(args) {
    const vault = await openVault(vaultOptions(args));
    const rows = accessTable(vault.config);
    if (args.json) printJson({ rules: rows });
    else printLine(formatTable([['PATHS', 'GROUP', 'READABLE BY'], ...rows.map((row) => [row.glob, row.group, row.members.join(', ')])]));
  },
});
