/**
 * The detectors one scan thread runs over texts and whole files' bytes:
 * credential rules, the generic detector and vault values. A scan worker
 * loads this module and files.ts, and nothing of git, baselines or reports.
 */
import { compileRules, findRuleMatches, LineMap, type CompiledRules } from './engine.js';
import { decodeText, type ScanFileBytes, type ScanInput } from './files.js';
import { assignmentsOnLines, excerptAround, findGenericAssignments, isCodeFile, mayHoldLiteral, mergeFindings, NAME_FRAGMENTS, namesASecret } from './generic.js';
import type { PrebuiltTables } from './needle-filter.js';
import type { FileScanResult } from './parallel.js';
import { credentialRules } from './rules/index.js';
import type { Finding } from './types.js';
import type { VaultValueIndex } from './vault-values.js';

/** Every detector the scan runs, compiled once, for texts and for whole files' bytes. */
export interface Detectors {
  /** Findings in one text. An input `.secretsignore` covers is searched for vault values only. */
  text(input: ScanInput, isIgnored: boolean): Finding[];
  /**
   * Findings in one whole file's bytes (from the work tree, or a blob of
   * history). Without a vault, a file is decoded only for the rules whose
   * keywords it holds, or when the generic detector finds something in the
   * lines around its secret-like names (then it is scanned as a whole text):
   * most files are never decoded.
   */
  bytes(input: ScanFileBytes, isIgnored: boolean): Finding[];
}

const webAssemblyAvailable = typeof WebAssembly === 'object';

/** Compiles the detectors a scan runs once. */
export function detectorsFor(disabled: ReadonlySet<string>, runGeneric: boolean, vaultIndex: VaultValueIndex | undefined, bulk: boolean): Detectors {
  const rules = scanRules(disabled, bulk);
  const noRules = compileRules([]);
  const text = (input: ScanInput, isIgnored: boolean): Finding[] => scanInput(input, isIgnored ? noRules : rules, runGeneric && !isIgnored, vaultIndex);
  return {
    text,
    bytes({ path, bytes, origin }, isIgnored) {
      // Vault values are found in text, so with a vault every file is decoded; so is it when Node runs without WebAssembly (--jitless).
      if (vaultIndex !== undefined || !webAssemblyAvailable) return text({ path, text: decodeText(bytes), origin }, isIgnored);
      if (isIgnored) return [];
      const { keywords, fragments, names } = rules.needles.searchBytes(bytes);
      const named = runGeneric && fragments.length > 0 ? assignedFragments(bytes, fragments, names, isCodeFile(path)) : [];
      if (named.length > 0) {
        const excerpt = excerptAround(bytes, named);
        const found = assignmentsOnLines(excerpt.text, path, new LineMap(excerpt.text), excerpt.lineStarts);
        if (found.length > 0) {
          // One file in thousands: the regex search suits it, where the bulk table would be interpreted for one text.
          const decoded = decodeText(bytes);
          return detectSecrets(decoded, path, rules, new LineMap(decoded), true, rules.needles.searchByRegex(decoded));
        }
      }
      // The generic detector finds nothing here, so only the rules whose keywords occur need the text.
      if (keywords.size === 0) return [];
      const decoded = decodeText(bytes);
      return findRuleMatches(decoded, path, rules, new LineMap(decoded), keywords);
    },
  };
}

/**
 * The fragments (from `searchBytes`, which reports only those in secret-like
 * names) placed where a literal could be assigned to their names
 * (`mayHoldLiteral`). Two fragments of one name (`secretKey`) share its
 * bounds: it is judged once.
 */
function assignedFragments(bytes: Buffer, fragments: readonly number[], names: readonly number[], codeFile: boolean): number[] {
  const assigned: number[] = [];
  let start = -1;
  let end = -1;
  let mayHold = false;
  for (let index = 0; index < fragments.length; index++) {
    if (names[index * 2] !== start || names[index * 2 + 1] !== end) {
      start = names[index * 2]!;
      end = names[index * 2 + 1]!;
      mayHold = mayHoldLiteral(bytes, start, end, codeFile);
    }
    if (mayHold) assigned.push(fragments[index]!);
  }
  return assigned;
}

/** The credential rules less those disabled, compiled with the generic detector's fragments as extra needles. */
function scanRules(disabled: ReadonlySet<string>, bulk: boolean): CompiledRules {
  return compileRules(credentialRules.filter((rule) => !disabled.has(rule.id)), NAME_FRAGMENTS, bulk, namesASecret);
}

/** The needle filter's tables for a scan with every rule on, which the build fills once (see `PrebuiltTables`). */
export function scanNeedleTables(): PrebuiltTables {
  return scanRules(new Set(), true).needles.filterTables();
}

/** Counts one scanned input of `bytes` bytes in `result`'s statistics. */
export function countScanned(result: FileScanResult, bytes: number, isIgnored: boolean): void {
  result.files++;
  result.bytes += bytes;
  if (isIgnored) result.ignored++;
}

/** Runs every detector over one text, mapping partial texts' lines back to real line numbers. */
export function scanInput(input: ScanInput, rules: CompiledRules, runGeneric: boolean, vaultIndex: VaultValueIndex | undefined): Finding[] {
  const lines = new LineMap(input.text);
  const found = detectSecrets(input.text, input.path, rules, lines, runGeneric);
  if (vaultIndex !== undefined) {
    const { vaultValueFindings } = vaultValuesModule!;
    found.push(...vaultValueFindings(input.path, input.text, vaultIndex, (offset) => lines.position(offset), (line) => lines.lineText(line)));
  }
  if (input.lineNumbers !== undefined) {
    const numbers = input.lineNumbers;
    for (const finding of found) finding.line = numbers[finding.line - 1] ?? finding.line;
  }
  return found;
}

/**
 * Credential rules and the generic detector over one text. `rules` must come
 * from `compileRules(…, NAME_FRAGMENTS)` for the generic detector to see its
 * lines. `hits`: the text's needles, when the caller has searched for them.
 */
export function detectSecrets(text: string, file: string, rules: CompiledRules, lines: LineMap, runGeneric: boolean, hits = rules.needles.search(text)): Finding[] {
  const { keywords, fragments } = hits;
  const ruleFindings = findRuleMatches(text, file, rules, lines, keywords);
  // A value a credential rule already named is not reported again as a generic assignment.
  return runGeneric && fragments.length > 0 ? mergeFindings(ruleFindings, findGenericAssignments(text, file, lines, fragments)) : ruleFindings;
}

// Loaded only when a vault index is in use, so scans without a vault stay lean.
let vaultValuesModule: typeof import('./vault-values.js') | undefined;

/** Loads the vault-value detector code before a scan that uses it. */
export async function prepareVaultDetector(): Promise<void> {
  vaultValuesModule ??= await import('./vault-values.js');
}
