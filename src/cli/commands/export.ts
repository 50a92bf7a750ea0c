import { VaultfileError } from '../../errors.js';
import { exportSecrets, parseTransferFormat, TRANSFER_FORMATS } from '../../vault/import-export.js';
import { openVault } from '../../vault/vault.js';
import { defineCommand, vaultOptions } from '../command.js';
import { writeOut } from '../output.js';

interface ExportArgs {
  prefix?: string;
  format?: string;
}

export default defineCommand<ExportArgs>({
  command: 'export',
  describe: 'Print every secret below a prefix as dotenv, JSON or YAML, for import into another vault or tool',
  options: {
    prefix: { type: 'string', describe: 'the folder to export, like prod/app (required)' },
    format: { type: 'string', describe: `${TRANSFER_FORMATS.join(', ')} (default dotenv)` },
  },
  examples: [
    ['vaultfile export --prefix prod/app --format yaml', 'nested by path: prod/app/db/password is db: password: …'],
    ['vaultfile export --prefix dev/app | vaultfile import - --format dotenv --prefix staging/app', 'copy secrets to another prefix'],
  ],
  async run(args) {
    if (args.prefix === undefined) throw new VaultfileError('USAGE', 'missing --prefix', { hint: 'for example vaultfile export --prefix prod/app' });
    const format = parseTransferFormat(args.format ?? 'dotenv');
    const vault = await openVault(vaultOptions(args));
    writeOut(await exportSecrets(vault, args.prefix, format));
  },
});
