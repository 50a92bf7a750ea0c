import { readFileSync } from 'node:fs';
import { EnvironmentVariable } from '../../environment.js';
import { VaultfileError } from '../../errors.js';
import { setupDiffDriver } from '../../vault/git-setup.js';
import { openVault } from '../../vault/vault.js';
import { defineCommand, vaultOptions } from '../command.js';
import { shellQuote } from '../shell.js';
import { printJson, printLine, writeOut } from '../output.js';

interface GitArgs {
  action: string;
  file?: string;
  command?: string;
  json?: boolean;
}

export default defineCommand<GitArgs>({
  command: 'git <action> [file]',
  describe: 'git integration: "setup" makes git diff show secrets readably; "textconv FILE" is what git then runs',
  positionals: {
    action: { describe: 'setup, or textconv (called by git)' },
    file: { describe: 'for textconv: the file git hands over', optional: true },
  },
  options: {
    command: { type: 'string', describe: 'for setup: the textconv command to configure (default: this vaultfile)' },
    json: { type: 'boolean', describe: 'for setup: print what was configured as JSON' },
  },
  examples: [['vaultfile git setup', `then git diff and git log -p show metadata and masked values (${EnvironmentVariable.diffReveal}=1 reveals)`]],
  async run(args) {
    if (args.action === 'textconv') return textconv(args);
    if (args.action !== 'setup') throw new VaultfileError('USAGE', `unknown git action ${JSON.stringify(args.action)}`, { hint: 'vaultfile git setup' });
    const vault = await openVault(vaultOptions(args));
    const command = args.command ?? `${shellQuote(process.execPath)} ${shellQuote(process.argv[1]!)} git textconv`;
    const result = await setupDiffDriver(vault, command);
    if (args.json) {
      printJson(result);
      return;
    }
    printLine(`${result.attributeAdded ? 'added' : 'kept'} "${result.attribute}" in ${result.attributesFile} (commit it so the team gets it)`);
    printLine(`set diff.vaultfile.textconv in this repository's git config: ${result.textconv}`);
    printLine(`git diff and git log -p now show metadata and a fingerprint per value; ${EnvironmentVariable.diffReveal}=1 shows values`);
  },
});

/** Prints a secret file for git's diff; always exits 0 so git diff keeps working. */
async function textconv(args: GitArgs): Promise<void> {
  if (args.file === undefined) throw new VaultfileError('USAGE', 'textconv needs the file git hands over', { hint: 'git runs this itself after vaultfile git setup' });
  const text = readFileSync(args.file, 'utf8');
  try {
    const vault = await openVault(vaultOptions(args));
    const lines = await vault.renderForDiff(text, { reveal: process.env[EnvironmentVariable.diffReveal] === '1' });
    writeOut(`${lines.join('\n')}\n`);
  } catch (error) {
    if (!(error instanceof VaultfileError)) throw error;
    writeOut(`# vaultfile could not read this vault (${error.code}); showing the file as stored\n${text}`);
  }
}
