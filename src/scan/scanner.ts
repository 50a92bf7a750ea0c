import { VaultfileError } from '../errors.js';
import { findGitRoot } from '../git/repository.js';
import { countScanned, detectorsFor } from './detectors.js';
import type { ScanFileBytes, ScanInput, SkipCounts } from './files.js';
import { pathFindings } from './forbidden.js';
import { diffSource, historySource, listGivenFiles, listWorkTreeFiles, type ScanSource } from './sources.js';
import { allowedInline, BASELINE_FILE, loadBaseline, loadSecretsIgnore } from './suppression.js';
import type { Finding } from './types.js';
import type { FileScanResult, ScanWorkers } from './parallel.js';
import type { VaultValueIndex } from './vault-values.js';

/** Where to look. */
export type ScanMode =
  | { kind: 'tree'; paths: string[] }
  | { kind: 'staged' }
  | { kind: 'diff'; range: string }
  | { kind: 'history'; refs: string[] }
  | { kind: 'stdin'; text: string; name: string };

/** How to scan. */
export interface ScanOptions {
  cwd: string;
  mode: ScanMode;
  /** Rule ids not to run (besides those `.secretsrc` disables). */
  disabledRules?: string[];
  /** Skip files larger than this many bytes (counted). */
  maxFileBytes?: number;
  /** Baseline file (default `.secretsbaseline.json` at the repository root); `false` ignores baselines. */
  baseline?: string | false;
  /** Key for fingerprints when no baseline is loaded (to write a new baseline with). */
  fingerprintKey?: string;
  /** The vault-aware detector's index; undefined when it cannot run (reason in `vaultDetector`). */
  vaultIndex?: VaultValueIndex;
  vaultDetector?: string;
  /** The vault folder relative to the root, when there is a vault (for stray plaintext files). */
  vaultDir?: string;
  /** The scan is all this process does (the command line): it may tune V8 for itself (see `ScanWorkers.run`). */
  ownsProcess?: boolean;
}

/** A finding as reported: located, identified, never holding the secret unless revealed. */
export interface ReportedFinding {
  file: string;
  line: number;
  column: number;
  rule: string;
  description: string;
  /** A short prefix and `…`, or `vault:PATH` for a vault value. */
  redacted: string;
  fingerprint: string;
  /** Only with --reveal. */
  secret?: string;
}

/** What a scan saw and found. */
export interface ScanReport {
  findings: ReportedFinding[];
  stats: {
    mode: string;
    files: number;
    bytes: number;
    skippedBinary: number;
    skippedTooLarge: number;
    ignored: number;
    /** Threads that read and scanned files. */
    threads: number;
    suppressedInline: number;
    suppressedByBaseline: number;
    vaultDetector: string;
    durationMs: number;
  };
  /** For --write-baseline: every finding's fingerprint before the baseline filtered any. */
  allFingerprints: { fingerprint: string; rule: string }[];
  /** The key the fingerprints were made with (the baseline's, when there is one). */
  fingerprintKey?: string;
}

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Scans for secrets: credential rules, the generic detector, forbidden files and vault values. */
export async function scan(options: ScanOptions, reveal = false): Promise<ScanReport> {
  // process.hrtime, not performance.now(): the global `performance` loads perf_hooks and eight other modules (about 1 ms).
  const started = process.hrtime.bigint();
  // From the command line, a work-tree scan's workers start before the files are listed (bin.cjs has usually started
  // them already and handed them over: threads.ts). A tree too small to share then stops them unused.
  const ahead = options.ownsProcess === true && options.mode.kind === 'tree' ? await startScanWorkers(Infinity) : undefined;
  try {
    return await scanWith(options, reveal, started, ahead);
  } finally {
    await ahead?.stop();
  }
}

async function scanWith(options: ScanOptions, reveal: boolean, started: bigint, ahead: ScanWorkers | undefined): Promise<ScanReport> {
  const gitRoot = findGitRoot(options.cwd);
  const root = gitRoot ?? options.cwd;
  const inGit = gitRoot !== undefined;
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const disabled = new Set(options.disabledRules ?? []);
  const runGeneric = !disabled.has('generic-secret-assignment');
  const ignored = await loadSecretsIgnore(root);
  const baselineFile = options.baseline === false ? undefined : (options.baseline ?? `${root}/${BASELINE_FILE}`);
  const baseline = baselineFile === undefined ? null : loadBaseline(baselineFile);
  const accepted = new Set(baseline?.findings.map((entry) => entry.fingerprint));

  const source = await openSource(options.mode, root, options.cwd, inGit, maxBytes);
  // A large work tree's workers (started above from the command line, else here) boot while this thread prepares
  // their job. The threads check the work tree's paths as they claim them (pathFindings); this one checks the others.
  const workers = source.inputs === undefined ? (ahead?.fitTo(source.paths.length) ?? (await startScanWorkers(source.paths.length))) : undefined;
  const raw: Finding[] = [];
  let scanned: FileScanResult;
  try {
    if (source.inputs === undefined) {
      scanned = await scanWorkTreeFiles(workers!, root, source.paths, ignored, maxBytes, runGeneric, disabled, options.vaultIndex, options.vaultDir, options.ownsProcess ?? false);
    } else {
      for (const path of source.paths) if (!ignored?.(path)) raw.push(...pathFindings(path, disabled, options.vaultDir));
      scanned = await scanInputs(source.inputs(), source.skipped, ignored, runGeneric, disabled, options.vaultIndex, options.mode.kind === 'history');
    }
  } finally {
    await workers?.stop();
  }
  raw.push(...scanned.findings);

  const key = baseline?.key ?? options.fingerprintKey;
  // The hashing code loads only for findings: most scans a pre-commit hook runs have none.
  const fingerprints = raw.length > 0 ? await import('./fingerprints.js') : undefined;
  const findings: ReportedFinding[] = [];
  const allFingerprints: { fingerprint: string; rule: string }[] = [];
  let suppressedInline = 0;
  let suppressedByBaseline = 0;
  for (const finding of raw) {
    const fingerprint = fingerprints!.fingerprintOf(finding, key); // loaded: raw is not empty
    const isVaultValue = finding.rule === 'vault-value';
    // Nothing silences a live vault value: not an inline allow, not .secretsignore, not a baseline.
    if (!isVaultValue) {
      if (allowedInline(finding)) {
        suppressedInline++;
        continue;
      }
      allFingerprints.push({ fingerprint, rule: finding.rule });
      if (accepted.has(fingerprint)) {
        suppressedByBaseline++;
        continue;
      }
    }
    findings.push({
      file: finding.file,
      line: finding.line,
      column: finding.column,
      rule: finding.rule,
      description: finding.description,
      redacted: isVaultValue ? `vault:${finding.vaultPath}` : redact(finding.secret),
      fingerprint,
      // A vault value is named, never shown: `vaultfile get` is the way to see it.
      ...(reveal && !isVaultValue ? { secret: finding.secret } : {}),
    });
  }
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : 1)));
  return {
    findings,
    allFingerprints,
    ...(key === undefined ? {} : { fingerprintKey: key }),
    stats: {
      mode: options.mode.kind,
      files: scanned.files,
      bytes: scanned.bytes,
      skippedBinary: scanned.skipped.binary,
      skippedTooLarge: scanned.skipped.tooLarge,
      ignored: scanned.ignored,
      threads: scanned.threads,
      suppressedInline,
      suppressedByBaseline,
      vaultDetector: options.vaultDetector ?? (options.vaultIndex ? 'active' : 'off'),
      durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
    },
  };
}

type Ignore = Awaited<ReturnType<typeof loadSecretsIgnore>>;

async function startScanWorkers(files: number): Promise<ScanWorkers> {
  const { ScanWorkers } = await import('./parallel.js');
  return ScanWorkers.start(files);
}

/** Scans a source's inputs one after another on this thread (a diff, history, standard input); `bulk` for many megabytes. */
async function scanInputs(
  inputs: AsyncIterable<ScanInput | ScanFileBytes>,
  skipped: SkipCounts,
  ignored: Ignore,
  runGeneric: boolean,
  disabled: Set<string>,
  vaultIndex: VaultValueIndex | undefined,
  bulk: boolean,
): Promise<FileScanResult> {
  const detect = detectorsFor(disabled, runGeneric, vaultIndex, bulk);
  const result: FileScanResult = { findings: [], files: 0, bytes: 0, ignored: 0, skipped, threads: 1 };
  for await (const input of inputs) {
    const isIgnored = ignored?.(input.path) ?? false;
    if ('bytes' in input) {
      countScanned(result, input.bytes.length, isIgnored);
      result.findings.push(...detect.bytes(input, isIgnored));
    } else {
      countScanned(result, Buffer.byteLength(input.text), isIgnored);
      result.findings.push(...detect.text(input, isIgnored));
    }
  }
  return result;
}

/** Scans work-tree files, on every core when there are many. */
async function scanWorkTreeFiles(
  workers: ScanWorkers,
  root: string,
  files: string[],
  ignored: Ignore,
  maxBytes: number,
  runGeneric: boolean,
  disabled: Set<string>,
  vaultIndex: VaultValueIndex | undefined,
  vaultDir: string | undefined,
  ownsProcess: boolean,
): Promise<FileScanResult> {
  const job = {
    root,
    files,
    ignored: Uint8Array.from(files, (path) => (ignored?.(path) ? 1 : 0)),
    maxBytes,
    disabledRules: [...disabled],
    runGeneric,
    ...(vaultIndex === undefined ? {} : { vaultIndex }),
    ...(vaultDir === undefined ? {} : { vaultDir }),
  };
  return workers.run(job, ownsProcess);
}

async function openSource(mode: ScanMode, root: string, cwd: string, inGit: boolean, maxBytes: number): Promise<ScanSource> {
  switch (mode.kind) {
    case 'tree': {
      const files = mode.paths.length > 0 ? listGivenFiles(root, cwd, mode.paths) : await listWorkTreeFiles(root, inGit);
      return { paths: files, skipped: { binary: 0, tooLarge: 0 } };
    }
    case 'staged':
      requireGit(inGit, '--staged');
      return diffSource(root, ['--cached'], maxBytes, 'index');
    case 'diff':
      requireGit(inGit, '--diff');
      return diffSource(root, [mode.range], maxBytes, mode.range);
    case 'history':
      requireGit(inGit, '--history');
      return historySource(root, mode.refs.length > 0 ? mode.refs : ['HEAD'], maxBytes);
    case 'stdin':
      return {
        skipped: { binary: 0, tooLarge: 0 },
        paths: [],
        async *inputs() {
          yield { path: mode.name, text: mode.text, origin: 'standard input' };
        },
      };
  }
}

function requireGit(inGit: boolean, flag: string): void {
  if (!inGit) throw new VaultfileError('USAGE', `${flag} needs a git repository`, { hint: 'run it inside one, or scan files by path' });
}

/** A short prefix of a secret and `…`: enough to recognise it, not enough to use it. */
export function redact(secret: string): string {
  const shown = secret.length >= 16 ? 4 : secret.length >= 8 ? 2 : 0;
  return `${secret.slice(0, shown)}…`;
}
