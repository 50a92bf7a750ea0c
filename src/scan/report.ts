import type { ScanReport } from './scanner.js';

declare const VAULTFILE_VERSION: string;

/** Human output: one line a finding, then a summary and what to do. */
export function formatText(report: ScanReport): string {
  const lines = report.findings.map(
    (finding) => `${finding.file}:${finding.line}:${finding.column}  ${finding.rule}  ${finding.secret ?? finding.redacted}  ${finding.description}`,
  );
  const { stats } = report;
  const skipped = stats.skippedBinary + stats.skippedTooLarge > 0 ? `; skipped ${stats.skippedBinary} binary and ${stats.skippedTooLarge} too large` : '';
  const suppressed = stats.suppressedInline + stats.suppressedByBaseline > 0 ? `; ${stats.suppressedInline} allowed inline, ${stats.suppressedByBaseline} in the baseline` : '';
  lines.push(
    `${report.findings.length === 0 ? 'no secrets found' : `${report.findings.length} finding(s)`}: scanned ${stats.files} file(s), ${formatBytes(stats.bytes)} in ${stats.durationMs} ms${skipped}${suppressed}; vault detector: ${stats.vaultDetector}`,
  );
  if (report.findings.some((finding) => finding.rule === 'vault-value')) {
    lines.push('a vault value in plain text is a leak: remove it, and rotate the secret if it was ever committed or shared');
  }
  if (report.findings.some((finding) => finding.rule !== 'vault-value')) {
    lines.push('false alarm? add "vaultfile:allow" on the line, a pattern to .secretsignore, or accept it with vaultfile scan --write-baseline');
  }
  return `${lines.join('\n')}\n`;
}

/** `{"findings":[…],"stats":{…}}`. */
export function formatJson(report: ScanReport): string {
  return `${JSON.stringify({ findings: report.findings, stats: report.stats }, null, 2)}\n`;
}

/** A SARIF 2.1.0 log for code-scanning tools. */
export function formatSarif(report: ScanReport, ruleDescriptions: Map<string, string>): string {
  const ruleIds = [...new Set(report.findings.map((finding) => finding.rule))].sort();
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'vaultfile',
            version: typeof VAULTFILE_VERSION === 'string' ? VAULTFILE_VERSION : '0.0.0',
            informationUri: 'https://github.com/vaultfile/vaultfile',
            rules: ruleIds.map((id) => ({
              id,
              shortDescription: { text: ruleDescriptions.get(id) ?? report.findings.find((finding) => finding.rule === id)!.description },
            })),
          },
        },
        results: report.findings.map((finding) => ({
          ruleId: finding.rule,
          ruleIndex: ruleIds.indexOf(finding.rule),
          level: 'error',
          message: { text: `${finding.description}: ${finding.redacted}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: finding.file.split('/').map(encodeURIComponent).join('/') },
                region: { startLine: finding.line, startColumn: finding.column },
              },
            },
          ],
          partialFingerprints: { 'vaultfile/v1': finding.fingerprint },
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1_048_576 ? `${(bytes / 1_048_576).toFixed(1)} MB` : bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${bytes} B`;
}
