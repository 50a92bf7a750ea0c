// Finding fingerprints are HMAC-SHA256 of the rule and the secret: computed
// with @noble/hashes, they must stay what node:crypto gives, or every baseline
// written before would stop matching.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newBaselineKey } from '../../src/scan/baseline-writer.js';
import { fingerprintOf } from '../../src/scan/fingerprints.js';
import type { Finding } from '../../src/scan/types.js';

function finding(rule: string, secret: string, vaultPath?: string): Finding {
  return { file: 'a.js', line: 1, column: 1, rule, description: '', secret, ...(vaultPath === undefined ? {} : { vaultPath }), lineText: '', previousLineText: '' };
}

function expected(key: string, message: string): string {
  return createHmac('sha256', key).update(message).digest('hex').slice(0, 32);
}

describe('finding fingerprints', () => {
  it('are the HMAC-SHA256 of rule and secret, under the baseline key or the default one', () => {
    const key = newBaselineKey();
    const found = 'pässwörd-ünïcode-🔑';
    expect(fingerprintOf(finding('generic-secret-assignment', found), key)).toBe(expected(key, `generic-secret-assignment\0${found}`));
    expect(fingerprintOf(finding('github-pat', 'ghp_x'), undefined)).toBe(expected('vaultfile.dev/v1/finding-fingerprint', 'github-pat\0ghp_x'));
  });

  it('of a vault value name its path, so one leak is one fingerprint whatever form it took', () => {
    const key = newBaselineKey();
    const plain = fingerprintOf(finding('vault-value', 'hunter2', 'prod/db/password'), key);
    expect(fingerprintOf(finding('vault-value', 'aHVudGVyMg==', 'prod/db/password'), key)).toBe(plain);
    expect(plain).toBe(expected(key, 'vault-value\0vault:prod/db/password'));
  });

  it('use a fresh random key per baseline', () => {
    const keys = [newBaselineKey(), newBaselineKey()];
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(keys[0]).not.toBe(keys[1]);
  });
});
