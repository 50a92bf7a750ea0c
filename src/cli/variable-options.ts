import { VaultfileError } from '../errors.js';
import type { OptionSpec } from './command.js';

/** The options of every command that turns secrets into variables. */
export interface VariableArgs {
  prefix?: string[];
  as?: string[];
}

/** `--prefix` and `--as`, for run and env. */
export const variableOptions: Record<string, OptionSpec> = {
  prefix: { type: 'string', array: true, describe: 'every secret below this folder, named by its path below it, upper-snake-cased (repeatable)' },
  as: { type: 'string', array: true, describe: 'NAME=PATH: the secret at PATH as the variable NAME (repeatable)' },
};

/** `--as NAME=PATH` options as a NAME -> PATH record; USAGE for a malformed or repeated name. */
export function parseNames(pairs: readonly string[]): Record<string, string> {
  const names = Object.create(null) as Record<string, string>; // so even a name like __proto__ is just a key
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new VaultfileError('USAGE', `--as ${JSON.stringify(pair)} is not NAME=PATH`, { hint: 'for example --as DATABASE_URL=prod/db/url' });
    const name = pair.slice(0, equals);
    if (Object.hasOwn(names, name)) throw new VaultfileError('USAGE', `--as names ${name} twice`, { hint: 'give each variable one path' });
    names[name] = pair.slice(equals + 1);
  }
  return names;
}
