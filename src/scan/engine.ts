import type { Finding, ScanRule } from './types.js';

/** A rule ready to run: its regex compiled once. */
export interface CompiledRule {
  rule: ScanRule;
  regex: RegExp;
  examples: Set<string>;
}

/** Rules compiled once per scan, with one regex that finds which keywords a text holds. */
export interface CompiledRules extends Array<CompiledRule> {
  keywordScanner: RegExp;
  /** For each keyword, every keyword inside it: a match of `apikey` also means `key` is there. */
  keywordsWithin: Map<string, string[]>;
}

/** Compiles rules once per scan. */
export function compileRules(rules: readonly ScanRule[]): CompiledRules {
  const compiled = rules.map((rule) => ({
    rule,
    // `d` gives the capture group's own position, so the column points at the secret itself.
    regex: new RegExp(rule.pattern, rule.ignoreCase ? 'gid' : 'gd'),
    examples: new Set(rule.examples ?? []),
  })) as CompiledRules;
  // One pass over the text for all keywords instead of one `includes` per keyword per rule.
  const keywords = [...new Set(rules.flatMap((rule) => rule.keywords))].sort((a, b) => b.length - a.length);
  compiled.keywordScanner = new RegExp(keywords.map((keyword) => keyword.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') || '(?!)', 'g');
  compiled.keywordsWithin = new Map(keywords.map((keyword) => [keyword, keywords.filter((other) => keyword.includes(other))]));
  return compiled;
}

/**
 * The keywords that occur in `lowerText`, in one regex pass. Matches do not
 * overlap, so each match also counts the keywords it contains; two keywords
 * that only overlap partially (`ab`, `bc` in `abc`) can hide the second, which
 * no rule's keywords do today.
 */
function presentKeywords(lowerText: string, rules: CompiledRules): Set<string> {
  const present = new Set<string>();
  const scanner = rules.keywordScanner;
  scanner.lastIndex = 0;
  for (let match = scanner.exec(lowerText); match !== null; match = scanner.exec(lowerText)) {
    if (present.has(match[0])) continue;
    for (const keyword of rules.keywordsWithin.get(match[0]) ?? [match[0]]) present.add(keyword);
  }
  return present;
}

/** Shannon entropy of `text` in bits per character. */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const character of text) counts.set(character, (counts.get(character) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/** Maps string offsets to 1-based line and column numbers, and gives the text of lines. */
export class LineMap {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) this.starts.push(index + 1);
  }

  /** 1-based line and column of `offset`. */
  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - this.starts[low]! + 1 };
  }

  /** The text of 1-based line `line` without its line ending ('' when out of range). */
  lineText(line: number): string {
    if (line < 1 || line > this.starts.length) return '';
    const start = this.starts[line - 1]!;
    const end = line < this.starts.length ? this.starts[line]! - 1 : this.text.length;
    return this.text.slice(start, end).replace(/\r$/, '');
  }
}

/**
 * Runs every rule whose keywords occur in `text`. `lowerText` is `text`
 * lowercased, computed once by the caller for all rules.
 */
export function findRuleMatches(text: string, lowerText: string, file: string, rules: CompiledRules, lines: LineMap): Finding[] {
  const findings: Finding[] = [];
  const present = presentKeywords(lowerText, rules);
  if (present.size === 0) return findings;
  for (const { rule, regex, examples } of rules) {
    if (!rule.keywords.some((keyword) => present.has(keyword))) continue;
    regex.lastIndex = 0;
    for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
      if (match[0].length === 0) {
        regex.lastIndex++;
        continue;
      }
      const group = rule.secretGroup ?? 0;
      const secret = match[group];
      if (secret === undefined || secret === '') continue;
      if (examples.has(secret)) continue;
      if (rule.minEntropy !== undefined && shannonEntropy(secret) < rule.minEntropy) continue;
      const offset = match.indices?.[group]?.[0] ?? match.index;
      const { line, column } = lines.position(offset);
      findings.push({ file, line, column, rule: rule.id, description: rule.description, secret, lineText: lines.lineText(line), previousLineText: lines.lineText(line - 1) });
    }
  }
  return findings;
}
