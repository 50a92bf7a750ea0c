import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentVariable } from '../environment.js';
import { VaultfileError } from '../errors.js';

/**
 * Lets the user edit `initial` in $VISUAL / $EDITOR. The plaintext lives only
 * in a private 0700 folder (in RAM under /dev/shm when there is one), removed
 * afterwards whatever happens.
 */
export function editInEditor(initial: Uint8Array, fileName: string): Uint8Array {
  const editor = process.env[EnvironmentVariable.visual] || process.env[EnvironmentVariable.editor] || 'vi';
  const base = statSync('/dev/shm', { throwIfNoEntry: false })?.isDirectory() ? '/dev/shm' : tmpdir();
  const folder = mkdtempSync(join(base, 'vaultfile-edit-'));
  const file = join(folder, fileName);
  try {
    writeFileSync(file, initial, { mode: 0o600 });
    // The editor command may carry arguments ("code --wait"), so the shell splits it; the file is passed as "$1".
    const result = spawnSync('/bin/sh', ['-c', `${editor} "$1"`, 'vaultfile-edit', file], { stdio: 'inherit' });
    if (result.error || result.status !== 0) {
      throw new VaultfileError('EDITOR_FAILED', `the editor (${editor}) ${result.error ? `could not start: ${result.error.message}` : `exited with status ${result.status ?? result.signal}`}; nothing was changed`, {
        hint: `set ${EnvironmentVariable.editor} to an editor that exits with 0 when you save`,
      });
    }
    const edited = readFileSync(file);
    writeFileSync(file, Buffer.alloc(edited.length));
    return edited;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
