/**
 * vaultfile's library API. The CLI uses nothing else, so anything the CLI can
 * do, a program can do too.
 *
 * ```ts
 * import { openVault } from 'vaultfile';
 * const vault = await openVault({ cwd: '/path/to/repo' });
 * const secret = await vault.get('prod/db/password');
 * console.log(new TextDecoder().decode(secret.value));
 * ```
 */
export { ExitCode, errorExitCodes, VaultfileError, type ErrorCode, type ExitCodeValue } from './errors.js';
export { EnvironmentVariable } from './environment.js';
export {
  openVault,
  Vault,
  LOCK_FILE,
  type OpenVaultOptions,
  type Secret,
  type SetOptions,
  type SetResult,
  type SecretListing,
  type WriteOptions,
  type CommitOutcome,
  type SecretEntry,
  type SetManyOptions,
  type SetManyResult,
  type PlannedSecret,
} from './vault/vault.js';
export type { SecretVariable, VariableSelection } from './vault/variables.js';
export {
  importSecrets,
  exportSecrets,
  readTransferFile,
  entriesFromEnvironment,
  parseTransferText,
  TRANSFER_FORMATS,
  type TransferFormat,
} from './vault/import-export.js';
export type { TreeEntry } from './exchange/tree.js';
export type { DeleteResult, RestoreResult, PurgeResult } from './vault/lifecycle.js';
export type { HistoryEntry } from './vault/history.js';
export type { SecretDiff, DiffLine, RenderOptions } from './vault/diff.js';
export type { Resolution, ResolveResult } from './vault/merge.js';
export { initVault, DEFAULT_GROUP, type InitOptions, type InitResult } from './vault/init.js';
export { diagnose, type DoctorReport, type DoctorCheck, type CheckStatus } from './vault/doctor.js';
export { generateValue, GENERATORS } from './vault/generate.js';
export {
  addMember,
  removeMember,
  createGroup,
  addGroupMember,
  removeGroupMember,
  rekeyGroup,
  addRule,
  accessTable,
  exposedSecrets,
  type TeamChange,
  type AccessRow,
} from './vault/team.js';
export { CONFIG_FILE, type VaultConfig, type PathRule } from './vault/config.js';
export { SECRET_EXTENSION, assertSecretPath } from './vault/secret-location.js';
export {
  findIdentity,
  defaultIdentityPath,
  createIdentityFile,
  recipientOf,
  type Identity,
  type IdentityOptions,
  type Environment,
  type CreatedIdentity,
} from './keys/identity.js';
export type { SecretMetadata } from './format/secret-file.js';
export { scan, type ScanMode, type ScanOptions, type ScanReport, type ReportedFinding } from './scan/scanner.js';
export { setupVaultDetector, type VaultDetectorSetup } from './scan/vault-detector.js';
export { credentialRules } from './scan/rules/index.js';
export type { ScanRule } from './scan/types.js';
