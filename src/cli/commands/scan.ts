import { join, relative } from 'node:path';
import { VaultfileError } from '../../errors.js';
import { findGitRoot } from '../../git/repository.js';
import { BASELINE_FILE, loadBaseline } from '../../scan/suppression.js';
import { prepareVaultDetector } from '../../scan/detectors.js';
import { loadVaultDetector } from '../../scan/load-vault-detector.js';
import { scan, type ScanMode } from '../../scan/scanner.js';
import { locateVaultRoot } from '../../vault/vault-root.js';
import { defineCommand, parseCount, vaultOptions } from '../command.js';
import { printLine, writeOut } from '../output.js';

interface ScanArgs {
  paths: string[];
  staged?: boolean;
  diff?: string;
  history?: boolean;
  ref?: string[];
  stdinName?: string;
  format?: string;
  reveal?: boolean;
  baseline?: string;
  noBaseline?: boolean;
  writeBaseline?: boolean;
  noVault?: boolean;
  maxFileBytes?: string;
}

export default defineCommand<ScanArgs>({
  command: 'scan [paths..]',
  describe: 'Find secrets in files, the staged change (pre-commit), a commit range or all history; exit 1 when it finds any',
  positionals: { paths: { describe: 'files or folders (default: the work tree; - for standard input)', optional: true, variadic: true } },
  options: {
    staged: { type: 'boolean', describe: 'scan what is staged for commit (the index, not the work tree): new files and added lines' },
    diff: { type: 'string', describe: 'scan the lines added in a commit range, like main..HEAD' },
    history: { type: 'boolean', describe: 'scan every blob reachable from --ref (default HEAD), each once' },
    ref: { type: 'string', array: true, describe: 'with --history: a ref to start from (repeatable; --ref --all for every ref)' },
    'stdin-name': { type: 'string', describe: 'the file name to report for - (standard input)' },
    format: { type: 'string', describe: 'text (default), json or sarif' },
    reveal: { type: 'boolean', describe: 'print found secrets in full (never a vault value)' },
    baseline: { type: 'string', describe: `baseline file of accepted findings (default ${BASELINE_FILE} at the repository root)` },
    'no-baseline': { type: 'boolean', describe: 'report baselined findings too' },
    'write-baseline': { type: 'boolean', describe: 'accept every current finding into the baseline (vault values excepted) and exit 0' },
    'no-vault': { type: 'boolean', describe: 'do not look for the values of vault secrets' },
    'max-file-bytes': { type: 'string', describe: 'skip files larger than this (default from .secretsrc, else 5 MiB)' },
  },
  examples: [
    ['vaultfile scan --staged', 'what the pre-commit hook runs'],
    ['git log -p | vaultfile scan - --stdin-name git-log', 'scan standard input'],
    ['vaultfile scan --format sarif > vaultfile.sarif', 'for code scanning'],
  ],
  async run(args) {
    const cwd = args.cwd ?? process.cwd();
    const format = args.format ?? 'text';
    if (!['text', 'json', 'sarif'].includes(format)) throw new VaultfileError('USAGE', `unknown format ${JSON.stringify(format)}`, { hint: 'text, json or sarif' });
    const mode = await modeOf(args);
    // A hook has no terminal to ask a passphrase on: the detector runs only when the identity opens without asking.
    const { passphrase: _noPrompt, ...identity } = vaultOptions(args).identity ?? {};
    // The vault code loads only when there is a vault: most commits a hook sees are in repositories without one.
    const detector = args.noVault
      ? { status: 'off (--no-vault)' }
      : locateVaultRoot(cwd) === undefined
        ? { status: 'skipped (no vault here)' }
        : await (await loadVaultDetector()).setupVaultDetector(cwd, identity);
    if (detector.index !== undefined) await prepareVaultDetector();
    const root = findGitRoot(cwd) ?? cwd;
    const settings = detector.vault?.config.scan;
    const maxFileBytes = parseCount(args.maxFileBytes, '--max-file-bytes') ?? settings?.maxFileBytes;
    const baselineFile = args.baseline ?? join(root, BASELINE_FILE);
    const baselineWriter = args.writeBaseline ? await import('../../scan/baseline-writer.js') : undefined;
    const baselineKey = baselineWriter === undefined ? undefined : (loadBaseline(baselineFile)?.key ?? baselineWriter.newBaselineKey());
    const report = await scan(
      {
        cwd,
        mode,
        disabledRules: settings?.disabledRules ?? [],
        ...(maxFileBytes === undefined ? {} : { maxFileBytes }),
        baseline: args.noBaseline || args.writeBaseline ? false : baselineFile,
        ...(baselineKey === undefined ? {} : { fingerprintKey: baselineKey }),
        ...(detector.index === undefined ? {} : { vaultIndex: detector.index }),
        vaultDetector: detector.status,
        ...(detector.vault === undefined ? {} : { vaultDir: relative(root, detector.vault.folder).split('\\').join('/') }),
        ownsProcess: true,
      },
      args.reveal ?? false,
    );
    if (baselineWriter !== undefined && baselineKey !== undefined) {
      baselineWriter.writeBaseline(baselineFile, baselineKey, report.allFingerprints);
      printLine(`wrote ${baselineFile}: ${new Set(report.allFingerprints.map((entry) => entry.fingerprint)).size} accepted finding(s); vault values are never accepted`);
      const vaultValues = report.findings.filter((finding) => finding.rule === 'vault-value').length;
      if (vaultValues > 0) {
        printLine(`${vaultValues} vault value(s) are still in plain text: remove them`);
        process.exitCode = 1;
      }
      return;
    }
    const { formatJson, formatSarif, formatText } = await import('../../scan/report.js');
    if (format === 'json') writeOut(formatJson(report));
    else if (format === 'sarif') {
      const { credentialRules } = await import('../../scan/rules/index.js');
      writeOut(formatSarif(report, new Map(credentialRules.map((rule) => [rule.id, rule.description]))));
    } else writeOut(formatText(report));
    if (report.findings.length > 0) process.exitCode = 1;
  },
});

async function modeOf(args: ScanArgs): Promise<ScanMode> {
  const chosen = [args.staged, args.diff !== undefined, args.history, args.paths.length > 0].filter(Boolean).length;
  if (chosen > 1) throw new VaultfileError('USAGE', 'choose one of: paths, --staged, --diff RANGE, --history', { hint: 'vaultfile scan --help' });
  if (args.staged) return { kind: 'staged' };
  if (args.diff !== undefined) return { kind: 'diff', range: args.diff };
  if (args.history) return { kind: 'history', refs: args.ref ?? [] };
  if (args.paths.includes('-')) {
    if (args.paths.length > 1) throw new VaultfileError('USAGE', '- (standard input) cannot be mixed with paths', { hint: 'vaultfile scan - --stdin-name NAME' });
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return { kind: 'stdin', text: Buffer.concat(chunks).toString('utf8'), name: args.stdinName ?? 'stdin' };
  }
  return { kind: 'tree', paths: args.paths };
}
