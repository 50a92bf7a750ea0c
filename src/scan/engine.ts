import { checkNeedle, NeedleFilter, type FilterHits, type PrebuiltTables } from './needle-filter.js';
import type { Finding, ScanRule } from './types.js';

/** A rule ready to run: its regex compiled once. */
export interface CompiledRule {
  rule: ScanRule;
  regex: RegExp;
  examples: Set<string>;
}

/** Rules compiled once per scan, with the needle table that finds which keywords a text holds. */
export interface CompiledRules extends Array<CompiledRule> {
  needles: NeedleTable;
}

/**
 * Compiles rules once per scan. `fragments` are extra needles (the generic
 * detector's name fragments) found in the same pass. `bulk` is for scans of
 * many megabytes, where the needle table's own loop is worth warming up.
 */
export function compileRules(rules: readonly ScanRule[], fragments: readonly string[] = [], bulk = false, acceptsName?: (name: string) => boolean): CompiledRules {
  const compiled = rules.map((rule) => ({
    rule,
    // `d` gives the capture group's own position, so the column points at the secret itself.
    regex: new RegExp(rule.pattern, rule.ignoreCase ? 'gid' : 'gd'),
    examples: new Set(rule.examples ?? []),
  })) as CompiledRules;
  compiled.needles = new NeedleTable(
    rules.flatMap((rule) => rule.keywords.map((text) => ({ text, matchCase: rule.keywordsMatchCase === true }))),
    fragments,
    bulk,
    acceptsName,
  );
  return compiled;
}

/** `fragments` in ascending order, with their names. */
function inPositionOrder(fragments: number[], names: number[]): { fragments: number[]; names: number[] } {
  const order = fragments.map((_, index) => index).sort((a, b) => fragments[a]! - fragments[b]!);
  return { fragments: order.map((index) => fragments[index]!), names: order.flatMap((index) => [names[index * 2]!, names[index * 2 + 1]!]) };
}

let foldTable: Uint8Array | undefined;

/** Lowercase ASCII code of each UTF-16 code unit; everything outside ASCII maps to 0x7f, which no needle holds. */
function fold(): Uint8Array {
  if (foldTable === undefined) {
    foldTable = new Uint8Array(65_536).fill(0x7f);
    for (let code = 0; code < 0x80; code++) foldTable[code] = code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
  }
  return foldTable;
}

function trigramSlot(a: number, b: number, c: number): number {
  return ((a << 11) ^ (b << 5) ^ c) & 0xffff;
}

const NO_KEYWORDS: ReadonlySet<string> = new Set();

/** What a needle search found: the keywords present, and the offset of every fragment occurrence (in order). */
export interface NeedleHits {
  keywords: ReadonlySet<string>;
  fragments: number[];
}

/** What a search over bytes found: `NeedleHits`, and the bounds of the name each fragment sits in. */
export interface ByteHits extends NeedleHits {
  /** The name around `fragments[i]` runs from `names[2 * i]` to `names[2 * i + 1]`. */
  names: number[];
}

/** A rule keyword: found in any letter case, or only as written. */
export interface Keyword {
  text: string;
  matchCase: boolean;
}

interface Needle {
  text: string;
  /** `text` in lowercase: what the case-blind searches look for first. */
  lower: string;
  /** A rule keyword, or a fragment whose every offset the caller wants. */
  keyword: boolean;
  matchCase: boolean;
}

/**
 * Finds many short needles in a text, in any letter case (or, for keywords
 * that match case, as written), two ways with the same answer.
 *
 * In bulk, a loop of a few operations per character: each position's three
 * folded characters index a 65,536-slot table that says whether any needle starts
 * with them, and only then are the candidates compared. Once V8 has optimised
 * it this runs at about twice the speed of a regex alternation of the same
 * needles, but until then it is interpreted, and optimising it takes longer
 * than a pre-commit hook's whole scan.
 *
 * Otherwise, that regex alternation: compiled to native code at once. It
 * matches the longest needle at a position, so the needles that are prefixes
 * of it are added by hand, and it restarts one character on to see needles
 * that overlap.
 *
 * Whole files (from the work tree, or blobs of history) are searched a third
 * way, as bytes, before they are decoded: see `searchBytes` and needle-filter.ts.
 */
export class NeedleTable {
  private readonly needles: Needle[];
  /** The regex alternation, and for each needle every needle that is a prefix of it (itself included): built on the first search by regex. */
  private byRegex: { alternation: RegExp; prefixes: Map<string, Needle[]> } | undefined;
  /** The trigram table, built on the first bulk search. */
  private slots: Uint16Array | undefined;
  private readonly candidates: Needle[][] = [[]];
  /** The WebAssembly first pass over bytes, built on the first byte search. */
  private filter: NeedleFilter | undefined;

  /**
   * `fragments`: lowercase, found in any letter case. `acceptsName`: the names
   * whose fragments `searchBytes` reports (by the name alone); every name when
   * not given. The text searches report every fragment.
   */
  constructor(
    keywords: readonly Keyword[],
    fragments: readonly string[],
    private readonly bulk = false,
    private readonly acceptsName?: (name: string) => boolean,
  ) {
    const needles = new Map<string, Needle>();
    const add = (text: string, keyword: boolean, matchCase: boolean): void => {
      checkNeedle(text, matchCase);
      needles.set(`${matchCase ? 'as written' : 'any case'} ${text}`, { text, lower: text.toLowerCase(), keyword, matchCase });
    };
    for (const text of fragments) add(text, false, false);
    for (const { text, matchCase } of keywords) add(text, true, matchCase);
    this.needles = [...needles.values()];
  }

  /** The tables of `searchByRegex`, which a scan of work-tree bytes seldom needs: built on its first call. */
  private regexTables(): { alternation: RegExp; prefixes: Map<string, Needle[]> } {
    if (this.byRegex !== undefined) return this.byRegex;
    const prefixes = new Map<string, Needle[]>();
    for (const needle of this.needles) prefixes.set(needle.lower, this.needles.filter((other) => needle.lower.startsWith(other.lower)));
    const longestFirst = [...prefixes.keys()].sort((a, b) => b.length - a.length);
    const alternation = new RegExp(longestFirst.map((text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') || '(?!)', 'gi');
    this.byRegex = { alternation, prefixes };
    return this.byRegex;
  }

  private trigramTable(): Uint16Array {
    if (this.slots !== undefined) return this.slots;
    const slots = new Uint16Array(65_536);
    for (const needle of this.needles) {
      const [a, b] = [needle.lower.charCodeAt(0), needle.lower.charCodeAt(1)];
      // A two-character needle starts every trigram that begins with it.
      const thirds = needle.lower.length > 2 ? [needle.lower.charCodeAt(2)] : Array.from({ length: 128 }, (_, code) => code);
      for (const c of thirds) {
        const slot = trigramSlot(a, b, c);
        if (slots[slot] === 0) {
          slots[slot] = this.candidates.length;
          this.candidates.push([]);
        }
        const list = this.candidates[slots[slot]!]!;
        if (!list.includes(needle)) list.push(needle);
      }
    }
    this.slots = slots;
    return slots;
  }

  /** The keywords present in `text`, and the offset of every fragment occurrence (in order). */
  search(text: string): NeedleHits {
    return this.bulk ? this.searchByTable(text) : this.searchByRegex(text);
  }

  /**
   * `search` over bytes, before (and often instead of) decoding them, in
   * WebAssembly. Offsets are byte offsets, the same as string offsets when the
   * bytes are ASCII, and only of fragments whose name could be assigned to and
   * passes `acceptsName`, each with the bounds of that name. With the generic
   * detector's `namesASecret`, those are the fragments its `inSecretName`
   * accepts, or a few more.
   */
  searchBytes(bytes: Uint8Array): ByteHits {
    const found: FilterHits = { keywords: [], fragments: [], names: [] };
    this.filter ??= new NeedleFilter(this.needles, this.acceptsName);
    this.filter.find(bytes, found);
    // Most files hold no keyword: they share one empty set.
    const keywords = found.keywords.length === 0 ? NO_KEYWORDS : new Set(found.keywords.map((index) => this.needles[index]!.text));
    const { fragments, names } = found;
    for (let index = 1; index < fragments.length; index++) {
      if (fragments[index]! < fragments[index - 1]!) return { keywords, ...inPositionOrder(fragments, names) };
    }
    return { keywords, fragments, names };
  }

  /** The tables of the WebAssembly search over bytes for these needles, filled afresh: what the build prebuilds. */
  filterTables(): PrebuiltTables {
    return new NeedleFilter(this.needles, this.acceptsName, undefined).tables();
  }

  /** `search` with the regex alternation. */
  searchByRegex(text: string): NeedleHits {
    const keywords = new Set<string>();
    const fragments: number[] = [];
    const { alternation: regex, prefixes } = this.regexTables();
    regex.lastIndex = 0;
    for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
      for (const needle of prefixes.get(match[0].toLowerCase())!) {
        if (needle.matchCase && !text.startsWith(needle.text, match.index)) continue;
        if (needle.keyword) keywords.add(needle.text);
        else fragments.push(match.index);
      }
      regex.lastIndex = match.index + 1;
    }
    return { keywords, fragments };
  }

  /** `search` with the trigram table. */
  searchByTable(text: string): NeedleHits {
    const keywords = new Set<string>();
    const fragments: number[] = [];
    const length = text.length;
    if (length < 2) return { keywords, fragments };
    const slots = this.trigramTable();
    const FOLD = fold();
    let a = FOLD[text.charCodeAt(0)]!;
    let b = FOLD[text.charCodeAt(1)]!;
    // One step past the end (third character 0) so a two-character needle at the very end is seen.
    for (let index = 2; index <= length; index++) {
      const c = index < length ? FOLD[text.charCodeAt(index)]! : 0;
      const slot = slots[trigramSlot(a, b, c)]!;
      if (slot !== 0) this.verify(text, index - 2, this.candidates[slot]!, FOLD, keywords, fragments);
      a = b;
      b = c;
    }
    return { keywords, fragments };
  }

  private verify(text: string, start: number, candidates: Needle[], FOLD: Uint8Array, keywords: Set<string>, fragments: number[]): void {
    for (const needle of candidates) {
      const needleText = needle.text;
      if (start + needleText.length > text.length) continue;
      let equal = true;
      for (let offset = 0; offset < needleText.length; offset++) {
        const code = text.charCodeAt(start + offset);
        if ((needle.matchCase ? code : FOLD[code]) !== needleText.charCodeAt(offset)) {
          equal = false;
          break;
        }
      }
      if (!equal) continue;
      if (needle.keyword) keywords.add(needleText);
      else fragments.push(start);
    }
  }
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
  private startsOfLines: number[] | undefined;

  constructor(private readonly text: string) {}

  /** Offsets where lines start, found on first use: most texts never need a line number. */
  private get starts(): number[] {
    if (this.startsOfLines === undefined) {
      this.startsOfLines = [0];
      for (let index = this.text.indexOf('\n'); index !== -1; index = this.text.indexOf('\n', index + 1)) this.startsOfLines.push(index + 1);
    }
    return this.startsOfLines;
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

/** Runs every rule whose keywords occur in `text` (`present`, from the rules' needle table). */
export function findRuleMatches(text: string, file: string, rules: CompiledRules, lines: LineMap, present: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [];
  if (present.size === 0) return findings;
  const spans: { start: number; end: number; rule: ScanRule }[] = [];
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
      spans.push({ start: offset, end: offset + secret.length, rule });
    }
  }
  return findings.filter((_, index) => !isSuperseded(spans[index]!, spans));
}

/** Whether a narrower rule's finding overlapping `span` claims it (see ScanRule.supersedes). */
function isSuperseded(span: { start: number; end: number; rule: ScanRule }, spans: readonly { start: number; end: number; rule: ScanRule }[]): boolean {
  return spans.some((other) => other.rule.supersedes?.includes(span.rule.id) === true && other.start < span.end && span.start < other.end);
}
