// The names alone, without the helpers of environment.ts: bin.cjs imports them, and every command pays for what it loads.

/** Names of every environment variable vaultfile reads, in one place. */
export const EnvironmentVariable = {
  /** Path of an age identity file. */
  identityFile: 'VAULTFILE_IDENTITY',
  /** An age identity itself (for CI, where a file is awkward). */
  identityKey: 'VAULTFILE_KEY',
  /** Base of the per-user config folder (XDG Base Directory spec). */
  xdgConfigHome: 'XDG_CONFIG_HOME',
  /** Base of the per-user cache folder (XDG Base Directory spec). */
  xdgCacheHome: 'XDG_CACHE_HOME',
  /** A file holding the passphrase of a passphrase-protected identity (for automation). */
  passphraseFile: 'VAULTFILE_PASSPHRASE_FILE',
  /** The user's editor for `vaultfile edit`, tried after VISUAL. */
  editor: 'EDITOR',
  visual: 'VISUAL',
  /** `1` shows values instead of fingerprints in `git diff` (textconv) and `vaultfile diff`. */
  diffReveal: 'VAULTFILE_DIFF_REVEAL',
  /** How many threads a work-tree scan may use (default: one per core, up to four). */
  scanThreads: 'VAULTFILE_SCAN_THREADS',
  /** Disables colour in human output (no-color.org). */
  noColor: 'NO_COLOR',
  /** The file GitHub Actions reads variables for later steps from (`env --format github`). */
  githubEnv: 'GITHUB_ENV',
} as const;
