import { VaultfileError } from '../errors.js';
import type { IdentityOptions } from '../keys/identity.js';
import { locateVaultRoot } from '../vault/vault-root.js';
import type { Vault } from '../vault/vault.js';
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
 * says so). The vault code loads only when there is a vault.
 */
export async function setupVaultDetector(cwd: string, identity: IdentityOptions): Promise<VaultDetectorSetup> {
  if (locateVaultRoot(cwd) === undefined) return { status: 'skipped (no vault here)' };
  const [{ openVault }, { findIdentity }] = await Promise.all([import('../vault/vault.js'), import('../keys/identity.js')]);
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
