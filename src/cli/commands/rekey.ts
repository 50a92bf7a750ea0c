import { rekeyGroup } from '../../vault/team.js';
import { openVault } from '../../vault/vault.js';
import { defineCommand, noCommitOption, vaultOptions } from '../command.js';
import { printTeamChange } from '../team-output.js';

export default defineCommand<{ group: string; noCommit?: boolean; json?: boolean }>({
  command: 'rekey <group>',
  describe: 'Re-encrypt a group\'s keyring to its members in .secretsrc (the fix doctor suggests for drift)',
  positionals: { group: { describe: 'group name' } },
  options: { ...noCommitOption, json: { type: 'boolean', describe: 'print the result as JSON' } },
  async run(args) {
    const vault = await openVault(vaultOptions(args));
    printTeamChange(`rekeyed group ${args.group}`, await rekeyGroup(vault, args.group, { commit: !args.noCommit }), args.json);
  },
});
