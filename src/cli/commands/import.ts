import { VaultfileError } from '../../errors.js';
import { entriesFromEnvironment, importSecrets, readTransferFile, TRANSFER_FORMATS } from '../../vault/import-export.js';
import { openVault } from '../../vault/vault.js';
import { defineCommand, noCommitOption, vaultOptions } from '../command.js';
import { committed, reportCommitFailure } from '../commit-output.js';
import { printJson, printLine } from '../output.js';

interface ImportArgs {
  file?: string;
  prefix?: string;
  fromEnv?: string[];
  format?: string;
  dryRun?: boolean;
  overwrite?: boolean;
  noCommit?: boolean;
  json?: boolean;
}

const VERBS = { create: ['created', 'would create'], overwrite: ['overwrote', 'would overwrite'], unchanged: ['unchanged', 'unchanged'] } as const;

export default defineCommand<ImportArgs>({
  command: 'import [file]',
  describe: 'Store the variables of a .env, JSON or YAML file, or of the environment, as secrets below a prefix (one commit)',
  positionals: { file: { describe: 'the file to read (- for standard input, with --format)', optional: true } },
  options: {
    prefix: { type: 'string', describe: 'the folder to import into, like prod/app (required)' },
    'from-env': { type: 'string', array: true, describe: "environment variables whose names match this glob, like 'DB_*' (repeatable)" },
    format: { type: 'string', describe: `${TRANSFER_FORMATS.join(', ')} (default: from the file name)` },
    'dry-run': { type: 'boolean', describe: 'show which secrets would be created or overwritten (names only); change nothing' },
    overwrite: { type: 'boolean', describe: 'replace secrets that exist with another value (without it, they stop the import)' },
    ...noCommitOption,
    json: { type: 'boolean', describe: 'print the result as JSON' },
  },
  examples: [
    ["vaultfile import --from-env 'DB_*' --prefix prod/env", 'DB_PASSWORD becomes prod/env/DB_PASSWORD'],
    ['vaultfile import .env.production --prefix prod/app --dry-run', 'what would change, without values'],
    ['vaultfile import config.json --prefix prod/config --overwrite', 'nested keys become paths: {"db":{"password":…}} is prod/config/db/password'],
  ],
  async run(args) {
    if (args.prefix === undefined) throw new VaultfileError('USAGE', 'missing --prefix', { hint: 'for example --prefix prod/app' });
    if ((args.file === undefined) === (args.fromEnv === undefined)) {
      throw new VaultfileError('USAGE', 'give either a FILE or --from-env GLOB', { hint: 'vaultfile import --help' });
    }
    const entries = args.fromEnv !== undefined ? entriesFromEnvironment(process.env, args.fromEnv) : await readTransferFile(args.file!, args.format);
    const vault = await openVault(vaultOptions(args));
    const result = await importSecrets(vault, args.prefix, entries, { overwrite: args.overwrite ?? false, dryRun: args.dryRun ?? false, commit: !args.noCommit });
    if (args.json) {
      printJson(result);
      return;
    }
    for (const { path, action } of result.secrets) printLine(`${VERBS[action][result.dryRun ? 1 : 0]} ${path}`);
    const [created, overwritten, unchanged] = (['create', 'overwrite', 'unchanged'] as const).map((action) => result.secrets.filter((secret) => secret.action === action).length);
    if (result.dryRun) {
      const blocked = overwritten! > 0 && !args.overwrite ? ' (overwriting needs --overwrite)' : '';
      printLine(`dry run: ${created} to create, ${overwritten} to overwrite, ${unchanged} unchanged; nothing was written${blocked}`);
    } else {
      printLine(`imported ${result.secrets.length} secret(s): ${created} created, ${overwritten} overwritten, ${unchanged} unchanged${committed(result)}`);
      reportCommitFailure(result);
    }
  },
});
