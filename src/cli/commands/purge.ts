import { openVault } from '../../vault/vault.js';
import { defineCommand, noCommitOption, vaultOptions } from '../command.js';
import { committed, reportCommitFailure } from '../commit-output.js';
import { confirm } from '../confirm.js';
import { printJson, printLine } from '../output.js';

export default defineCommand<{ all?: boolean; yes?: boolean; noCommit?: boolean; json?: boolean }>({
  command: 'purge',
  describe: 'Remove deleted secrets whose recovery window has passed (--all: every deleted secret)',
  options: {
    all: { type: 'boolean', describe: 'also remove deleted secrets that could still be restored' },
    yes: { type: 'boolean', alias: 'y', describe: 'do not ask for confirmation of --all' },
    ...noCommitOption,
    json: { type: 'boolean', describe: 'print {"purged":[…],"kept":[…]} as JSON' },
  },
  async run(args) {
    const vault = await openVault(vaultOptions(args));
    if (args.all) {
      const count = vault.list('', { deleted: true }).secrets.length;
      if (count > 0) await confirm(`Permanently remove all ${count} deleted secret(s), including restorable ones?`, args.yes);
    }
    const result = await vault.purge({ all: args.all ?? false, commit: !args.noCommit });
    if (args.json) {
      printJson(result);
    } else {
      for (const path of result.purged) printLine(`purged ${path}`);
      if (result.purged.length === 0) printLine('nothing to purge');
      else if (result.commit) printLine(committed(result).replace(/^; /, ''));
      for (const { path, recoverableUntil } of result.kept) printLine(`kept ${path} (restorable until ${recoverableUntil})`);
    }
    reportCommitFailure(result);
  },
});
