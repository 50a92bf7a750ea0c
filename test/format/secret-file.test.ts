import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isValidExpiry,
  parseSecretFile,
  parseSecretMetadata,
  SecretFileFormatError,
  serializeMetadata,
  serializeSecretFile,
  type SecretFile,
  type SecretMetadata,
} from '../../src/format/secret-file.js';

const segment = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,11}$/);
const secretPath = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('/'));
const timestamp = fc
  .integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2099, 11, 31) / 1000 })
  .map((seconds) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z'));
const metadataValue = fc.string({ minLength: 1, maxLength: 40 }).filter((v) => v.trim() === v && !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(v));
const metadata: fc.Arbitrary<SecretMetadata> = fc.record(
  {
    path: secretPath,
    group: fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,15}$/),
    epoch: fc.integer({ min: 1, max: 1_000_000 }),
    version: fc.integer({ min: 1, max: 1_000_000 }),
    created: timestamp,
    updated: timestamp,
    expires: fc.option(fc.oneof(timestamp, timestamp.map((t) => t.slice(0, 10))), { nil: undefined }),
    custom: fc.dictionary(fc.stringMatching(/^[a-z0-9][a-z0-9_.-]{0,10}$/), metadataValue, { maxKeys: 4 }),
  },
  { requiredKeys: ['path', 'group', 'epoch', 'version', 'created', 'updated', 'custom'] },
);
const secretFile: fc.Arbitrary<SecretFile> = fc.record({
  metadata,
  salt: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  commitment: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  ciphertext: fc.uint8Array({ minLength: 16, maxLength: 200 }),
});

function withoutUndefined<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

describe('secret file format', () => {
  it('round-trips every valid file, and serialization is canonical', () => {
    fc.assert(
      fc.property(secretFile, (file) => {
        const text = serializeSecretFile(file);
        const parsed = parseSecretFile(text);
        expect(withoutUndefined(parsed.metadata)).toEqual(withoutUndefined(file.metadata));
        expect(Buffer.from(parsed.salt).equals(Buffer.from(file.salt))).toBe(true);
        expect(Buffer.from(parsed.ciphertext).equals(Buffer.from(file.ciphertext))).toBe(true);
        expect(serializeSecretFile(parsed)).toBe(text);
        expect(parsed.associatedData).toBe(serializeMetadata(file.metadata));
        expect(withoutUndefined(parseSecretMetadata(text))).toEqual(withoutUndefined(file.metadata));
      }),
      { numRuns: 300 },
    );
  });

  it('writes one field a line with custom metadata sorted', () => {
    const text = serializeMetadata({
      path: 'p/q',
      group: 'default',
      epoch: 2,
      version: 7,
      created: '2026-01-01T00:00:00Z',
      updated: '2026-01-02T00:00:00Z',
      expires: '2027-01-01',
      custom: { zeta: 'z', alpha: 'a' },
    });
    expect(text).toBe(
      'vaultfile-secret/v1\npath: p/q\ngroup: default\nepoch: 2\nversion: 7\ncreated: 2026-01-01T00:00:00Z\n' +
        'updated: 2026-01-02T00:00:00Z\nexpires: 2027-01-01\nmeta.alpha: a\nmeta.zeta: z\n',
    );
  });

  it('never crashes on arbitrary input: it parses or throws SecretFileFormatError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        try {
          parseSecretFile(text);
        } catch (error) {
          expect(error).toBeInstanceOf(SecretFileFormatError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('rejects every truncation of a valid file', () => {
    fc.assert(
      fc.property(secretFile, fc.nat(), (file, cut) => {
        const text = serializeSecretFile(file);
        const at = cut % text.length;
        expect(() => parseSecretFile(text.slice(0, at))).toThrow(SecretFileFormatError);
      }),
      { numRuns: 200 },
    );
  });

  const base = serializeSecretFile({
    metadata: { path: 'a/b', group: 'default', epoch: 1, version: 1, created: '2026-01-01T00:00:00Z', updated: '2026-01-01T00:00:00Z', custom: {} },
    salt: new Uint8Array(32),
    commitment: new Uint8Array(32),
    ciphertext: new Uint8Array(16),
  });

  it.each([
    ['an unknown format version', base.replace('vaultfile-secret/v1', 'vaultfile-secret/v9'), 'unsupported format version'],
    ['another file type', base.replace('vaultfile-secret/v1', '# hello'), 'not a vaultfile secret'],
    ['a leading zero', base.replace('version: 1', 'version: 01'), 'bad version "01"'],
    ['version 0', base.replace('version: 1', 'version: 0'), 'bad version'],
    ['an impossible date', base.replace('created: 2026-01-01', 'created: 2026-02-30'), 'bad created'],
    ['fields out of order', base.replace('group: default\nepoch: 1\n', 'epoch: 1\ngroup: default\n'), 'expected "group: …"'],
    ['a bad group name', base.replace('group: default', 'group: Default'), 'bad group'],
    ['a bad path', base.replace('path: a/b', 'path: a/../b'), 'bad path'],
    ['padding removed', base.replace(/salt: (\S+)=\n/, 'salt: $1\n'), 'not canonical base64'],
    ['a short salt', base.replace(/salt: \S+\n/, `salt: ${Buffer.alloc(31).toString('base64')}\n`), '31 bytes, expected 32 bytes'],
    ['a short ciphertext', base.replace(/ciphertext: \S+\n/, `ciphertext: ${Buffer.alloc(15).toString('base64')}\n`), 'at least 16 bytes'],
    ['trailing content', `${base}extra: 1\n`, 'unexpected content'],
    ['a missing final newline', base.slice(0, -1), 'truncated'],
    ['CRLF endings', base.replace(/\n/g, '\r\n'), 'CR'],
    ['an empty file', '', 'empty'],
    ['a duplicate metadata key', base.replace('updated: 2026-01-01T00:00:00Z\n', 'updated: 2026-01-01T00:00:00Z\nmeta.a: 1\nmeta.a: 2\n'), 'out of order or repeated'],
    ['a metadata value with trailing space', base.replace('updated: 2026-01-01T00:00:00Z\n', 'updated: 2026-01-01T00:00:00Z\nmeta.a: 1 \n'), 'whitespace'],
  ])('rejects %s with a message quoting the input', (_name, text, message) => {
    expect(() => parseSecretFile(text)).toThrow(message);
  });

  it('validates expiry dates strictly', () => {
    expect(isValidExpiry('2027-06-30')).toBe(true);
    expect(isValidExpiry('2027-06-30T12:00:00Z')).toBe(true);
    expect(isValidExpiry('2027-02-29')).toBe(false);
    expect(isValidExpiry('2027-6-30')).toBe(false);
    expect(isValidExpiry('tomorrow')).toBe(false);
    expect(isValidExpiry('2027-06-30T12:00:00+02:00')).toBe(false);
  });
});
