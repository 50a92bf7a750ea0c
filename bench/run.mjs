// vaultfile's benchmarks. `npm run bench` builds dist/ first, then runs this.
// What each step measures and how to read the figures: bench/README.md.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BenchError, reportBenchError } from './lib/bench-error.mjs';
import { runHyperfine } from './lib/hyperfine.mjs';
import { runInterleaved } from './lib/interleaved.mjs';
import { runProcess, stopRunningProcesses, stopSignal } from './lib/processes.mjs';
import { checkTools, createSandbox, nodeCommand, SLOW_START_VARIABLE } from './lib/sandbox.mjs';
import { median, percentile } from './lib/statistics.mjs';
import { formatDuration, formatRatio, formatTable, writeResults } from './lib/summary.mjs';
import { randomSecretValue, secretPathFor } from './lib/workload.mjs';
import { measureScanQuality, measureScanThroughput, measureStagedScan, SCAN_SETTINGS, SCAN_TARGETS } from './scan.mjs';
import { installDotenvx, writePlainEnvFile } from './lib/dotenvx.mjs';

const DIST = fileURLToPath(new URL('../dist', import.meta.url));
const PROBE = fileURLToPath(new URL('library-probe.mjs', import.meta.url));
const RESULTS_FOLDER = fileURLToPath(new URL('results', import.meta.url));

/** How much to measure; results/latest.json records these next to the figures. */
const SETTINGS = {
  get: { warmup: 5, rounds: 40 },
  breakdownRepeats: 15,
  list: { secrets: 10_000, warmup: 2, runs: 10 },
  set: { librarySecrets: 1_000, cliSecrets: 1_000 },
  history: { commits: 5_000, versions: 50, warmup: 2, runs: 10 },
  team: { additions: 5, removals: 3 },
  scan: SCAN_SETTINGS,
};

/** Goals the figures are checked against. */
const TARGETS = {
  /** `vaultfile get` may cost at most this many bare Node starts. */
  getOverNodeRatio: 3.5,
  /** `vaultfile list` over 10,000 secrets. */
  listMs: 1000,
  /** `vaultfile history` of one secret in a repository of 5,000 commits. */
  historyMs: 1000,
  /** `member add` and `member remove` in a group of 10,000 secrets. */
  memberAddMs: 500,
  memberRemoveMs: 5000,
  scan: SCAN_TARGETS,
};

/** Overrides SETTINGS.set.cliSecrets for a quicker run: 1,000 CLI processes take over three minutes here. */
const CLI_SETS_VARIABLE = 'BENCH_CLI_SETS';

const SECRET_PATH = 'bench/db/password';
const WARM_NOTE =
  'warm: every command ran once before measuring and hyperfine adds its warmup runs, ' +
  'so the config cache (XDG_CACHE_HOME) and the OS file cache are warm';

async function main() {
  const benchStart = performance.now();
  // Load before and after says how noisy the run was; ratios are only as good as that.
  const machine = describeMachine();
  const settings = { ...SETTINGS, set: { ...SETTINGS.set, cliSecrets: cliSetCount(SETTINGS.set.cliSecrets) } };
  const tools = checkTools();
  requireBuild();
  mkdirSync(RESULTS_FOLDER, { recursive: true }); // hyperfine writes its exports there
  const sandbox = await createSandbox({ distFolder: DIST });
  // Ctrl-C or a timeout stops the running child; the finally below then removes the sandbox.
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, stopRunningProcesses);
  try {
    heading(`1. throwaway vault in ${sandbox.root}`);
    const getVault = await prepareGetVault(sandbox);
    heading('2. get latency');
    const get = await measureGetLatency(sandbox, getVault);
    heading("3. where get's time goes");
    const breakdown = await measureGetBreakdown(sandbox, getVault, get);
    heading(`4. list over ${settings.list.secrets.toLocaleString('en')} secrets`);
    const list = await measureList(sandbox, settings.list);
    heading(`4b. member add and remove in a group of ${settings.list.secrets.toLocaleString('en')} secrets`);
    const team = await measureTeam(sandbox, list.cwd, settings.team);
    heading(`5. set of ${settings.set.librarySecrets.toLocaleString('en')} secrets`);
    const set = await measureSet(sandbox, settings.set);
    heading(`6. history of one secret in a repository of ${settings.history.commits.toLocaleString('en')} commits`);
    const history = await measureHistory(sandbox, settings.history);
    heading('7. leak scanner throughput: vaultfile, ripgrep and secretlint on one corpus');
    const scanThroughput = await measureScanThroughput(sandbox, RESULTS_FOLDER);
    heading('8. pre-commit hook: scan --staged of a 20-file commit');
    const scanStaged = await measureStagedScan(sandbox, RESULTS_FOLDER);
    heading('9. precision and recall on the labelled corpus');
    const scanQuality = await measureScanQuality(sandbox);
    heading(`10. run with ${RUN_SETTINGS.secrets} secrets, against dotenvx run`);
    const run = await measureRun(sandbox);

    const results = {
      generatedAt: new Date().toISOString(),
      durationSeconds: (performance.now() - benchStart) / 1000,
      machine: { ...machine, loadAverageAtEnd: os.loadavg() },
      tools,
      settings,
      targets: TARGETS,
      notes: [
        `${SLOW_START_VARIABLE} unset for every Node command (env -u)`,
        WARM_NOTE,
        'the CLI and library ran from a copy of dist/ in the sandbox, so a concurrent rebuild cannot break a run',
      ],
      get,
      breakdown,
      list,
      set,
      history,
      team,
      scan: { throughput: scanThroughput, staged: scanStaged, quality: scanQuality },
      run,
    };
    const resultsFile = join(RESULTS_FOLDER, 'latest.json');
    writeResults(resultsFile, results);
    printSummary(results, resultsFile);
  } finally {
    sandbox.remove();
  }
}

function cliSetCount(defaultCount) {
  const text = process.env[CLI_SETS_VARIABLE];
  if (text === undefined || text === '') return defaultCount;
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1) {
    throw new BenchError(`${CLI_SETS_VARIABLE}=${JSON.stringify(text)} is not a positive whole number`, { hint: `for example ${CLI_SETS_VARIABLE}=100 npm run bench` });
  }
  return count;
}

function requireBuild() {
  for (const file of [join(DIST, 'cli.js'), join(DIST, 'index.js')]) {
    if (!existsSync(file)) throw new BenchError(`${file} does not exist`, { hint: 'run "npm run bench", which builds first, or "npm run build"' });
  }
}

/** Step 1: a vault holding one small secret, and `small.age` encrypted to the same identity with age itself. */
async function prepareGetVault(sandbox) {
  const cwd = sandbox.folder('vault-get');
  await createVault(sandbox, cwd);
  await runVaultfile(sandbox, cwd, ['set', SECRET_PATH], { input: randomSecretValue() });
  const recipient = (await runProcess(['age-keygen', '-y', sandbox.identityFile])).toString('utf8').trim();
  const smallAge = join(cwd, 'small.age');
  await runProcess(['age', '-r', recipient, '-o', smallAge], { input: randomSecretValue() });
  console.log(`vault with ${SECRET_PATH}, and small.age for recipient ${recipient}`);
  return { cwd, smallAge };
}

/** Step 2: a bare Node start, `vaultfile get` and `age -d`, in interleaved rounds (the ratio to `node -e 0` is the target). */
async function measureGetLatency(sandbox, vault) {
  const commands = [
    { name: 'node -e 0', argv: nodeCommand('-e', '0') },
    { name: 'vaultfile get', argv: nodeCommand(sandbox.cli, 'get', SECRET_PATH) },
    { name: 'age -d', argv: ['age', '-d', '-i', sandbox.identityFile, vault.smallAge] },
  ];
  // One checked run each first: a failure shows its real error, which the
  // rounds would not (they discard output), and the get fills the config cache.
  for (const { argv } of commands) await runProcess(argv, { cwd: vault.cwd, env: sandbox.vaultEnv });
  const figures = await runInterleaved({
    commands,
    ...SETTINGS.get,
    cwd: vault.cwd,
    env: sandbox.vaultEnv,
    exportFile: join(RESULTS_FOLDER, 'interleaved-get.json'),
  });
  const node = figures['node -e 0'].medianMs;
  const get = figures['vaultfile get'].medianMs;
  const age = figures['age -d'].medianMs;
  return { commands: figures, getOverNode: get / node, getOverAge: get / age, getMinusNodeMs: get - node };
}

/**
 * Step 3: cold runs of library-probe.mjs, each importing dist/index.js,
 * opening the vault and calling get twice. Medians per phase; node bootstrap
 * comes from step 2's `node -e 0`, measured the same way as the CLI.
 */
async function measureGetBreakdown(sandbox, vault, get) {
  const options = { ...libraryOptions(sandbox, vault.cwd), path: SECRET_PATH };
  const samples = [];
  for (let run = 0; run < SETTINGS.breakdownRepeats; run++) samples.push(await runProbe(sandbox, vault.cwd, 'breakdown', options));
  const phase = (name) => median(samples.map((sample) => sample[name]));
  const breakdown = {
    repeats: samples.length,
    nodeBootstrapMs: get.commands['node -e 0'].medianMs,
    processStartToScriptMs: phase('processStartToScriptMs'),
    moduleLoadMs: phase('moduleLoadMs'),
    openVaultMs: phase('openVaultMs'),
    getMs: phase('getMs'),
    repeatGetMs: phase('repeatGetMs'),
  };
  // The first get pays for the keyring (age decryption, loading age code); the repeat does not.
  breakdown.keyringUnwrapMs = breakdown.getMs - breakdown.repeatGetMs;
  breakdown.accountedMs = breakdown.nodeBootstrapMs + breakdown.moduleLoadMs + breakdown.openVaultMs + breakdown.getMs;
  breakdown.cliGetMs = get.commands['vaultfile get'].medianMs;
  console.log(`${samples.length} cold probe runs done`);
  return breakdown;
}

/** Step 4: secrets written by one library process, then `list` and `list --json` through the CLI. */
async function measureList(sandbox, { secrets, warmup, runs }) {
  const cwd = sandbox.folder('vault-list');
  await createVault(sandbox, cwd);
  console.log(`writing ${secrets} secrets through the library…`);
  const creation = await runProbe(sandbox, cwd, 'set-many', { ...libraryOptions(sandbox, cwd), prefix: 'svc', count: secrets });
  console.log(`written in ${formatDuration(creation.totalMs)}`);
  // Also the warm run before measuring. Only the count is read; a listing holds no values anyway.
  const listed = JSON.parse((await runVaultfile(sandbox, cwd, ['list', '--json'])).toString('utf8'));
  if (listed.secrets.length !== secrets) throw new BenchError(`vaultfile list --json shows ${listed.secrets.length} secrets, expected ${secrets}`);
  const figures = await runHyperfine({
    commands: [
      { name: 'vaultfile list', argv: nodeCommand(sandbox.cli, 'list') },
      { name: 'vaultfile list --json', argv: nodeCommand(sandbox.cli, 'list', '--json') },
    ],
    warmup,
    runs,
    cwd,
    env: sandbox.vaultEnv,
    exportFile: join(RESULTS_FOLDER, 'hyperfine-list.json'),
  });
  return { cwd, secrets, creation, commands: figures };
}

/**
 * Step 4b, on step 4's vault: `member add` (only .secretsrc and the keyring
 * may change) and `member remove` (a new key epoch, every secret
 * re-encrypted), one CLI process each, timed from spawn to exit. Then the
 * same change the per-file public-key way: 10,000 age files encrypted again
 * to every recipient with age-encryption.
 */
async function measureTeam(sandbox, cwd, { additions, removals }) {
  const members = [];
  for (let index = 0; index < additions; index++) {
    const keyFile = join(sandbox.folder('team-keys'), `member-${index}.txt`);
    await runProcess(['age-keygen', '-o', keyFile]);
    members.push({ name: `member-${index}`, recipient: (await runProcess(['age-keygen', '-y', keyFile])).toString('utf8').trim() });
  }
  const before = secretFilesDigest(cwd);
  const addMs = [];
  for (const { name, recipient } of members) addMs.push(await timed(() => runVaultfile(sandbox, cwd, ['member', 'add', name, recipient, '--group', 'default'])));
  if (secretFilesDigest(cwd) !== before) throw new BenchError('member add changed a secret file');
  const own = (await runProcess(['age-keygen', '-y', sandbox.identityFile])).toString('utf8').trim();
  const recipients = [own, ...members.map((member) => member.recipient)];
  const removeMs = [];
  for (const { name } of members.slice(0, removals)) removeMs.push(await timed(() => runVaultfile(sandbox, cwd, ['member', 'remove', name])));
  if (secretFilesDigest(cwd) === before) throw new BenchError('member remove re-encrypted nothing');
  console.log(`member add: ${addMs.map((ms) => formatDuration(ms)).join(', ')}; member remove: ${removeMs.map((ms) => formatDuration(ms)).join(', ')}`);
  const ageWrap = await runProbe(sandbox, cwd, 'age-wrap', { count: SETTINGS.list.secrets, recipients });
  console.log(`age-encryption, ${ageWrap.count} files to ${ageWrap.recipients} recipients: ${formatDuration(ageWrap.totalMs)}`);
  return { secrets: SETTINGS.list.secrets, memberAddMedianMs: median(addMs), memberRemoveMedianMs: median(removeMs), addMs, removeMs, ageWrap };
}

async function timed(work) {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** One digest over every secret file's path and bytes, to prove a command left them alone. */
function secretFilesDigest(cwd) {
  const hash = createHash('sha256');
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.secret')) hash.update(full).update(readFileSync(full));
    }
  };
  walk(join(cwd, 'secrets'));
  return hash.digest('hex');
}

/** Step 5: new secrets through one library process, then through one CLI process each, in a vault of their own. */
async function measureSet(sandbox, { librarySecrets, cliSecrets }) {
  const cwd = sandbox.folder('vault-set');
  await createVault(sandbox, cwd);
  const library = await runProbe(sandbox, cwd, 'set-many', { ...libraryOptions(sandbox, cwd), prefix: 'lib', count: librarySecrets });
  console.log(`library: ${librarySecrets} secrets in ${formatDuration(library.totalMs)}`);
  const cli = await measureCliSets(sandbox, cwd, cliSecrets);
  return { library, cli };
}

/**
 * `count` sequential `vaultfile set PATH` processes, value on standard input.
 * Every call is timed on its own (spawn to exit, as a shell loop sees it),
 * and the loop as a whole.
 */
async function measureCliSets(sandbox, cwd, count) {
  const values = Array.from({ length: count }, randomSecretValue);
  const callMs = [];
  const loopStart = performance.now();
  for (let index = 0; index < count; index++) {
    const callStart = performance.now();
    await runVaultfile(sandbox, cwd, ['set', secretPathFor('cli', index)], { input: values[index] });
    callMs.push(performance.now() - callStart);
    if ((index + 1) % 100 === 0) console.log(`cli: ${index + 1}/${count} set calls, ${formatDuration(performance.now() - loopStart)} so far`);
  }
  const totalMs = performance.now() - loopStart;
  return { count, totalMs, perCallMedianMs: median(callMs), perCallP90Ms: percentile(callMs, 0.9), perCallMinMs: Math.min(...callMs) };
}

/**
 * Step 6: a repository of `commits` commits (git fast-import) in which one
 * secret changes `versions` times, spread evenly; the rest touch other files.
 * Then `vaultfile history` of that secret and a get of its oldest version.
 */
async function measureHistory(sandbox, { commits, versions, warmup, runs }) {
  const cwd = sandbox.folder('vault-history');
  await createVault(sandbox, cwd);
  const path = 'bench/history/secret';
  const { texts } = await runProbe(sandbox, cwd, 'versions', { ...libraryOptions(sandbox, cwd), path, count: versions });
  const gitEnv = { ...sandbox.env, GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.test', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.test' };
  await runProcess(['git', 'init', '-q', '-b', 'main'], { cwd, env: gitEnv });
  await runProcess(['git', 'fast-import', '--quiet'], { cwd, env: gitEnv, input: fastImportStream(cwd, path, texts, commits) });
  await runProcess(['git', 'reset', '-q', '--hard', 'main'], { cwd, env: gitEnv });
  const listed = JSON.parse((await runVaultfile(sandbox, cwd, ['history', path, '--json'])).toString('utf8'));
  if (listed.versions.length !== versions) throw new BenchError(`history shows ${listed.versions.length} versions, expected ${versions}`);
  await runVaultfile(sandbox, cwd, ['get', path, '--version', '1']);
  console.log(`${commits} commits, ${versions} of them changing ${path}`);
  const figures = await runHyperfine({
    commands: [
      { name: 'vaultfile history', argv: nodeCommand(sandbox.cli, 'history', path) },
      { name: 'vaultfile get --version 1', argv: nodeCommand(sandbox.cli, 'get', path, '--version', '1') },
    ],
    warmup,
    runs,
    cwd,
    env: sandbox.vaultEnv,
    exportFile: join(RESULTS_FOLDER, 'hyperfine-history.json'),
  });
  return { commits, versions, commands: figures };
}

/** A git fast-import stream: the vault's setup, then `commits` commits, every n-th one a new version of the secret. */
function fastImportStream(cwd, path, texts, commits) {
  const parts = [];
  const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const setup = ['.secretsrc', 'secrets/.gitignore', 'secrets/.keyrings/default.age'];
  const every = Math.floor(commits / texts.length);
  const secretFile = `secrets/${path}.secret`;
  for (let index = 0; index < commits; index++) {
    const lines = [`commit refs/heads/main`, `committer Bench <bench@example.test> ${1_700_000_000 + index} +0000`, data(`commit ${index}`).trimEnd()];
    if (index === 0) for (const file of setup) lines.push(`M 100644 inline ${file}`, data(readFileSync(join(cwd, file), 'utf8')).trimEnd());
    lines.push(`M 100644 inline noise/file-${index % 200}.txt`, data(`noise ${index}\n`).trimEnd());
    const version = Math.floor(index / every);
    if (index % every === every - 1 && version < texts.length) lines.push(`M 100644 inline ${secretFile}`, data(texts[version]).trimEnd());
    parts.push(`${lines.join('\n')}\n\n`);
  }
  return parts.join('');
}

function createVault(sandbox, cwd) {
  // The first init creates the identity at the sandbox's default path; later ones reuse it.
  return runProcess(nodeCommand(sandbox.cli, 'init', '--name', 'bench'), { cwd, env: sandbox.env, what: 'vaultfile init' });
}

function runVaultfile(sandbox, cwd, args, { input } = {}) {
  return runProcess(nodeCommand(sandbox.cli, ...args), { cwd, env: sandbox.vaultEnv, input, what: `vaultfile ${args.join(' ')}` });
}

function libraryOptions(sandbox, cwd) {
  return { library: pathToFileURL(sandbox.library).href, cwd, identityFile: sandbox.identityFile };
}

async function runProbe(sandbox, cwd, task, options) {
  const output = await runProcess(nodeCommand(PROBE, task, JSON.stringify(options)), { cwd, env: sandbox.vaultEnv, what: `library-probe ${task}` });
  return JSON.parse(output.toString('utf8'));
}

function describeMachine() {
  const cpus = os.cpus();
  return { node: process.version, platform: `${os.platform()} ${os.release()}`, cpus: cpus.length, cpuModel: cpus[0]?.model, loadAverageAtStart: os.loadavg() };
}

function heading(text) {
  console.log(`\n== ${text}`);
}

function printSummary(results, resultsFile) {
  const { get, breakdown, list, set, history, team, scan } = results;
  const ms = formatDuration;
  const perItem = (value, unit) => `${value.toFixed(2)} ms/${unit}`;
  const rows = [
    ['get', 'node -e 0', ms(get.commands['node -e 0'].medianMs), 'bare Node start, the floor for any Node CLI'],
    ['get', 'vaultfile get', ms(get.commands['vaultfile get'].medianMs), `${formatRatio(get.getOverNode, TARGETS.getOverNodeRatio)} node -e 0, +${ms(get.getMinusNodeMs)}`],
    ['get', 'age -d', ms(get.commands['age -d'].medianMs), `vaultfile get is ${formatRatio(get.getOverAge)} age -d`],
    ['breakdown', 'node bootstrap', ms(breakdown.nodeBootstrapMs), 'node -e 0 median (step 2)'],
    ['breakdown', 'load dist/index.js', ms(breakdown.moduleLoadMs), 'whole library; the CLI get path loads less'],
    ['breakdown', 'openVault', ms(breakdown.openVaultMs), 'find .secretsrc, config (cached parse)'],
    ['breakdown', 'first get', ms(breakdown.getMs), `includes keyring unwrap ≈ ${ms(breakdown.keyringUnwrapMs)}`],
    ['breakdown', 'repeat get', ms(breakdown.repeatGetMs), 'keyring already open'],
    ['breakdown', 'sum of phases', ms(breakdown.accountedMs), `vs vaultfile get ${ms(breakdown.cliGetMs)} (rest: CLI parse, output, exit)`],
    ['list', `create ${list.secrets} (library)`, ms(list.creation.totalMs), `${perItem(list.creation.perSecretMs, 'secret')}: set of ${list.secrets} via the library`],
    ['list', 'vaultfile list', ms(list.commands['vaultfile list'].medianMs), listTarget(list.commands['vaultfile list'].medianMs)],
    ['list', 'vaultfile list --json', ms(list.commands['vaultfile list --json'].medianMs), listTarget(list.commands['vaultfile list --json'].medianMs)],
    ['team', 'member add', ms(team.memberAddMedianMs), `${team.secrets} secrets, no secret file changed [target ≤ ${TARGETS.memberAddMs} ms: ${team.memberAddMedianMs <= TARGETS.memberAddMs ? 'met' : 'MISSED'}]`],
    ['team', 'member remove', ms(team.memberRemoveMedianMs), `new epoch, ${team.secrets} re-encrypted [target ≤ ${TARGETS.memberRemoveMs} ms: ${team.memberRemoveMedianMs <= TARGETS.memberRemoveMs ? 'met' : 'MISSED'}]`],
    ['team', 'age re-wrap (per file)', ms(team.ageWrap.totalMs), `${team.ageWrap.count} age files to ${team.ageWrap.recipients} recipients; remove is ${formatRatio(team.ageWrap.totalMs / team.memberRemoveMedianMs)} faster`],
    ['set', `${set.library.count} via library`, ms(set.library.totalMs), perItem(set.library.perSecretMs, 'secret')],
    ['set', `${set.cli.count} via CLI`, ms(set.cli.totalMs), `${perItem(set.cli.perCallMedianMs, 'call')} median, p90 ${ms(set.cli.perCallP90Ms)}`],
    ['history', 'vaultfile history', ms(history.commands['vaultfile history'].medianMs), `${history.versions} versions in ${history.commits} commits ${historyTarget(history.commands['vaultfile history'].medianMs)}`],
    ['history', 'get --version 1', ms(history.commands['vaultfile get --version 1'].medianMs), 'the oldest version, with the keyring of its commit'],
    ...scanRows(scan),
    ...runSummaryRows(results.run),
  ];
  heading('summary (medians)');
  console.log(formatTable(['step', 'measure', 'time', 'notes'], rows));
  const load = (averages) => averages.map((average) => average.toFixed(2)).join(' ');
  console.log(`\n${SLOW_START_VARIABLE} unset for every Node command; ${WARM_NOTE}.`);
  console.log(`machine: ${results.machine.cpus} CPUs, load ${load(results.machine.loadAverageAtStart)} at start, ${load(results.machine.loadAverageAtEnd)} at end; node ${results.machine.node}`);
  console.log(`bench took ${formatDuration(results.durationSeconds * 1000)}; figures in ${resultsFile}`);
}

function scanRows({ throughput, staged, quality }) {
  const { commands, throughputMBps, bytes } = throughput;
  const best = Math.max(...Object.entries(throughputMBps).filter(([name]) => name.startsWith('vaultfile')).map(([, value]) => value));
  const target = TARGETS.scan.throughputMBps;
  const rows = Object.entries(commands).map(([name, figure]) => [
    'scan',
    name,
    formatDuration(figure.medianMs),
    `${throughputMBps[name].toFixed(1)} MB/s over ${(bytes / 1e6).toFixed(1)} MB${name.startsWith('vaultfile scan, 2') ? ` [target ≥ ${target} MB/s: ${best >= target ? 'met' : 'MISSED'}]` : ''}`,
  ]);
  const scanMs = commands['vaultfile scan, 2 threads'].medianMs;
  const ratios = Object.entries(TARGETS.scan.ripgrepMBpsWhenSet).map(([name, ripgrepMBps]) => {
    const allowed = ripgrepMBps / target;
    return { ratio: scanMs / commands[name].medianMs, allowed };
  });
  rows.push([
    'scan',
    'vaultfile ÷ rg, 1 / 2 threads',
    ratios.map(({ ratio }) => `${ratio.toFixed(2)}×`).join(' / '),
    `the target as a ratio: ${target} MB/s where rg made ${Object.values(TARGETS.scan.ripgrepMBpsWhenSet).join(' / ')} is ${ratios
      .map(({ allowed }) => `≤ ${allowed.toFixed(2)}×`)
      .join(' / ')} [${ratios.map(({ ratio, allowed }) => (ratio <= allowed ? 'met' : 'MISSED')).join(' / ')}]`,
  ]);
  const stagedMs = staged.commands['vaultfile scan --staged'].medianMs;
  rows.push(
    ['staged', 'node -e 0', formatDuration(staged.commands['node -e 0'].medianMs), 'bare Node start'],
    ['staged', 'vaultfile scan --staged', formatDuration(stagedMs), `${staged.files} files; ${formatRatio(staged.stagedOverNode, TARGETS.scan.stagedOverNodeRatio)} node -e 0`],
    ['staged', 'git diff --cached', formatDuration(staged.commands['git diff --cached'].medianMs), 'what the hook asks git for'],
    ['quality', 'precision / recall', `${quality.precision.toFixed(3)} / ${quality.recall.toFixed(3)}`, `${quality.labelled} labelled secrets in ${quality.files} files, ${quality.found} findings`],
  );
  return rows;
}

function historyTarget(medianMs) {
  return `[target ≤ ${TARGETS.historyMs} ms: ${medianMs <= TARGETS.historyMs ? 'met' : 'MISSED'}]`;
}

function listTarget(medianMs) {
  return `[target ≤ ${TARGETS.listMs} ms: ${medianMs <= TARGETS.listMs ? 'met' : 'MISSED'}]`;
}

// ---------------------------------------------------------------------------
// Step 10: `vaultfile run`. Self-contained: its settings, target,
// measurement and summary rows live here.

const RUN_SETTINGS = { secrets: 50, warmup: 3, rounds: 30, prefix: 'bench/run' };
/** `vaultfile run`'s overhead (its wall time minus the bare command's) may cost at most this many bare Node starts, as get may. */
const RUN_OVERHEAD_OVER_NODE_RATIO = 3.5;

/**
 * `node -e 0` bare, through `vaultfile run` with 50 secrets, and through
 * `dotenvx run` on an encrypted .env holding the same 50 values, in
 * interleaved rounds. Both runners are checked first: the child prints a
 * digest of the variables it received, which must match the values written.
 */
async function measureRun(sandbox) {
  const { secrets, warmup, rounds, prefix } = RUN_SETTINGS;
  const cwd = sandbox.folder('vault-run');
  await createVault(sandbox, cwd);
  const names = Array.from({ length: secrets }, (_, index) => `KEY_${String(index).padStart(2, '0')}`);
  const values = names.map(() => randomSecretValue().toString('utf8'));
  // The same random values for both tools: vaultfile imports the .env, then dotenvx encrypts it in place.
  writePlainEnvFile(join(cwd, '.env'), names, values);
  await runVaultfile(sandbox, cwd, ['import', '.env', '--prefix', prefix]);
  const digest = createHash('sha256').update(names.map((name, index) => `${name}=${values[index]}\n`).join('')).digest('hex');
  // Prints only a digest of the variables, never a value.
  const check = `const h=require('crypto').createHash('sha256');for(const n of ${JSON.stringify(names)})h.update(n+'='+process.env[n]+'\\n');process.stdout.write(h.digest('hex'))`;
  const expectDigest = async (what, argv) => {
    const printed = (await runProcess(argv, { cwd, env: sandbox.vaultEnv, what })).toString('utf8').match(/\b[0-9a-f]{64}\b/)?.[0];
    if (printed !== digest) throw new BenchError(`${what} did not pass the ${secrets} values to its command`);
  };
  const commands = [
    { name: 'node -e 0', argv: nodeCommand('-e', '0') },
    { name: 'vaultfile run', argv: nodeCommand(sandbox.cli, 'run', '--prefix', prefix, '--', process.execPath, '-e', '0') },
  ];
  await expectDigest('vaultfile run', nodeCommand(sandbox.cli, 'run', '--prefix', prefix, '--', process.execPath, '-e', check));
  let dotenvx;
  try {
    dotenvx = await installDotenvx(sandbox.folder('dotenvx'));
  } catch (error) {
    if (stopSignal() !== undefined) throw error;
    console.log(`dotenvx could not be installed, so it is left out: ${error.message}`);
  }
  if (dotenvx !== undefined) {
    await runProcess(nodeCommand(dotenvx.cli, 'encrypt', '-f', '.env'), { cwd, env: sandbox.env, what: 'dotenvx encrypt' });
    if (readFileSync(join(cwd, '.env'), 'utf8').includes(values[0])) throw new BenchError('dotenvx encrypt left the .env in plaintext');
    await expectDigest('dotenvx run', nodeCommand(dotenvx.cli, 'run', '-f', '.env', '--', process.execPath, '-e', check));
    commands.push({ name: 'dotenvx run', argv: nodeCommand(dotenvx.cli, 'run', '-f', '.env', '--', process.execPath, '-e', '0') });
    console.log(`dotenvx ${dotenvx.version}: .env with the same ${secrets} values, encrypted`);
  }
  const figures = await runInterleaved({ commands, warmup, rounds, cwd, env: sandbox.vaultEnv, exportFile: join(RESULTS_FOLDER, 'interleaved-run.json') });
  const node = figures['node -e 0'].medianMs;
  const run = figures['vaultfile run'].medianMs;
  const result = { secrets, commands: figures, runMinusNodeMs: run - node, runOverheadOverNode: (run - node) / node, target: RUN_OVERHEAD_OVER_NODE_RATIO };
  if (dotenvx !== undefined) Object.assign(result, { dotenvxVersion: dotenvx.version, dotenvxMinusNodeMs: figures['dotenvx run'].medianMs - node, dotenvxOverRun: figures['dotenvx run'].medianMs / run });
  return result;
}

function runSummaryRows(run) {
  const ms = formatDuration;
  const rows = [
    ['run', 'node -e 0', ms(run.commands['node -e 0'].medianMs), 'the bare command, run by both tools below'],
    ['run', `vaultfile run (${run.secrets} secrets)`, ms(run.commands['vaultfile run'].medianMs), `overhead +${ms(run.runMinusNodeMs)}, ${run.runOverheadOverNode.toFixed(2)}× node -e 0 [target ≤ ${run.target}×: ${run.runOverheadOverNode <= run.target ? 'met' : 'MISSED'}]`],
  ];
  if (run.dotenvxVersion !== undefined) {
    rows.push(['run', `dotenvx run ${run.dotenvxVersion}`, ms(run.commands['dotenvx run'].medianMs), `overhead +${ms(run.dotenvxMinusNodeMs)}; vaultfile run is ${formatRatio(run.dotenvxOverRun)} faster`]);
  } else {
    rows.push(['run', 'dotenvx run', '-', 'not measured: dotenvx could not be installed']);
  }
  return rows;
}

main().catch((error) => {
  process.exitCode = reportBenchError(error);
  const signal = stopSignal();
  if (signal !== undefined) process.exitCode = 128 + os.constants.signals[signal];
});
