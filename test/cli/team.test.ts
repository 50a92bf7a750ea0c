// Team access with real identities in real git repositories: least privilege is
// cryptographic, adding a member touches no secret, removing one starts new key
// epochs and flags what they could read.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runTool, Sandbox } from '../support.js';

interface Person {
  name: string;
  file: string;
  recipient: string;
}

/** An identity made by age-keygen, as a teammate would bring one. */
function person(sandbox: Sandbox, name: string): Person {
  const file = join(sandbox.base, `${name}.key`);
  expect(runTool('age-keygen', ['-o', file]).status).toBe(0);
  chmodSync(file, 0o600);
  return { name, file, recipient: runTool('age-keygen', ['-y', file]).stdout.toString().trim() };
}

/** alice owns the vault; group prod (alice, carol) holds prod/**; default (alice, bob, carol) the rest. */
async function team(): Promise<{ sandbox: Sandbox; bob: Person; carol: Person }> {
  const sandbox = new Sandbox();
  sandbox.gitInit();
  await sandbox.ok(['init', '--name', 'alice']);
  const bob = person(sandbox, 'bob');
  const carol = person(sandbox, 'carol');
  await sandbox.ok(['group', 'create', 'prod', '--members', 'alice']);
  await sandbox.ok(['rule', 'add', 'prod/**', 'prod']);
  await sandbox.ok(['member', 'add', 'bob', bob.recipient, '--group', 'default']);
  await sandbox.ok(['member', 'add', 'carol', carol.recipient, '--group', 'default', '--group', 'prod']);
  await sandbox.ok(['set', 'prod/db/password'], { input: 'prod-secret-1' });
  await sandbox.ok(['set', 'dev/db/password'], { input: 'dev-secret-1' });
  return { sandbox, bob, carol };
}

const as = (who: Person) => ['--identity', who.file];
const changedFiles = (sandbox: Sandbox, revision = 'HEAD'): string[] => sandbox.git(['show', '--name-only', '--format=', revision]).trim().split('\n').sort();

describe('least privilege', () => {
  let sandbox: Sandbox;
  let bob: Person;
  let carol: Person;
  beforeAll(async () => {
    ({ sandbox, bob, carol } = await team());
  });

  it('a member outside prod gets exit 4 on prod/… and reads dev/…', async () => {
    const denied = await sandbox.run(['get', 'prod/db/password', ...as(bob)]);
    expect(denied.code).toBe(4);
    expect(denied.stderr).toContain('cannot open the keyring of group "prod" (ACCESS_DENIED)');
    expect(denied.stdout).toBe('');
    expect((await sandbox.ok(['get', 'dev/db/password', ...as(bob)])).stdout).toBe('dev-secret-1');
    expect((await sandbox.ok(['get', 'prod/db/password', ...as(carol)])).stdout).toBe('prod-secret-1');
    expect((await sandbox.run(['set', 'prod/new', ...as(bob)], { input: 'x' })).code).toBe(4);
  });

  it('every keyring opens with the age binary for each of its members, and only for them', async () => {
    const prodKeyring = join(sandbox.work, 'secrets', '.keyrings', 'prod.age');
    const opened = runTool('age', ['-d', '-i', carol.file, prodKeyring]);
    expect(opened.status, opened.stderr.toString()).toBe(0);
    expect(JSON.parse(opened.stdout.toString()).recipients).toContain(carol.recipient);
    expect(runTool('age', ['-d', '-i', bob.file, prodKeyring]).status).not.toBe(0);
    expect(runTool('age', ['-d', '-i', bob.file, join(sandbox.work, 'secrets', '.keyrings', 'default.age')]).status).toBe(0);
  });

  it('access shows who reads which paths, in match order', async () => {
    expect(JSON.parse((await sandbox.ok(['access', '--json'])).stdout)).toEqual({
      rules: [
        { glob: 'prod/**', group: 'prod', members: ['alice', 'carol'] },
        { glob: '**', group: 'default', members: ['alice', 'bob', 'carol'] },
      ],
    });
    expect((await sandbox.ok(['access'])).stdout).toMatch(/^PATHS +GROUP +READABLE BY\nprod\/\*\* +prod +alice, carol\n\*\* +default +alice, bob, carol\n$/);
    expect(JSON.parse((await sandbox.ok(['rule', 'list', '--json'])).stdout)).toEqual({ rules: [{ glob: 'prod/**', group: 'prod' }, { glob: '**', group: 'default' }] });
    const members = JSON.parse((await sandbox.ok(['member', 'list', '--json'])).stdout).members;
    expect(members.map((m: { name: string; groups: string[] }) => `${m.name}:${m.groups.join(',')}`)).toEqual(['alice:default,prod', 'bob:default', 'carol:default,prod']);
  });
});

describe('adding a member', () => {
  it('changes only .secretsrc and the group keyring, and the new member can read at once', async () => {
    const { sandbox } = await team();
    const dave = person(sandbox, 'dave');
    const before = sandbox.git(['ls-files', '-s', 'secrets']).split('\n').filter((line) => line.endsWith('.secret'));
    const result = await sandbox.ok(['member', 'add', 'dave', dave.recipient, '--group', 'prod']);
    expect(result.stdout).toContain('re-encrypted the keyring of prod to its members; no secret file changed');
    expect(changedFiles(sandbox)).toEqual(['.secretsrc', 'secrets/.keyrings/prod.age']);
    expect(sandbox.git(['ls-files', '-s', 'secrets']).split('\n').filter((line) => line.endsWith('.secret'))).toEqual(before);
    expect((await sandbox.ok(['get', 'prod/db/password', ...as(dave)])).stdout).toBe('prod-secret-1');
    expect((await sandbox.ok(['get', 'prod/db/password', '--version', '1', ...as(dave)])).stdout).toBe('prod-secret-1');
    expect((await sandbox.run(['get', 'dev/db/password', ...as(dave)])).code).toBe(4);
    await sandbox.ok(['group', 'add-member', 'default', 'dave']);
    expect(changedFiles(sandbox)).toEqual(['.secretsrc', 'secrets/.keyrings/default.age']);
    expect((await sandbox.ok(['get', 'dev/db/password', ...as(dave)])).stdout).toBe('dev-secret-1');
  });
});

describe('removing a member', () => {
  it('starts new key epochs, re-encrypts those groups, and locks the removed key out of current files', async () => {
    const { sandbox, bob, carol } = await team();
    await sandbox.ok(['set', 'prod/db/password'], { input: 'prod-secret-2' });
    const result = JSON.parse((await sandbox.ok(['member', 'remove', 'carol', '--json'])).stdout);
    expect(result).toMatchObject({ newEpochs: ['default', 'prod'], reencrypted: 2 });
    expect(changedFiles(sandbox)).toEqual(['.secretsrc', 'secrets/.keyrings/default.age', 'secrets/.keyrings/prod.age', 'secrets/dev/db/password.secret', 'secrets/prod/db/password.secret']);
    // carol's key opens nothing current: not the re-encrypted files, not the keyrings, not what is written next
    expect((await sandbox.run(['get', 'prod/db/password', ...as(carol)])).code).toBe(4);
    expect((await sandbox.run(['get', 'dev/db/password', ...as(carol)])).code).toBe(4);
    expect(runTool('age', ['-d', '-i', carol.file, join(sandbox.work, 'secrets', '.keyrings', 'prod.age')]).status).not.toBe(0);
    await sandbox.ok(['set', 'dev/api/key'], { input: 'written-after' });
    expect((await sandbox.run(['get', 'dev/api/key', ...as(carol)])).code).toBe(4);
    // the others still read everything, old versions included
    expect((await sandbox.ok(['get', 'prod/db/password'])).stdout).toBe('prod-secret-2');
    expect((await sandbox.ok(['get', 'prod/db/password', '--version', '1'])).stdout).toBe('prod-secret-1');
    expect((await sandbox.ok(['get', 'dev/db/password', ...as(bob)])).stdout).toBe('dev-secret-1');
    expect((await sandbox.ok(['get', 'dev/db/password', '--version', '1', ...as(bob)])).stdout).toBe('dev-secret-1');
    const epochs = JSON.parse((await sandbox.ok(['get', 'prod/db/password', '--json', '--include-metadata'])).stdout).metadata.epoch;
    expect(epochs).toBe(2);
  });

  it('status lists the exposed secrets until each gets a new value', async () => {
    const { sandbox } = await team();
    await sandbox.ok(['member', 'remove', 'carol']);
    const exposed = JSON.parse((await sandbox.ok(['status', '--json'])).stdout).exposed;
    expect(exposed.map((e: { path: string; removedMembers: string[] }) => `${e.path}:${e.removedMembers.join(',')}`)).toEqual(['dev/db/password:carol', 'prod/db/password:carol']);
    await sandbox.ok(['set', 'prod/db/password'], { input: 'prod-secret-1' });
    expect(JSON.parse((await sandbox.ok(['status', '--json'])).stdout).exposed).toHaveLength(2);
    await sandbox.ok(['set', 'prod/db/password'], { input: 'prod-secret-rotated' });
    const after = (await sandbox.ok(['status'])).stdout;
    expect(after).toContain('1 secret(s) were readable by members since removed');
    expect(after).toMatch(/dev\/db\/password +default +\S+ +carol/);
    await sandbox.ok(['set', 'dev/db/password'], { input: 'dev-secret-rotated' });
    expect((await sandbox.ok(['status'])).stdout).toBe('nothing needs attention\n');
  });

  it('group remove-member takes one group away and leaves the others', async () => {
    const { sandbox, carol } = await team();
    await sandbox.ok(['group', 'remove-member', 'prod', 'carol']);
    expect((await sandbox.run(['get', 'prod/db/password', ...as(carol)])).code).toBe(4);
    expect((await sandbox.ok(['get', 'dev/db/password', ...as(carol)])).stdout).toBe('dev-secret-1');
    expect(JSON.parse((await sandbox.ok(['status', '--json'])).stdout).exposed.map((e: { path: string }) => e.path)).toEqual(['prod/db/password']);
  });
});

describe('rules', () => {
  it('a new rule goes first and re-encrypts the secrets it now claims under its group, saying how many', async () => {
    const { sandbox, bob } = await team();
    await sandbox.ok(['set', 'dev/payments/key'], { input: 'pay' });
    await sandbox.ok(['group', 'create', 'payments', '--members', 'alice']);
    const result = await sandbox.ok(['rule', 'add', '*/payments/**', 'payments']);
    expect(result.stdout).toContain('1 secret file(s) re-encrypted');
    expect(JSON.parse((await sandbox.ok(['rule', 'list', '--json'])).stdout).rules[0]).toEqual({ glob: '*/payments/**', group: 'payments' });
    const moved = JSON.parse((await sandbox.ok(['get', 'dev/payments/key', '--json', '--include-metadata'])).stdout);
    expect(moved).toMatchObject({ value: 'pay', metadata: { group: 'payments', version: 1 } });
    expect((await sandbox.run(['get', 'dev/payments/key', ...as(bob)])).code).toBe(4);
    await sandbox.ok(['rule', 'add', 'legacy/**', 'default', '--at', '3']);
    expect(JSON.parse((await sandbox.ok(['rule', 'list', '--json'])).stdout).rules.map((r: { glob: string }) => r.glob)).toEqual(['*/payments/**', 'prod/**', 'legacy/**', '**']);
  });
});

describe('drift between .secretsrc and keyrings', () => {
  it('doctor reports a member added by hand, and rekey fixes it without touching secrets', async () => {
    const { sandbox, bob } = await team();
    const config = join(sandbox.work, '.secretsrc');
    writeFileSync(config, readFileSync(config, 'utf8').replace('  prod:\n    - alice\n', '  prod:\n    - alice\n    - bob\n'));
    const doctor = JSON.parse((await sandbox.ok(['doctor', '--json'])).stdout);
    const drift = doctor.checks.find((check: { message: string }) => check.message.includes('group "prod"'));
    expect(drift).toMatchObject({ status: 'warn', hint: expect.stringContaining('vaultfile rekey prod') });
    expect((await sandbox.run(['get', 'prod/db/password', ...as(bob)])).code).toBe(4);
    await sandbox.ok(['rekey', 'prod']);
    expect(changedFiles(sandbox)).toEqual(['.secretsrc', 'secrets/.keyrings/prod.age']);
    expect((await sandbox.ok(['get', 'prod/db/password', ...as(bob)])).stdout).toBe('prod-secret-1');
    const fixed = JSON.parse((await sandbox.ok(['doctor', '--json'])).stdout);
    expect(fixed.checks.filter((check: { status: string }) => check.status === 'warn')).toEqual([]);
  });

  it('a member removed by hand still holds the old key until rekey starts a new epoch', async () => {
    const { sandbox, carol } = await team();
    const config = join(sandbox.work, '.secretsrc');
    writeFileSync(config, readFileSync(config, 'utf8').replace('  prod:\n    - alice\n    - carol\n', '  prod:\n    - alice\n'));
    expect((await sandbox.ok(['doctor', '--json'])).stdout).toContain('its recipients differ from the members in .secretsrc');
    const result = JSON.parse((await sandbox.ok(['rekey', 'prod', '--json'])).stdout);
    expect(result).toMatchObject({ newEpochs: ['prod'], reencrypted: 1 });
    expect((await sandbox.run(['get', 'prod/db/password', ...as(carol)])).code).toBe(4);
    expect((await sandbox.ok(['status', '--json'])).stdout).toContain('prod/db/password');
  });
});

describe('identities for people', () => {
  it('a passphrase identity works with the right passphrase and gives exit 4 with a wrong one', async () => {
    const sandbox = new Sandbox();
    const right = join(sandbox.base, 'right');
    const wrong = join(sandbox.base, 'wrong');
    writeFileSync(right, 'correct horse battery staple\n');
    writeFileSync(wrong, 'incorrect horse\n');
    const made = await sandbox.ok(['identity', 'new', '--passphrase', '--json'], { env: { VAULTFILE_PASSPHRASE_FILE: right } });
    expect(JSON.parse(made.stdout)).toMatchObject({ file: sandbox.identityFile, passphraseProtected: true });
    expect(readFileSync(sandbox.identityFile, 'utf8')).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----\n/);
    expect(readFileSync(sandbox.identityFile, 'utf8')).not.toContain('AGE-SECRET-KEY');
    await sandbox.ok(['init', '--name', 'pat'], { env: { VAULTFILE_PASSPHRASE_FILE: right } });
    await sandbox.ok(['set', 'dev/a'], { input: 'guarded', env: { VAULTFILE_PASSPHRASE_FILE: right } });
    expect((await sandbox.ok(['get', 'dev/a'], { env: { VAULTFILE_PASSPHRASE_FILE: right } })).stdout).toBe('guarded');
    const denied = await sandbox.run(['get', 'dev/a'], { env: { VAULTFILE_PASSPHRASE_FILE: wrong } });
    expect(denied.code).toBe(4);
    expect(denied.stderr).toContain('wrong passphrase for identity');
    expect(denied.stderr).not.toContain('incorrect horse');
    const noTerminal = await sandbox.run(['get', 'dev/a']);
    expect(noTerminal.code).toBe(4);
    expect(noTerminal.stderr).toContain('VAULTFILE_PASSPHRASE_FILE');
  });

  it('identity new --pq writes a post-quantum identity that can join a group', async () => {
    const { sandbox } = await team();
    const file = join(sandbox.base, 'pq.key');
    const created = JSON.parse((await sandbox.ok(['identity', 'new', '--pq', '--output', file, '--json'])).stdout);
    expect(created.recipient).toMatch(/^age1pq1/);
    await sandbox.ok(['member', 'add', 'quinn', created.recipient, '--group', 'prod']);
    expect((await sandbox.ok(['get', 'prod/db/password', '--identity', file])).stdout).toBe('prod-secret-1');
    expect((await sandbox.run(['identity', 'new', '--output', file])).code).toBe(2);
  });

  it('an identity file with several keys works with whichever is a member', async () => {
    const { sandbox, bob } = await team();
    const stranger = person(sandbox, 'stranger');
    const both = join(sandbox.base, 'both.key');
    writeFileSync(both, `${readFileSync(stranger.file, 'utf8')}\n${readFileSync(bob.file, 'utf8')}`, { mode: 0o600 });
    expect((await sandbox.ok(['get', 'dev/db/password', '--identity', both])).stdout).toBe('dev-secret-1');
    expect((await sandbox.ok(['identity', '--identity', both])).stdout.trim().split('\n')).toEqual([stranger.recipient, bob.recipient]);
  });
});

describe('bad input changes nothing', () => {
  let sandbox: Sandbox;
  let carol: Person;
  beforeAll(async () => {
    ({ sandbox, carol } = await team());
  });

  const cases: [string, string[], number, string][] = [
    ['unknown member', ['member', 'remove', 'nobody'], 3, 'UNKNOWN_MEMBER'],
    ['unknown group', ['group', 'add-member', 'nogroup', 'alice'], 3, 'UNKNOWN_GROUP'],
    ['unknown group for a new member', ['member', 'add', 'eve', 'RECIPIENT', '--group', 'nogroup'], 3, 'UNKNOWN_GROUP'],
    ['unknown group for a rule', ['rule', 'add', 'x/**', 'nogroup'], 3, 'UNKNOWN_GROUP'],
    ['malformed recipient', ['member', 'add', 'eve', 'age1notarealrecipient'], 2, 'BAD_RECIPIENT'],
    ['an ssh key as recipient', ['member', 'add', 'eve', 'ssh-ed25519 AAAAC3Nza'], 2, 'BAD_RECIPIENT'],
    ['duplicate member name', ['member', 'add', 'bob', 'RECIPIENT'], 2, 'DUPLICATE'],
    ['duplicate recipient', ['member', 'add', 'carol2', 'CAROL'], 2, 'DUPLICATE'],
    ['duplicate group', ['group', 'create', 'prod', '--members', 'alice'], 2, 'DUPLICATE'],
    ['a group without members', ['group', 'create', 'empty'], 2, 'USAGE'],
    ['a bad group name', ['group', 'create', 'Bad Group', '--members', 'alice'], 2, 'USAGE'],
    ['a bad member name', ['member', 'add', 'bad name', 'RECIPIENT'], 2, 'USAGE'],
    ['a rule position out of range', ['rule', 'add', 'x/**', 'prod', '--at', '9'], 2, 'USAGE'],
    ['an unknown action', ['member', 'promote', 'bob'], 2, 'USAGE'],
  ];

  for (const [index, [what, args, exitCode, code]] of cases.entries()) {
    it(`${what}: exit ${exitCode} (${code})`, async () => {
      const fresh = person(sandbox, `fresh-${index}`).recipient;
      const resolved = args.map((arg) => (arg === 'RECIPIENT' ? fresh : arg === 'CAROL' ? carol.recipient : arg));
      const head = sandbox.git(['rev-parse', 'HEAD']);
      const config = readFileSync(join(sandbox.work, '.secretsrc'), 'utf8');
      const result = await sandbox.run(resolved);
      expect(result.code, result.stderr).toBe(exitCode);
      expect(result.stderr).toContain(`(${code})`);
      expect(result.stderr).toMatch(/vaultfile: hint: /);
      expect(sandbox.git(['rev-parse', 'HEAD'])).toBe(head);
      expect(readFileSync(join(sandbox.work, '.secretsrc'), 'utf8')).toBe(config);
      expect(sandbox.git(['status', '--porcelain'])).toBe('');
    });
  }

  it('refuses to remove the last member of a group, with an explanation', async () => {
    expect(sandbox.git(['status', '--porcelain'])).toBe('');
    const solo = await team();
    await solo.sandbox.ok(['group', 'create', 'ops', '--members', 'bob']);
    const last = await solo.sandbox.run(['group', 'remove-member', 'ops', 'bob']);
    expect(last.code).toBe(2);
    expect(last.stderr).toContain('bob is the last member of group "ops"; without a member nobody could read its secrets (LAST_MEMBER)');
    const leave = await solo.sandbox.run(['member', 'remove', 'bob']);
    expect(leave.code).toBe(2);
    expect(leave.stderr).toContain('(LAST_MEMBER)');
  });
});
