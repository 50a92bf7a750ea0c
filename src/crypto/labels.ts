/** Domain-separation labels: every HKDF info string vaultfile uses, in one place. */
export const Label = {
  /** Derives a secret file's AES key and key commitment from the group key and the file's salt. */
  secretKey: 'vaultfile.dev/v1/secret-key',
  /** Derives the key of value fingerprints (masked diffs) from a group's first key. */
  valueFingerprint: 'vaultfile.dev/v1/value-fingerprint',
} as const;
