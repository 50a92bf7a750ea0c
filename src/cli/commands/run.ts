import { VaultfileError } from '../../errors.js';
import { openVault } from '../../vault/vault.js';
import { runCommand } from '../child-process.js';
import { defineCommand, vaultOptions } from '../command.js';
import { note } from '../output.js';
import { parseNames, variableOptions, type VariableArgs } from '../variable-options.js';

interface RunArgs extends VariableArgs {
  override?: boolean;
  command: string[];
}

export default defineCommand<RunArgs>({
  command: 'run [command..]',
  describe: 'Run a command with secrets in its environment: vaultfile run --prefix P -- CMD ARGS…',
  positionals: { command: { describe: 'the command and its arguments, after --', optional: true, variadic: true, afterDoubleDash: true } },
  options: {
    ...variableOptions,
    override: { type: 'boolean', describe: 'replace variables already set in the environment (kept by default)' },
  },
  examples: [
    ['vaultfile run --prefix prod/app -- npm start', 'prod/app/db_password becomes DB_PASSWORD, prod/app/stripe/key STRIPE_KEY'],
    ['vaultfile run --prefix dev/app --as DATABASE_URL=dev/db/url -- ./server', 'one more secret under a name of your choice'],
    ['vaultfile run --prefix ci --override -- make deploy', 'the vault wins over variables already set'],
  ],
  async run(args) {
    if (args.command.length === 0) {
      throw new VaultfileError('USAGE', 'no command to run', { hint: 'put it after --, like vaultfile run --prefix prod/app -- npm start' });
    }
    const vault = await openVault(vaultOptions(args));
    const variables = await vault.variables({ prefixes: args.prefix ?? [], names: parseNames(args.as ?? []) });
    const env: NodeJS.ProcessEnv = Object.assign(Object.create(null), process.env);
    const kept: string[] = [];
    for (const { name, value } of variables) {
      if (env[name] !== undefined && !args.override) kept.push(name);
      else env[name] = value;
    }
    if (kept.length > 0) note(`kept ${kept.join(', ')} from the environment; --override replaces them`);
    await runCommand(args.command, env);
  },
});
