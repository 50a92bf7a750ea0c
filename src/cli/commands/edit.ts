import { VaultfileError } from '../../errors.js';
import { assertSecretPath } from '../../vault/secret-location.js';
import { openVault } from '../../vault/vault.js';
import { defineCommand, noCommitOption, secretPathPositional, vaultOptions } from '../command.js';
import { committed, reportCommitFailure } from '../commit-output.js';
import { editInEditor } from '../editor.js';
import { printJson, printLine } from '../output.js';

export default defineCommand<{ path: string; json?: boolean; noCommit?: boolean }>({
  command: 'edit <path>',
  describe: 'Edit a secret in $EDITOR (creates it when missing); an unchanged buffer changes nothing',
  positionals: secretPathPositional,
  options: { ...noCommitOption, json: { type: 'boolean', describe: 'print the result as JSON' } },
  async run(args) {
    assertSecretPath(args.path);
    const vault = await openVault(vaultOptions(args));
    vault.rules().groupFor(args.path); // fail before the editor opens, not after the user typed
    let original: Uint8Array = new Uint8Array();
    try {
      original = (await vault.get(args.path)).value;
    } catch (error) {
      if (!(error instanceof VaultfileError && error.code === 'NOT_FOUND')) throw error;
    }
    let edited = editInEditor(original, args.path.split('/').at(-1)!);
    // Editors add a final newline on save; do not let that alone create a new version.
    if (original.at(-1) !== 0x0a && edited.at(-1) === 0x0a) edited = edited.subarray(0, -1);
    if (Buffer.from(edited).equals(original)) {
      if (args.json) printJson({ path: args.path, changed: false });
      else printLine(`unchanged ${args.path}`);
      return;
    }
    if (edited.length === 0) throw new VaultfileError('EMPTY_VALUE', 'the edited value is empty; nothing was stored', { hint: 'to keep a secret, leave a value in the file' });
    const result = await vault.set(args.path, edited, { action: 'edit', commit: !args.noCommit });
    if (args.json) printJson(result);
    else printLine(`${result.created ? 'created' : 'updated'} ${result.path} (version ${result.version})${committed(result)}`);
    reportCommitFailure(result);
  },
});
