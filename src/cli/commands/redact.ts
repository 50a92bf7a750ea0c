import { createInterface } from 'node:readline';
import { VaultfileError } from '../../errors.js';
import { setupVaultDetector } from '../../scan/vault-detector.js';
import { defineCommand, vaultOptions } from '../command.js';

export default defineCommand<Record<string, never>>({
  command: 'redact',
  describe: 'Copy standard input to standard output with every vault value (and its encodings) replaced by vault:PATH',
  options: {},
  examples: [['npm test 2>&1 | vaultfile redact', 'a CI log without the secrets the tests used']],
  async run(args) {
    const { passphrase: _noPrompt, ...identity } = vaultOptions(args).identity ?? {};
    const detector = await setupVaultDetector(args.cwd ?? process.cwd(), identity);
    if (detector.index === undefined) {
      throw new VaultfileError('ACCESS_DENIED', `cannot redact: the vault detector is ${detector.status}`, {
        hint: 'run inside the vault\'s repository with an identity (VAULTFILE_KEY in CI) that can read the secrets',
      });
    }
    const { redactVaultValues } = await import('../../scan/vault-values.js');
    const index = detector.index;
    // Line by line, so a long-running log is redacted as it flows (a value spanning lines is not matched).
    const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) {
      if (!process.stdout.write(`${redactVaultValues(line, index)}\n`)) await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
  },
});
