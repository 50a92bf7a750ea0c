import { VaultfileError } from '../../errors.js';
import { openVault } from '../../vault/vault.js';
import { defineCommand, vaultOptions } from '../command.js';
import { formatTable, printJson, printLine } from '../output.js';

interface ListArgs {
  prefix?: string;
  deleted?: boolean;
  long?: boolean;
  json?: boolean;
}

export default defineCommand<ListArgs>({
  command: 'list [prefix]',
  describe: 'List secret paths (reads metadata only; no key needed)',
  positionals: { prefix: { describe: 'only paths at or below this prefix, like prod/ or prod/db', optional: true } },
  options: {
    long: { type: 'boolean', alias: 'l', describe: 'show group, version, last update and expiry' },
    json: { type: 'boolean', describe: 'print {"secrets":[…]} with all metadata as JSON' },
    deleted: { type: 'boolean', describe: 'list soft-deleted secrets and until when each can be restored' },
  },
  async run(args) {
    const vault = await openVault(vaultOptions(args));
    const { secrets, problems } = vault.list(args.prefix ?? '', { deleted: args.deleted ?? false });
    if (args.json) printJson({ secrets, problems });
    else if (args.deleted) {
      const rows = secrets.map((s) => [s.path, `v${s.version}`, s.deleted!.at, s.deleted!.recoverableUntil]);
      if (rows.length > 0) printLine(formatTable([['PATH', 'VERSION', 'DELETED', 'RESTORABLE UNTIL'], ...rows]));
    } else if (args.long) {
      const rows = secrets.map((s) => [s.path, s.group, `v${s.version}`, s.updated, s.expires ?? '-', ownerOf(s.custom)]);
      if (rows.length > 0) printLine(formatTable([['PATH', 'GROUP', 'VERSION', 'UPDATED', 'EXPIRES', 'OWNER'], ...rows]));
    } else {
      for (const secret of secrets) printLine(secret.path);
    }
    if (problems.length > 0) {
      for (const { file, problem } of problems) process.stderr.write(`vaultfile: ${file}: ${problem}\n`);
      throw new VaultfileError('CORRUPT_FILE', `${problems.length} secret file(s) could not be read`, {
        hint: 'restore them from git; "vaultfile doctor" checks every file',
      });
    }
  },
});

function ownerOf(custom: Record<string, string>): string {
  return custom.owner ?? '-';
}
