import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { VaultfileError } from '../errors.js';

const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '!#%+,-.:=?@^_~';
const PASSWORD_CLASSES = [LOWER, UPPER, DIGITS, SYMBOLS];
const ALPHABET = PASSWORD_CLASSES.join('');

/** Generator names and what `NAME:N` means for each, for help text and errors. */
export const GENERATORS = {
  password: 'N characters (8-1024) with lower, upper, digit and symbol, no look-alikes',
  alnum: 'N letters and digits (8-1024)',
  hex: 'N random bytes (1-1024) as 2N hex digits',
  base64: 'N random bytes (1-1024) as base64',
  base64url: 'N random bytes (1-1024) as unpadded base64url',
  uuid: 'a random UUID v4 (no :N)',
} as const;

/** Makes a fresh random value from a spec like `password:32`, `hex:32`, `base64:48` or `uuid`. */
export function generateValue(spec: string): Uint8Array {
  const match = /^([a-z0-9]+)(?::(\d{1,5}))?$/.exec(spec);
  const name = match?.[1] ?? '';
  const size = match?.[2] === undefined ? undefined : Number(match[2]);
  if (match === null || !(name in GENERATORS)) throw badSpec(spec, 'unknown generator');
  if (name === 'uuid') {
    if (size !== undefined) throw badSpec(spec, 'uuid takes no length');
    return text(randomUUID());
  }
  const minimum = name === 'password' || name === 'alnum' ? 8 : 1;
  if (size === undefined || size < minimum || size > 1024) throw badSpec(spec, `${name} needs a length from ${minimum} to 1024, like ${name}:32`);
  switch (name) {
    case 'password':
      return text(password(size));
    case 'alnum':
      return text(pick(LOWER + UPPER + DIGITS, size));
    case 'hex':
      return text(randomBytes(size).toString('hex'));
    case 'base64':
      return text(randomBytes(size).toString('base64'));
    default:
      return text(randomBytes(size).toString('base64url'));
  }
}

/** A password holding every character class, each position uniformly random. */
function password(length: number): string {
  for (;;) {
    const candidate = pick(ALPHABET, length);
    if (PASSWORD_CLASSES.every((chars) => [...candidate].some((c) => chars.includes(c)))) return candidate;
  }
}

function pick(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

function text(value: string): Uint8Array {
  return new TextEncoder().encode(value);
}

function badSpec(spec: string, problem: string): VaultfileError {
  const known = Object.entries(GENERATORS).map(([name, meaning]) => `${name}${name === 'uuid' ? '' : ':N'} (${meaning})`);
  return new VaultfileError('BAD_GENERATOR', `bad generator ${JSON.stringify(spec)}: ${problem}`, { hint: `generators: ${known.join('; ')}` });
}
