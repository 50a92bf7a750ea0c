// VaultfileError is recognised by its mark, so an error from the ES module
// library still counts in the CommonJS scan bundle (another copy of the class).
import { expect, it } from 'vitest';
import { VaultfileError } from '../src/errors.js';

it('instanceof VaultfileError goes by the mark, not the copy of the class', () => {
  const own = new VaultfileError('NOT_FOUND', 'no such secret');
  expect(own).toBeInstanceOf(VaultfileError);
  expect(own.exitCode).toBe(3);
  const fromAnotherCopy = Object.assign(new Error('no such secret'), { [Symbol.for('vaultfile.VaultfileError')]: true, code: 'NOT_FOUND' });
  expect(fromAnotherCopy instanceof VaultfileError).toBe(true);
  expect(new Error('plain') instanceof VaultfileError).toBe(false);
  expect(Object.assign(new Error('look-alike'), { code: 'NOT_FOUND' }) instanceof VaultfileError).toBe(false);
  expect(null instanceof VaultfileError).toBe(false);
});
