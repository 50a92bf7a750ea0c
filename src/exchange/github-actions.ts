import { randomUUID } from 'node:crypto';
import type { DotenvEntry } from './dotenv.js';

/** What `env --format github` hands to GitHub Actions. */
export interface GithubEnvironment {
  /** Text to append to the file `$GITHUB_ENV` names. */
  envFile: string;
  /** `::add-mask::` workflow commands to print first, one per non-empty line of each value. */
  masks: string;
}

/**
 * Variables in the multi-line form GitHub documents for `$GITHUB_ENV`
 * (`NAME<<DELIMITER`, the value, `DELIMITER`), with a random delimiter that no
 * value holds, and the masks that keep the values out of the job log.
 */
export function formatGithubEnvironment(variables: readonly DotenvEntry[], delimiter = `ghadelimiter_${randomUUID()}`): GithubEnvironment {
  if (variables.some(({ value }) => value.includes(delimiter))) throw new Error('a value holds the heredoc delimiter; run again for a new one');
  const envFile = variables.map(({ name, value }) => `${name}<<${delimiter}\n${value}\n${delimiter}\n`).join('');
  const masks: string[] = [];
  for (const { value } of variables) {
    for (const line of value.split(/\r?\n/)) {
      // The runner reads workflow command data with %, CR and LF escaped.
      if (line.trim() !== '') masks.push(`::add-mask::${line.replaceAll('%', '%25').replaceAll('\r', '%0D')}\n`);
    }
  }
  return { envFile, masks: masks.join('') };
}
