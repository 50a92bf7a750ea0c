/**
 * The wire format of age files (c2sp.org/age): ASCII armor and the textual
 * header. No cryptography here; src/keys/age-native.ts uses these pieces.
 */

export const AGE_VERSION_LINE = 'age-encryption.org/v1';
const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';
const ARMOR_END = '-----END AGE ENCRYPTED FILE-----';
const ARMOR_COLUMNS = 64;
const BODY_COLUMNS = 64;
const MAC_LENGTH = 32;
const unpaddedBase64 = /^[A-Za-z0-9+/]*$/;
const argumentPattern = /^[\x21-\x7e]+$/;

/** One recipient stanza: `-> type args…` and its body. */
export interface AgeStanza {
  type: string;
  args: string[];
  body: Uint8Array;
}

/** A parsed header and where the payload starts. */
export interface AgeHeader {
  stanzas: AgeStanza[];
  /** The header bytes the MAC covers: everything up to and including `---`. */
  macInput: Uint8Array;
  mac: Uint8Array;
  /** Offset of the payload (nonce, then STREAM chunks) in the file. */
  payloadOffset: number;
}

/** A file that is not well-formed age. */
export class AgeFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AgeFormatError';
  }
}

/** True when the bytes start like an armored age file. */
export function isArmored(file: Uint8Array): boolean {
  return latin1(file, 0, ARMOR_BEGIN.length) === ARMOR_BEGIN;
}

/** Decodes armor strictly: 64-column lines of canonical padded base64 between the markers. */
export function decodeArmor(file: Uint8Array): Uint8Array {
  const text = latin1(file, 0, file.length).replace(/[\t\n\r ]+$/, '');
  const lines = text.split(/\r?\n/);
  if (lines[0] !== ARMOR_BEGIN) throw new AgeFormatError('armor does not start with the BEGIN line');
  if (lines.at(-1) !== ARMOR_END) throw new AgeFormatError('armor does not end with the END line');
  const body = lines.slice(1, -1);
  if (body.length === 0) throw new AgeFormatError('armor holds no data');
  body.forEach((line, index) => {
    const last = index === body.length - 1;
    if (last ? line.length === 0 || line.length > ARMOR_COLUMNS : line.length !== ARMOR_COLUMNS) {
      throw new AgeFormatError(`armor line ${index + 2} has the wrong length`);
    }
  });
  const joined = body.join('');
  const bytes = Buffer.from(joined, 'base64');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(joined) || bytes.toString('base64') !== joined) throw new AgeFormatError('armor is not canonical base64');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Parses the header of a binary age file. */
export function parseAgeHeader(file: Uint8Array): AgeHeader {
  let offset = 0;
  const nextLine = (): string => {
    const end = file.indexOf(0x0a, offset);
    if (end === -1) throw new AgeFormatError('the header is truncated');
    const line = latin1(file, offset, end);
    offset = end + 1;
    return line;
  };
  if (nextLine() !== AGE_VERSION_LINE) throw new AgeFormatError(`not an ${AGE_VERSION_LINE} file`);
  const stanzas: AgeStanza[] = [];
  for (;;) {
    const lineStart = offset;
    const line = nextLine();
    if (line.startsWith('---')) {
      if (stanzas.length === 0) throw new AgeFormatError('the header has no recipient stanza');
      const mac = decodeUnpadded(line.slice(4));
      if (line[3] !== ' ' || mac === null || mac.length !== MAC_LENGTH) throw new AgeFormatError('bad header MAC line');
      return { stanzas, macInput: file.subarray(0, lineStart + 3), mac, payloadOffset: offset };
    }
    const parts = line.split(' ');
    if (parts[0] !== '->' || parts.length < 2 || !parts.slice(1).every((part) => argumentPattern.test(part))) {
      throw new AgeFormatError('bad stanza line');
    }
    const chunks: Uint8Array[] = [];
    for (;;) {
      const bodyLine = nextLine();
      const decoded = decodeUnpadded(bodyLine);
      if (bodyLine.length > BODY_COLUMNS || decoded === null) throw new AgeFormatError('bad stanza body');
      chunks.push(decoded);
      if (bodyLine.length < BODY_COLUMNS) break;
    }
    stanzas.push({ type: parts[1]!, args: parts.slice(2), body: Buffer.concat(chunks) });
  }
}

/** Canonical unpadded base64 (the age spec requires rejecting anything else), or null. */
export function decodeUnpadded(text: string): Uint8Array | null {
  if (!unpaddedBase64.test(text) || text.length % 4 === 1) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64').replace(/=+$/, '') === text ? new Uint8Array(bytes) : null;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, Math.max(0, Math.min(end, bytes.length) - start)).toString('latin1');
}
