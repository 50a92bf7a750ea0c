import { VaultfileError } from '../../errors.js';
import { openVault } from '../../vault/vault.js';
import { defineCommand, parseCount, secretPathPositional, vaultOptions } from '../command.js';
import { printJson, printLine } from '../output.js';

interface ResolveArgs {
  path: string;
  ours?: boolean;
  theirs?: boolean;
  version?: string;
  json?: boolean;
}

export default defineCommand<ResolveArgs>({
  command: 'resolve <path>',
  describe: 'Settle a git merge conflict in a secret: keep our side, their side or an older version',
  positionals: secretPathPositional,
  options: {
    ours: { type: 'boolean', describe: 'keep the value of the branch you are on' },
    theirs: { type: 'boolean', describe: 'keep the value of the branch being merged in' },
    version: { type: 'string', describe: 'keep version N from history' },
    json: { type: 'boolean', describe: 'print the result as JSON' },
  },
  async run(args) {
    const version = parseCount(args.version, '--version');
    const chosen = [args.ours, args.theirs, version !== undefined].filter(Boolean).length;
    if (chosen !== 1) throw new VaultfileError('USAGE', 'choose exactly one of --ours, --theirs, --version N', { hint: 'vaultfile resolve --help' });
    const vault = await openVault(vaultOptions(args));
    const result = await vault.resolve(args.path, version !== undefined ? { version } : { side: args.ours ? 'ours' : 'theirs' });
    if (args.json) printJson(result);
    else printLine(`resolved ${result.path}: kept ${result.kept} as version ${result.version}, staged; finish the merge with git commit`);
  },
});
