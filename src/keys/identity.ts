import { bech32 } from '@scure/base';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EnvironmentVariable, xdgBaseFolder } from '../environment.js';
import { isSystemError, VaultfileError } from '../errors.js';
import { formatTimestamp } from '../format/secret-file.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { loadAge } from './age.js';

/** Environment variables as the library sees them (process.env by default). */
export type Environment = Readonly<Record<string, string | undefined>>;

const x25519KeyPattern = /^AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}$/;
const hybridKeyPattern = /^AGE-SECRET-KEY-PQ-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}$/;

/** Where to look for the identity; the first source given wins. */
export interface IdentityOptions {
  /** An identity file (the CLI's `--identity FILE`). */
  file?: string;
  /** The identity itself, `AGE-SECRET-KEY-1…`, as VAULTFILE_KEY holds it. */
  key?: string;
  /** Defaults to process.env. */
  env?: Environment;
  /**
   * Asks for the passphrase of a passphrase-protected identity file (the CLI
   * prompts on the terminal), or resolves undefined when it cannot ask. Used
   * when VAULTFILE_PASSPHRASE_FILE is not set.
   */
  passphrase?: (file: string) => Promise<string | undefined>;
}

/** The secret keys of one identity and where they came from. */
export interface Identity {
  /** age secret keys (`AGE-SECRET-KEY-1…` or `AGE-SECRET-KEY-PQ-1…`). */
  keys: string[];
  /** Human description of the source, e.g. `file /home/me/.config/vaultfile/identity.txt`. */
  source: string;
  /** The file it was read from, when it came from a file. */
  file?: string;
}

/** True when an explicit identity source is set (an option or an environment variable), so the default file is not consulted. */
export function isIdentitySourceGiven(options: IdentityOptions = {}): boolean {
  const env = options.env ?? process.env;
  return (
    options.file !== undefined ||
    options.key !== undefined ||
    Boolean(env[EnvironmentVariable.identityFile]) ||
    Boolean(env[EnvironmentVariable.identityKey])
  );
}

/** `$XDG_CONFIG_HOME/vaultfile/identity.txt`, or `~/.config/vaultfile/identity.txt`. */
export function defaultIdentityPath(env: Environment = process.env): string {
  return join(xdgBaseFolder('config', env), 'vaultfile', 'identity.txt');
}

/**
 * Finds the identity: `file`, `key`, then VAULTFILE_IDENTITY, VAULTFILE_KEY,
 * then the default file. Throws IDENTITY_NOT_FOUND naming every place tried.
 */
export async function findIdentity(options: IdentityOptions = {}): Promise<Identity> {
  const env = options.env ?? process.env;
  if (options.file !== undefined) return readIdentityFile(options.file, '--identity', options);
  if (options.key !== undefined) return { keys: parseIdentityText(options.key, 'the identity key given'), source: 'the identity key given' };
  const envFile = env[EnvironmentVariable.identityFile];
  if (envFile !== undefined && envFile !== '') return readIdentityFile(envFile, EnvironmentVariable.identityFile, options);
  const envKey = env[EnvironmentVariable.identityKey];
  if (envKey !== undefined && envKey !== '') {
    return { keys: parseIdentityText(envKey, EnvironmentVariable.identityKey), source: EnvironmentVariable.identityKey };
  }
  const fallback = defaultIdentityPath(env);
  try {
    return await readIdentityFile(fallback, 'default location', options);
  } catch (error) {
    if (error instanceof VaultfileError && error.code === 'IDENTITY_NOT_FOUND') {
      throw new VaultfileError(
        'IDENTITY_NOT_FOUND',
        `no identity found; looked at --identity (not given), ${EnvironmentVariable.identityFile} (not set), ` +
          `${EnvironmentVariable.identityKey} (not set), ${fallback} (no such file)`,
        { hint: `run "vaultfile init" to create one, or set ${EnvironmentVariable.identityFile} to an age-keygen key file` },
      );
    }
    throw error;
  }
}

/**
 * Reads an identity file after checking that only its owner can read it. A
 * passphrase-protected file (age scrypt, as `age -p` writes it) is unlocked
 * with VAULTFILE_PASSPHRASE_FILE or `options.passphrase`.
 */
export async function readIdentityFile(file: string, origin: string, options: IdentityOptions = {}): Promise<Identity> {
  let descriptor: number;
  try {
    descriptor = openSync(file, 'r');
  } catch (error) {
    if (isSystemError(error, 'ENOENT')) {
      throw new VaultfileError('IDENTITY_NOT_FOUND', `identity file ${file} (from ${origin}) does not exist`, {
        hint: 'check the path, or run "vaultfile init" to create an identity',
      });
    }
    throw new VaultfileError('IDENTITY_NOT_FOUND', `cannot read identity file ${file}: ${(error as Error).message}`);
  }
  let bytes: Buffer;
  try {
    const stat = fstatSync(descriptor);
    if (!stat.isFile()) throw new VaultfileError('IDENTITY_INVALID', `identity ${file} is not a regular file`);
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      throw new VaultfileError(
        'IDENTITY_PERMISSIONS',
        `identity file ${file} is readable by others (mode ${(stat.mode & 0o777).toString(8)}); refusing to use it`,
        { hint: `chmod 600 ${file}` },
      );
    }
    bytes = readFileSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  const text = isPassphraseProtected(bytes) ? await unlockIdentity(bytes, file, options) : bytes.toString('utf8');
  return { keys: parseIdentityText(text, file), source: `file ${file}`, file };
}

/** True when the bytes are an age file rather than identity text. */
function isPassphraseProtected(bytes: Uint8Array): boolean {
  const start = Buffer.from(bytes.subarray(0, 40)).toString('latin1');
  return start.startsWith('age-encryption.org/') || start.startsWith('-----BEGIN AGE ENCRYPTED FILE-----');
}

/** Decrypts a passphrase-protected identity file; a wrong passphrase is ACCESS_DENIED. */
async function unlockIdentity(bytes: Uint8Array, file: string, options: IdentityOptions): Promise<string> {
  const passphrase = await passphraseFor(file, options);
  const age = await loadAge();
  const decrypter = new age.Decrypter();
  decrypter.addPassphrase(passphrase);
  try {
    const binary = Buffer.from(bytes.subarray(0, 40)).toString('latin1').startsWith('-----BEGIN') ? age.armor.decode(Buffer.from(bytes).toString('utf8')) : bytes;
    return await decrypter.decrypt(binary, 'text');
  } catch {
    throw new VaultfileError('ACCESS_DENIED', `wrong passphrase for identity ${file} (or the file is damaged)`, {
      hint: `try again; in automation, ${EnvironmentVariable.passphraseFile} names a file holding the passphrase`,
    });
  }
}

async function passphraseFor(file: string, options: IdentityOptions): Promise<string> {
  const env = options.env ?? process.env;
  const passphraseFile = env[EnvironmentVariable.passphraseFile];
  if (passphraseFile !== undefined && passphraseFile !== '') {
    try {
      // One final newline is how editors and `echo` end a file; it is not part of the passphrase.
      return readFileSync(passphraseFile, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new VaultfileError('IDENTITY_NOT_FOUND', `cannot read ${EnvironmentVariable.passphraseFile} (${passphraseFile}): ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  const answer = await options.passphrase?.(file);
  if (answer !== undefined) return answer;
  throw new VaultfileError('ACCESS_DENIED', `identity ${file} is protected by a passphrase and there is no terminal to ask for it`, {
    hint: `set ${EnvironmentVariable.passphraseFile} to a file holding the passphrase`,
  });
}

/** Encrypts identity text with a passphrase (age scrypt), armored, as `age -p -a` would. */
export async function protectIdentity(text: string, passphrase: string): Promise<string> {
  const age = await loadAge();
  const encrypter = new age.Encrypter();
  encrypter.setPassphrase(passphrase);
  return age.armor.encode(await encrypter.encrypt(text));
}

/**
 * Parses identity text in age-keygen's format: one key a line, `#` comments
 * and blank lines ignored. Errors name the line, never its content.
 */
export function parseIdentityText(text: string, where: string): string[] {
  if (text.startsWith('age-encryption.org/') || text.startsWith('-----BEGIN AGE ENCRYPTED FILE-----')) {
    throw new VaultfileError('IDENTITY_INVALID', `${where} is a passphrase-protected identity, which only works as a file`, {
      hint: 'point --identity or VAULTFILE_IDENTITY at the file; the passphrase is asked for, or read from VAULTFILE_PASSPHRASE_FILE',
    });
  }
  const keys: string[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    if ((x25519KeyPattern.test(line) || hybridKeyPattern.test(line)) && hasValidChecksum(line)) {
      keys.push(line);
      continue;
    }
    const hint = line.startsWith('AGE-PLUGIN-')
      ? 'age plugin identities are not supported; use a native age key'
      : line.startsWith('age1')
        ? 'this line is a public recipient; an identity file holds the secret key (AGE-SECRET-KEY-1…)'
        : 'an identity line looks like AGE-SECRET-KEY-1… as age-keygen writes it';
    throw new VaultfileError('IDENTITY_INVALID', `${where}: line ${index + 1} is not an age secret key`, { hint });
  }
  if (keys.length === 0) {
    throw new VaultfileError('IDENTITY_INVALID', `${where} holds no age secret key`, {
      hint: 'an identity line looks like AGE-SECRET-KEY-1… as age-keygen writes it',
    });
  }
  return keys;
}

/** True when the bech32 checksum of a key is right, so a mistyped key is refused here, quoting nothing. */
function hasValidChecksum(key: string): boolean {
  try {
    const { prefix, bytes } = bech32.decodeToBytes(key.toLowerCase());
    return (prefix === 'age-secret-key-' || prefix === 'age-secret-key-pq-') && bytes.length === 32;
  } catch {
    return false;
  }
}

/** The public recipient (`age1…` or `age1pq1…`) of an age secret key. */
export async function recipientOf(key: string): Promise<string> {
  const age = await loadAge();
  try {
    return await age.identityToRecipient(key);
  } catch {
    // the library's message quotes the key itself
    throw new VaultfileError('IDENTITY_INVALID', 'not a valid age secret key', { hint: 'an identity line looks like AGE-SECRET-KEY-1… as age-keygen writes it' });
  }
}

/** A new identity file: what was written and the recipient to share. */
export interface CreatedIdentity {
  file: string;
  recipient: string;
}

/**
 * Creates an identity file in age-keygen's format with mode 0600, refusing to
 * overwrite an existing one. `pq` makes a post-quantum hybrid key; with
 * `passphrase` the file is encrypted with it (age scrypt).
 */
export async function createIdentityFile(file: string, options: { pq?: boolean; now?: Date; passphrase?: string } = {}): Promise<CreatedIdentity> {
  const age = await loadAge();
  const key = options.pq ? await age.generateHybridIdentity() : await age.generateX25519Identity();
  const recipient = await age.identityToRecipient(key);
  const created = formatTimestamp(options.now ?? new Date());
  const text = `# created: ${created}\n# public key: ${recipient}\n${key}\n`;
  const contents = options.passphrase === undefined ? text : await protectIdentity(text, options.passphrase);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    writeFileAtomic(file, contents, { mode: 0o600, exclusive: true });
  } catch (error) {
    if (isSystemError(error, 'EEXIST')) {
      throw new VaultfileError('VAULT_EXISTS', `identity file ${file} already exists; refusing to overwrite it`, {
        hint: 'use the existing identity, or move it away first',
      });
    }
    throw error;
  }
  return { file, recipient };
}
