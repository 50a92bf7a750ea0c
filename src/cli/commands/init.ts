import { relative } from 'node:path';
import { initVault } from '../../vault/init.js';
import { defineCommand, noCommitOption, vaultOptions } from '../command.js';
import { reportCommitFailure } from '../commit-output.js';
import { printJson, printLine, warn } from '../output.js';

interface InitArgs {
  noCommit?: boolean;
  name?: string;
  pq?: boolean;
  vaultDir?: string;
  json?: boolean;
}

export default defineCommand<InitArgs>({
  command: 'init',
  describe: 'Create a vault here: .secretsrc, the vault folder, and your identity if you have none',
  options: {
    name: { type: 'string', describe: 'your member name (default: git user.name, then $USER)' },
    pq: { type: 'boolean', describe: 'make a new identity post-quantum hybrid (age1pq1…)' },
    'vault-dir': { type: 'string', describe: 'vault folder, relative to here (default: secrets)' },
    ...noCommitOption,
    json: { type: 'boolean', describe: 'print the result as JSON' },
  },
  async run(args) {
    const options = vaultOptions(args);
    const result = await initVault({
      ...options,
      ...(args.name === undefined ? {} : { name: args.name }),
      ...(args.vaultDir === undefined ? {} : { vaultDir: args.vaultDir }),
      pq: args.pq ?? false,
      commit: !args.noCommit,
    });
    if (args.json) {
      printJson(result);
      return;
    }
    if (args.pq && !result.recipient.startsWith('age1pq1')) {
      warn('--pq only applies when init creates a new identity; this vault uses your existing X25519 identity');
    }
    if (result.createdIdentityFile) printLine(`created identity ${result.createdIdentityFile} (mode 0600); back it up, it is the only key`);
    else printLine(`using identity from ${result.identitySource}`);
    printLine(`created ${relative(process.cwd(), result.configFile) || result.configFile} and ${relative(process.cwd(), result.vaultFolder) || result.vaultFolder}/`);
    printLine(`member ${result.member}: ${result.recipient}`);
    printLine('group "default" holds every path (rule ** -> default)');
    if (result.commit) printLine(`committed the new vault as ${result.commit.slice(0, 7)}`);
    printLine(`next: vaultfile set dev/db/password${result.commit ? '' : '   (then commit .secretsrc and the vault folder)'}`);
    reportCommitFailure(result);
  },
});
