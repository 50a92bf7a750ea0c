import { openVault } from '../../vault/vault.js';
import { defineCommand, noCommitOption, secretPathPositional, vaultOptions } from '../command.js';
import { committed, reportCommitFailure } from '../commit-output.js';
import { confirm } from '../confirm.js';
import { printJson, printLine } from '../output.js';

interface DeleteArgs {
  path: string;
  permanent?: boolean;
  yes?: boolean;
  noCommit?: boolean;
  json?: boolean;
}

export default defineCommand<DeleteArgs>({
  command: 'delete <path>',
  describe: 'Delete a secret: restorable for deleteRecoveryDays (default 30), or at once with --permanent',
  positionals: secretPathPositional,
  options: {
    permanent: { type: 'boolean', describe: 'remove the file now instead of keeping it restorable (git history still holds it: rotate the value)' },
    yes: { type: 'boolean', alias: 'y', describe: 'do not ask for confirmation of --permanent' },
    ...noCommitOption,
    json: { type: 'boolean', describe: 'print the result as JSON' },
  },
  async run(args) {
    const vault = await openVault(vaultOptions(args));
    if (args.permanent) await confirm(`Permanently delete ${args.path}?`, args.yes);
    const result = await vault.delete(args.path, { permanent: args.permanent ?? false, commit: !args.noCommit });
    if (args.json) printJson(result);
    else if (result.permanent) {
      printLine(`deleted ${result.path} for good${committed(result)}`);
      printLine('git history still holds its old ciphertext; rotate the value if it must stop working (see docs/HISTORY.md)');
    } else {
      printLine(`deleted ${result.path} (version ${result.version}); "vaultfile restore ${result.path}" brings it back until ${result.recoverableUntil}${committed(result)}`);
    }
    reportCommitFailure(result);
  },
});
