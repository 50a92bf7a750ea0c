/** Process exit codes, as DESIGN.md lists them. */
export const ExitCode = {
  ok: 0,
  finding: 1,
  usage: 2,
  notFound: 3,
  accessDenied: 4,
  integrity: 5,
  /** `run`: the command was found but could not be started (as `env` and POSIX shells report it). */
  commandNotExecutable: 126,
  /** `run`: no such command. */
  commandNotFound: 127,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Every stable error code and the exit code it maps to. Scripts match on the
 * code; the message text may improve over time.
 */
export const errorExitCodes = {
  USAGE: ExitCode.usage,
  BAD_PATH: ExitCode.usage,
  EMPTY_VALUE: ExitCode.usage,
  VALUE_TOO_LARGE: ExitCode.usage,
  BAD_GENERATOR: ExitCode.usage,
  BAD_METADATA: ExitCode.usage,
  BAD_DATE: ExitCode.usage,
  INPUT_UNREADABLE: ExitCode.usage,
  CONFIG_NOT_FOUND: ExitCode.usage,
  CONFIG_INVALID: ExitCode.usage,
  VAULT_EXISTS: ExitCode.usage,
  NO_RULE: ExitCode.usage,
  IDENTITY_INVALID: ExitCode.usage,
  EDITOR_FAILED: ExitCode.usage,
  BAD_REVISION: ExitCode.usage,
  NO_HISTORY: ExitCode.usage,
  NOT_CONFLICTED: ExitCode.usage,
  CONFIRMATION_NEEDED: ExitCode.usage,
  NOT_DELETED: ExitCode.usage,
  BAD_RECIPIENT: ExitCode.usage,
  DUPLICATE: ExitCode.usage,
  INPUT_INVALID: ExitCode.usage,
  SECRET_EXISTS: ExitCode.usage,
  BINARY_VALUE: ExitCode.usage,
  BAD_VARIABLE_NAME: ExitCode.usage,
  NAME_COLLISION: ExitCode.usage,
  UNKNOWN_MEMBER: ExitCode.notFound,
  UNKNOWN_GROUP: ExitCode.notFound,
  LAST_MEMBER: ExitCode.usage,
  LOCK_TIMEOUT: ExitCode.finding,
  DOCTOR_PROBLEMS: ExitCode.finding,
  NOT_FOUND: ExitCode.notFound,
  IDENTITY_NOT_FOUND: ExitCode.accessDenied,
  IDENTITY_PERMISSIONS: ExitCode.accessDenied,
  ACCESS_DENIED: ExitCode.accessDenied,
  WRONG_VAULT: ExitCode.accessDenied,
  INTEGRITY: ExitCode.integrity,
  CORRUPT_FILE: ExitCode.integrity,
  MERGE_CONFLICT: ExitCode.integrity,
  KEYRING_MISSING: ExitCode.integrity,
  COMMAND_NOT_EXECUTABLE: ExitCode.commandNotExecutable,
  COMMAND_NOT_FOUND: ExitCode.commandNotFound,
  INTERNAL: ExitCode.finding,
} as const;

export type ErrorCode = keyof typeof errorExitCodes;

/**
 * The one error type the library throws for anything a user can cause or fix.
 * `message` says what failed, `hint` what to do next; neither ever holds a
 * secret value.
 */
const BRAND = Symbol.for('vaultfile.VaultfileError');

export class VaultfileError extends Error {
  /**
   * `instanceof` goes by this mark, not by the class, so an error from another
   * copy of this module still counts: the CommonJS scan bundle calls into the
   * ES module library build when a vault is present.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }

  readonly [BRAND] = true;
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  /** Extra context shown with --verbose (never a secret value). */
  readonly detail: string | undefined;

  constructor(code: ErrorCode, message: string, options: { hint?: string; detail?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'VaultfileError';
    this.code = code;
    this.hint = options.hint;
    this.detail = options.detail;
  }

  /** The process exit code for this error. */
  get exitCode(): ExitCodeValue {
    return errorExitCodes[this.code];
  }
}

/** True when `error` is a Node.js system error with the given errno code. */
export function isSystemError(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
