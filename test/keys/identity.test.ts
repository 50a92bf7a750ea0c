// Finding, reading and creating identities (src/keys/identity.ts): the lookup
// order, the permission check, strict parsing that never quotes a secret, and
// files in age-keygen's format that the age binary reads.
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Encrypter, armor, generateHybridIdentity, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { decryptWithIdentities, encryptToRecipients } from '../../src/keys/age.js';
import {
  createIdentityFile,
  defaultIdentityPath,
  findIdentity,
  parseIdentityText,
  readIdentityFile,
  recipientOf,
  type IdentityOptions,
} from '../../src/keys/identity.js';
import { runTool, tempFolder, vaultfileErrorOf } from '../support.js';

const [fileKey, optionKey, envFileKey, envKey, defaultKey] = await Promise.all([1, 2, 3, 4, 5].map(() => generateX25519Identity()));
const pqKey = await generateHybridIdentity();

/** Writes an identity file in age-keygen's layout with the given mode. */
function writeIdentity(path: string, text: string, mode = 0o600): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  chmodSync(path, mode); // writeFileSync's mode is filtered by the umask
  return path;
}

const keyFileText = (key: string): string => `# created: 2026-01-01T00:00:00Z\n# public key: age1example\n${key}\n`;


/** Fails when the message or hint holds any 16-character piece of the key's data part. */
function expectNoSecretIn(error: Error & { hint?: string | undefined }, key: string): void {
  const text = `${error.message}\n${error.hint ?? ''}`.toUpperCase();
  const data = key.slice(key.lastIndexOf('1') + 1).toUpperCase();
  for (let start = 0; start + 16 <= data.length; start++) expect(text).not.toContain(data.slice(start, start + 16));
}

/** A home folder where every identity source exists, each with its own key. */
function homeWithEverySource() {
  const home = tempFolder();
  const paths = {
    file: writeIdentity(join(home, 'explicit.txt'), keyFileText(fileKey!)),
    envFile: writeIdentity(join(home, 'from-env.txt'), keyFileText(envFileKey!)),
    defaultFile: writeIdentity(join(home, 'xdg', 'vaultfile', 'identity.txt'), keyFileText(defaultKey!)),
  };
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, 'xdg'), VAULTFILE_IDENTITY: paths.envFile, VAULTFILE_KEY: envKey! };
  return { home, paths, env };
}

describe('findIdentity lookup order', () => {
  /** Each source, in lookup order, with the options that leave out every source before it. */
  const sources: [string, (world: ReturnType<typeof homeWithEverySource>) => IdentityOptions, string, (paths: Record<string, string>) => string][] = [
    ['the file option', ({ paths, env }) => ({ file: paths.file, key: optionKey!, env }), fileKey!, (paths) => `file ${paths.file}`],
    ['the key option', ({ env }) => ({ key: optionKey!, env }), optionKey!, () => 'the identity key given'],
    ['VAULTFILE_IDENTITY', ({ env }) => ({ env }), envFileKey!, (paths) => `file ${paths.envFile}`],
    ['VAULTFILE_KEY', ({ env }) => ({ env: { ...env, VAULTFILE_IDENTITY: undefined } }), envKey!, () => 'VAULTFILE_KEY'],
    ['the default file', ({ env }) => ({ env: { HOME: env.HOME, XDG_CONFIG_HOME: env.XDG_CONFIG_HOME } }), defaultKey!, (paths) => `file ${paths.defaultFile}`],
  ];

  it.each(sources)('%s wins over every source after it', async (_, optionsFor, key, source) => {
    const world = homeWithEverySource();
    const identity = await findIdentity(optionsFor(world));
    expect(identity.keys).toEqual([key]);
    expect(identity.source).toBe(source(world.paths));
  });

  it('reads $HOME/.config/vaultfile/identity.txt when XDG_CONFIG_HOME is not set', async () => {
    const home = tempFolder();
    const file = writeIdentity(join(home, '.config', 'vaultfile', 'identity.txt'), keyFileText(defaultKey!));
    expect(await findIdentity({ env: { HOME: home } })).toEqual({ keys: [defaultKey], source: `file ${file}`, file });
  });

  it.each(['relative/config', './config', '.config', ''])('ignores XDG_CONFIG_HOME=%j, which is not absolute', async (xdg) => {
    const home = tempFolder();
    const file = writeIdentity(join(home, '.config', 'vaultfile', 'identity.txt'), keyFileText(defaultKey!));
    expect(defaultIdentityPath({ HOME: home, XDG_CONFIG_HOME: xdg })).toBe(file);
    expect((await findIdentity({ env: { HOME: home, XDG_CONFIG_HOME: xdg } })).file).toBe(file);
  });

  it('treats empty VAULTFILE_IDENTITY and VAULTFILE_KEY as not set', async () => {
    const { env, paths } = homeWithEverySource();
    expect((await findIdentity({ env: { ...env, VAULTFILE_IDENTITY: '', VAULTFILE_KEY: '' } })).file).toBe(paths.defaultFile);
  });

  it('does not fall through when the file option names a file that does not exist', async () => {
    const { env, home } = homeWithEverySource();
    const missing = join(home, 'missing.txt');
    const error = await vaultfileErrorOf(() => findIdentity({ file: missing, key: optionKey!, env }));
    expect(error.code).toBe('IDENTITY_NOT_FOUND');
    expect(error.message).toBe(`identity file ${missing} (from --identity) does not exist`);
  });

  it('does not fall through when VAULTFILE_IDENTITY names a file that does not exist', async () => {
    const { env, home } = homeWithEverySource();
    const missing = join(home, 'missing.txt');
    const error = await vaultfileErrorOf(() => findIdentity({ env: { ...env, VAULTFILE_IDENTITY: missing } }));
    expect(error.code).toBe('IDENTITY_NOT_FOUND');
    expect(error.message).toBe(`identity file ${missing} (from VAULTFILE_IDENTITY) does not exist`);
  });

  it('names every place it looked when there is no identity anywhere', async () => {
    const home = tempFolder();
    const expectedDefault = join(home, 'xdg', 'vaultfile', 'identity.txt');
    const error = await vaultfileErrorOf(() => findIdentity({ env: { HOME: home, XDG_CONFIG_HOME: join(home, 'xdg') } }));
    expect(error.code).toBe('IDENTITY_NOT_FOUND');
    for (const place of ['--identity', 'VAULTFILE_IDENTITY', 'VAULTFILE_KEY', expectedDefault]) expect(error.message).toContain(place);
    expect(error.hint).toContain('vaultfile init');
  });
});

describe('identity file permissions', () => {
  it.each([0o644, 0o640, 0o604, 0o620, 0o660])('refuses mode %o with the chmod hint', async (mode) => {
    const file = writeIdentity(join(tempFolder(), 'identity.txt'), keyFileText(fileKey!), mode);
    const error = await vaultfileErrorOf(() => findIdentity({ file }));
    expect(error.code).toBe('IDENTITY_PERMISSIONS');
    expect(error.message).toContain(`mode ${mode.toString(8)}`);
    expect(error.hint).toBe(`chmod 600 ${file}`);
  });

  it('refuses a readable default file and a readable VAULTFILE_IDENTITY file too', async () => {
    const { env, paths } = homeWithEverySource();
    chmodSync(paths.envFile, 0o644);
    chmodSync(paths.defaultFile, 0o644);
    expect(await vaultfileErrorOf(() => findIdentity({ env }))).toMatchObject({ code: 'IDENTITY_PERMISSIONS', hint: `chmod 600 ${paths.envFile}` });
    const withoutEnv = { HOME: env.HOME, XDG_CONFIG_HOME: env.XDG_CONFIG_HOME };
    expect(await vaultfileErrorOf(() => findIdentity({ env: withoutEnv }))).toMatchObject({ code: 'IDENTITY_PERMISSIONS', hint: `chmod 600 ${paths.defaultFile}` });
  });

  it.each([0o600, 0o400])('accepts mode %o', async (mode) => {
    const file = writeIdentity(join(tempFolder(), 'identity.txt'), keyFileText(fileKey!), mode);
    expect((await findIdentity({ file })).keys).toEqual([fileKey]);
  });
});

describe('parseIdentityText', () => {
  it('ignores comments, blank lines, indentation and CRLF', () => {
    const text = `# created: 2026-01-01T00:00:00Z\r\n\r\n  # public key: age1example\r\n   ${fileKey}  \r\n\r\n# end\r\n`;
    expect(parseIdentityText(text, 'identity.txt')).toEqual([fileKey]);
  });

  it('returns several keys in file order, X25519 and post-quantum alike', () => {
    expect(parseIdentityText(`${fileKey}\n# second\n${pqKey}\n${envKey}\n`, 'identity.txt')).toEqual([fileKey, pqKey, envKey]);
  });

  it('reads what age-keygen writes', () => {
    const file = join(tempFolder(), 'keygen.txt');
    expect(runTool('age-keygen', ['-o', file]).status).toBe(0);
    const [key] = parseIdentityText(readFileSync(file, 'utf8'), file);
    expect(key).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
    expect(readFileSync(file, 'utf8')).toContain(key);
  });

  it('refuses a recipient line with a hint about the secret key', async () => {
    const recipient = await identityToRecipient(fileKey!);
    const error = await vaultfileErrorOf(() => parseIdentityText(`# mine\n\n${recipient}\n`, 'identity.txt'));
    expect(error.code).toBe('IDENTITY_INVALID');
    expect(error.message).toBe('identity.txt: line 3 is not an age secret key');
    expect(error.hint).toContain('secret key');
    expect(error.hint).toContain('AGE-SECRET-KEY-1');
  });

  it('refuses an age plugin identity', async () => {
    const error = await vaultfileErrorOf(() => parseIdentityText('AGE-PLUGIN-YUBIKEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ\n', 'identity.txt'));
    expect(error.code).toBe('IDENTITY_INVALID');
    expect(error.message).toBe('identity.txt: line 1 is not an age secret key');
    expect(error.hint).toContain('plugin');
  });

  it('refuses text with comments only', async () => {
    const error = await vaultfileErrorOf(() => parseIdentityText('# nothing here\n\n', 'identity.txt'));
    expect(error).toMatchObject({ code: 'IDENTITY_INVALID', message: 'identity.txt holds no age secret key' });
  });

  it.each([
    ['binary', (encrypted: Uint8Array) => encrypted],
    ['armored', (encrypted: Uint8Array) => armor.encode(encrypted)],
  ])('unlocks a passphrase-protected identity file (%s) with the right passphrase only', async (_, encode) => {
    const encrypter = new Encrypter();
    encrypter.setScryptWorkFactor(2); // the unlocking path matters here, not the work factor
    encrypter.setPassphrase('correct horse battery staple');
    const file = join(tempFolder(), 'protected.age');
    writeIdentity(file, '');
    writeFileSync(file, encode(await encrypter.encrypt(keyFileText(fileKey!))));
    const right = join(tempFolder(), 'passphrase');
    writeFileSync(right, 'correct horse battery staple\n');
    expect((await readIdentityFile(file, '--identity', { env: { VAULTFILE_PASSPHRASE_FILE: right } })).keys).toEqual([fileKey]);
    expect((await readIdentityFile(file, '--identity', { env: {}, passphrase: async () => 'correct horse battery staple' })).keys).toEqual([fileKey]);
    const wrong = await vaultfileErrorOf(() => readIdentityFile(file, '--identity', { env: {}, passphrase: async () => 'wrong' }));
    expect(wrong).toMatchObject({ code: 'ACCESS_DENIED', message: `wrong passphrase for identity ${file} (or the file is damaged)` });
    const nobodyToAsk = await vaultfileErrorOf(() => readIdentityFile(file, '--identity', { env: {} }));
    expect(nobodyToAsk.code).toBe('ACCESS_DENIED');
    expect(nobodyToAsk.hint).toContain('VAULTFILE_PASSPHRASE_FILE');
    // The CLI's asker answers undefined when there is no terminal: the same error.
    const noTerminal = await vaultfileErrorOf(() => readIdentityFile(file, '--identity', { env: {}, passphrase: async () => undefined }));
    expect(noTerminal.message).toBe(nobodyToAsk.message);
    const inText = await vaultfileErrorOf(() => parseIdentityText(readFileSync(file, 'latin1'), 'VAULTFILE_KEY'));
    expect(inText.code).toBe('IDENTITY_INVALID');
  });

  const nearMisses: [string, (key: string) => string][] = [
    ['a key with an extra character', (key) => `${key}Q`],
    ['a key missing its last character', (key) => key.slice(0, -1)],
    ['a lowercase key', (key) => key.toLowerCase()],
    ['a key with a trailing comment', (key) => `${key} # laptop`],
    ['a key with a character outside bech32', (key) => `${key.slice(0, -1)}B`],
    ['a key with a space inside', (key) => `${key.slice(0, 30)} ${key.slice(30)}`],
  ];

  it.each(nearMisses)('refuses %s without quoting it', async (_, mangle) => {
    const error = await vaultfileErrorOf(() => parseIdentityText(`${envKey}\n${mangle(fileKey!)}\n`, '/home/me/identity.txt'));
    expect(error.code).toBe('IDENTITY_INVALID');
    expect(error.message).toBe('/home/me/identity.txt: line 2 is not an age secret key');
    expectNoSecretIn(error, fileKey!);
    expectNoSecretIn(error, envKey!);
  });

  it('does not quote a mangled VAULTFILE_KEY either', async () => {
    const error = await vaultfileErrorOf(() => findIdentity({ env: { HOME: tempFolder(), VAULTFILE_KEY: `${envKey}X` } }));
    expect(error).toMatchObject({ code: 'IDENTITY_INVALID', message: 'VAULTFILE_KEY: line 1 is not an age secret key' });
    expectNoSecretIn(error, envKey!);
  });

  /** The key with one data character changed: still bech32 characters, but a wrong checksum. */
  const mistype = (key: string): string => `${key.slice(0, 30)}${key[30] === 'Q' ? 'P' : 'Q'}${key.slice(31)}`;

  it('a key with a wrong bech32 checksum is refused as IDENTITY_INVALID', async () => {
    const error = await vaultfileErrorOf(() => parseIdentityText(`${mistype(fileKey!)}\n`, 'identity.txt'));
    expect(error).toMatchObject({ code: 'IDENTITY_INVALID', message: 'identity.txt: line 1 is not an age secret key' });
  });

  it('recipientOf never quotes a key with a wrong checksum in its error', async () => {
    const typo = mistype(fileKey!);
    const error = await recipientOf(typo).then(
      () => new Error('recipientOf accepted a key with a wrong checksum'),
      (thrown: Error) => thrown,
    );
    expectNoSecretIn(error, typo);
  });
});

describe('createIdentityFile', () => {
  it('writes an age-keygen style file with mode 0600 in a new 0700 folder', async () => {
    const folder = join(tempFolder(), 'config', 'vaultfile');
    const file = join(folder, 'identity.txt');
    const { recipient } = await createIdentityFile(file, { now: new Date('2026-01-02T03:04:05.678Z') });

    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('# created: 2026-01-02T03:04:05Z');
    expect(lines[1]).toBe(`# public key: ${recipient}`);
    expect(lines[2]).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
    expect(lines[3]).toBe('');
    expect(recipient).toMatch(/^age1[0-9a-z]{58}$/);
    expect(await recipientOf(lines[2]!)).toBe(recipient);
  });

  it('writes a file the age binary reads: age-keygen -y and age -d -i agree with it', async () => {
    const file = join(tempFolder(), 'identity.txt');
    const { recipient } = await createIdentityFile(file);
    expect(runTool('age-keygen', ['-y', file]).stdout.toString()).toBe(`${recipient}\n`);

    const encrypted = runTool('age', ['-r', recipient], { input: 'from the age binary' }).stdout;
    const decrypted = runTool('age', ['-d', '-i', file], { input: encrypted });
    expect(decrypted.stderr.toString()).toBe('');
    expect(decrypted.stdout.toString()).toBe('from the age binary');
    expect((await findIdentity({ file })).keys).toHaveLength(1);
  });

  it('makes a post-quantum identity with an age1pq1 recipient that round-trips', async () => {
    const file = join(tempFolder(), 'identity.txt');
    const { recipient } = await createIdentityFile(file, { pq: true });
    expect(recipient.startsWith('age1pq1')).toBe(true);
    const { keys } = await findIdentity({ file });
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^AGE-SECRET-KEY-PQ-1[0-9A-Z]{58}$/);
    expect(readFileSync(file, 'utf8')).toContain(`# public key: ${recipient}\n`);

    const armored = await encryptToRecipients(new TextEncoder().encode('post-quantum'), [recipient]);
    const opened = await decryptWithIdentities(new TextEncoder().encode(armored), keys);
    expect(opened.ok && new TextDecoder().decode(opened.plaintext)).toBe('post-quantum');
  });

  it('refuses to overwrite an existing file and leaves it and the folder as they were', async () => {
    const folder = tempFolder();
    const file = join(folder, 'identity.txt');
    await createIdentityFile(file);
    const before = readFileSync(file, 'utf8');

    const error = await vaultfileErrorOf(() => createIdentityFile(file));
    expect(error.code).toBe('VAULT_EXISTS');
    expect(error.message).toBe(`identity file ${file} already exists; refusing to overwrite it`);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(folder)).toEqual(['identity.txt']);
  });
});
