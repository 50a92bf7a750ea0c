import { openVault } from '../../vault/vault.js';
import { defineCommand, vaultOptions } from '../command.js';
import { printJson, printLine, writeOut } from '../output.js';
import { metadataLines, valueForJson } from '../secret-output.js';

interface GetArgs {
  path: string;
  json?: boolean;
  includeMetadata?: boolean;
}

export default defineCommand<GetArgs>({
  command: 'get <path>',
  describe: 'Print the value of a secret',
  positionals: { path: { describe: 'secret path, like prod/db/password' } },
  options: {
    json: { type: 'boolean', describe: 'print {"path","value","encoding"} as JSON (base64 for binary values)' },
    'include-metadata': { type: 'boolean', describe: 'also print the metadata (version, dates, owner, …)' },
  },
  examples: [
    ['vaultfile get prod/db/password', 'the bare value; no newline is added when piped'],
    ['vaultfile get prod/db/password --json --include-metadata', 'value and metadata as JSON'],
  ],
  async run(args) {
    const vault = await openVault(vaultOptions(args));
    const secret = await vault.get(args.path);
    const includeMetadata = args.includeMetadata === true;
    if (args.json) {
      printJson({ path: secret.path, ...valueForJson(secret.value), ...(includeMetadata ? { metadata: secret.metadata } : {}) });
      return;
    }
    if (includeMetadata) {
      for (const line of metadataLines(secret.metadata)) printLine(line);
      printLine();
    }
    writeOut(secret.value);
    // A terminal gets a final newline so the prompt does not run into the value; a pipe gets the exact bytes.
    if (process.stdout.isTTY && secret.value.at(-1) !== 0x0a) printLine();
  },
});
