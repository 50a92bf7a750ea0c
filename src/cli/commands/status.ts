import { exposedSecrets } from '../../vault/team.js';
import { openVault } from '../../vault/vault.js';
import { defineCommand, vaultOptions } from '../command.js';
import { formatTable, printJson, printLine } from '../output.js';

export default defineCommand<{ json?: boolean }>({
  command: 'status',
  describe: 'What needs attention: secrets exposed to removed members, until each gets a new value',
  options: { json: { type: 'boolean', describe: 'print {"exposed":[…]} as JSON' } },
  async run(args) {
    const vault = await openVault(vaultOptions(args));
    const exposed = exposedSecrets(vault).map((secret) => ({ path: secret.path, group: secret.group, since: secret.exposed!.since, removedMembers: secret.exposed!.members }));
    if (args.json) {
      printJson({ exposed });
      return;
    }
    if (exposed.length === 0) {
      printLine('nothing needs attention');
      return;
    }
    printLine(`${exposed.length} secret(s) were readable by members since removed; give each a new value (vaultfile set, later rotate):`);
    printLine(formatTable([['PATH', 'GROUP', 'SINCE', 'REMOVED MEMBERS'], ...exposed.map((row) => [row.path, row.group, row.since, row.removedMembers.join(', ')])]));
  },
});
