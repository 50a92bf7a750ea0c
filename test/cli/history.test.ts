// Git as the version store: commits, history, old versions, soft delete,
// readable diffs and merge conflicts, in real temporary repositories.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openVault } from '../../src/index.js';
import { Sandbox } from '../support.js';

const VALUE = 'SecurePassword123!';

/** A git repository with a vault; init commits the vault's setup. */
async function repository(): Promise<Sandbox> {
  const sandbox = new Sandbox();
  sandbox.gitInit();
  await sandbox.ok(['init', '--name', 'alice']);
  return sandbox;
}

const subjects = (sandbox: Sandbox): string[] => sandbox.git(['log', '--format=%s']).trim().split('\n');

describe('commits', () => {
  it('init commits the new vault: config, keyring and the vault folder\'s .gitignore', async () => {
    const sandbox = new Sandbox();
    sandbox.gitInit();
    const result = await sandbox.ok(['init', '--name', 'alice']);
    expect(result.stdout).toMatch(/committed the new vault as [0-9a-f]{7}/);
    expect(subjects(sandbox)).toEqual(['vaultfile: init vault (member alice)']);
    expect(sandbox.git(['show', '--name-only', '--format=', 'HEAD']).trim().split('\n').sort()).toEqual([
      '.secretsrc',
      'secrets/.gitignore',
      'secrets/.keyrings/default.age',
    ]);
    expect(sandbox.git(['status', '--porcelain'])).toBe('');
  });

  it('commits each change on its own, names action, path and version, and never the value', async () => {
    const sandbox = await repository();
    await sandbox.ok(['set', 'prod/db/password'], { input: VALUE });
    await sandbox.ok(['set', 'prod/db/password', '--meta', 'owner=dba'], { input: `${VALUE}-2` });
    await sandbox.ok(['edit', 'prod/db/password'], { env: { EDITOR: `sh -c 'printf "${VALUE}-3" > "$1"' editor` } });
    expect(subjects(sandbox).slice(0, 3)).toEqual([
      'vaultfile: edit prod/db/password (v3)',
      'vaultfile: set prod/db/password (v2)',
      'vaultfile: set prod/db/password (v1)',
    ]);
    expect(sandbox.git(['show', '--name-only', '--format=', 'HEAD']).trim()).toBe('secrets/prod/db/password.secret');
    const log = sandbox.git(['log', '-p', '--no-ext-diff', '--no-textconv']);
    expect(log).not.toContain(VALUE);
    expect(sandbox.git(['status', '--porcelain'])).toBe('');
  });

  it('leaves unrelated staged work staged and out of its commit', async () => {
    const sandbox = await repository();
    writeFileSync(join(sandbox.work, 'notes.txt'), 'work in progress\n');
    sandbox.git(['add', 'notes.txt']);
    await sandbox.ok(['set', 'dev/token'], { input: 't' });
    expect(sandbox.git(['show', '--name-only', '--format=', 'HEAD']).trim()).toBe('secrets/dev/token.secret');
    expect(sandbox.git(['status', '--porcelain']).trim()).toBe('A  notes.txt');
  });

  it('does not commit with --no-commit or git.autocommit: false', async () => {
    const sandbox = await repository();
    const before = subjects(sandbox).length;
    await sandbox.ok(['set', 'dev/a', '--no-commit'], { input: 'a' });
    expect(subjects(sandbox)).toHaveLength(before);
    expect(sandbox.git(['status', '--porcelain']).trim()).toBe('?? secrets/dev/');
    const config = join(sandbox.work, '.secretsrc');
    writeFileSync(config, `${readFileSync(config, 'utf8')}git:\n  autocommit: false\n`);
    await sandbox.ok(['set', 'dev/b'], { input: 'b' });
    expect(subjects(sandbox)).toHaveLength(before);
  });

  it('saves the change and warns when the commit fails', async () => {
    const sandbox = await repository();
    sandbox.git(['config', 'core.hooksPath', join(sandbox.base, 'hooks')]);
    mkdirSync(join(sandbox.base, 'hooks'));
    writeFileSync(join(sandbox.base, 'hooks', 'pre-commit'), '#!/bin/sh\necho "hook says no" >&2\nexit 1\n');
    chmodSync(join(sandbox.base, 'hooks', 'pre-commit'), 0o755);
    const result = await sandbox.ok(['set', 'dev/a'], { input: 'kept' });
    expect(result.stderr).toContain('the change is saved but was not committed');
    expect((await sandbox.ok(['get', 'dev/a'])).stdout).toBe('kept');
  });
});

describe('history and old versions', () => {
  it('lists every version with date, author, commit and action, newest first', async () => {
    const sandbox = await repository();
    await sandbox.ok(['set', 'prod/api/key'], { input: 'one' });
    await sandbox.ok(['set', 'prod/api/key'], { input: 'two' });
    await sandbox.ok(['delete', 'prod/api/key']);
    await sandbox.ok(['restore', 'prod/api/key']);
    const { versions } = JSON.parse((await sandbox.ok(['history', 'prod/api/key', '--json'])).stdout);
    expect(versions.map((v: { version: number; action: string }) => `${v.action} v${v.version}`)).toEqual(['restore v2', 'delete v2', 'set v2', 'set v1']);
    const head = sandbox.git(['rev-parse', 'HEAD']).trim();
    expect(versions[0]).toMatchObject({ commit: head, author: 'Test Author <author@example.test>' });
    expect(versions[0].date).toMatch(/^\d{4}-\d\d-\d\dT/);
    const table = (await sandbox.ok(['history', 'prod/api/key'])).stdout.split('\n');
    expect(table[0]).toMatch(/^VERSION +DATE +AUTHOR +COMMIT +ACTION$/);
    expect(table[1]).toMatch(new RegExp(`^v2 +\\S+ +Test Author <author@example.test> +${head.slice(0, 10)} +restore$`));
  });

  it('returns old values with --version and --at, across a key epoch change', async () => {
    const sandbox = await repository();
    await sandbox.ok(['set', 'prod/db/password'], { input: 'first' });
    const firstCommit = sandbox.git(['rev-parse', 'HEAD']).trim();
    await sandbox.ok(['set', 'prod/db/password'], { input: 'second' });
    const vault = await openVault({ cwd: sandbox.work, identity: { file: sandbox.identityFile } });
    const rekeyed = await vault.startKeyEpoch('default');
    expect(rekeyed).toMatchObject({ epoch: 2, reencrypted: 1 });
    await sandbox.ok(['set', 'prod/db/password'], { input: 'third' });
    const current = JSON.parse((await sandbox.ok(['get', 'prod/db/password', '--json', '--include-metadata'])).stdout);
    expect(current.metadata).toMatchObject({ version: 3, epoch: 2 });
    expect((await sandbox.ok(['get', 'prod/db/password', '--version', '1'])).stdout).toBe('first');
    expect((await sandbox.ok(['get', 'prod/db/password', '--version', '2'])).stdout).toBe('second');
    expect((await sandbox.ok(['get', 'prod/db/password', '--version', '3'])).stdout).toBe('third');
    expect((await sandbox.ok(['get', 'prod/db/password', '--at', firstCommit])).stdout).toBe('first');
    expect((await sandbox.ok(['get', 'prod/db/password', '--at', 'HEAD~1'])).stdout).toBe('second');
    const keyringAtFirst = sandbox.git(['show', `${firstCommit}:secrets/.keyrings/default.age`]);
    expect(keyringAtFirst).not.toBe(readFileSync(join(sandbox.work, 'secrets', '.keyrings', 'default.age'), 'utf8'));
    const old = JSON.parse((await sandbox.ok(['get', 'prod/db/password', '--version', '1', '--json', '--include-metadata'])).stdout);
    expect(old.metadata).toMatchObject({ version: 1, epoch: 1 });
  });

  it('gives clear errors for versions and revisions that do not exist', async () => {
    const sandbox = await repository();
    await sandbox.ok(['set', 'prod/db/password'], { input: 'a' });
    await sandbox.ok(['set', 'prod/db/password'], { input: 'b' });
    const zero = await sandbox.run(['get', 'prod/db/password', '--version', '0']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('--version must be a whole number from 1');
    const word = await sandbox.run(['get', 'prod/db/password', '--version', 'latest']);
    expect(word.code).toBe(2);
    const missing = await sandbox.run(['get', 'prod/db/password', '--version', '9']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('prod/db/password has no version 9 (NOT_FOUND)');
    expect(missing.stderr).toContain('versions in history: 1, 2');
    const unknown = await sandbox.run(['get', 'prod/db/password', '--at', 'no-such-branch']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown git revision "no-such-branch" (BAD_REVISION)');
    const option = await sandbox.run(['get', 'prod/db/password', '--at', '--output=/tmp/x']);
    expect(option.code).toBe(2);
    const before = await sandbox.run(['get', 'prod/db/password', '--at', 'HEAD~2']);
    expect(before.code).toBe(3);
    expect(before.stderr).toContain('did not exist at HEAD~2');
    const both = await sandbox.run(['get', 'prod/db/password', '--at', 'HEAD', '--version', '1']);
    expect(both.code).toBe(2);
    const noHistory = await sandbox.run(['history', 'nothing/here']);
    expect(noHistory.code).toBe(3);
  });

  it('outside git, history holds the current version and --at says there is no history', async () => {
    const sandbox = new Sandbox();
    await sandbox.ok(['init', '--name', 'solo']);
    await sandbox.ok(['set', 'dev/a'], { input: 'a' });
    const { versions } = JSON.parse((await sandbox.ok(['history', 'dev/a', '--json'])).stdout);
    expect(versions).toEqual([{ version: 1, action: 'uncommitted', date: expect.any(String), author: '', commit: null, subject: 'not committed yet' }]);
    const at = await sandbox.run(['get', 'dev/a', '--at', 'HEAD']);
    expect(at.code).toBe(2);
    expect(at.stderr).toContain('(NO_HISTORY)');
  });
});

describe('soft delete', () => {
  it('hides a deleted secret, lists it with its deadline, and restores it with metadata and version', async () => {
    const sandbox = await repository();
    await sandbox.ok(['set', 'prod/db/password', '--meta', 'owner=dba'], { input: 'one' });
    await sandbox.ok(['set', 'prod/db/password', '--meta', 'owner=dba'], { input: 'two' });
    const deleted = JSON.parse((await sandbox.ok(['delete', 'prod/db/password', '--json'])).stdout);
    expect(deleted).toMatchObject({ path: 'prod/db/password', version: 2, permanent: false });
    expect(subjects(sandbox)[0]).toBe(`vaultfile: delete prod/db/password (v2, recoverable until ${deleted.recoverableUntil})`);
    expect((await sandbox.ok(['list'])).stdout).toBe('');
    const listed = (await sandbox.ok(['list', '--deleted'])).stdout.split('\n');
    expect(listed[1]).toMatch(new RegExp(`^prod/db/password +v2 +\\S+Z +${deleted.recoverableUntil}$`));
    const days = (Date.parse(deleted.recoverableUntil) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    const get = await sandbox.run(['get', 'prod/db/password']);
    expect(get.code).toBe(3);
    expect(get.stderr).toContain('was deleted on');
    expect(get.stderr).toContain('vaultfile restore prod/db/password');
    expect((await sandbox.ok(['get', 'prod/db/password', '--version', '2'])).stdout).toBe('two');
    expect((await sandbox.run(['delete', 'prod/db/password'])).code).toBe(3);
    await sandbox.ok(['restore', 'prod/db/password']);
    const restored = JSON.parse((await sandbox.ok(['get', 'prod/db/password', '--json', '--include-metadata'])).stdout);
    expect(restored).toMatchObject({ value: 'two', metadata: { version: 2, custom: { owner: 'dba' } } });
    expect(restored.metadata.deleted).toBeUndefined();
    const again = await sandbox.run(['restore', 'prod/db/password']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('(NOT_DELETED)');
  });

  it('purges only secrets past their window, with an injected clock; --all takes every deleted one', async () => {
    const sandbox = await repository();
    const day = 86_400_000;
    const start = Date.parse('2026-01-01T00:00:00Z');
    let now = start;
    const vault = await openVault({ cwd: sandbox.work, identity: { file: sandbox.identityFile }, now: () => new Date(now) });
    for (const path of ['old/a', 'old/b', 'new/c']) await vault.set(path, new TextEncoder().encode(path));
    await vault.delete('old/a');
    await vault.delete('old/b');
    now = start + 20 * day;
    await vault.delete('new/c');
    now = start + 29 * day;
    expect((await vault.purge()).purged).toEqual([]);
    now = start + 31 * day;
    const purge = await vault.purge();
    expect(purge.purged).toEqual(['old/a', 'old/b']);
    expect(purge.kept).toEqual([{ path: 'new/c', recoverableUntil: '2026-02-20T00:00:00Z' }]);
    expect(subjects(sandbox)[0]).toBe('vaultfile: purge old/a, old/b');
    expect(sandbox.git(['show', '--name-status', '--format=', 'HEAD']).trim().split('\n')).toEqual(['D\tsecrets/old/a.secret', 'D\tsecrets/old/b.secret']);
    const all = await sandbox.run(['purge', '--all']);
    expect(all.code).toBe(2);
    expect(all.stderr).toContain('(CONFIRMATION_NEEDED)');
    expect((await sandbox.ok(['list', '--deleted'])).stdout).toContain('new/c');
    expect((await sandbox.ok(['purge', '--all', '--yes'])).stdout).toContain('purged new/c');
    expect((await sandbox.ok(['list', '--deleted'])).stdout).toBe('');
  });

  it('honours deleteRecoveryDays and refuses values outside 7 to 30', async () => {
    const sandbox = await repository();
    const config = join(sandbox.work, '.secretsrc');
    const original = readFileSync(config, 'utf8');
    writeFileSync(config, `${original}deleteRecoveryDays: 7\n`);
    await sandbox.ok(['set', 'dev/a'], { input: 'a' });
    const { recoverableUntil } = JSON.parse((await sandbox.ok(['delete', 'dev/a', '--json'])).stdout);
    expect(Math.round((Date.parse(recoverableUntil) - Date.now()) / 86_400_000)).toBe(7);
    writeFileSync(config, `${original}deleteRecoveryDays: 90\n`);
    const refused = await sandbox.run(['list']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('deleteRecoveryDays must be an integer from 7 to 30');
  });

  it('delete --permanent removes the file at once (after confirmation) and says what history keeps', async () => {
    const sandbox = await repository();
    await sandbox.ok(['set', 'prod/old/token'], { input: 'leaked-once' });
    expect((await sandbox.run(['delete', 'prod/old/token', '--permanent'])).code).toBe(2);
    const result = await sandbox.ok(['delete', 'prod/old/token', '--permanent', '--yes']);
    expect(result.stdout).toContain('git history still holds its old ciphertext; rotate the value');
    expect(subjects(sandbox)[0]).toBe('vaultfile: delete --permanent prod/old/token');
    expect((await sandbox.ok(['list', '--deleted'])).stdout).toBe('');
    expect((await sandbox.run(['restore', 'prod/old/token'])).code).toBe(3);
    expect((await sandbox.ok(['get', 'prod/old/token', '--version', '1'])).stdout).toBe('leaked-once');
  });

  it('setting a deleted secret brings it back as a new version', async () => {
    const sandbox = await repository();
    await sandbox.ok(['set', 'dev/a'], { input: 'old' });
    await sandbox.ok(['delete', 'dev/a']);
    expect((await sandbox.ok(['set', 'dev/a'], { input: 'new' })).stdout).toContain('restored and updated dev/a (version 2');
    expect((await sandbox.ok(['get', 'dev/a'])).stdout).toBe('new');
  });
});

describe('readable diffs', () => {
  it('git diff shows metadata in clear and the value as a fingerprint after git setup; the driver off shows neither', async () => {
    const sandbox = await repository();
    await sandbox.ok(['set', 'prod/db/password', '--meta', 'owner=dba'], { input: VALUE });
    await sandbox.ok(['set', 'prod/db/password', '--meta', 'owner=dba'], { input: `${VALUE}-rotated` });
    const setup = await sandbox.ok(['git', 'setup']);
    expect(setup.stdout).toContain('secrets/**/*.secret diff=vaultfile');
    expect(readFileSync(join(sandbox.work, '.gitattributes'), 'utf8')).toContain('secrets/**/*.secret diff=vaultfile\n');
    expect((await sandbox.ok(['git', 'setup'])).stdout).toContain('kept "secrets/**/*.secret diff=vaultfile"');
    expect(readFileSync(join(sandbox.work, '.gitattributes'), 'utf8').match(/diff=vaultfile/g)).toHaveLength(1);
    const masked = sandbox.git(['log', '-p', '-1', '--', 'secrets']);
    expect(masked).toMatch(/-version: 1\n\+version: 2\n/);
    expect(masked).toMatch(/-value: fingerprint [0-9a-f]{12} \(masked\)\n\+value: fingerprint [0-9a-f]{12} \(masked\)/);
    expect(masked).toContain(' meta.owner: dba');
    expect(masked).not.toContain(VALUE);
    const gitLog = (env: Record<string, string>): string =>
      spawnSync('git', ['log', '-p', '-1', '--', 'secrets'], { cwd: sandbox.work, env: { ...sandbox.env, ...env }, encoding: 'utf8' }).stdout;
    expect(gitLog({ VAULTFILE_DIFF_REVEAL: '1' })).toContain(`+value: "${VALUE}-rotated"`);
    expect(gitLog({ VAULTFILE_IDENTITY: join(sandbox.base, 'missing.txt') })).toMatch(/\+value: encrypted \(no key here\); ciphertext [0-9a-f]{12}/);
    const plain = spawnSync('git', ['log', '-p', '-1', '--no-textconv', '--', 'secrets'], { cwd: sandbox.work, env: sandbox.env, encoding: 'utf8' }).stdout;
    expect(plain).toMatch(/\+ciphertext: /);
    expect(plain).not.toContain(VALUE);
  });

  it('vaultfile diff compares two versions field by field with the same fingerprint for the same value', async () => {
    const sandbox = await repository();
    await sandbox.ok(['set', 'dev/a', '--meta', 'owner=x'], { input: 'same' });
    await sandbox.ok(['set', 'dev/a', '--meta', 'owner=y'], { input: 'same' });
    await sandbox.ok(['set', 'dev/a', '--meta', 'owner=y'], { input: 'changed' });
    const metadataOnly = (await sandbox.ok(['diff', 'dev/a', '--from', '1', '--to', '2'])).stdout;
    expect(metadataOnly).toContain('--- dev/a v1\n+++ dev/a v2\n');
    expect(metadataOnly).toContain('-meta.owner: x\n+meta.owner: y\n');
    expect(metadataOnly).toMatch(/\n value: fingerprint [0-9a-f]{12} \(masked\)\n/);
    const valueChange = (await sandbox.ok(['diff', 'dev/a'])).stdout;
    expect(valueChange).toContain('--- dev/a v2\n+++ dev/a v3\n');
    expect(valueChange).toMatch(/-value: fingerprint [0-9a-f]{12} \(masked\)\n\+value: fingerprint [0-9a-f]{12} \(masked\)/);
    expect(valueChange).not.toContain('changed');
    expect((await sandbox.ok(['diff', 'dev/a', '--reveal'])).stdout).toContain('+value: "changed"');
    expect((await sandbox.run(['diff', 'dev/a', '--from', '7'])).code).toBe(3);
  });
});

describe('merge conflicts', () => {
  async function conflicted(): Promise<Sandbox> {
    const sandbox = await repository();
    await sandbox.ok(['set', 'prod/db/password'], { input: 'base' });
    await sandbox.ok(['set', 'prod/shared'], { input: 'shared-base' });
    sandbox.git(['checkout', '-q', '-b', 'feature']);
    await sandbox.ok(['set', 'prod/db/password'], { input: 'from-feature' });
    await sandbox.ok(['set', 'prod/api/key'], { input: 'feature-only' });
    sandbox.git(['checkout', '-q', 'main']);
    await sandbox.ok(['set', 'prod/db/password'], { input: 'from-main' });
    await sandbox.ok(['set', 'dev/x'], { input: 'main-only' });
    const merge = spawnSync('git', ['merge', 'feature'], { cwd: sandbox.work, env: sandbox.env, encoding: 'utf8' });
    expect(merge.status).not.toBe(0);
    expect(merge.stdout).toContain('CONFLICT (content): Merge conflict in secrets/prod/db/password.secret');
    return sandbox;
  }

  it('fails with exit 5 naming the path and how to resolve; other secrets merged cleanly', async () => {
    const sandbox = await conflicted();
    const get = await sandbox.run(['get', 'prod/db/password']);
    expect(get.code).toBe(5);
    expect(get.stderr).toContain('secret prod/db/password has an unresolved git merge conflict (MERGE_CONFLICT)');
    expect(get.stderr).toContain('vaultfile resolve prod/db/password --ours');
    expect(get.stderr).not.toMatch(/\n\s+at /);
    expect((await sandbox.ok(['get', 'prod/api/key'])).stdout).toBe('feature-only');
    expect((await sandbox.ok(['get', 'dev/x'])).stdout).toBe('main-only');
    expect((await sandbox.ok(['get', 'prod/shared'])).stdout).toBe('shared-base');
    const doctor = await sandbox.run(['doctor']);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain('unresolved git merge conflict');
  });

  it('resolve --theirs keeps their value as a version after both sides, staged for the merge commit', async () => {
    const sandbox = await conflicted();
    const result = JSON.parse((await sandbox.ok(['resolve', 'prod/db/password', '--theirs', '--json'])).stdout);
    expect(result).toEqual({ path: 'prod/db/password', version: 3, kept: 'theirs' });
    expect((await sandbox.ok(['get', 'prod/db/password'])).stdout).toBe('from-feature');
    expect(sandbox.git(['status', '--porcelain'])).toContain('M  secrets/prod/db/password.secret');
    sandbox.git(['commit', '-q', '--no-edit']);
    const { versions } = JSON.parse((await sandbox.ok(['history', 'prod/db/password', '--json'])).stdout);
    expect(versions[0]).toMatchObject({ version: 3, commit: sandbox.git(['rev-parse', 'HEAD']).trim() });
  });

  it('resolve --ours and --version N work too, and resolve refuses when there is no conflict', async () => {
    const ours = await conflicted();
    await ours.ok(['resolve', 'prod/db/password', '--ours']);
    expect((await ours.ok(['get', 'prod/db/password'])).stdout).toBe('from-main');
    const older = await conflicted();
    await older.ok(['resolve', 'prod/db/password', '--version', '1']);
    expect((await older.ok(['get', 'prod/db/password'])).stdout).toBe('base');
    const none = await older.run(['resolve', 'dev/x', '--ours']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('(NOT_CONFLICTED)');
    const neither = await older.run(['resolve', 'dev/x']);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('choose exactly one of --ours, --theirs, --version N');
  });
});
