import { randomBytes } from 'node:crypto';

/**
 * The path of the `index`-th benchmark secret under `prefix`: `svc-000/key-00`,
 * `svc-000/key-01`, … 100 keys per folder, so 10,000 secrets spread over 100
 * folders the way a real vault spreads over services.
 */
export function secretPathFor(prefix, index) {
  const folder = String(Math.floor(index / 100)).padStart(3, '0');
  const key = String(index % 100).padStart(2, '0');
  return `${prefix}-${folder}/key-${key}`;
}

/** A small random value (32 hex characters): realistic size, and never worth printing. */
export function randomSecretValue() {
  return Buffer.from(randomBytes(16).toString('hex'), 'utf8');
}
