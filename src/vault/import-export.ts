import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { VaultfileError } from '../errors.js';
import { formatDotenv, parseDotenv } from '../exchange/dotenv.js';
import { matchVariableNames } from '../exchange/variable-names.js';
import { formatJsonTree, formatYamlTree, parseJsonTree, parseYamlTree, type TreeEntry } from '../exchange/tree.js';
import { folderPrefix } from './secret-location.js';
import { secretText } from './variables.js';
import type { SetManyOptions, SetManyResult, Vault } from './vault.js';

/** The file formats of `import` and `export`. */
export const TRANSFER_FORMATS = ['dotenv', 'json', 'yaml'] as const;
export type TransferFormat = (typeof TRANSFER_FORMATS)[number];

/** `name` as a transfer format, or USAGE listing them. */
export function parseTransferFormat(name: string): TransferFormat {
  if ((TRANSFER_FORMATS as readonly string[]).includes(name)) return name as TransferFormat;
  throw new VaultfileError('USAGE', `unknown format ${JSON.stringify(name)}`, { hint: `--format takes ${TRANSFER_FORMATS.join(', ')}` });
}

/** The format a file name suggests (`.env`, `.env.production`, `app.env`, `.json`, `.yaml`, `.yml`), or undefined. */
export function transferFormatOf(file: string): TransferFormat | undefined {
  const name = basename(file).toLowerCase();
  if (name === '.env' || name.startsWith('.env.') || name.endsWith('.env')) return 'dotenv';
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.yaml') || name.endsWith('.yml')) return 'yaml';
  return undefined;
}

/**
 * Reads the secrets in an import file's text, with paths relative to the
 * import prefix: a dotenv NAME is the path `NAME`, nested JSON and YAML keys
 * are path segments. `source` names the file in errors.
 */
export async function parseTransferText(text: string, format: TransferFormat, source: string): Promise<TreeEntry[]> {
  if (format === 'dotenv') return parseDotenv(text, source).map(({ name, value }) => ({ path: name, value }));
  return format === 'json' ? parseJsonTree(text, source) : parseYamlTree(text, source);
}

/**
 * Reads an import file (`-` for standard input) in `formatName`, or the
 * format its name suggests. Errors: INPUT_UNREADABLE, INPUT_INVALID (never
 * quoting a value), USAGE when the format is unknown.
 */
export async function readTransferFile(file: string, formatName?: string): Promise<TreeEntry[]> {
  const format = formatName === undefined ? transferFormatOf(file) : parseTransferFormat(formatName);
  if (format === undefined) {
    throw new VaultfileError('USAGE', `cannot tell the format of ${file} from its name`, { hint: `give --format ${TRANSFER_FORMATS.join('|')}` });
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file === '-' ? 0 : file);
  } catch (error) {
    throw new VaultfileError('INPUT_UNREADABLE', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { hint: 'check the file name' });
  }
  const source = file === '-' ? 'standard input' : file;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new VaultfileError('INPUT_INVALID', `${source} is not UTF-8 text`, { hint: 'save it as UTF-8 and run again; nothing was imported' });
  }
  return parseTransferText(text, format, source);
}

/** The variables of `environment` whose names match one of the globs, as entries named like the variables. NOT_FOUND when none does. */
export function entriesFromEnvironment(environment: Readonly<Record<string, string | undefined>>, patterns: readonly string[]): TreeEntry[] {
  const names = matchVariableNames(environment, patterns);
  if (names.length === 0) {
    throw new VaultfileError('NOT_FOUND', `no environment variable matches ${patterns.map((pattern) => JSON.stringify(pattern)).join(' or ')}`, {
      hint: "quote the glob so the shell leaves it alone: --from-env 'DB_*'",
    });
  }
  return names.map((name) => ({ path: name, value: environment[name]! }));
}

/**
 * Stores `entries` below `prefix` as one change (see Vault.setMany: one lock,
 * one commit; existing values are replaced only with `overwrite`). Empty
 * values are stored: an import keeps what the file says.
 */
export async function importSecrets(vault: Vault, prefix: string, entries: readonly TreeEntry[], options: SetManyOptions = {}): Promise<SetManyResult> {
  const folder = folderPrefix(prefix);
  if (entries.length === 0) throw new VaultfileError('NOT_FOUND', 'nothing to import', { hint: 'check the file, or the --from-env pattern' });
  const secrets = entries.map(({ path, value }) => ({ path: `${folder}/${path}`, value: Buffer.from(value, 'utf8') }));
  return vault.setMany(secrets, { action: 'import', allowEmpty: true, ...options });
}

/**
 * Every live secret below `prefix` as the text of a file `import` reads back:
 * dotenv with the variable names `vaultfile env` uses, JSON and YAML nested
 * by path below the prefix.
 */
export async function exportSecrets(vault: Vault, prefix: string, format: TransferFormat): Promise<string> {
  const folder = folderPrefix(prefix);
  if (format === 'dotenv') return formatDotenv(await vault.variables({ prefixes: [folder] }));
  const secrets = await vault.getAll(folder);
  if (secrets.length === 0) throw new VaultfileError('NOT_FOUND', `no secrets below ${folder}/`, { hint: 'vaultfile list shows the paths that exist' });
  const entries = secrets.map(({ path, value }) => ({ path: path.slice(folder.length + 1), value: secretText(path, value) }));
  return format === 'json' ? formatJsonTree(entries) : formatYamlTree(entries);
}
