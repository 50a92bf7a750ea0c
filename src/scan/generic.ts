/**
 * The generic detector: a literal assigned to a name that says "secret"
 * (password, token, api_key, client_secret…), in any of the usual syntaxes:
 * `key = value`, `key: value`, `"key": "value"`, `KEY=value`, `--key value`,
 * `<key>value</key>`, `define('KEY', 'value')`, SQL `PASSWORD 'value'`,
 * `Password=…;` in connection strings, and Kubernetes/ECS `name:`/`value:` pairs.
 *
 * Most such assignments in a repository are not leaks but references
 * (`${VAR}`, `process.env.X`, `{{ .Values.x }}`) or placeholders
 * (`changeme`, `<your-key>`, `xxxx`), so a value must look random: long enough,
 * mixed characters, enough entropy, and none of the placeholder words.
 */
import { shannonEntropy, type LineMap } from './engine.js';
import { decodeText } from './files.js';
import type { Finding } from './types.js';

export const GENERIC_RULE_ID = 'generic-secret-assignment';
const DESCRIPTION = 'literal assigned to a password-, secret-, token- or key-like name';

/** A line is parsed only if it contains one of these (in any case) inside a secret-like name. */
export const NAME_FRAGMENTS = ['pass', 'pwd', 'secret', 'token', 'key', 'auth', 'credential', 'bearer', 'identified by'];

const MIN_LENGTH = 8;
const MAX_LENGTH = 512;
/** Bits per character; eight distinct characters in eight is exactly 3. */
const MIN_ENTROPY = 3;

/** Name parts that on their own make a name sensitive. */
const SECRET_WORDS = new Set([
  'password', 'passwd', 'pwd', 'pass', 'passphrase', 'secret', 'secrets', 'token', 'apikey', 'apitoken', 'accesskey',
  'privatekey', 'secretkey', 'authkey', 'appkey', 'masterkey', 'signingkey', 'authtoken', 'accesstoken', 'refreshtoken',
  'clientsecret', 'credential', 'credentials', 'creds', 'auth', 'authorization', 'bearer',
]);

/** Name parts that make a following `key` sensitive (`api_key`, `signing_key`, `license_key`). */
const KEY_QUALIFIERS = new Set([
  'api', 'access', 'private', 'secret', 'signing', 'encryption', 'master', 'account', 'auth', 'app', 'license', 'client',
  'shared', 'consumer', 'server', 'webhook', 'session', 'admin', 'service', 'storage', 'hmac',
]);

/** Name parts before `token` that make it something other than a credential (`page_token`, `csrf_token`). */
const NOT_CREDENTIAL_TOKENS = new Set([
  'page', 'next', 'continuation', 'cancel', 'cancellation', 'csrf', 'xsrf', 'sync', 'pagination', 'lexer', 'parser', 'syntax', 'design',
  // a parser's tokens: `lastSignificantToken`, `currentToken`, `peekToken`
  'last', 'first', 'current', 'cur', 'prev', 'previous', 'peek', 'lookahead', 'significant', 'eof',
]);

/** Name parts after the sensitive word that make the value about the secret, not the secret (`password_file`, `token_url`). */
const ABOUT_THE_SECRET = new Set([
  'url', 'uri', 'urls', 'endpoint', 'host', 'file', 'files', 'path', 'dir', 'directory', 'name', 'names', 'type', 'kind',
  'id', 'ids', 'length', 'len', 'min', 'max', 'size', 'count', 'policy', 'field', 'label', 'header', 'prefix', 'suffix',
  'format', 'method', 'mode', 'provider', 'expiry', 'expires', 'expiration', 'expire', 'expired', 'ttl', 'lifetime',
  'timeout', 'ref', 'reference', 'env', 'var', 'variable', 'hint', 'pattern', 'regex', 'hash', 'hashed', 'digest',
  'enabled', 'enable', 'disabled', 'required', 'placeholder', 'reset', 'version', 'location', 'store', 'manager', 'arn',
  'rotation', 'param', 'parameter', 'help', 'description', 'desc', 'message', 'msg', 'error', 'text', 'title', 'input',
  'strength', 'encoding', 'algorithm', 'alg', 'scope', 'scopes', 'audience', 'issuer', 'template', 'class', 'cache',
  'index', 'question', 'generator', 'command', 'cmd', 'script', 'selector', 'chars', 'charset', 'attempts', 'retries',
  'interval', 'age', 'duration', 'seconds', 'ms', 'days', 'at', 'date', 'time', 'timestamp', 'source', 'mount', 'volume',
  'helper', 'stdin', 'user', 'username', 'login', 'email', 'realm', 'domain', 'service', 'backend', 'plugin', 'strategy',
  'handler', 'middleware', 'callback', 'redirect', 'response', 'request', 'status', 'state', 'code', 'prompt', 'visible',
  'toggle', 'button', 'icon', 'style', 'color', 'width', 'validation', 'validator', 'rules', 'schema', 'column', 'table',
  'query', 'bytes', 'bits', 'entropy', 'usage', 'option', 'options', 'config', 'settings', 'key',
]);

/** Lowercase fragments that mark a value as a placeholder or a sample. */
const PLACEHOLDER_WORDS = [
  'example', 'changeme', 'change_me', 'change-me', 'dummy', 'placeholder', 'redacted', 'xxx', '****', '...', '…', 'your_',
  'your-', 'yourpass', 'yourkey', 'yourtoken', 'insert', 'replace', 'todo', 'fixme', 'sample', 'fake', 'notreal',
  'not_real', 'not-real', 'test', 'passw', 'secret', 'mock', 'lorem', 'foobar', 'default', 'qwerty', 'asdf', '1234',
  'abcd', 'letmein', 'hunter2', 'undefined', 'null',
];

/** Shapes of values that refer to a secret kept elsewhere instead of holding one. */
const REFERENCE_SHAPES = [
  /^[$%&*!@<{[(]/, // $VAR ${VAR} $(cmd), %(x)s %VAR%, YAML anchors/aliases/tags, <your-key>, {{ x }}, [list]
  /\$\{|\{\{|\}\}|<%|%>|<[^>]*>/, // templates and <placeholders> anywhere in the value
  /^ENC\[/, // sops-encrypted value
  /^[a-z][a-z0-9+.-]*:\/\//i, // a URL (connection URLs have their own rules)
  /^(?:arn|vault|ssm|op|secretsmanager|awssm|gcpsm|azkv|keyvault|sops|ref\+\w+|file|env|secret|secrets):/i, // secret-manager references
  /^(?:\.{1,2}\/|~\/|[A-Za-z]:\\)/, // a relative, home or Windows path
  /^\.[\w-]+$/, // a dot-file or dot-folder name (.env, .keyrings)
  /^(?=(?:\/[\w.-]+)+\/?$).*\/[A-Za-z][a-z]{2,}(?:\/|$)/, // an absolute path with a word in it (base64 may start with a slash too)
  /\.(?:pem|key|crt|cer|der|p12|pfx|jks|keystore|json|txt|ya?ml|env|ini|conf|cfg|toml)$/i, // a file name
  /^(?:process\.env|os\.environ|os\.getenv|getenv|System\.getenv|ENV\[|env\()/i, // environment lookups
  /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/, // an environment variable's name
];

/** One part of a dotted name: snake_case, camelCase, PascalCase or CONSTANT_CASE, not random letters. */
const IDENTIFIER = /^(?:[a-z_$][a-z0-9_$]*(?:[A-Z][a-z0-9_$]+)*|[A-Z][a-z0-9_$]+(?:[A-Z][a-z0-9_$]+)*|[A-Z_][A-Z0-9_]*)$/;

/** Whether an unquoted value is member access (`config.password`, `var.db_password`) rather than a literal with a dot. */
function isMemberAccess(value: string): boolean {
  const parts = value.split('.');
  return parts.length > 1 && parts.every((part) => IDENTIFIER.test(part));
}

/** Files in which an unquoted value is code (a variable, a call), never a literal. */
const CODE_FILE = /\.(?:[cm]?[jt]sx?|py|rb|go|java|kts?|scala|cs|php|rs|swift|c|h|cc|cpp|hpp|m|mm|dart|lua|exs?|groovy|gradle|clj|fs|vb|pl|pm|erl|hs|ml|sol|zig|nim|jl|cr|vue|svelte)$/i;

/** Whether `file` is code, where an unquoted value is a variable or a call, never a literal. */
export function isCodeFile(file: string): boolean {
  return CODE_FILE.test(file);
}

// One regex per syntax; each runs on one candidate line. Groups: name, then the value (one of several alternatives).
const ASSIGNMENT =
  /(?<![\w.-])(["']?)([A-Za-z_][\w.-]{0,80})\1[ \t]*(?:=>|:=|=|:)[ \t]*(?:(?:Bearer|Basic|Token|bearer|basic|token)[ \t]+)?(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|`([^`\\]*)`|([^\s"'`,;&)\]}]+))/dg;
const COMMAND_FLAG = /(?<![\w-])--([A-Za-z][\w-]*)(?:=|[ \t]+)(?:"([^"]*)"|'([^']*)'|([^\s"'`;|&)]+))/dg;
const XML_ELEMENT = /<([A-Za-z_][\w.-]*)>([^<>\s]{1,512})<\/\1>/dg;
/** A quoted name and value as two arguments or a pair: `define('DB_PASSWORD', '…')`, `("token", "…")`. */
const QUOTED_PAIR = /(["'])([A-Za-z_][\w.-]{0,80})\1\s*,\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')/dg;
/** SQL: `CREATE ROLE x PASSWORD '…'`, `IDENTIFIED BY '…'`. */
const SQL_PASSWORD = /\b(PASSWORD|IDENTIFIED\s+BY)\s+'([^'\s]{1,512})'/dgi;
/** `Password=…;` inside an ADO.NET/ODBC connection string, which is itself usually one quoted value. */
const CONNECTION_STRING_PASSWORD = /(?<=^|[;"'\s])(Password|Pwd)=([^;"'\s]{1,512})/dgi;
/** A `name:` line up to its value: `- name: `, `"name": `. */
const NAME_LINE_KEY = String.raw`^\s*(?:-\s*)?(["']?)name\1\s*:\s*`;
const NAME_LINE = new RegExp(String.raw`${NAME_LINE_KEY}(["']?)([\w.-]+)\2\s*,?\s*$`);
const VALUE_LINE = /^(\s*["']?value["']?\s*:\s*)(?:"([^"]*)"|'([^']*)'|([^\s"',]+))\s*,?\s*$/;
const NAME_VALUE_PAIR = /(["'])name\1\s*:\s*(["'])([\w.-]+)\2\s*,\s*(["'])value\4\s*:\s*"([^"]*)"/dg;

const OTHER = 0;
const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;

/** Whether a character code is an ASCII lowercase letter, uppercase letter, digit, or anything else. */
function kindOf(code: number): number {
  if (code >= 0x61 && code <= 0x7a) return LOWER;
  if (code >= 0x41 && code <= 0x5a) return UPPER;
  return code >= 0x30 && code <= 0x39 ? DIGIT : OTHER;
}

/**
 * The words of an identifier, in lowercase: `dbPassword`, `DB_PASSWORD`,
 * `db.password` and `db-password` all give `db password`, and `JSONWebToken`
 * gives `json web token`. Anything but ASCII letters and digits separates
 * words; an uppercase letter starts one after a lowercase letter or a digit,
 * or when it is the last of a run of capitals that goes on in lowercase.
 * (A loop, not regexes: every new name a scan meets comes through here.)
 */
export function nameParts(name: string): string[] {
  const parts: string[] = [];
  let start = -1;
  let previous = OTHER;
  for (let index = 0; index <= name.length; index++) {
    const kind = index < name.length ? kindOf(name.charCodeAt(index)) : OTHER;
    const startsWord =
      kind === UPPER && (previous === LOWER || previous === DIGIT || (previous === UPPER && kindOf(name.charCodeAt(index + 1)) === LOWER));
    if (start !== -1 && (kind === OTHER || startsWord)) {
      parts.push(name.slice(start, index).toLowerCase());
      start = -1;
    }
    if (kind !== OTHER && start === -1) start = index;
    previous = kind;
  }
  return parts;
}

/** Whether a value assigned to `name` would be a secret. */
function isSecretName(name: string): boolean {
  const parts = nameParts(name);
  let last = -1;
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index]!;
    const previous = parts[index - 1];
    if (part === 'key' ? previous !== undefined && KEY_QUALIFIERS.has(previous) : SECRET_WORDS.has(part)) last = index;
  }
  if (last === -1) return false;
  if (parts[last] === 'token' && last > 0 && NOT_CREDENTIAL_TOKENS.has(parts[last - 1]!)) return false;
  return !parts.slice(last + 1).some((part) => ABOUT_THE_SECRET.has(part));
}

/** camelCase or PascalCase words of two letters or more: `allowUnsafeAskPass`, `InterpolationInJSX`. */
const CAMEL_CASE_WORDS = /^(?:[a-z]{2,}|[A-Z][a-z]+)(?:[A-Z][a-z]+)*(?:[A-Z]{2,})?$/;

/** Whether an all-letter `value` is words (`userPassword`, `not-a-real-token`) rather than random letters. */
function looksLikeWords(value: string): boolean {
  if (!/^[A-Za-z]+(?:[_.-][A-Za-z]+)*$/.test(value)) return false;
  if (CAMEL_CASE_WORDS.test(value)) return true;
  let changes = 0;
  for (let index = 1; index < value.length; index++) {
    if (/[a-z]/.test(value[index - 1]!) !== /[a-z]/.test(value[index]!)) changes++;
  }
  // Random letters change case about every other character; words about once per word.
  return changes * 4 < value.length;
}

function characterClasses(value: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(value)).length;
}

/** Whether `value` looks like a real secret rather than a reference, a placeholder or ordinary text. */
function isSecretLiteral(value: string, quoted: boolean, codeFile: boolean): boolean {
  if (value.length < MIN_LENGTH || value.length > MAX_LENGTH) return false;
  if (/\s/.test(value)) return false;
  if (!quoted && (codeFile || /[()]/.test(value) || isMemberAccess(value))) return false;
  if (REFERENCE_SHAPES.some((shape) => shape.test(value))) return false;
  const lower = value.toLowerCase();
  if (PLACEHOLDER_WORDS.some((word) => lower.includes(word))) return false;
  if (looksLikeWords(value)) return false;
  if (characterClasses(value) < 2) return false;
  // A run of one character is filler (`rubygems_0000`); long random values may hold a short run by chance.
  if ((value.length < 24 ? /(.)\1{3}/ : /(.)\1{5}/).test(value)) return false;
  return shannonEntropy(value) >= MIN_ENTROPY;
}

interface Candidate {
  name: string;
  value: string;
  /** Offset of `value` in the line. */
  start: number;
  quoted: boolean;
}

/** A value given as `Bearer xyz` in a quoted header is the token after the scheme. */
function withoutAuthScheme(candidate: Candidate): Candidate {
  const scheme = /^(?:Bearer|Basic|Token)[ \t]+(?=\S+$)/i.exec(candidate.value);
  if (scheme === null) return candidate;
  return { ...candidate, value: candidate.value.slice(scheme[0].length), start: candidate.start + scheme[0].length };
}

/** The first value group that took part in `match`, with its offset. */
function valueOf(match: RegExpExecArray, groups: number[], unquotedGroup: number): { value: string; start: number; quoted: boolean } | null {
  for (const group of groups) {
    const value = match[group];
    const span = match.indices?.[group];
    if (value !== undefined && span !== undefined) return { value, start: span[0], quoted: group !== unquotedGroup };
  }
  return null;
}

/**
 * Every name/value assignment on one line of text that could hold a literal:
 * in a code file, an assignment's value must be quoted.
 */
function candidatesOnLine(line: string, nextLine: string, codeFile: boolean): Array<Candidate & { lineOffset: number }> {
  const found: Array<Candidate & { lineOffset: number }> = [];
  // Cheap character checks first: most candidate lines can match only one or two of these syntaxes.
  const hasQuote = line.includes('"') || line.includes("'");
  const mayAssign = (line.includes('=') || line.includes(':')) && (!codeFile || hasQuote || line.includes('`'));
  if (mayAssign) for (const match of line.matchAll(ASSIGNMENT)) {
    const value = valueOf(match, [3, 4, 5, 6], 6);
    if (value) found.push({ name: match[2]!, ...value, lineOffset: 0 });
  }
  if (line.includes('--')) for (const match of line.matchAll(COMMAND_FLAG)) {
    const value = valueOf(match, [2, 3, 4], -1);
    if (value) found.push({ name: match[1]!, ...value, lineOffset: 0 });
  }
  if (line.includes('</')) for (const match of line.matchAll(XML_ELEMENT)) {
    const value = valueOf(match, [2], -1);
    if (value) found.push({ name: match[1]!, ...value, lineOffset: 0 });
  }
  if (hasQuote && line.includes(',')) for (const match of line.matchAll(QUOTED_PAIR)) {
    const value = valueOf(match, [3, 4], -1);
    if (value) found.push({ name: match[2]!, ...value, lineOffset: 0 });
  }
  if (hasQuote && /password|identified/i.test(line)) for (const match of line.matchAll(SQL_PASSWORD)) {
    const value = valueOf(match, [2], -1);
    if (value) found.push({ name: 'password', ...value, lineOffset: 0 });
  }
  if (line.includes('=')) for (const match of line.matchAll(CONNECTION_STRING_PASSWORD)) {
    const value = valueOf(match, [2], -1);
    if (value) found.push({ name: match[1]!, ...value, lineOffset: 0 });
  }
  if (hasQuote && line.includes('value')) for (const match of line.matchAll(NAME_VALUE_PAIR)) {
    const value = valueOf(match, [5], -1);
    if (value) found.push({ name: match[3]!, ...value, lineOffset: 0 });
  }
  const nameLine = line.includes('name') ? NAME_LINE.exec(line) : null;
  const valueLine = nameLine ? VALUE_LINE.exec(nextLine) : null;
  if (nameLine && valueLine) {
    const value = valueLine[2] ?? valueLine[3] ?? valueLine[4] ?? '';
    const quoted = valueLine[4] === undefined;
    found.push({ name: nameLine[3]!, value, start: valueLine[1]!.length + (quoted ? 1 : 0), quoted, lineOffset: 1 });
  }
  return found;
}

/** Characters of a name as the syntaxes above read one: `db_password`, `config.apiKey`, `--db-password`. */
function isNameCharacter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f || code === 0x2e || code === 0x2d;
}

/** Longer runs of name characters are no name any syntax above reads (base64, minified code). */
const MAX_NAME_RUN = 128;

/** Space, tab, vertical tab, form feed: what may stand between a name and its operator. */
function isBlank(code: number | undefined): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0b || code === 0x0c;
}

/**
 * Whether what follows a name ending before `end` can make it an assignment
 * in one of the syntaxes above: after an optional closing quote and blanks,
 * `=`, `:`, `,`, `>`, a quote (SQL's `PASSWORD '…'`) or the end of the line
 * (a `name:` line). Anything else (`token)`, `key in`, `pass(`) cannot, and
 * most fragments in code stop here, before their name is even read.
 */
function followedLikeAnAssignment(text: string, end: number): boolean {
  let index = end;
  let code = text.charCodeAt(index);
  if (code === 0x22 || code === 0x27) code = text.charCodeAt(++index);
  while (isBlank(code)) code = text.charCodeAt(++index);
  if (index >= text.length) return true;
  // `=` `:` `,` `>` `"` `'` CR LF; anything beyond ASCII (Unicode blanks) is not judged here.
  return code === 0x3d || code === 0x3a || code === 0x2c || code === 0x3e || code === 0x22 || code === 0x27 || code === 0x0d || code === 0x0a || code > 0x7f;
}

/**
 * The run of name characters around `offset` in `text`, or null when it
 * cannot be a name any syntax above assigns to: longer than 128 characters either side of `offset`, or, unless it is a
 * `--flag` or ten characters long (SQL's `IDENTIFIED BY`), not followed like
 * an assignment. needle-filter.wat makes the same test on bytes.
 */
export function assignableNameAt(text: string, offset: number): { start: number; end: number } | null {
  let start = offset;
  while (start > 0 && isNameCharacter(text.charCodeAt(start - 1))) if (offset - --start > MAX_NAME_RUN) return null;
  let end = offset + 1;
  while (end < text.length && isNameCharacter(text.charCodeAt(end))) if (++end - offset > MAX_NAME_RUN) return null;
  const isFlag = text.charCodeAt(start) === 0x2d && text.charCodeAt(start + 1) === 0x2d; // `--password value`
  if (end - start !== 10 && !isFlag && !followedLikeAnAssignment(text, end)) return null;
  return { start, end };
}

const AUTH_SCHEME = /^(?:Bearer|Basic|Token|bearer|basic|token)[ \t]/;
/** The start of a `name:` line (NAME_LINE) up to its value, which is the name being judged. */
const NAME_LINE_PREFIX = new RegExp(`${NAME_LINE_KEY}$`);
/** How far back a `name:` line's start is looked for; a value further in is let through unjudged. */
const NAME_LINE_REACH = 256;
/** Names SQL and connection strings read on their own, even at the end of a longer run (`db.password '…'`). */
const NAMES_READ_ALONE = ['password', 'pwd', 'identified'];

function skipBlanks(bytes: Buffer, index: number): number {
  let at = index;
  while (isBlank(bytes[at])) at++;
  return at;
}

function isQuote(code: number | undefined): boolean {
  return code === 0x22 || code === 0x27 || code === 0x60;
}

function isEndOfLine(code: number | undefined): boolean {
  return code === undefined || code === 0x0a || code === 0x0d;
}

/** Whether the run ending at `end` ends in a name read alone, in any letter case. */
function endsInNameReadAlone(bytes: Buffer, start: number, end: number): boolean {
  return NAMES_READ_ALONE.some((name) => {
    if (end - start < name.length) return false;
    for (let index = 0; index < name.length; index++) if ((bytes[end - name.length + index]! | 0x20) !== name.charCodeAt(index)) return false;
    return true;
  });
}

/** Whether the run at `start` is the value of a `name:` line (or too far into its line to tell). */
function onNameLine(bytes: Buffer, start: number): boolean {
  const from = Math.max(0, start - NAME_LINE_REACH);
  const newline = bytes.subarray(from, start).lastIndexOf(NEWLINE);
  if (newline === -1 && from > 0) return true;
  return NAME_LINE_PREFIX.test(decodeText(bytes.subarray(from + newline + 1, start)));
}

/**
 * Whether some syntax above could read a literal assigned to the secret-like
 * name that runs from `start` to `end` in `bytes` (a whole file, before
 * decoding). It answers false only when none can, whatever else its line
 * holds, and the bytes path then leaves the name out of its excerpt. Each
 * syntax reads a whole run of name characters as its name, so what
 * surrounds the run decides:
 * - a `--flag`, a name in quotes or after `<`, and a run ending in
 *   `password`, `pwd` or `identified` (which SQL and connection strings read
 *   on their own): yes;
 * - otherwise, after blanks, `=`, `:`, `=>` or `:=` and a value on the same
 *   line, quoted in a code file (code never reports an unquoted value); or
 *   the end of the line (perhaps after a comma) on a `name:` line.
 */
export function mayHoldLiteral(bytes: Buffer, start: number, end: number, codeFile: boolean): boolean {
  const before = bytes[start - 1];
  if (before === 0x22 || before === 0x27 || before === 0x3c) return true; // " ' <
  if (bytes[start] === 0x2d && bytes[start + 1] === 0x2d) return true; // --
  let index = skipBlanks(bytes, end);
  const next = bytes[index];
  if (next === 0x3d || next === 0x3a) {
    // `=`, `:`, `=>`, `:=` (and `==`, read as `=` and a value starting with `=`)
    index = skipBlanks(bytes, bytes[index + 1] === 0x3e || bytes[index + 1] === 0x3d ? index + 2 : index + 1);
    let value = bytes[index];
    if (!isEndOfLine(value) && (!codeFile || isQuote(value) || value! > 0x7f)) return true;
    const scheme = value === 0x42 || value === 0x62 || value === 0x54 || value === 0x74 ? AUTH_SCHEME.exec(bytes.toString('latin1', index, index + 7)) : null;
    if (scheme !== null) value = bytes[skipBlanks(bytes, index + scheme[0].length)];
    return isQuote(value) || endsInNameReadAlone(bytes, start, end);
  }
  if (next === 0x2c) index = skipBlanks(bytes, index + 1); // a `name:` line's value may end in a comma
  const after = bytes[index];
  // The end of the line, or a byte past ASCII (perhaps a Unicode blank): only a `name:` line reads this.
  if (isEndOfLine(after) || after! > 0x7f) return onNameLine(bytes, start) || endsInNameReadAlone(bytes, start, end);
  return endsInNameReadAlone(bytes, start, end);
}

/**
 * Whether the name around the fragment at `offset` in `text` is secret-like,
 * and placed as a name the syntaxes above could read. Every syntax but SQL's
 * reads its name as the whole run of name characters, so a fragment inside
 * `keys`, `author` or `tokenizer` rules its line out before any regex runs on
 * it. (Whole files' bytes get the same test in needle-filter.wat.)
 */
function inSecretName(text: string, offset: number): boolean {
  const run = assignableNameAt(text, offset);
  return run !== null && namesASecret(text.slice(run.start, run.end));
}

/** Whether `name`, a whole run of name characters, is secret-like; SQL's `IDENTIFIED` (of `IDENTIFIED BY '…'`) counts. */
export function namesASecret(name: string): boolean {
  if (name.length === 10 && name.toLowerCase() === 'identified') return true;
  return knownSecretName(name);
}

const knownNames = new Map<string, boolean>();

/** `isSecretName`, remembered: the same names come back in file after file. */
function knownSecretName(name: string): boolean {
  let secret = knownNames.get(name);
  if (secret === undefined) {
    secret = isSecretName(name);
    if (knownNames.size < 100_000) knownNames.set(name, secret);
  }
  return secret;
}

/**
 * Finds literals assigned to secret-like names in `text`. `fragments` are the
 * offsets of every name fragment in it (from the rules' needle table); only
 * lines where one sits inside a secret-like name are parsed at all.
 */
export function findGenericAssignments(text: string, file: string, lines: LineMap, fragments: readonly number[]): Finding[] {
  // Lines by their start offset: line numbers cost a pass over the text, paid only when something is found.
  const lineStarts = new Set<number>();
  for (const offset of fragments) {
    if (inSecretName(text, offset)) lineStarts.add(text.lastIndexOf('\n', offset) + 1);
  }
  return assignmentsOnLines(text, file, lines, lineStarts);
}

/** The literals assigned to secret-like names on the lines of `text` that start at `lineStarts` (lines holding such a name). */
export function assignmentsOnLines(text: string, file: string, lines: LineMap, lineStarts: Iterable<number>): Finding[] {
  const codeFile = isCodeFile(file);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const start of lineStarts) {
    const end = endOfLine(text, start);
    const nextLine = end < text.length ? text.slice(end + 1, endOfLine(text, end + 1)) : '';
    for (const found of candidatesOnLine(text.slice(start, end).replace(/\r$/, ''), nextLine.replace(/\r$/, ''), codeFile)) {
      const candidate = withoutAuthScheme(found);
      // Most values on a secret-named line are too short or too long to be secrets: the cheapest test first.
      if (candidate.value.length < MIN_LENGTH || candidate.value.length > MAX_LENGTH) continue;
      if (!knownSecretName(candidate.name) || !isSecretLiteral(candidate.value, candidate.quoted, codeFile)) continue;
      const line = lines.position(start).line + found.lineOffset;
      const column = candidate.start + 1;
      const key = `${line}:${column}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push({
        file,
        line,
        column,
        rule: GENERIC_RULE_ID,
        description: DESCRIPTION,
        secret: candidate.value,
        lineText: lines.lineText(line),
        previousLineText: lines.lineText(line - 1),
      });
    }
  }
  return findings;
}

/**
 * How far from a fragment an excerpt reaches into a long line: past any name
 * before it (at most 128 characters), and past the rest of the name, the
 * operator and any value after it (at most 512 characters).
 */
const EXCERPT_BEFORE = 192;
const EXCERPT_AFTER = 1024;
const NEWLINE = 0x0a;

/** An excerpt of a file (see `excerptAround`) and where in it the lines of its fragments start. */
export interface Excerpt {
  text: string;
  lineStarts: number[];
}

/**
 * Everything the generic detector reads to judge the fragments at `offsets`
 * (ascending) in `bytes`, all in secret-like names: each one's line and the
 * line after it, decoded, with a long line cut to a window around the
 * fragment, and where those lines start in the excerpt, for
 * `assignmentsOnLines`. The detector finds something in the excerpt whenever
 * it would in the whole text, short of three unlikely layouts: a `name:` line
 * indented by more than about 180 characters, a value more than about 350
 * blanks from its name, and SQL's `PASSWORD '…'` glued to the end of a run of
 * more than 128 name characters (no name of its own) more than 1 KB along a
 * line from a secret-like name. So a file whose excerpt is clean need not be
 * decoded for it. It may find more (a window can start inside a name), so a
 * finding in an excerpt only means the whole text must be scanned.
 */
export function excerptAround(bytes: Uint8Array, offsets: readonly number[]): Excerpt {
  const parts: string[] = [];
  const lineStarts: number[] = [];
  let length = 0;
  let partStart = -1;
  let partEnd = -1;
  // The part's fragments by the number of its lines before theirs: newlines are one byte whatever the encoding.
  let partLines: number[] = [];
  let newlines = 0;
  let countedTo = 0;
  const endPart = (): void => {
    const text = decodeText(Buffer.from(bytes.buffer, bytes.byteOffset + partStart, partEnd - partStart));
    let line = 0;
    let lineStart = 0;
    for (const wanted of partLines) {
      for (; line < wanted; line++) lineStart = text.indexOf('\n', lineStart) + 1;
      lineStarts.push(length + lineStart);
    }
    parts.push(text);
    length += text.length + 1;
  };
  for (const offset of offsets) {
    const from = Math.max(0, offset - EXCERPT_BEFORE);
    const start = bytes.subarray(from, offset).lastIndexOf(NEWLINE) + 1 + from;
    const limit = Math.min(bytes.length, offset + EXCERPT_AFTER);
    const lineEnd = bytes.subarray(offset, limit).indexOf(NEWLINE);
    const nextLineEnd = lineEnd === -1 ? -1 : bytes.subarray(offset + lineEnd + 1, limit).indexOf(NEWLINE);
    const end = nextLineEnd === -1 ? limit : offset + lineEnd + 1 + nextLineEnd;
    if (start <= partEnd) {
      partEnd = Math.max(partEnd, end); // overlaps the part before: one part
    } else {
      if (partEnd !== -1) endPart();
      partStart = start;
      partEnd = end;
      partLines = [];
      newlines = 0;
      countedTo = start;
    }
    // Only the bytes since the last fragment: a search past it could run to the end of a file that is one long line.
    const since = bytes.subarray(countedTo, offset);
    for (let at = since.indexOf(NEWLINE); at !== -1; at = since.indexOf(NEWLINE, at + 1)) newlines++;
    countedTo = offset;
    if (partLines[partLines.length - 1] !== newlines) partLines.push(newlines);
  }
  if (partEnd !== -1) endPart();
  return { text: parts.join('\n'), lineStarts };
}

function endOfLine(text: string, start: number): number {
  const end = text.indexOf('\n', start);
  return end === -1 ? text.length : end;
}

/** Whether finding `generic` covers characters that rule finding `rule` also covers. */
function overlaps(rule: Finding, generic: Finding): boolean {
  if (rule.file !== generic.file) return false;
  const ruleLines = rule.secret.split('\n');
  const lastLine = rule.line + ruleLines.length - 1;
  if (generic.line < rule.line || generic.line > lastLine) return false;
  if (ruleLines.length > 1) return true;
  return generic.column < rule.column + rule.secret.length && rule.column < generic.column + generic.secret.length;
}

/**
 * Rule findings plus the generic findings no rule finding overlaps (a named
 * format says more than "looks like a secret"), in line, column and rule order.
 */
export function mergeFindings(ruleFindings: readonly Finding[], genericFindings: readonly Finding[]): Finding[] {
  const kept = genericFindings.filter((generic) => !ruleFindings.some((rule) => overlaps(rule, generic)));
  return [...ruleFindings, ...kept].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
}
