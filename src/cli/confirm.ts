import { createInterface } from 'node:readline/promises';
import { VaultfileError } from '../errors.js';

/**
 * Asks for a typed "yes" on a terminal before something that cannot be undone.
 * Without a terminal there is nobody to ask: the caller must pass --yes.
 */
export async function confirm(question: string, yes: boolean | undefined): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY) {
    throw new VaultfileError('CONFIRMATION_NEEDED', `${question.replace(/\?$/, '')}: refusing without confirmation`, {
      hint: 'add --yes to confirm (no terminal here to ask)',
    });
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`${question} Type "yes" to continue: `);
    if (answer.trim().toLowerCase() !== 'yes') throw new VaultfileError('USAGE', 'not confirmed; nothing was changed');
  } finally {
    prompt.close();
  }
}
