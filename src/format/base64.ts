// A flat character class: a grouped repetition overflows the regex stack on multi-megabyte values.
const base64Characters = /^[A-Za-z0-9+/]*={0,2}$/;

/** Standard padded base64 (RFC 4648 section 4). */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * Decodes standard padded base64, refusing anything that does not re-encode to
 * the same text (whitespace, missing padding, non-zero trailing bits), so one
 * value has exactly one encoding. Returns null when the text is not canonical.
 */
export function decodeBase64Strict(text: string): Uint8Array | null {
  if (text.length % 4 !== 0 || !base64Characters.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) return null;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
