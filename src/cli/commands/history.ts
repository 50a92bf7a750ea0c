import { openVault } from '../../vault/vault.js';
import { defineCommand, secretPathPositional, vaultOptions } from '../command.js';
import { formatTable, printJson, printLine } from '../output.js';

export default defineCommand<{ path: string; json?: boolean }>({
  command: 'history <path>',
  describe: 'List every version of a secret from git: version, date, author, commit, action',
  positionals: secretPathPositional,
  options: { json: { type: 'boolean', describe: 'print {"path","versions":[…]} as JSON, newest first' } },
  examples: [['vaultfile history prod/db/password', 'then: vaultfile get prod/db/password --version N']],
  async run(args) {
    const vault = await openVault(vaultOptions(args));
    const versions = await vault.history(args.path);
    if (args.json) {
      printJson({ path: args.path, versions });
      return;
    }
    const rows = versions.map((entry) => [`v${entry.version}`, entry.date, entry.author || '-', entry.commit?.slice(0, 10) ?? '(uncommitted)', entry.action]);
    printLine(formatTable([['VERSION', 'DATE', 'AUTHOR', 'COMMIT', 'ACTION'], ...rows]));
  },
});
