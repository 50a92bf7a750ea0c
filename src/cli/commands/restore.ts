import { openVault } from '../../vault/vault.js';
import { defineCommand, noCommitOption, secretPathPositional, vaultOptions } from '../command.js';
import { committed, reportCommitFailure } from '../commit-output.js';
import { printJson, printLine } from '../output.js';

export default defineCommand<{ path: string; noCommit?: boolean; json?: boolean }>({
  command: 'restore <path>',
  describe: 'Bring back a deleted secret with its metadata and version (see list --deleted)',
  positionals: secretPathPositional,
  options: { ...noCommitOption, json: { type: 'boolean', describe: 'print the result as JSON' } },
  async run(args) {
    const vault = await openVault(vaultOptions(args));
    const result = await vault.restore(args.path, { commit: !args.noCommit });
    if (args.json) printJson(result);
    else printLine(`restored ${result.path} (version ${result.version})${committed(result)}`);
    reportCommitFailure(result);
  },
});
