// `npm run demo`: the main job end to end on a throwaway vault in a temporary
// folder, printing each command and what it printed. Touches nothing outside
// that folder: HOME, the identity and the caches all live inside it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/bin.cjs', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'vaultfile-demo-'));
const home = join(root, 'home');
const repo = join(root, 'repo');
mkdirSync(home);
mkdirSync(repo);
const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache') };
for (const name of Object.keys(env)) if (name.startsWith('VAULTFILE_')) delete env[name];

/** Runs a command in the demo repository, echoing it and its output. */
function step(title, command, args, { input, expectCode = 0, show = true } = {}) {
  console.log(`\n# ${title}`);
  console.log(`$ ${[command === process.execPath ? 'vaultfile' : command, ...(command === process.execPath ? args.slice(1) : args)].join(' ')}${input === undefined ? '' : '   (value piped on stdin)'}`);
  const result = spawnSync(command, args, { cwd: repo, env, input, encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`.trimEnd();
  if (show && output) console.log(output.replace(/^/gm, '  '));
  if (result.status !== expectCode) {
    console.error(`demo failed: expected exit ${expectCode}, got ${result.status}`);
    process.exit(1);
  }
  if (expectCode !== 0) console.log(`  (exit ${result.status}, as expected)`);
  return result;
}
const vaultfile = (title, args, options) => step(title, process.execPath, [cli, ...args], options);

try {
  console.log(`vaultfile demo in ${repo} (removed at the end)`);
  step('a git repository to keep the vault in', 'git', ['init', '-q', '-b', 'main']);
  step('git needs a name for commits', 'git', ['config', 'user.name', 'Demo User']);
  step('and an email', 'git', ['config', 'user.email', 'demo@example.test']);
  vaultfile('create the vault: config, vault folder, and an identity for you', ['init', '--name', 'demo']);
  vaultfile('store a secret from standard input', ['set', 'prod/db/password', '--meta', 'owner=dba', '--expires', '2027-06-30'], { input: 'SecurePassword123!' });
  vaultfile('store a generated secret (the value is never printed)', ['set', 'prod/api/key', '--generate', 'base64:32']);
  vaultfile('read one back (bare value, for scripts)', ['get', 'prod/db/password']);
  vaultfile('list what is stored (metadata only, no key needed)', ['list', '--long']);
  step('what git sees: metadata in clear, the value as ciphertext', 'cat', [join('secrets', 'prod', 'db', 'password.secret')]);
  vaultfile('setting the same value again changes nothing', ['set', 'prod/db/password', '--meta', 'owner=dba', '--expires', '2027-06-30'], { input: 'SecurePassword123!' });
  vaultfile('a new value is a new version, committed on its own', ['set', 'prod/db/password', '--meta', 'owner=dba', '--expires', '2027-06-30'], { input: 'EvenMoreSecure456!' });
  step('the commits name action, path and version, never the value', 'git', ['log', '--format=%h %s']);
  vaultfile('every version of the secret, from git', ['history', 'prod/db/password']);
  vaultfile('an older value is still there', ['get', 'prod/db/password', '--version', '1']);
  vaultfile('what changed between versions: metadata in clear, the value as a fingerprint', ['diff', 'prod/db/password']);
  vaultfile('delete is soft: restorable for 30 days', ['delete', 'prod/api/key']);
  vaultfile('and restore brings it back', ['restore', 'prod/api/key']);
  vaultfile('start a program with the secrets below prod/db in its environment (prod/db/password is PASSWORD)', [
    'run',
    '--prefix',
    'prod/db',
    '--',
    'node',
    '-e',
    "console.log('the program sees PASSWORD, ' + process.env.PASSWORD.length + ' characters long')",
  ]);
  const file = join(repo, 'secrets', 'prod', 'db', 'password.secret');
  const original = readFileSync(file, 'utf8');
  writeFileSync(file, original.replace(/^version: (\d+)$/m, (_line, version) => `version: ${Number(version) + 1}`));
  vaultfile('someone edits the version line by hand: tampering is detected', ['get', 'prod/db/password'], { expectCode: 5 });
  writeFileSync(file, original);
  writeFileSync(join(repo, 'ops-notes.md'), '# ops notes\nThe admin login for the db is EvenMoreSecure456! for now.\n');
  step('someone pastes the real password into their notes and stages them', 'git', ['add', 'ops-notes.md']);
  vaultfile('the scanner knows the vault\'s values, so the pre-commit scan blocks it (no pattern would)', ['scan', '--staged'], { expectCode: 1 });
  step('unstage and delete them', 'git', ['rm', '-q', '--cached', '-f', 'ops-notes.md']);
  vaultfile('check everything: config, identity, keyrings, every file', ['doctor']);
  vaultfile('your public recipient, to share with teammates', ['identity']);
  console.log('\ndemo finished: every step behaved as expected');
} finally {
  rmSync(root, { recursive: true, force: true });
}
