import { decodeBase64Strict, encodeBase64 } from './base64.js';
import { secretPathProblem } from './secret-path.js';

/** First line of every secret file of this format version. */
export const SECRET_FILE_MAGIC = 'vaultfile-secret/v1';
const MAGIC_PREFIX = 'vaultfile-secret/';

export const SALT_LENGTH = 32;
export const COMMITMENT_LENGTH = 32;
export const TAG_LENGTH = 16;
export const MAX_METADATA_VALUE_LENGTH = 1024;

const groupPattern = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** Member names: letters, digits and `_ . @ -`, starting with a letter or digit. */
export const memberNamePattern = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;
const metadataKeyPattern = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const integerPattern = /^[1-9][0-9]{0,15}$/;
const timestampPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;
// eslint-disable-next-line no-control-regex
const controlCharacter = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** The readable, authenticated part of a secret file. */
export interface SecretMetadata {
  /** The secret's path, e.g. `prod/db/password`. */
  path: string;
  /** The group whose key encrypts the value. */
  group: string;
  /** The group key epoch the value is encrypted under. */
  epoch: number;
  /** Starts at 1, +1 for every change of value or metadata. */
  version: number;
  /** UTC, second precision, `YYYY-MM-DDTHH:MM:SSZ`. */
  created: string;
  updated: string;
  /** A date (`YYYY-MM-DD`) or UTC timestamp after which the value should be replaced. */
  expires?: string;
  /** Set while the secret is soft-deleted: when it was deleted and until when it can be restored. */
  deleted?: { at: string; recoverableUntil: string };
  /**
   * Set when members who could read this value were removed from its group:
   * the value is in their hands until it is replaced. Cleared by a new value.
   */
  exposed?: { since: string; members: string[] };
  /** Free-form metadata such as `owner`; keys sorted when written. */
  custom: Record<string, string>;
}

/** A secret file: metadata plus the sealed value. */
export interface SecretFile {
  metadata: SecretMetadata;
  salt: Uint8Array;
  commitment: Uint8Array;
  /** AES-256-GCM ciphertext followed by its 16-byte tag. */
  ciphertext: Uint8Array;
}

/** A malformed secret file; `message` quotes the offending input, never a value. */
export class SecretFileFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretFileFormatError';
  }
}

/** True when `text` is a date or a UTC timestamp in the forms the format allows. */
export function isValidExpiry(text: string): boolean {
  if (datePattern.test(text)) return isRealDate(`${text}T00:00:00Z`);
  return timestampPattern.test(text) && isRealDate(text);
}

/** A date as the format's timestamp: UTC, second precision, `YYYY-MM-DDTHH:MM:SSZ`. */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** True when `text` is a `YYYY-MM-DDTHH:MM:SSZ` timestamp of a real instant. */
export function isValidTimestamp(text: string): boolean {
  return timestampPattern.test(text) && isRealDate(text);
}

function isRealDate(iso: string): boolean {
  const time = Date.parse(iso);
  return Number.isFinite(time) && new Date(time).toISOString().replace('.000Z', 'Z') === iso;
}

/** Why a custom metadata key is invalid, or null. */
export function metadataKeyProblem(key: string): string | null {
  return metadataKeyPattern.test(key) ? null : `metadata key "${key}" must match [a-z0-9][a-z0-9_.-]{0,63}`;
}

/** Why a custom metadata value is invalid, or null. Values are one printable line. */
export function metadataValueProblem(value: string): string | null {
  if (value.length === 0) return 'metadata values cannot be empty';
  if (value.length > MAX_METADATA_VALUE_LENGTH) return `metadata values are limited to ${MAX_METADATA_VALUE_LENGTH} characters`;
  if (controlCharacter.test(value)) return 'metadata values cannot hold control characters or line breaks';
  if (value.trim() !== value) return 'metadata values cannot start or end with whitespace';
  return null;
}

/** True when `name` is a valid group name. */
export function isValidGroupName(name: string): boolean {
  return groupPattern.test(name);
}

/**
 * The metadata lines, exactly as written at the top of the file. These bytes
 * are the AEAD's associated data, so every field (and the format version) is
 * authenticated.
 */
export function serializeMetadata(metadata: SecretMetadata): string {
  const lines = [
    SECRET_FILE_MAGIC,
    `path: ${metadata.path}`,
    `group: ${metadata.group}`,
    `epoch: ${metadata.epoch}`,
    `version: ${metadata.version}`,
    `created: ${metadata.created}`,
    `updated: ${metadata.updated}`,
  ];
  if (metadata.expires !== undefined) lines.push(`expires: ${metadata.expires}`);
  if (metadata.deleted !== undefined) lines.push(`deleted: ${metadata.deleted.at}`, `recoverable-until: ${metadata.deleted.recoverableUntil}`);
  if (metadata.exposed !== undefined) lines.push(`exposed: ${metadata.exposed.since} ${metadata.exposed.members.join(',')}`);
  for (const key of Object.keys(metadata.custom).sort()) lines.push(`meta.${key}: ${metadata.custom[key]}`);
  return `${lines.join('\n')}\n`;
}

/** The whole file text. */
export function serializeSecretFile(file: SecretFile): string {
  return (
    serializeMetadata(file.metadata) +
    `salt: ${encodeBase64(file.salt)}\n` +
    `commitment: ${encodeBase64(file.commitment)}\n` +
    `ciphertext: ${encodeBase64(file.ciphertext)}\n`
  );
}

/** A parsed file together with the exact metadata text to authenticate. */
export interface ParsedSecretFile extends SecretFile {
  associatedData: string;
}

/**
 * Parses a secret file strictly: fields in the specified order, one encoding
 * each, unknown format versions refused. Throws SecretFileFormatError.
 */
export function parseSecretFile(text: string): ParsedSecretFile {
  const reader = new LineReader(text);
  const metadata = readMetadata(reader);
  const associatedData = text.slice(0, reader.offset);
  const salt = readBytes(reader, 'salt', (n) => n === SALT_LENGTH, `${SALT_LENGTH} bytes`);
  const commitment = readBytes(reader, 'commitment', (n) => n === COMMITMENT_LENGTH, `${COMMITMENT_LENGTH} bytes`);
  const ciphertext = readBytes(reader, 'ciphertext', (n) => n >= TAG_LENGTH, `at least ${TAG_LENGTH} bytes`);
  if (!reader.atEnd()) throw new SecretFileFormatError(`unexpected content after the ciphertext line ${reader.lineNumber + 1}`);
  return { metadata, salt, commitment, ciphertext, associatedData };
}

/**
 * Parses only the metadata, for listings that need no decryption. The rest of
 * the file is not checked here; opening the value checks it.
 */
export function parseSecretMetadata(text: string): SecretMetadata {
  return readMetadata(new LineReader(text));
}

function readMetadata(reader: LineReader): SecretMetadata {
  const magic = reader.next();
  if (magic === null) throw new SecretFileFormatError('the file is empty');
  if (magic !== SECRET_FILE_MAGIC) {
    if (magic.startsWith(MAGIC_PREFIX)) {
      throw new SecretFileFormatError(`unsupported format version ${quote(magic)}; this vaultfile reads ${SECRET_FILE_MAGIC}`);
    }
    throw new SecretFileFormatError(`not a vaultfile secret: first line is ${quote(magic)}`);
  }
  const path = readField(reader, 'path');
  const pathProblem = secretPathProblem(path);
  if (pathProblem !== null) throw new SecretFileFormatError(`bad path ${quote(path)}: ${pathProblem}`);
  const group = readField(reader, 'group');
  if (!groupPattern.test(group)) throw new SecretFileFormatError(`bad group ${quote(group)}`);
  const epoch = readInteger(reader, 'epoch');
  const version = readInteger(reader, 'version');
  const created = readTimestamp(reader, 'created');
  const updated = readTimestamp(reader, 'updated');
  const metadata: SecretMetadata = { path, group, epoch, version, created, updated, custom: {} };
  if (reader.peekKey() === 'expires') {
    const expires = readField(reader, 'expires');
    if (!isValidExpiry(expires)) throw new SecretFileFormatError(`bad expires ${quote(expires)}`);
    metadata.expires = expires;
  }
  if (reader.peekKey() === 'deleted') {
    const at = readTimestamp(reader, 'deleted');
    const recoverableUntil = readTimestamp(reader, 'recoverable-until');
    if (recoverableUntil < at) throw new SecretFileFormatError(`recoverable-until ${quote(recoverableUntil)} is before deleted ${quote(at)}`);
    metadata.deleted = { at, recoverableUntil };
  }
  if (reader.peekKey() === 'exposed') {
    const text = readField(reader, 'exposed');
    const [since = '', names = '', extra] = text.split(' ');
    const members = names.split(',');
    if (extra !== undefined || !isValidTimestamp(since) || !members.every((name) => memberNamePattern.test(name))) {
      throw new SecretFileFormatError(`bad exposed ${quote(text)}: expected a timestamp and member names joined by commas`);
    }
    metadata.exposed = { since, members };
  }
  let previousKey = '';
  for (let key = reader.peekKey(); key?.startsWith('meta.'); key = reader.peekKey()) {
    const name = key.slice('meta.'.length);
    const value = readField(reader, key);
    const problem = metadataKeyProblem(name) ?? metadataValueProblem(value);
    if (problem !== null) throw new SecretFileFormatError(`bad ${key}: ${problem}`);
    if (name <= previousKey) throw new SecretFileFormatError(`metadata key ${quote(name)} is out of order or repeated`);
    metadata.custom[name] = value;
    previousKey = name;
  }
  return metadata;
}

function readField(reader: LineReader, key: string): string {
  const line = reader.next();
  if (line === null) throw new SecretFileFormatError(`the file is truncated: missing "${key}" line`);
  const prefix = `${key}: `;
  if (!line.startsWith(prefix)) {
    throw new SecretFileFormatError(`line ${reader.lineNumber}: expected "${key}: …", found ${quote(line)}`);
  }
  return line.slice(prefix.length);
}

function readInteger(reader: LineReader, key: string): number {
  const text = readField(reader, key);
  if (!integerPattern.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new SecretFileFormatError(`bad ${key} ${quote(text)}: expected a positive integer`);
  }
  return Number(text);
}

function readTimestamp(reader: LineReader, key: string): string {
  const text = readField(reader, key);
  if (!isValidTimestamp(text)) throw new SecretFileFormatError(`bad ${key} ${quote(text)}: expected YYYY-MM-DDTHH:MM:SSZ`);
  return text;
}

function readBytes(reader: LineReader, key: string, lengthOk: (n: number) => boolean, expected: string): Uint8Array {
  const text = readField(reader, key);
  const bytes = decodeBase64Strict(text);
  if (bytes === null) throw new SecretFileFormatError(`bad ${key}: not canonical base64: ${quote(text)}`);
  if (!lengthOk(bytes.length)) throw new SecretFileFormatError(`bad ${key}: ${bytes.length} bytes, expected ${expected}`);
  return bytes;
}

/** Shortens and JSON-quotes input for an error message. */
function quote(text: string): string {
  return JSON.stringify(text.length > 48 ? `${text.slice(0, 48)}…` : text);
}

/** Reads `\n`-terminated lines; a final line without `\n` is a truncation. */
class LineReader {
  offset = 0;
  lineNumber = 0;
  constructor(private readonly text: string) {}

  next(): string | null {
    if (this.offset >= this.text.length) return null;
    const end = this.text.indexOf('\n', this.offset);
    if (end === -1) throw new SecretFileFormatError(`the file is truncated: line ${this.lineNumber + 1} has no line ending`);
    const line = this.text.slice(this.offset, end);
    if (line.endsWith('\r')) throw new SecretFileFormatError(`line ${this.lineNumber + 1} ends with CR; the format uses LF only`);
    this.offset = end + 1;
    this.lineNumber++;
    return line;
  }

  /** The key of the next line (text before `: `), without consuming it. */
  peekKey(): string | null {
    if (this.offset >= this.text.length) return null;
    const colon = this.text.indexOf(': ', this.offset);
    const end = this.text.indexOf('\n', this.offset);
    if (colon === -1 || (end !== -1 && colon > end)) return null;
    return this.text.slice(this.offset, colon);
  }

  atEnd(): boolean {
    return this.offset === this.text.length;
  }
}
