/** What an environment variable name may look like (POSIX: letters, digits, `_`, not starting with a digit). */
export const VARIABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The variable a secret gets from its path below a prefix: `/`, `.` and `-`
 * become `_`, letters become upper case (`stripe/key` gives `STRIPE_KEY`,
 * `db-password` gives `DB_PASSWORD`). May start with a digit, which
 * VARIABLE_NAME_PATTERN then refuses.
 */
export function variableNameFor(relativePath: string): string {
  return relativePath.replace(/[/.-]/g, '_').toUpperCase();
}

/**
 * The names in `environment` that match one of the glob `patterns` (`*` any
 * run of characters, `?` one; case-sensitive), sorted.
 */
export function matchVariableNames(environment: Readonly<Record<string, string | undefined>>, patterns: readonly string[]): string[] {
  const matchers = patterns.map(globPattern);
  return Object.keys(environment)
    .filter((name) => environment[name] !== undefined && matchers.some((matcher) => matcher.test(name)))
    .sort();
}

function globPattern(glob: string): RegExp {
  const source = [...glob].map((character) => (character === '*' ? '.*' : character === '?' ? '.' : character.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, 's');
}
