import type { DotenvEntry } from './dotenv.js';

/**
 * `export NAME='value'` lines for `eval` in sh, bash and zsh. Inside single
 * quotes nothing is special but the quote itself, written `'\''`; names are
 * valid variable names by the time they get here.
 */
export function formatShellExports(variables: readonly DotenvEntry[]): string {
  return variables.map(({ name, value }) => `export ${name}='${value.replaceAll("'", `'\\''`)}'\n`).join('');
}
