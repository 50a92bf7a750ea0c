import { VaultfileError } from '../../errors.js';
import { assertSecretPath } from '../../vault/secret-location.js';
import { openVault } from '../../vault/vault.js';
import { defineCommand, noCommitOption, secretPathPositional, vaultOptions } from '../command.js';
import { committed, reportCommitFailure } from '../commit-output.js';
import { printJson, printLine } from '../output.js';
import { readValue, type ValueSourceArgs } from '../read-value.js';

interface SetArgs extends ValueSourceArgs {
  path: string;
  meta?: string[];
  expires?: string;
  allowEmpty?: boolean;
  noCommit?: boolean;
  json?: boolean;
}

export default defineCommand<SetArgs>({
  command: 'set <path>',
  describe: 'Store a secret (from standard input, a hidden prompt, a file or a generator)',
  positionals: secretPathPositional,
  options: {
    'from-file': { type: 'string', describe: 'read the value from this file, byte for byte (- for standard input)' },
    generate: { type: 'string', alias: 'g', describe: 'generate a random value: password:N, alnum:N, hex:N, base64:N, base64url:N, uuid' },
    value: { type: 'string', describe: 'the value itself (warns: it lands in shell history and process lists)' },
    meta: { type: 'string', array: true, describe: 'set metadata key=value (repeatable); key= removes the key' },
    expires: { type: 'string', describe: 'expiry date, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ; "none" removes it' },
    'allow-empty': { type: 'boolean', describe: 'accept an empty value' },
    'keep-newline': { type: 'boolean', describe: 'keep the final newline of a piped single-line value' },
    ...noCommitOption,
    json: { type: 'boolean', describe: 'print the result as JSON' },
  },
  examples: [
    ["printf '%s' \"$DB_PASSWORD\" | vaultfile set prod/db/password", 'from standard input'],
    ['vaultfile set prod/api/key --generate base64:32 --meta owner=payments --expires 2027-06-30', 'generated, with metadata'],
  ],
  async run(args) {
    const metadata = parseMetadata(args.meta ?? []);
    const expires = args.expires === undefined ? undefined : args.expires === 'none' ? null : args.expires;
    const vault = await openVault(vaultOptions(args));
    assertSecretPath(args.path); // before prompting, so a typo costs nothing
    const value = await readValue(args, args.path);
    const result = await vault.set(args.path, value, {
      metadata,
      ...(expires === undefined ? {} : { expires }),
      allowEmpty: args.allowEmpty ?? false,
      commit: !args.noCommit,
    });
    if (args.json) printJson(result);
    else if (!result.changed) printLine(`unchanged ${result.path} (version ${result.version}): same value and metadata`);
    else {
      const verb = result.created ? 'created' : result.revived ? 'restored and updated' : 'updated';
      printLine(`${verb} ${result.path} (version ${result.version}, group ${result.group})${committed(result)}`);
    }
    reportCommitFailure(result);
  },
});

function parseMetadata(pairs: string[]): Record<string, string | null> {
  const metadata: Record<string, string | null> = {};
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new VaultfileError('BAD_METADATA', `--meta ${JSON.stringify(pair)} is not key=value`, { hint: 'for example --meta owner=payments' });
    const value = pair.slice(equals + 1);
    metadata[pair.slice(0, equals)] = value === '' ? null : value;
  }
  return metadata;
}
