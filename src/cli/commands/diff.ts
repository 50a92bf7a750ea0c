import { EnvironmentVariable } from '../../environment.js';
import { openVault } from '../../vault/vault.js';
import { defineCommand, parseCount, secretPathPositional, vaultOptions } from '../command.js';
import { printJson, printLine } from '../output.js';

interface DiffArgs {
  path: string;
  from?: string;
  to?: string;
  reveal?: boolean;
  json?: boolean;
}

export default defineCommand<DiffArgs>({
  command: 'diff <path>',
  describe: 'Compare two versions of a secret: metadata in clear, the value as a keyed fingerprint',
  positionals: secretPathPositional,
  options: {
    from: { type: 'string', describe: 'older version (default: the one before --to)' },
    to: { type: 'string', describe: 'newer version (default: the current one)' },
    reveal: { type: 'boolean', describe: `show the values themselves (also ${EnvironmentVariable.diffReveal}=1)` },
    json: { type: 'boolean', describe: 'print {"from","to","lines"} as JSON' },
  },
  async run(args) {
    const vault = await openVault(vaultOptions(args));
    const from = parseCount(args.from, '--from');
    const to = parseCount(args.to, '--to');
    const reveal = args.reveal === true || process.env[EnvironmentVariable.diffReveal] === '1';
    const diff = await vault.diff(args.path, { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) }, { reveal });
    if (args.json) {
      printJson(diff);
      return;
    }
    printLine(`--- ${args.path} v${diff.from.version}`);
    printLine(`+++ ${args.path} v${diff.to.version}`);
    for (const line of diff.lines) printLine(`${line.kind}${line.text}`);
  },
});
