import { openVault } from '../../vault/vault.js';
import { VaultfileError } from '../../errors.js';
import { defineCommand, parseCount, secretPathPositional, vaultOptions } from '../command.js';
import { printJson, printLine, writeOut } from '../output.js';
import { metadataLines, valueForJson } from '../secret-output.js';

interface GetArgs {
  path: string;
  json?: boolean;
  includeMetadata?: boolean;
  version?: string;
  at?: string;
}

export default defineCommand<GetArgs>({
  command: 'get <path>',
  describe: 'Print the value of a secret',
  positionals: secretPathPositional,
  options: {
    json: { type: 'boolean', describe: 'print {"path","value","encoding"} as JSON (base64 for binary values)' },
    'include-metadata': { type: 'boolean', describe: 'also print the metadata (version, dates, owner, …)' },
    version: { type: 'string', describe: 'an older version N (see vaultfile history), decrypted with the keyring of its commit' },
    at: { type: 'string', describe: 'the secret as it was at a git revision (commit, branch, tag, HEAD~N)' },
  },
  examples: [
    ['vaultfile get prod/db/password', 'the bare value; no newline is added when piped'],
    ['vaultfile get prod/db/password --json --include-metadata', 'value and metadata as JSON'],
    ['vaultfile get prod/db/password --version 2', 'an older version from git history'],
  ],
  async run(args) {
    if (args.version !== undefined && args.at !== undefined) {
      throw new VaultfileError('USAGE', 'give --version or --at, not both', { hint: 'vaultfile get --help' });
    }
    const version = parseCount(args.version, '--version');
    const vault = await openVault(vaultOptions(args));
    const secret =
      version !== undefined ? await vault.getVersion(args.path, version) : args.at !== undefined ? await vault.getAt(args.path, args.at) : await vault.get(args.path);
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
