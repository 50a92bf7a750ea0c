// The leak scanner end to end: scan modes, the vault-aware detector,
// suppression, output formats, and the pre-commit hook in real repositories.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, REPO, runNode, Sandbox } from '../support.js';

/** A GitHub-token-shaped string made at run time, so this file holds no token. */
function fakeGithubToken(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return `ghp_${[...randomBytes(36)].map((byte) => alphabet[byte % alphabet.length]).join('')}`;
}

const VAULT_VALUE = 'SecurePassword123!';

async function repository(options: { vault?: boolean } = {}): Promise<Sandbox> {
  const sandbox = new Sandbox();
  sandbox.gitInit();
  if (options.vault) {
    await sandbox.ok(['init', '--name', 'alice']);
    await sandbox.ok(['set', 'prod/db/password'], { input: VAULT_VALUE });
  }
  writeFileSync(join(sandbox.work, 'README.md'), '# project\n');
  sandbox.git(['add', 'README.md']);
  sandbox.git(['commit', '-q', '-m', 'start']);
  return sandbox;
}

function write(sandbox: Sandbox, path: string, text: string): void {
  mkdirSync(join(sandbox.work, path, '..'), { recursive: true });
  writeFileSync(join(sandbox.work, path), text);
}

function commit(sandbox: Sandbox, ...args: string[]) {
  return spawnSync('git', ['commit', '-q', '-m', 'change', ...args], { cwd: sandbox.work, env: sandbox.env, encoding: 'utf8' });
}

describe('scan modes', () => {
  it('--staged reads the index, not the work tree, and only added lines', async () => {
    const sandbox = await repository();
    const token = fakeGithubToken();
    write(sandbox, 'config.yml', `name: app\n`);
    sandbox.git(['add', 'config.yml']);
    write(sandbox, 'config.yml', `name: app\ntoken: ${token}\n`); // only in the work tree
    expect((await sandbox.run(['scan', '--staged'])).code).toBe(0);
    sandbox.git(['add', 'config.yml']);
    write(sandbox, 'config.yml', 'name: app\n'); // gone from the work tree, still staged
    const staged = await sandbox.run(['scan', '--staged', '--format', 'json']);
    expect(staged.code).toBe(1);
    const { findings, stats } = JSON.parse(staged.stdout);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ file: 'config.yml', line: 2, column: 8, redacted: `${token.slice(0, 4)}…` });
    expect(findings[0].rule).toMatch(/github/);
    expect(Object.keys(findings[0]).sort()).toEqual(['column', 'description', 'file', 'fingerprint', 'line', 'redacted', 'rule']);
    expect(stats).toMatchObject({ mode: 'staged', files: 1 });
    expect(staged.stdout).not.toContain(token);
  });

  it('the work tree, --diff RANGE, --history and standard input', async () => {
    const sandbox = await repository();
    const token = fakeGithubToken();
    write(sandbox, 'src/app.js', `const token = "${token}";\n`);
    expect((await sandbox.run(['scan'])).code).toBe(1);
    sandbox.git(['add', '-A']);
    commit(sandbox, '--no-verify');
    write(sandbox, 'src/app.js', 'const token = process.env.TOKEN;\n');
    sandbox.git(['commit', '-q', '-a', '-m', 'remove the token']);
    expect((await sandbox.run(['scan'])).code).toBe(0);
    expect((await sandbox.run(['scan', '--diff', 'HEAD~1..HEAD'])).code).toBe(0);
    const range = await sandbox.run(['scan', '--diff', 'HEAD~2..HEAD~1']);
    expect(range.code).toBe(1);
    expect(range.stdout).toContain('src/app.js:1:16');
    const history = await sandbox.run(['scan', '--history']);
    expect(history.code).toBe(1);
    expect(history.stdout).toContain('src/app.js:1:16');
    // Blobs are searched as bytes before decoding, as work-tree files are: a generic assignment after non-ASCII text is still placed right.
    const password = ['Zq8v', 'L2mX', 'w4pT', '9sRb'].join(''); // joined at run time, so this file holds no secret-like literal
    write(sandbox, 'config/settings.yml', `# réglages — ne pas publier\ndatabase_password: "${password}"\n`);
    sandbox.git(['add', '-A']);
    commit(sandbox, '--no-verify');
    const generic = JSON.parse((await sandbox.run(['scan', '--history', '--format', 'json'])).stdout).findings;
    expect(generic).toContainEqual(expect.objectContaining({ file: 'config/settings.yml', line: 2, column: 21, rule: 'generic-secret-assignment' }));
    const stdin = await sandbox.run(['scan', '-', '--stdin-name', 'build.log'], { input: `line one\nleaked ${token} here\n` });
    expect(stdin.code).toBe(1);
    expect(stdin.stdout).toContain('build.log:2:8');
    const clean = await sandbox.run(['scan', '-'], { input: 'nothing to see\n' });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('no secrets found');
  });

  it('scans the same without WebAssembly (node --jitless), on the text path', async () => {
    const sandbox = await repository();
    const token = fakeGithubToken();
    write(sandbox, 'src/app.js', `// setup\nconst token = "${token}";\n`);
    for (const env of [{}, { NODE_OPTIONS: '--jitless' }]) {
      const result = await sandbox.run(['scan', '--format', 'json'], { env });
      expect(result.code).toBe(1);
      expect(JSON.parse(result.stdout).findings).toEqual([expect.objectContaining({ file: 'src/app.js', line: 2, column: 16 })]);
    }
  });

  it('skips binary and oversized files and counts them', async () => {
    const sandbox = await repository();
    write(sandbox, 'image.bin', Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(fakeGithubToken())]).toString('latin1'));
    write(sandbox, 'big.txt', `${'x'.repeat(3000)}\n${fakeGithubToken()}\n`);
    const result = JSON.parse((await sandbox.run(['scan', '--format', 'json', '--max-file-bytes', '2048'])).stdout);
    expect(result.stats).toMatchObject({ skippedBinary: 1, skippedTooLarge: 1 });
    expect(result.findings).toEqual([]);
  });

  it('forbidden files are findings by their name', async () => {
    const sandbox = await repository();
    write(sandbox, '.env', 'DEBUG=1\n');
    write(sandbox, '.env.example', 'DEBUG=1\n');
    write(sandbox, 'deploy/id_ed25519', 'not really a key\n');
    write(sandbox, 'deploy/id_ed25519.pub', 'ssh-ed25519 AAAA\n');
    const { findings } = JSON.parse((await sandbox.run(['scan', '--format', 'json'])).stdout);
    expect(findings.map((f: { file: string; rule: string }) => `${f.file} ${f.rule}`).sort()).toEqual([
      '.env forbidden-file:dotenv',
      'deploy/id_ed25519 forbidden-file:private-key',
    ]);
  });

  it('loads no more of Node than it needs: no crypto for findings, no threads or os for --staged, no child processes for given folders, no v8 on the main thread', async () => {
    const sandbox = await repository();
    const builtinsLoaded = async (args: string[], expectedCode: number): Promise<string[]> => {
      const record = join(sandbox.base, 'builtins.txt');
      const probe = join(REPO, 'test', 'cli', 'record-builtins.cjs');
      const result = await runNode(['--require', probe, CLI, ...args], { cwd: sandbox.work, env: { ...sandbox.env, VAULTFILE_TEST_BUILTINS: record } });
      expect(result.code, result.stderr).toBe(expectedCode);
      return readFileSync(record, 'utf8').trim().split('\n');
    };
    const crypto = (modules: string[]) => modules.filter((name) => name === 'crypto' || name.startsWith('internal/crypto/'));
    write(sandbox, 'src/settings.py', `api_token = "${fakeGithubToken()}"\n`);
    sandbox.git(['add', 'src/settings.py']);
    // A finding is fingerprinted (HMAC-SHA256) in JavaScript: node:crypto alone costs more than that.
    const staged = await builtinsLoaded(['scan', '--staged', '--no-vault'], 1);
    expect(crypto(staged)).toEqual([]);
    expect(staged).not.toContain('worker_threads');
    expect(staged).not.toContain('os');
    const givenFolder = await builtinsLoaded(['scan', 'src', '--no-vault'], 1);
    expect(crypto(givenFolder)).toEqual([]);
    // A folder given to scan is walked, not listed by git: node:child_process is not loaded. Listing the work tree runs git.
    expect(givenFolder).not.toContain('child_process');
    // Only a scan worker sets a V8 flag: the main thread has no use for node:v8.
    expect(givenFolder).not.toContain('v8');
    expect(await builtinsLoaded(['scan', '--no-vault'], 1)).toContain('child_process');
    // The probe sees what it looks for: writing a baseline loads node:crypto.
    expect(crypto(await builtinsLoaded(['scan', 'src', '--no-vault', '--write-baseline'], 0))).toContain('crypto');
  });

  it('bad input: unknown format, mixed modes, a bad range, outside git', async () => {
    const sandbox = await repository();
    expect((await sandbox.run(['scan', '--format', 'xml'])).code).toBe(2);
    expect((await sandbox.run(['scan', '--staged', '--history'])).code).toBe(2);
    const range = await sandbox.run(['scan', '--diff', 'nope..HEAD']);
    expect(range.code).toBe(2);
    expect(range.stderr).toContain('git diff failed');
    const outside = new Sandbox();
    expect((await outside.run(['scan', '--staged'])).code).toBe(2);
    expect((await outside.run(['scan', 'missing-file'])).code).toBe(2);
  });
});

describe('the vault-aware detector', () => {
  it('catches a low-entropy vault value and its encodings in a staged file, naming the secret, not the value', async () => {
    const sandbox = await repository({ vault: true });
    const base64 = Buffer.from(VAULT_VALUE).toString('base64');
    write(sandbox, 'config/app.ini', `[db]\n# vaultfile:allow\npassword = ${VAULT_VALUE}\nencoded = ${base64}\n`);
    sandbox.git(['add', 'config/app.ini']);
    const result = await sandbox.run(['scan', '--staged', '--format', 'json']);
    expect(result.code).toBe(1);
    const { findings, stats } = JSON.parse(result.stdout);
    expect(findings.map((f: { line: number; rule: string; redacted: string }) => `${f.line} ${f.rule} ${f.redacted}`)).toEqual([
      '3 vault-value vault:prod/db/password',
      '4 vault-value vault:prod/db/password',
    ]);
    expect(findings[0].fingerprint).toBe(findings[1].fingerprint);
    expect(stats.vaultDetector).toMatch(/^active/);
    expect(result.stdout).not.toContain(VAULT_VALUE);
    const text = await sandbox.run(['scan', '--staged', '--reveal']);
    expect(text.stdout).not.toContain(VAULT_VALUE);
  });

  it('with no identity the scan still runs and says the vault detector was skipped', async () => {
    const sandbox = await repository({ vault: true });
    write(sandbox, 'config/app.ini', `password = ${VAULT_VALUE}\n`);
    sandbox.git(['add', 'config/app.ini']);
    const result = await sandbox.run(['scan', '--staged'], { env: { HOME: join(sandbox.base, 'elsewhere'), XDG_CONFIG_HOME: join(sandbox.base, 'elsewhere') } });
    expect(result.stdout).toContain('vault detector: skipped (no identity)');
    expect(result.stdout).not.toContain('vault:prod/db/password');
  });

  it('a large work tree is shared across threads with the same findings as one thread, vault values included', async () => {
    const sandbox = await repository({ vault: true });
    const tokens: string[] = [];
    for (let index = 0; index < 200; index++) {
      const secret = index % 40 === 7 ? `token: ${tokens[tokens.push(fakeGithubToken()) - 1]}\n` : index % 50 === 3 ? `db_password = ${VAULT_VALUE}\n` : '';
      write(sandbox, `pkg/module-${index}.yml`, `name: module-${index}\n${'description: ordinary text\n'.repeat(index % 5)}${secret}`);
    }
    const runs = await Promise.all(
      ['1', '2'].map((threads) => sandbox.run(['scan', 'pkg', '--format', 'json'], { env: { VAULTFILE_SCAN_THREADS: threads } })),
    );
    const [one, two] = runs.map((run) => ({ code: run.code, ...JSON.parse(run.stdout) }));
    expect(one.code).toBe(1);
    expect(one.stats).toMatchObject({ files: 200, threads: 1 });
    expect(two.stats.files).toBe(200);
    expect(two.stats.threads).toBeGreaterThanOrEqual(1); // 2 unless the main thread finished before the worker started
    expect(two.findings).toEqual(one.findings);
    const rules = one.findings.map((finding: { file: string; rule: string }) => `${finding.file} ${finding.rule}`);
    expect(rules.filter((rule: string) => rule.endsWith('vault-value'))).toEqual(['pkg/module-103.yml vault-value', 'pkg/module-153.yml vault-value', 'pkg/module-3.yml vault-value', 'pkg/module-53.yml vault-value']);
    expect(rules.filter((rule: string) => /github/.test(rule))).toHaveLength(tokens.length);
    for (const run of runs) for (const token of [...tokens, VAULT_VALUE]) expect(run.stdout).not.toContain(token);
  });

  it('a tree too small to share is scanned on one thread, its early workers stopped unused', async () => {
    const sandbox = await repository();
    const token = fakeGithubToken();
    for (let index = 0; index < 5; index++) write(sandbox, `src/part-${index}.js`, index === 3 ? `const token = "${token}";\n` : 'export {};\n');
    const result = await sandbox.run(['scan', 'src', '--no-vault', '--format', 'json'], { env: { VAULTFILE_SCAN_THREADS: '3' } });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.stats).toMatchObject({ files: 5, threads: 1 });
    expect(report.findings).toMatchObject([{ file: 'src/part-3.js', line: 1 }]);
    expect(result.stdout).not.toContain(token);
  });

  it('workers started ahead of a scan that never runs do not keep the process alive', async () => {
    const sandbox = await repository();
    write(sandbox, 'src/a.js', 'export {};\n');
    const failed = await sandbox.run(['scan', 'src', '--format', 'yaml'], { env: { VAULTFILE_SCAN_THREADS: '3' } });
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('unknown format "yaml" (USAGE)');
  });

  it('a large work tree without a vault gives the same findings on one, two and three threads', async () => {
    const sandbox = await repository();
    const secrets: string[] = [];
    const remember = (secret: string): string => secrets[secrets.push(secret) - 1]!;
    for (let index = 0; index < 300; index++) {
      const body =
        index % 30 === 7
          ? `const token = "${remember(fakeGithubToken())}";\n`
          : index % 45 === 11
            ? `export const apiSecret = '${remember(randomBytes(18).toString('base64url').replace(/x/gi, '7'))}';\n` // `xxx` reads as a placeholder
            : `export const tokenizer = (text) => text.split(' '); // password: see the docs\n`;
      write(sandbox, `src/module-${index}.js`, `// module ${index}\n${'const x = 1;\n'.repeat(index % 7)}${body}`);
      // Files that are findings by their names, claimed by whichever thread comes to them.
      if (index % 100 === 42) write(sandbox, `src/module-${index}.pem`, 'not a key\n');
    }
    const runs = await Promise.all(['1', '2', '3'].map((threads) => sandbox.run(['scan', 'src', '--no-vault', '--format', 'json'], { env: { VAULTFILE_SCAN_THREADS: threads } })));
    const [one, ...more] = runs.map((run) => ({ code: run.code, ...JSON.parse(run.stdout) }));
    expect(one.code).toBe(1);
    expect(one.stats).toMatchObject({ files: 303, threads: 1 });
    const rules = one.findings.map((finding: { rule: string }) => finding.rule);
    expect(rules.filter((rule: string) => rule === 'generic-secret-assignment')).toHaveLength(7);
    expect(rules.filter((rule: string) => /github/.test(rule))).toHaveLength(10);
    expect(rules.filter((rule: string) => rule === 'forbidden-file:private-key')).toHaveLength(3);
    for (const other of more) {
      expect(other.code).toBe(1);
      expect(other.stats.files).toBe(303);
      expect(other.findings).toEqual(one.findings);
    }
    for (const run of runs) for (const secret of secrets) expect(run.stdout).not.toContain(secret);
  });

  it('scans folders outside the repository by absolute path, where .secretsignore does not reach', async () => {
    const sandbox = await repository();
    write(sandbox, '.secretsignore', 'outside/\n');
    const outside = join(sandbox.base, 'outside');
    mkdirSync(outside);
    const token = fakeGithubToken();
    writeFileSync(join(outside, 'settings.yml'), `token: ${token}\n`);
    const result = await sandbox.run(['scan', outside, '--format', 'json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings).toMatchObject([{ file: '../outside/settings.yml', line: 1 }]);
  });

  it('redact replaces vault values in a stream with their names', async () => {
    const sandbox = await repository({ vault: true });
    const input = `connecting with ${VAULT_VALUE}\nauth ${encodeURIComponent(VAULT_VALUE)} and ${Buffer.from(VAULT_VALUE).toString('hex')}\nnothing here\n`;
    const result = await sandbox.ok(['redact'], { input });
    expect(result.stdout).toBe('connecting with vault:prod/db/password\nauth vault:prod/db/password and vault:prod/db/password\nnothing here\n');
    const noIdentity = await sandbox.run(['redact'], { input, env: { HOME: join(sandbox.base, 'x'), XDG_CONFIG_HOME: join(sandbox.base, 'x') } });
    expect(noIdentity.code).toBe(4);
    expect(noIdentity.stdout).toBe('');
  });
});

describe('suppression', () => {
  it('inline vaultfile:allow, .secretsignore, and a baseline that only lets new findings fail', async () => {
    const sandbox = await repository();
    write(sandbox, 'a.js', `// vaultfile:allow (documentation sample)\nconst t = "${fakeGithubToken()}";\nconst u = "${fakeGithubToken()}"; // vaultfile:allow\n`);
    expect((await sandbox.run(['scan'])).code).toBe(0);
    write(sandbox, 'fixtures/sample.txt', `${fakeGithubToken()}\n`);
    expect((await sandbox.run(['scan'])).code).toBe(1);
    write(sandbox, '.secretsignore', 'fixtures/\n');
    expect((await sandbox.run(['scan'])).code).toBe(0);
    write(sandbox, 'legacy.txt', `${fakeGithubToken()}\n`);
    const baseline = await sandbox.run(['scan', '--write-baseline']);
    expect(baseline.code).toBe(0);
    const file = JSON.parse(readFileSync(join(sandbox.work, '.secretsbaseline.json'), 'utf8'));
    expect(file.findings).toHaveLength(1);
    expect(JSON.stringify(file)).not.toMatch(/ghp_|line|legacy/);
    write(sandbox, 'legacy.txt', `\n\nmoved down\n${readFileSync(join(sandbox.work, 'legacy.txt'), 'utf8')}`);
    expect((await sandbox.run(['scan'])).code).toBe(0);
    write(sandbox, 'new.txt', `${fakeGithubToken()}\n`);
    const fresh = await sandbox.run(['scan', '--format', 'json']);
    expect(fresh.code).toBe(1);
    expect(JSON.parse(fresh.stdout).findings.map((f: { file: string }) => f.file)).toEqual(['new.txt']);
    expect((await sandbox.run(['scan', '--no-baseline'])).code).toBe(1);
  });

  it('no suppression silences a vault value', async () => {
    const sandbox = await repository({ vault: true });
    write(sandbox, 'ignored/notes.txt', `${VAULT_VALUE} // vaultfile:allow\n`);
    write(sandbox, '.secretsignore', 'ignored/\n');
    expect((await sandbox.run(['scan', '--write-baseline'])).code).toBe(1);
    const result = await sandbox.run(['scan', '--format', 'json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings.map((f: { redacted: string }) => f.redacted)).toEqual(['vault:prod/db/password']);
  });

  it('a plaintext file inside the vault folder is a finding by its name, whichever thread reads it', async () => {
    const sandbox = await repository({ vault: true });
    write(sandbox, 'secrets/prod/db/notes.txt', 'the password is in the vault\n');
    for (let index = 0; index < 100; index++) write(sandbox, `pkg/module-${index}.js`, 'export {};\n');
    for (const threads of ['1', '2']) {
      const result = await sandbox.run(['scan', '--format', 'json'], { env: { VAULTFILE_SCAN_THREADS: threads } });
      expect(result.code).toBe(1);
      expect(JSON.parse(result.stdout).findings).toMatchObject([{ file: 'secrets/prod/db/notes.txt', rule: 'forbidden-file:vault-plaintext' }]);
    }
  });

  it('rules disabled in .secretsrc do not run', async () => {
    const sandbox = await repository({ vault: true });
    write(sandbox, '.env', 'DEBUG=1\n');
    expect((await sandbox.run(['scan'])).code).toBe(1);
    const config = join(sandbox.work, '.secretsrc');
    writeFileSync(config, `${readFileSync(config, 'utf8')}scan:\n  disabledRules: [forbidden-files]\n`);
    expect((await sandbox.run(['scan'])).code).toBe(0);
  });

  it('one forbidden-file rule disabled by its id leaves the others on', async () => {
    const sandbox = await repository({ vault: true });
    write(sandbox, '.env', 'DEBUG=1\n');
    write(sandbox, 'deploy/id_rsa', 'not a real key\n');
    const config = join(sandbox.work, '.secretsrc');
    writeFileSync(config, `${readFileSync(config, 'utf8')}scan:\n  disabledRules: [forbidden-file:dotenv]\n`);
    const result = await sandbox.run(['scan', '--format', 'json']);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings.map((finding: { file: string; rule: string }) => [finding.file, finding.rule])).toEqual([['deploy/id_rsa', 'forbidden-file:private-key']]);
  });
});

describe('output', () => {
  it('SARIF output validates against the official SARIF 2.1.0 schema', async () => {
    const sandbox = await repository();
    write(sandbox, 'a.js', `const t = "${fakeGithubToken()}";\n`);
    write(sandbox, '.env', 'X=1\n');
    const result = await sandbox.run(['scan', '--format', 'sarif']);
    expect(result.code).toBe(1);
    const log = JSON.parse(result.stdout);
    const require = createRequire(import.meta.url);
    const Ajv = require('ajv-draft-04');
    const schema = require(join(REPO, 'node_modules/@microsoft/sarif-matcher-utils/lib/schemas/sarif-2.1.0-rtm.5.json'));
    const validate = new Ajv({ strict: false, unicodeRegExp: false, validateFormats: false, logger: false }).compile(schema);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.runs[0].results).toHaveLength(2);
    expect(log.runs[0].results[0].locations[0].physicalLocation.region).toEqual({ startLine: 1, startColumn: 1 });
  });
});

describe('the end of a scan', () => {
  // The scan bundle ends its process as soon as the report is written (scan-main.ts), unless
  // output is still queued, as a report many times larger than a pipe holds is: it must arrive
  // whole, from a scan on several threads.
  it('delivers a report larger than a pipe holds, whole, with the exit code', async () => {
    const sandbox = await repository();
    const tokens = Array.from({ length: 1500 }, fakeGithubToken);
    tokens.forEach((token, index) => write(sandbox, `src/module-${index}.js`, `export const token = "${token}";\n`));
    const result = await sandbox.run(['scan', '--format', 'json'], { env: { VAULTFILE_SCAN_THREADS: '2' } });
    expect(result.code).toBe(1);
    expect(result.stdout.length).toBeGreaterThan(256 * 1024);
    const { findings, stats } = JSON.parse(result.stdout);
    expect(findings).toHaveLength(1500);
    expect(new Set(findings.map((finding: { file: string }) => finding.file)).size).toBe(1500);
    expect(stats).toMatchObject({ files: 1501, threads: 2 });
  });
});

describe('the pre-commit hook', () => {
  it('blocks a commit with a secret, lets a clean one through, and --no-verify still works', async () => {
    const sandbox = await repository();
    const installed = await sandbox.ok(['hook', 'install']);
    expect(installed.stdout).toContain('installed');
    expect((await sandbox.ok(['hook', 'status'])).stdout).toContain('blocked a staged decoy secret');
    write(sandbox, 'creds.txt', `token=${fakeGithubToken()}\n`);
    sandbox.git(['add', 'creds.txt']);
    const blocked = commit(sandbox);
    expect(blocked.status).toBe(1);
    expect(`${blocked.stdout}${blocked.stderr}`).toMatch(/creds\.txt:1:7 +\S*github/);
    write(sandbox, 'clean.txt', 'hello\n');
    sandbox.git(['reset', '-q', 'creds.txt']);
    sandbox.git(['add', 'clean.txt']);
    expect(commit(sandbox).status).toBe(0);
    sandbox.git(['add', 'creds.txt']);
    expect(commit(sandbox, '--no-verify').status).toBe(0);
  });

  it('keeps an existing hook (which still runs), respects core.hooksPath, is idempotent and uninstalls cleanly', async () => {
    const sandbox = await repository();
    const hooks = join(sandbox.work, '.githooks');
    mkdirSync(hooks);
    sandbox.git(['config', 'core.hooksPath', '.githooks']);
    const marker = join(sandbox.base, 'old-hook-ran');
    writeFileSync(join(hooks, 'pre-commit'), `#!/bin/sh\ntouch '${marker}'\n`);
    chmodSync(join(hooks, 'pre-commit'), 0o755);
    await sandbox.ok(['hook', 'install']);
    const first = readFileSync(join(hooks, 'pre-commit'), 'utf8');
    const again = await sandbox.ok(['hook', 'install', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ installed: true, chained: true, folder: hooks });
    expect(readFileSync(join(hooks, 'pre-commit'), 'utf8')).toBe(first);
    write(sandbox, 'clean.txt', 'hello\n');
    sandbox.git(['add', 'clean.txt']);
    expect(commit(sandbox).status).toBe(0);
    expect(existsSync(marker)).toBe(true);
    await sandbox.ok(['hook', 'uninstall']);
    expect(readFileSync(join(hooks, 'pre-commit'), 'utf8')).toBe(`#!/bin/sh\ntouch '${marker}'\n`);
    const status = await sandbox.run(['hook', 'status']);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('no vaultfile hook');
  });

  it('hook status reports a hook that does not block', async () => {
    const sandbox = await repository();
    await sandbox.ok(['hook', 'install', '--command', 'true']);
    const status = await sandbox.run(['hook', 'status']);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('did NOT block');
  });
});

describe('this repository', () => {
  it('scans clean: every fake credential in fixtures and tests is covered by .secretsignore', async () => {
    const result = spawnSync(process.execPath, [CLI, 'scan', '--no-vault', '--format', 'json'], { cwd: REPO, encoding: 'utf8' });
    const { findings } = JSON.parse(result.stdout);
    expect(findings).toEqual([]);
    expect(result.status).toBe(0);
  });
});
