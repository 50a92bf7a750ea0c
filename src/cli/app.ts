import yargs, { type Argv } from 'yargs';
import { VaultfileError } from '../errors.js';
import { globalOptions, type CommandDefinition, type GlobalArgs } from './command.js';
import { commands } from './commands/index.js';

/** Parses argv with yargs and runs the chosen command. */
export async function runApp(argv: string[]): Promise<void> {
  const parser = yargs(argv)
    .scriptName('vaultfile')
    .usage('$0 <command> [options]\n\nAn encrypted secrets vault that lives in your git repository. vaultfile --version prints the version.')
    .options(globalOptions)
    .strict()
    .demandCommand(1, 'name a command; vaultfile --help lists them')
    .recommendCommands()
    // `get --version N` and `resolve --version N` need the name; main.ts answers a bare `vaultfile --version`.
    .version(false)
    .help()
    .alias('help', 'h')
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .epilogue('Exit codes: 0 ok, 1 a finding or "no", 2 usage or input error, 3 not found, 4 access denied or wrong key, 5 integrity failure.')
    .exitProcess(false)
    // Collect anything after "--" so it can be refused: yargs would otherwise drop it silently.
    .parserConfiguration({ 'populate--': true, 'boolean-negation': false }) // --no-commit is an option of its own, as in the fast parser
    .fail((message, error) => {
      if (error) throw error;
      throw new VaultfileError('USAGE', message.toLowerCase().replace(/\.$/, ''), { hint: 'vaultfile --help lists commands and options' });
    });
  for (const definition of commands) register(parser, definition);
  await parser.parseAsync();
}

function register(parser: Argv, definition: CommandDefinition): void {
  parser.command(
    definition.command,
    definition.describe,
    (command) => {
      for (const [name, spec] of Object.entries(definition.positionals ?? {})) {
        command.positional(name, { describe: spec.describe, type: 'string', ...(spec.variadic ? { array: true } : {}) });
      }
      for (const [name, spec] of Object.entries(definition.options)) {
        command.option(name, { type: spec.type, describe: spec.describe, ...(spec.alias ? { alias: spec.alias } : {}), ...(spec.array ? { array: true } : {}) });
      }
      for (const [example, meaning] of definition.examples ?? []) command.example(example, meaning);
      return command;
    },
    (args) => {
      const extra = (args['--'] as string[] | undefined) ?? [];
      const rest = Object.entries(definition.positionals ?? {}).find(([, spec]) => spec.afterDoubleDash)?.[0];
      if (rest !== undefined) {
        // Same rule as the fast parser: the command comes after --, and only there.
        const before = (args[rest] as string[] | undefined) ?? [];
        if (before.length > 0) {
          throw new VaultfileError('USAGE', `put -- before the command: unexpected argument(s) ${before.map((a) => JSON.stringify(a)).join(' ')}`, {
            hint: `vaultfile ${definition.command.split(' ')[0]} --help`,
          });
        }
        args[rest] = extra;
      } else if (extra.length > 0) {
        throw new VaultfileError('USAGE', `unexpected argument(s) ${extra.map((a) => JSON.stringify(a)).join(' ')}`, {
          hint: `vaultfile ${definition.command.split(' ')[0]} --help`,
        });
      }
      return definition.run(args as Record<string, unknown> & GlobalArgs);
    },
  );
}
