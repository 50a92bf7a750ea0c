import { VaultfileError } from '../errors.js';
import { VARIABLE_NAME_PATTERN, variableNameFor } from '../exchange/variable-names.js';
import { folderPrefix } from './secret-location.js';
import type { Vault } from './vault.js';

/** Which secrets become which environment variables. */
export interface VariableSelection {
  /** Every live secret below each prefix, named by its path below it (see variableNameFor). */
  prefixes?: readonly string[];
  /** Explicit names, NAME -> secret path. A secret named here does not also get its prefix name. */
  names?: Readonly<Record<string, string>>;
}

/** A secret as an environment variable. */
export interface SecretVariable {
  name: string;
  path: string;
  /** The value as text (values that are not text cannot be variables: BINARY_VALUE). */
  value: string;
}

/**
 * Decrypts the secrets `selection` names and returns them as variables,
 * sorted by name. Errors: a prefix with no secrets (NOT_FOUND), a name two
 * paths would share (NAME_COLLISION, naming both), a path that makes no valid
 * name (BAD_VARIABLE_NAME), a value that is not text (BINARY_VALUE).
 */
export async function resolveVariables(vault: Vault, selection: VariableSelection): Promise<SecretVariable[]> {
  const prefixes = (selection.prefixes ?? []).map(folderPrefix);
  const names = Object.entries(selection.names ?? {});
  if (prefixes.length === 0 && names.length === 0) {
    throw new VaultfileError('USAGE', 'no secrets selected', { hint: 'give --prefix P (every secret below P) or --as NAME=PATH (one secret)' });
  }
  const renamed = new Set(names.map(([, path]) => path));
  const chosen = new Map<string, SecretVariable>();
  const add = (name: string, path: string, value: Uint8Array): void => {
    const other = chosen.get(name);
    if (other !== undefined && other.path !== path) {
      throw new VaultfileError('NAME_COLLISION', `${name} would come from both ${other.path} and ${path}`, {
        hint: `name one of them with --as NAME=PATH, or use a narrower --prefix`,
      });
    }
    chosen.set(name, { name, path, value: secretText(path, value) });
  };
  for (const prefix of prefixes) {
    const secrets = await vault.getAll(prefix);
    if (secrets.length === 0) {
      throw new VaultfileError('NOT_FOUND', `no secrets below ${prefix}/`, { hint: `vaultfile list ${prefix.split('/')[0]} shows what exists; --as NAME=PATH names a single secret` });
    }
    for (const secret of secrets) {
      if (renamed.has(secret.path)) continue;
      const name = variableNameFor(secret.path.slice(prefix.length + 1));
      if (!VARIABLE_NAME_PATTERN.test(name)) {
        throw new VaultfileError('BAD_VARIABLE_NAME', `${secret.path} would be the variable ${name}, which is not a valid name`, {
          hint: `name it yourself with --as NAME=${secret.path} (names are letters, digits and _, not starting with a digit)`,
        });
      }
      add(name, secret.path, secret.value);
    }
  }
  for (const [name, path] of names) {
    if (!VARIABLE_NAME_PATTERN.test(name)) {
      throw new VaultfileError('BAD_VARIABLE_NAME', `${JSON.stringify(name)} is not a valid variable name`, { hint: 'names are letters, digits and _, not starting with a digit' });
    }
    add(name, path, (await vault.get(path)).value);
  }
  return [...chosen.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

// ignoreBOM keeps a leading U+FEFF: it is part of the value.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A secret's value as text, or BINARY_VALUE: environment variables, dotenv, JSON and YAML hold text without NUL. */
export function secretText(path: string, value: Uint8Array): string {
  let text: string;
  try {
    text = utf8.decode(value);
  } catch {
    throw binaryValue(path, 'is not UTF-8 text');
  }
  if (text.includes('\0')) throw binaryValue(path, 'holds a NUL byte');
  return text;
}

function binaryValue(path: string, why: string): VaultfileError {
  return new VaultfileError('BINARY_VALUE', `the value of ${path} ${why}, so it cannot be an environment variable or a text export`, {
    hint: `read it as bytes with "vaultfile get ${path} > FILE", and leave it out with a narrower --prefix or --as`,
  });
}
