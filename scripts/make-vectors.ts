// Writes the secret-file test vectors in fixtures/vectors/. Deterministic: a
// fixed group key and fixed salts, so running it again reproduces every byte.
// The fixture vault (identity, .secretsrc, keyring) is created once and kept.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { sealValue } from '../src/crypto/secret-cipher.js';
import { serializeMetadata, serializeSecretFile, type SecretMetadata } from '../src/format/secret-file.js';
import { findIdentity, recipientOf } from '../src/keys/identity.js';
import { Keyring, writeKeyring } from '../src/keys/keyring.js';

const root = 'fixtures/vectors';
const vault = join(root, 'vault');
const cases = join(root, 'cases');
const vaultId = '00112233445566778899aabbccddeeff';
const groupKey = digest('vaultfile test vector group key, epoch 1');
const otherKey = digest('vaultfile test vector: a key from somewhere else');

function digest(label: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(label).digest());
}

function saltFor(name: string): Uint8Array {
  return digest(`vaultfile test vector salt: ${name}`);
}

mkdirSync(join(vault, 'secrets', '.keyrings'), { recursive: true });
mkdirSync(cases, { recursive: true });
const identityFile = join(root, 'identity.txt');
if (!existsSync(identityFile)) execFileSync('age-keygen', ['-o', identityFile], { stdio: 'ignore' });
const recipient = await recipientOf((await findIdentity({ key: (await import('node:fs')).readFileSync(identityFile, 'utf8') })).keys[0]!);
if (!existsSync(join(vault, '.secretsrc'))) {
  writeFileSync(
    join(vault, '.secretsrc'),
    `# fixture vault for the test vectors; the identity is fixtures/vectors/identity.txt (a test key)\nversion: 1\nvaultId: ${vaultId}\nvaultDir: secrets\nmembers:\n  fixture: ${recipient}\ngroups:\n  default:\n    - fixture\nrules:\n  - glob: "**"\n    group: default\n`,
  );
  await writeKeyring(
    join(vault, 'secrets', '.keyrings', 'default.age'),
    new Keyring({ vault: vaultId, group: 'default', recipients: [recipient], epochs: [{ epoch: 1, key: groupKey, created: '2026-01-01T00:00:00Z' }] }),
  );
}

interface Expectation {
  /** Where the file is placed in the fixture vault, as a secret path. */
  path: string;
  description: string;
  value?: string;
  encoding?: 'utf8' | 'base64';
  metadata?: SecretMetadata;
  error?: string;
}

function metadata(path: string, extra: Partial<SecretMetadata> = {}): SecretMetadata {
  return { path, group: 'default', epoch: 1, version: 1, created: '2026-01-02T03:04:05Z', updated: '2026-01-02T03:04:05Z', custom: {}, ...extra };
}

function seal(name: string, meta: SecretMetadata, value: Uint8Array, key = groupKey): string {
  const sealed = sealValue(key, value, Buffer.from(serializeMetadata(meta), 'utf8'), saltFor(name));
  return serializeSecretFile({ metadata: meta, ...sealed });
}

function write(name: string, text: string | Uint8Array, expectation: Expectation): void {
  writeFileSync(join(cases, `${name}.secret`), text);
  writeFileSync(join(cases, `${name}.json`), `${JSON.stringify(expectation, null, 2)}\n`);
}

function good(name: string, description: string, meta: SecretMetadata, value: Uint8Array): string {
  const text = seal(name, meta, value);
  const utf8 = Buffer.from(value).toString('utf8');
  const isText = Buffer.from(utf8, 'utf8').equals(value);
  write(name, text, {
    path: meta.path,
    description,
    value: isText ? utf8 : Buffer.from(value).toString('base64'),
    encoding: isText ? 'utf8' : 'base64',
    metadata: meta,
  });
  return text;
}

function fail(name: string, description: string, path: string, text: string | Uint8Array, error: string): void {
  write(name, text, { path, description, error });
}

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

const basic = good('good_basic', 'a short text value, no optional fields', metadata('prod/db/password'), text('SecurePassword123!'));
good('good_metadata', 'custom metadata (sorted) and an expiry date', metadata('prod/api/key', { version: 3, updated: '2026-02-03T04:05:06Z', expires: '2027-06-30', custom: { owner: 'payments', rotation: 'manual' } }), text('sk_test_fixture_value'));
good('good_binary', 'a binary value with NUL and 0xff bytes', metadata('dev/tls/key.bin'), new Uint8Array([0, 1, 2, 0xff, 0xfe, 0x80, 10, 13, 0]));
good('good_empty', 'an empty value (stored with --allow-empty)', metadata('dev/empty'), new Uint8Array());
good('good_deleted', 'a soft-deleted secret (get refuses it; history and restore read it)', metadata('dev/old', { version: 2, deleted: { at: '2026-03-01T00:00:00Z', recoverableUntil: '2026-03-31T00:00:00Z' } }), text('retired value'));
good('good_exposed', 'a value exposed to two removed members', metadata('prod/old/key', { version: 4, exposed: { since: '2026-04-01T12:00:00Z', members: ['bob', 'carol'] } }), text('still the old value'));
good('good_multiline', 'a multi-line value with unicode', metadata('dev/notes', { custom: { owner: 'Zoë' } }), text('line one\nline two: ünïcødé ✓\n'));

const lines = basic.split('\n');
const replaceLine = (prefix: string, replacement: string): string => lines.map((line) => (line.startsWith(prefix) ? replacement : line)).join('\n');
const flipBase64 = (line: string): string => {
  const [key, value] = line.split(': ') as [string, string];
  const bytes = Buffer.from(value, 'base64');
  bytes[0]! ^= 0x01;
  return `${key}: ${bytes.toString('base64')}`;
};

fail('fail_ciphertext_flipped', 'one bit of the ciphertext changed', 'prod/db/password', replaceLine('ciphertext:', flipBase64(lines.find((l) => l.startsWith('ciphertext:'))!)), 'INTEGRITY');
fail('fail_salt_flipped', 'one bit of the salt changed (the derived key changes)', 'prod/db/password', replaceLine('salt:', flipBase64(lines.find((l) => l.startsWith('salt:'))!)), 'INTEGRITY');
fail('fail_commitment_flipped', 'one bit of the key commitment changed', 'prod/db/password', replaceLine('commitment:', flipBase64(lines.find((l) => l.startsWith('commitment:'))!)), 'INTEGRITY');
fail('fail_version_edited', 'metadata edited (version 1 -> 2): authenticated data differs', 'prod/db/password', replaceLine('version:', 'version: 2'), 'INTEGRITY');
fail('fail_updated_edited', 'metadata edited (updated timestamp)', 'prod/db/password', replaceLine('updated:', 'updated: 2030-01-01T00:00:00Z'), 'INTEGRITY');
fail('fail_other_key', 'sealed under a key this vault does not have: the commitment does not match', 'prod/db/password', seal('fail_other_key', metadata('prod/db/password'), text('SecurePassword123!'), otherKey), 'INTEGRITY');
fail('fail_moved', 'a valid file placed at another path (files swapped or moved)', 'prod/db/other', basic, 'INTEGRITY');
fail('fail_epoch_unknown', 'names key epoch 2, which the keyring does not hold', 'prod/db/password', replaceLine('epoch:', 'epoch: 2'), 'INTEGRITY');
fail('fail_truncated', 'the file ends in the middle of the ciphertext line', 'prod/db/password', basic.slice(0, basic.length - 10), 'CORRUPT_FILE');
fail('fail_missing_line', 'the commitment line is missing', 'prod/db/password', lines.filter((l) => !l.startsWith('commitment:')).join('\n'), 'CORRUPT_FILE');
fail('fail_unknown_format', 'a format version this implementation does not read', 'prod/db/password', basic.replace('vaultfile-secret/v1', 'vaultfile-secret/v2'), 'CORRUPT_FILE');
fail('fail_crlf', 'CRLF line endings', 'prod/db/password', basic.replace(/\n/g, '\r\n'), 'CORRUPT_FILE');
fail('fail_padding_missing', 'base64 without its padding (not canonical)', 'prod/db/password', replaceLine('salt:', lines.find((l) => l.startsWith('salt:'))!.replace(/=+$/, '')), 'CORRUPT_FILE');
fail('fail_trailing_space', 'a trailing space after the version number', 'prod/db/password', replaceLine('version:', 'version: 1 '), 'CORRUPT_FILE');
fail('fail_unsorted_metadata', 'custom metadata keys out of order', 'prod/api/key', seal('x', metadata('prod/api/key'), text('v')).replace('updated: 2026-01-02T03:04:05Z\n', 'updated: 2026-01-02T03:04:05Z\nmeta.zeta: 1\nmeta.alpha: 2\n'), 'CORRUPT_FILE');
const [before, after] = basic.split('default') as [string, string];
fail('fail_deleted_without_deadline', 'a deleted line without its recoverable-until line', 'prod/db/password', replaceLine('updated:', `updated: 2026-01-02T03:04:05Z\ndeleted: 2026-01-03T00:00:00Z`), 'CORRUPT_FILE');
fail('fail_exposed_bad_name', 'an exposed line naming a member with a space', 'prod/db/password', replaceLine('updated:', `updated: 2026-01-02T03:04:05Z\nexposed: 2026-01-03T00:00:00Z bob smith`), 'CORRUPT_FILE');
fail('fail_not_utf8', 'a 0xff byte (invalid UTF-8) in a metadata line', 'prod/db/password', Buffer.concat([Buffer.from(`${before}def`), Buffer.from([0xff]), Buffer.from(`ault${after}`)]), 'CORRUPT_FILE');
console.log(`wrote vectors to ${cases}`);
