/**
 * The scanner's shared shapes. A rule is data: metadata, keywords for a fast
 * prefilter, a pattern, and optional checks on what it matched.
 */

/** A credential format, as data. */
export interface ScanRule {
  /** Stable id, kebab-case, e.g. `aws-access-key-id`. Baselines and `.secretsrc` refer to it. */
  id: string;
  /** One line for people: what the rule finds. */
  description: string;
  /**
   * Strings at least one of which occurs in any text the pattern can match,
   * lowercase and found in any letter case, unless `keywordsMatchCase`. Rules
   * whose keywords are absent from a file are not run on it at all: this is
   * most of the scanner's speed.
   */
  keywords: string[];
  /**
   * The keywords occur only as written (`AKIA`, `eyJ`), because the pattern is
   * case-sensitive and spells them so. In base64 and minified code, a keyword
   * in any case turns up far more often, and every file it turns up in has to
   * be decoded and searched by the pattern.
   */
  keywordsMatchCase?: boolean;
  /** The pattern, without flags; the engine compiles it with `g` (and `i` when `ignoreCase`). */
  pattern: string;
  ignoreCase?: boolean;
  /** The capture group holding the secret itself (default: the whole match). */
  secretGroup?: number;
  /** Minimum Shannon entropy (bits per character) of the secret; lower is a placeholder, not a key. */
  minEntropy?: number;
  /** Secrets that are known examples or placeholders for this format (vendor docs' sample keys). */
  examples?: string[];
  /**
   * Ids of broader rules that also match inside this one's secret (a service
   * account file's PEM key is also a PEM key): where both match, only this
   * rule reports, so one leak is one finding.
   */
  supersedes?: string[];
}

/** A secret found in some text. */
export interface Finding {
  /** Repository-relative path (or the name given for standard input). */
  file: string;
  /** 1-based line and column of the secret's start. */
  line: number;
  column: number;
  /** Rule id, `generic-secret-assignment`, `forbidden-file:…`, or `vault-value`. */
  rule: string;
  description: string;
  /** The secret as found. Never printed unless the user asks with --reveal. */
  secret: string;
  /** For vault values: the secret's path in the vault, shown instead of the value. */
  vaultPath?: string;
  /** The text of the line, for inline `vaultfile:allow` checks (not printed). */
  lineText: string;
  /** The line before, also for inline allow comments. */
  previousLineText: string;
}
