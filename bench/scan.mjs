// The leak scanner's benchmarks (steps 7 to 9 of run.mjs): throughput over a
// corpus of real text files next to ripgrep and secretlint, the pre-commit
// hook's latency next to a bare Node start, and the rules' precision and
// recall on the labelled corpus in fixtures/.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BenchError } from './lib/bench-error.mjs';
import { runHyperfine } from './lib/hyperfine.mjs';
import { runInterleaved } from './lib/interleaved.mjs';
import { runProcess } from './lib/processes.mjs';
import { nodeCommand } from './lib/sandbox.mjs';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const TEXT_FILE = /\.(?:[cm]?js|[cm]?ts|json|md|map|txt|ya?ml)$/;
const MAX_CORPUS_FILE_BYTES = 2 * 1024 * 1024;
const SECRETLINT_VERSION = '13';

export const SCAN_SETTINGS = {
  throughput: { warmup: 1, rounds: 20 },
  secretlint: { warmup: 0, runs: 3 },
  staged: { files: 20, warmup: 5, rounds: 40 },
};

export const SCAN_TARGETS = {
  /** Full-tree scan throughput, MB/s. */
  throughputMBps: 150,
  /**
   * ripgrep's throughput on this corpus where the target was set, on 1 and 2 threads (MB/s). The target
   * read as a ratio: how much longer than ripgrep in the same rounds a scan may take, on a machine whose
   * load moves every figure.
   */
  ripgrepMBpsWhenSet: { 'rg -f patterns, 1 thread': 253, 'rg -f patterns, 2 threads': 418 },
  /** `scan --staged` of a 20-file commit, in bare Node starts. */
  stagedOverNodeRatio: 3.0,
};

/**
 * Step 7: this project's node_modules text files copied into a folder in
 * memory where the machine has one (folders named node_modules renamed, so no
 * tool skips them), scanned by
 * vaultfile, by ripgrep with vaultfile's own patterns (those its regex engine
 * accepts), and by secretlint's recommended preset. vaultfile and ripgrep run
 * in interleaved rounds, so that they share the machine's busy minutes.
 * Throughput is the corpus size over the median wall time of the whole
 * command, start-up included.
 */
export async function measureScanThroughput(sandbox, resultsFolder) {
  const corpus = sandbox.memoryFolder('scan-corpus');
  const { files, bytes } = copyCorpus(join(REPO, 'node_modules'), corpus);
  console.log(`corpus: ${files} text files, ${(bytes / 1e6).toFixed(1)} MB`);
  const { credentialRules } = await import(pathToFileURL(sandbox.library).href);
  const patterns = ripgrepPatterns(credentialRules, sandbox.folder('scan-tools'));
  console.log(`ripgrep takes ${patterns.count} of the ${credentialRules.length} rule patterns (the rest use look-behind or back-references)`);
  const vaultfile = (threads) => ({
    name: `vaultfile scan, ${threads} thread${threads === 1 ? '' : 's'}`,
    argv: ['env', `VAULTFILE_SCAN_THREADS=${threads}`, ...nodeCommand(sandbox.cli, 'scan', corpus, '--no-vault', '--no-baseline')],
  });
  const commands = [
    vaultfile(1),
    vaultfile(2),
    { name: 'rg -f patterns, 1 thread', argv: ['rg', '-j1', '-c', '--no-ignore', '--hidden', '-f', patterns.file, corpus] },
    { name: 'rg -f patterns, 2 threads', argv: ['rg', '-j2', '-c', '--no-ignore', '--hidden', '-f', patterns.file, corpus] },
  ];
  // One checked run each: a failure shows its real error, and the file cache is warm for everyone.
  for (const { argv } of commands) await runProcess(argv, { cwd: corpus, env: sandbox.env, okCodes: [0, 1] });
  const figures = await runInterleaved({
    commands,
    ...SCAN_SETTINGS.throughput,
    cwd: corpus,
    env: sandbox.env,
    exportFile: join(resultsFolder, 'interleaved-scan.json'),
    okCodes: [0, 1],
  });
  const secretlint = await measureSecretlint(sandbox, corpus, resultsFolder);
  if (secretlint.figures !== undefined) Object.assign(figures, secretlint.figures);
  const throughput = Object.fromEntries(Object.entries(figures).map(([name, figure]) => [name, bytes / 1e6 / (figure.medianMs / 1000)]));
  return { files, bytes, rulePatternsInRipgrep: patterns.count, rules: credentialRules.length, commands: figures, throughputMBps: throughput, secretlint: secretlint.note };
}

/** secretlint with its recommended preset, installed into the sandbox from npm; skipped (with the reason) when that fails. */
async function measureSecretlint(sandbox, corpus, resultsFolder) {
  const prefix = sandbox.folder('secretlint');
  const install = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--silent', '--prefix', prefix, `secretlint@${SECRETLINT_VERSION}`, `@secretlint/secretlint-rule-preset-recommend@${SECRETLINT_VERSION}`],
    { encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } },
  );
  if (install.status !== 0) {
    const note = `secretlint not measured: npm install failed (${(install.stderr || install.error?.message || '').trim().split('\n')[0]})`;
    console.log(note);
    return { note };
  }
  const version = JSON.parse(readFileSync(join(prefix, 'node_modules', 'secretlint', 'package.json'), 'utf8')).version;
  const config = join(prefix, 'secretlintrc.json');
  writeFileSync(config, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
  const name = `secretlint ${version} (recommended preset)`;
  const argv = nodeCommand(join(prefix, 'node_modules', 'secretlint', 'bin', 'secretlint.js'), '--secretlintrc', config, '--format', 'json', '**/*');
  await runProcess(argv, { cwd: corpus, env: sandbox.env, okCodes: [0, 1] });
  const figures = await runHyperfine({
    commands: [{ name, argv }],
    ...SCAN_SETTINGS.secretlint,
    cwd: corpus,
    env: sandbox.env,
    exportFile: join(resultsFolder, 'hyperfine-secretlint.json'),
    ignoreFailure: true,
  });
  return { figures, note: `${name}, installed from npm into the sandbox, ${SCAN_SETTINGS.secretlint.runs} runs` };
}

/**
 * Step 8: the pre-commit hook's work, a `scan --staged` of a commit of 20
 * files (copies of this project's sources), next to a bare Node start and the
 * `git diff --cached` it runs, in interleaved rounds.
 */
export async function measureStagedScan(sandbox, resultsFolder) {
  const cwd = sandbox.folder('scan-staged');
  const git = (...args) => runProcess(['git', ...args], { cwd, env: { ...sandbox.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.test', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.test' } });
  await git('init', '-q');
  const sources = listFiles(join(REPO, 'src')).filter((file) => file.endsWith('.ts')).sort();
  const step = Math.max(1, Math.floor(sources.length / SCAN_SETTINGS.staged.files));
  const chosen = sources.filter((_, index) => index % step === 0).slice(0, SCAN_SETTINGS.staged.files);
  let bytes = 0;
  for (const [index, file] of chosen.entries()) {
    copyFileSync(file, join(cwd, `file-${index}.ts`));
    bytes += statSync(file).size;
  }
  await git('add', '.');
  const commands = [
    { name: 'node -e 0', argv: nodeCommand('-e', '0') },
    { name: 'vaultfile scan --staged', argv: nodeCommand(sandbox.cli, 'scan', '--staged') },
    { name: 'git diff --cached', argv: ['git', 'diff', '--cached', '--unified=0'] },
  ];
  for (const { argv } of commands) await runProcess(argv, { cwd, env: sandbox.env });
  const figures = await runInterleaved({ commands, ...SCAN_SETTINGS.staged, cwd, env: sandbox.env, exportFile: join(resultsFolder, 'interleaved-staged.json') });
  return { files: chosen.length, bytes, commands: figures, stagedOverNode: figures['vaultfile scan --staged'].medianMs / figures['node -e 0'].medianMs };
}

/**
 * Step 9: the labelled corpus (fixtures/scan/corpus) scanned by the CLI from
 * a copy outside this repository, so .secretsignore does not hide it.
 * Precision and recall over { file, line, rule } against labels.json, which
 * labels contents: findings about a file's name (forbidden-file:…) are
 * counted apart.
 */
export async function measureScanQuality(sandbox) {
  const source = join(REPO, 'fixtures', 'scan', 'corpus');
  const copy = sandbox.folder('scan-quality');
  const labels = JSON.parse(readFileSync(join(source, 'labels.json'), 'utf8'));
  for (const file of listFiles(source)) {
    const path = relative(source, file).split(sep).join('/');
    if (path === 'labels.json') continue;
    mkdirSync(dirname(join(copy, path)), { recursive: true });
    copyFileSync(file, join(copy, path));
  }
  const output = await runProcess(nodeCommand(sandbox.cli, 'scan', '.', '--no-vault', '--no-baseline', '--format', 'json'), { cwd: copy, env: sandbox.env, okCodes: [0, 1] });
  const all = JSON.parse(output.toString('utf8')).findings;
  const findings = all.filter((finding) => !finding.rule.startsWith('forbidden-file'));
  const key = ({ file, line, rule }) => `${file}:${line}:${rule}`;
  const expected = new Set(labels.map(key));
  const found = new Set(findings.map(key));
  const truePositives = [...found].filter((entry) => expected.has(entry)).length;
  if (found.size === 0) throw new BenchError('the scanner found nothing in the labelled corpus', { hint: 'run vaultfile scan on fixtures/scan/corpus by hand' });
  return {
    files: listFiles(copy).length,
    labelled: expected.size,
    found: found.size,
    precision: truePositives / found.size,
    recall: truePositives / expected.size,
    forbiddenFileFindings: all.length - findings.length,
    falsePositives: [...found].filter((entry) => !expected.has(entry)),
    missed: [...expected].filter((entry) => !found.has(entry)),
  };
}

/** Copies text files under `from` (up to 2 MB each) to `to`; folders named node_modules become nm. */
function copyCorpus(from, to) {
  let files = 0;
  let bytes = 0;
  for (const file of listFiles(from)) {
    const name = file.slice(file.lastIndexOf(sep) + 1);
    if (!TEXT_FILE.test(name)) continue;
    const size = statSync(file).size;
    if (size > MAX_CORPUS_FILE_BYTES) continue;
    const target = join(to, relative(from, file).split(sep).map((part) => (part === 'node_modules' ? 'nm' : part)).join(sep));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
    files++;
    bytes += size;
  }
  if (files === 0) throw new BenchError(`no text files under ${from}`, { hint: 'run npm install first' });
  return { files, bytes };
}

/**
 * The rules' patterns that ripgrep's default engine accepts, one per line in
 * a file. Each gets `(?-u)`: vaultfile compiles its patterns without the `u`
 * flag, so `\b`, `\w` and `\s` mean ASCII there, and they must here too. In
 * Unicode mode ripgrep gives up its DFA on `\b` and took 37 s over this corpus.
 */
function ripgrepPatterns(rules, folder) {
  const empty = join(folder, 'empty.txt');
  writeFileSync(empty, '');
  const accepted = [];
  for (const rule of rules) {
    const pattern = `(?-u)${rule.ignoreCase ? '(?i)' : ''}${rule.pattern}`;
    // rg exits 1 for "no match" and 2 when the pattern does not compile.
    if (spawnSync('rg', ['-e', pattern, empty]).status === 1) accepted.push(pattern);
  }
  const file = join(folder, 'patterns.txt');
  writeFileSync(file, `${accepted.join('\n')}\n`);
  return { file, count: accepted.length };
}

function listFiles(folder) {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}
