import { VaultfileError } from '../errors.js';
import { findIdentity, type IdentityOptions } from '../keys/identity.js';
import { openVault, type Vault } from '../vault/vault.js';
import type { VaultValueIndex } from './vault-values.js';

/** The vault-aware detector for a scan, or why it is not running. */
export interface VaultDetectorSetup {
  index?: VaultValueIndex;
  vault?: Vault;
  /** `active (N values)`, or why it was skipped. */
  status: string;
}

/**
 * Prepares the vault-value detector when there is a vault and an identity that
 * can open it without asking (CI usually has neither: then it is skipped, and
 * says so).
 */
export async function setupVaultDetector(cwd: string, identity: IdentityOptions): Promise<VaultDetectorSetup> {
  let vault: Vault;
  try {
    vault = await openVault({ cwd, identity });
  } catch (error) {
    if (error instanceof VaultfileError) return { status: 'skipped (no vault here)' };
    throw error;
  }
  try {
    const found = await findIdentity({ ...identity });
    const { loadVaultValueIndex } = await import('./vault-values.js');
    const index = await loadVaultValueIndex(vault, found);
    return { index, vault, status: `active (${index.paths.size} value form(s) indexed)` };
  } catch (error) {
    if (error instanceof VaultfileError) return { vault, status: `skipped (${error.code === 'IDENTITY_NOT_FOUND' ? 'no identity' : error.code})` };
    throw error;
  }
}
