import type { CommitOutcome } from '../vault/vault.js';
import { warn } from './output.js';

/** `, committed 1a2b3c4` after a change that was committed, else nothing. */
export function committed(outcome: CommitOutcome): string {
  return outcome.commit === undefined ? '' : `; committed ${outcome.commit.slice(0, 7)}`;
}

/** A change that was written but not committed is not an error, but the user must hear of it. */
export function reportCommitFailure(outcome: CommitOutcome): void {
  if (outcome.commitError !== undefined) {
    warn(`the change is saved but was not committed: ${outcome.commitError}; commit the vault files yourself (git status shows them)`);
  }
}
