// The secret-file test vectors (fixtures/vectors/cases): each good_* file must
// decrypt to its expected value and re-encode to the same bytes; each fail_*
// file must fail with its expected error code and never yield a value.
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sealValue } from '../src/crypto/secret-cipher.js';
import { parseSecretFile, serializeSecretFile } from '../src/format/secret-file.js';
import { openVault, VaultfileError, type Vault } from '../src/index.js';
import { FIXTURES, Sandbox } from './support.js';

const vectors = join(FIXTURES, 'vectors');
const cases = join(vectors, 'cases');
const names = readdirSync(cases).filter((name) => name.endsWith('.secret')).map((name) => name.slice(0, -'.secret'.length));

interface Expectation {
  path: string;
  description: string;
  value?: string;
  encoding?: 'utf8' | 'base64';
  metadata?: unknown;
  error?: string;
}

const expectationOf = (name: string): Expectation => JSON.parse(readFileSync(join(cases, `${name}.json`), 'utf8'));

/** A copy of the fixture vault with one vector file placed at its path. */
async function vaultWith(name: string): Promise<Vault> {
  const sandbox = new Sandbox();
  cpSync(join(vectors, 'vault'), sandbox.work, { recursive: true });
  const identity = sandbox.installIdentity(join(vectors, 'identity.txt'));
  const { path } = expectationOf(name);
  const target = join(sandbox.work, 'secrets', `${path}.secret`);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, readFileSync(join(cases, `${name}.secret`)));
  return openVault({ cwd: sandbox.work, identity: { file: identity } });
}

describe('secret file vectors', () => {
  it('has good and fail vectors', () => {
    expect(names.filter((n) => n.startsWith('good_')).length).toBeGreaterThanOrEqual(5);
    expect(names.filter((n) => n.startsWith('fail_')).length).toBeGreaterThanOrEqual(15);
  });

  let groupKey: Uint8Array;
  beforeAll(async () => {
    const vault = await vaultWith('good_basic');
    groupKey = (await vault.keyring('default')).keyFor(1)!;
  });

  for (const name of names.filter((n) => n.startsWith('good_'))) {
    it(`${name}: decrypts to the expected value and metadata`, async () => {
      const expected = expectationOf(name);
      // getVersion reads soft-deleted secrets too (get would report them as deleted)
      const secret = await (await vaultWith(name)).getVersion(expected.path, (expected.metadata as { version: number }).version);
      const encoded = Buffer.from(secret.value).toString(expected.encoding === 'base64' ? 'base64' : 'utf8');
      expect(encoded).toBe(expected.value);
      expect(secret.metadata).toEqual(expected.metadata);
    });

    it(`${name}: re-encodes byte for byte`, () => {
      const bytes = readFileSync(join(cases, `${name}.secret`));
      const parsed = parseSecretFile(bytes.toString('utf8'));
      const expected = expectationOf(name);
      const value = Buffer.from(expected.value!, expected.encoding === 'base64' ? 'base64' : 'utf8');
      const resealed = sealValue(groupKey, value, Buffer.from(parsed.associatedData, 'utf8'), parsed.salt);
      expect(Buffer.from(serializeSecretFile({ metadata: parsed.metadata, ...resealed }), 'utf8').equals(bytes)).toBe(true);
    });
  }

  for (const name of names.filter((n) => n.startsWith('fail_'))) {
    it(`${name}: fails with ${expectationOf(name).error} (${expectationOf(name).description})`, async () => {
      const expected = expectationOf(name);
      const vault = await vaultWith(name);
      const error = await vault.get(expected.path).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(VaultfileError);
      expect((error as VaultfileError).code).toBe(expected.error);
      expect((error as VaultfileError).message).not.toContain('SecurePassword123!');
    });
  }
});
