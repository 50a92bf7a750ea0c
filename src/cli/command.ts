import { parseArgs } from 'node:util';
import { VaultfileError } from '../errors.js';
import type { IdentityOptions } from '../keys/identity.js';
import type { OpenVaultOptions } from '../vault/vault.js';

/** One option, described once for both yargs (help, full parsing) and node:util parseArgs (the fast path). */
export interface OptionSpec {
  type: 'boolean' | 'string';
  describe: string;
  alias?: string;
  /** May be given several times; collected into an array. */
  array?: boolean;
}

export interface PositionalSpec {
  describe: string;
  optional?: boolean;
  /** The last positional may take every remaining argument, as an array. */
  variadic?: boolean;
  /**
   * With variadic: takes only the arguments after `--`, verbatim (a command
   * and its own options, as in `vaultfile run -- node -e 0`).
   */
  afterDoubleDash?: boolean;
}

/** A CLI command: parse options, call the library, format output. */
export interface CommandDefinition<Args = Record<string, unknown>> {
  /** yargs command string, e.g. `get <path>`. */
  command: string;
  describe: string;
  positionals?: Record<string, PositionalSpec>;
  options: Record<string, OptionSpec>;
  examples?: [string, string][];
  run(args: Args & GlobalArgs): Promise<void>;
}

/** Options every command takes. */
export interface GlobalArgs {
  identity?: string;
  cwd?: string;
  verbose?: boolean;
  json?: boolean;
}

export const globalOptions: Record<string, OptionSpec> = {
  identity: { type: 'string', alias: 'i', describe: 'age identity file to use (default: VAULTFILE_IDENTITY, VAULTFILE_KEY, then ~/.config/vaultfile/identity.txt)' },
  cwd: { type: 'string', alias: 'C', describe: 'run as if started in this folder' },
  verbose: { type: 'boolean', describe: 'show details with errors' },
};

/** Turns a definition with typed args into the shape the command table holds. */
export function defineCommand<Args>(definition: CommandDefinition<Args>): CommandDefinition {
  return definition as unknown as CommandDefinition;
}

/** The `<path>` positional of every command that works on one secret. */
export const secretPathPositional: Record<string, PositionalSpec> = { path: { describe: 'secret path, like prod/db/password' } };

/** The `--no-commit` option every command that changes the vault takes. */
export const noCommitOption: Record<string, OptionSpec> = {
  'no-commit': { type: 'boolean', describe: 'do not commit this change to git (git.autocommit in .secretsrc turns commits off for good)' },
};

/** A whole number from a string option, or USAGE naming the option. */
export function parseCount(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,15}$/.test(value)) throw new VaultfileError('USAGE', `${option} takes a whole number, not ${JSON.stringify(value)}`, { hint: 'for example --version 3' });
  return Number(value);
}

/** The library options the global flags select. */
export function vaultOptions(args: GlobalArgs): OpenVaultOptions {
  const identity: IdentityOptions = args.identity === undefined ? {} : { file: args.identity };
  // Whether there is a terminal is asked only when a passphrase is needed: creating
  // process.stdin loads the tty and net modules, a few ms of every cold start.
  identity.passphrase = async (file) => (process.stdin.isTTY ? (await import('./prompt.js')).promptHidden(`passphrase for ${file}: `) : undefined);
  return { ...(args.cwd === undefined ? {} : { cwd: args.cwd }), identity };
}

/**
 * Parses argv for one command with node:util parseArgs, so hot commands skip
 * loading yargs. Same option table, same errors as the full parser.
 */
export function parseFast(definition: CommandDefinition, argv: string[]): Record<string, unknown> {
  const specs = { ...globalOptions, ...definition.options };
  const options: Record<string, { type: 'boolean' | 'string'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = { type: spec.type, ...(spec.alias?.length === 1 ? { short: spec.alias } : {}), ...(spec.array ? { multiple: true } : {}) };
  }
  const usage = `vaultfile ${definition.command.split(' ')[0]} --help`;
  const names = Object.keys(definition.positionals ?? {});
  const last = definition.positionals?.[names.at(-1) ?? ''];
  // parseArgs would read options after the command as ours: cut the command off first.
  const terminator = last?.afterDoubleDash ? argv.indexOf('--') : -1;
  const own = terminator === -1 ? argv : argv.slice(0, terminator);
  // Without --, the command's own options look like unknown options of ours: say where it goes.
  const hint = last?.afterDoubleDash && terminator === -1 ? `put the ${names.at(-1)} after --; ${usage}` : usage;
  let parsed;
  try {
    parsed = parseArgs({ args: own, options, allowPositionals: true, strict: true });
  } catch (error) {
    // node:util's messages run on ("Unknown option '-x'. To specify a positional…"): keep the first sentence.
    const sentence = (error as Error).message.split(/\.(?:\s|$)/)[0]!;
    throw new VaultfileError('USAGE', sentence.charAt(0).toLowerCase() + sentence.slice(1), { hint });
  }
  const args: Record<string, unknown> = {};
  if (last?.afterDoubleDash) {
    const rest = names.pop()!;
    if (parsed.positionals.length > names.length) {
      throw new VaultfileError('USAGE', `put -- before the command: unexpected argument(s) ${parsed.positionals.slice(names.length).map((a) => JSON.stringify(a)).join(' ')}`, { hint });
    }
    args[rest] = terminator === -1 ? [] : argv.slice(terminator + 1);
  }
  const required = names.filter((name) => !definition.positionals?.[name]?.optional);
  if (parsed.positionals.length < required.length) {
    throw new VaultfileError('USAGE', `missing ${required.slice(parsed.positionals.length).map((name) => `<${name}>`).join(' ')}`, { hint });
  }
  const variadic = names.length > 0 && definition.positionals?.[names.at(-1)!]?.variadic === true;
  if (parsed.positionals.length > names.length && !variadic) {
    const extra = parsed.positionals.slice(names.length).map((argument) => JSON.stringify(argument));
    throw new VaultfileError('USAGE', `unexpected argument(s) ${extra.join(' ')}`, { hint });
  }
  // yargs offers both spellings; give the fast path the same.
  for (const [name, value] of Object.entries(parsed.values)) args[name] = args[camelCase(name)] = value;
  names.forEach((name, index) => (args[name] = parsed.positionals[index]));
  if (variadic) args[names.at(-1)!] = parsed.positionals.slice(names.length - 1);
  return args;
}

function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
