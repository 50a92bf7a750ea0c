import type { TeamChange } from '../vault/team.js';
import { committed, reportCommitFailure } from './commit-output.js';
import { printJson, printLine } from './output.js';

/** Says what a member, group or rule change did to keyrings and secret files. */
export function printTeamChange(summary: string, change: TeamChange, json: boolean | undefined): void {
  if (json) {
    printJson(change);
    return;
  }
  printLine(`${summary}${committed(change)}`);
  if (change.keyringsRewritten.length > 0) printLine(`re-encrypted the keyring of ${change.keyringsRewritten.join(', ')} to its members; no secret file changed`);
  for (const group of change.newEpochs) printLine(`new key epoch for group ${group}: its secrets are re-encrypted and marked exposed (vaultfile status lists them until rotated)`);
  if (change.reencrypted > 0) printLine(`${change.reencrypted} secret file(s) re-encrypted`);
  reportCommitFailure(change);
}
