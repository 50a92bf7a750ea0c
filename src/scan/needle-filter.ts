/**
 * The bulk scanner's pass over a file's bytes, in WebAssembly
 * (needle-filter.wat): which keywords occur, and where fragments sit in names
 * that could be assigned to and that the caller accepts. It runs at native
 * speed from its first call. The same search in JavaScript is interpreted for
 * most of a command's life, and its per-candidate work cost more than the
 * search itself.
 */
import moduleBytes from './needle-filter.wat';

interface Layout {
  FOLD: number;
  NAME: number;
  SLOTS: number;
  WINDOWS: number;
  WINDOW_SLOTS: number;
  IDS: number;
  NEEDLES: number;
  SEEN: number;
  TEXTS: number;
  OUT: number;
  OUT_CAPACITY: number;
  KNOWN: number;
  NAMES: number;
  INPUT: number;
}

const LAYOUT_NAMES = ['FOLD', 'NAME', 'SLOTS', 'WINDOWS', 'WINDOW_SLOTS', 'IDS', 'NEEDLES', 'SEEN', 'TEXTS', 'OUT', 'OUT_CAPACITY', 'KNOWN', 'NAMES', 'INPUT'] as const;

interface Exports {
  memory: WebAssembly.Memory;
  find(input: number, position: number, end: number): number;
  resume: { value: number };
}

const PAGE_BYTES = 65_536;
const MAX_NEEDLES = 256;
const WINDOW_BYTES = 3;
/** Zero bytes after the text: the 64-bit load at a text's last position reads seven past it. */
const PADDING = 8;
/** A needle's kind in NEEDLES (needle-filter.wat). */
const KEYWORD = 1;
const FRAGMENT = 2;
/** Bit 24 marks a two-byte window (needle-filter.wat). */
const TWO_BYTE_WINDOW = 0x1000000;

let compiled: WebAssembly.Module | undefined;

/**
 * A filter's tables, filled once at build time for the scan's own needles
 * (scripts/build.mjs) and copied into each new filter for the same needles
 * instead of filled again: filling them took each scan thread 3 to 6 ms, in
 * loops hot enough for V8's optimising compiler.
 */
export interface PrebuiltTables {
  /** The needles they were filled for, one line each (see `needleLines`). */
  needles: string;
  /** Each byte of the memory before OUT that is not zero: its distance from the one before (LEB128), then its value; base64. */
  bytes: string;
}

declare const VAULTFILE_NEEDLE_TABLES: PrebuiltTables | undefined;

/** The tables the build filled for the scan's needles; none when running from the sources. */
const BUILT_TABLES = typeof VAULTFILE_NEEDLE_TABLES === 'object' ? VAULTFILE_NEEDLE_TABLES : undefined;

/** Needles as `PrebuiltTables` lists them: a line each of kind (k or f), case (c for as written, else i) and text. */
function needleLines(needles: readonly FilterNeedle[]): string {
  return needles.map(({ text, keyword, matchCase }) => `${keyword ? 'k' : 'f'}${matchCase === true ? 'c' : 'i'}${text}`).join('\n');
}

const FIRST_MULTIPLIER = 0x9e3779b1;
const SECOND_MULTIPLIER = 0x85ebca6b;

/** The hashes needle-filter.wat takes of a window: `bits` 16 and 3 (the second multiplier) for SLOTS, 12 for WINDOWS. */
function hash(value: number, bits: number, multiplier = FIRST_MULTIPLIER): number {
  return Math.imul(value, multiplier) >>> (32 - bits);
}

/** A lowercase ASCII character code and its uppercase form, if it has one. */
function letterCases(code: number): number[] {
  return code >= 0x61 && code <= 0x7a ? [code, code - 0x20] : [code];
}

/** Letters from the most to the least common in English, roughly as common in code. */
const LETTERS_BY_FREQUENCY = 'etaoinshrdlcumwfgypbvkjxqz';

/**
 * How often the window of `text` at `start` turns up in ordinary text,
 * roughly: spaces and letters weigh by frequency, punctuation little, and
 * repeats (`---`) more.
 */
function commonness(text: string, start: number): number {
  let score = 0;
  for (let index = start; index < start + WINDOW_BYTES; index++) {
    const character = text[index]!;
    const rank = LETTERS_BY_FREQUENCY.indexOf(character);
    score += rank >= 0 ? 26 - rank : character === ' ' ? 30 : character >= '0' && character <= '9' ? 6 : 1;
    if (text.indexOf(character, start) < index) score += 10;
  }
  return score;
}

/** Where in `text` its rarest three-character window starts (0 for a two-character needle, its own window). */
function windowStart(text: string): number {
  let best = 0;
  for (let start = 1; start + WINDOW_BYTES <= text.length; start++) {
    if (commonness(text, start) < commonness(text, best)) best = start;
  }
  return best;
}

/** A window's folded bytes as needle-filter.wat keys it. */
function windowKey(codes: readonly number[]): number {
  return codes.length === 2 ? codes[0]! | (codes[1]! << 8) | TWO_BYTE_WINDOW : codes[0]! | (codes[1]! << 8) | (codes[2]! << 16);
}

const EVERY_BYTE = Array.from({ length: 256 }, (_, byte) => byte);

/** Throws unless `text` can be a needle: printable ASCII of two characters or more, lowercase unless it matches case. */
export function checkNeedle(text: string, matchCase: boolean): void {
  if (text.length < 2 || /[^\x20-\x7e]/.test(text) || (!matchCase && /[A-Z]/.test(text))) {
    throw new Error(`needle ${JSON.stringify(text)} must be printable ASCII of two or more characters, lowercase unless it matches case`);
  }
}

/** A needle: printable ASCII of two characters or more, lowercase and matched in any letter case unless `matchCase`. */
export interface FilterNeedle {
  text: string;
  /** A keyword is reported once per text; a fragment wherever its name could be assigned to. */
  keyword: boolean;
  matchCase?: boolean;
}

/** What `NeedleFilter.find` found. */
export interface FilterHits {
  /** Indexes of the keywords that occur, in the constructor's list. */
  keywords: number[];
  /** Positions of fragments whose names could be assigned to and are accepted. */
  fragments: number[];
  /** The name around `fragments[i]` runs from `names[2 * i]` to `names[2 * i + 1]`. */
  names: number[];
}

export class NeedleFilter {
  private readonly exports: Exports;
  private readonly layout: Layout;
  private view: Uint8Array;
  /** The same memory as a Buffer, whose Latin-1 decoding gives `judge` a name's string at native speed. */
  private text: Buffer;
  /** OUT, as pairs of 32-bit words. */
  private out: Uint32Array;

  /** The needles, as `PrebuiltTables` lists them. */
  private readonly needleLines: string;

  /**
   * `acceptsName`: whether fragments in this name are wanted. It is asked once
   * per name (the WebAssembly remembers its answer for a few thousand names),
   * so it must answer by the name alone. `prebuilt`: tables to copy in when
   * they were filled for these very needles; by default, the build's.
   */
  constructor(needles: readonly FilterNeedle[], acceptsName: (name: string) => boolean = () => true, prebuilt: PrebuiltTables | undefined = BUILT_TABLES) {
    if (needles.length > MAX_NEEDLES) throw new Error(`at most ${MAX_NEEDLES} needles, not ${needles.length}`);
    // Checked before the lines are compared: a text with a line break could pass for two needles.
    for (const { text, matchCase } of needles) checkNeedle(text, matchCase === true);
    this.needleLines = needleLines(needles);
    compiled ??= new WebAssembly.Module(moduleBytes);
    // Called from inside `find`, for a name of the text in memory: name characters are ASCII.
    const judge = (start: number, stop: number): number => (acceptsName(this.text.toString('latin1', start, stop)) ? 1 : 0);
    const exports = new WebAssembly.Instance(compiled, { host: { judge } }).exports as Exports & Record<(typeof LAYOUT_NAMES)[number], { value: number }>;
    this.exports = exports;
    this.layout = Object.fromEntries(LAYOUT_NAMES.map((name) => [name, exports[name].value])) as unknown as Layout;
    this.view = new Uint8Array(exports.memory.buffer);
    this.text = Buffer.from(exports.memory.buffer);
    this.out = new Uint32Array(exports.memory.buffer, this.layout.OUT, this.layout.OUT_CAPACITY * 2);
    if (prebuilt?.needles === this.needleLines) this.copyTables(prebuilt.bytes);
    else this.fillTables(needles);
  }

  /** This filter's tables, for the build to carry (see `PrebuiltTables`). */
  tables(): PrebuiltTables {
    const encoded: number[] = [];
    let previous = 0;
    for (let offset = 0; offset < this.layout.OUT; offset++) {
      const value = this.view[offset]!;
      if (value === 0) continue;
      for (let distance = offset - previous; ; distance >>>= 7) {
        if (distance < 0x80) {
          encoded.push(distance);
          break;
        }
        encoded.push((distance & 0x7f) | 0x80);
      }
      encoded.push(value);
      previous = offset;
    }
    return { needles: this.needleLines, bytes: Buffer.from(encoded).toString('base64') };
  }

  /** `tables` undone into this filter's memory, which is all zero before. A tight loop: it runs before the interpreter has warmed up. */
  private copyTables(base64: string): void {
    const encoded = Buffer.from(base64, 'base64');
    const view = this.view;
    let offset = 0;
    for (let at = 0; at < encoded.length; ) {
      let distance = 0;
      for (let shift = 0; ; shift += 7) {
        const byte = encoded[at++]!;
        distance |= (byte & 0x7f) << shift;
        if (byte < 0x80) break;
      }
      offset += distance;
      view[offset] = encoded[at++]!;
    }
  }

  private fillTables(needles: readonly FilterNeedle[]): void {
    const { FOLD, NAME, SLOTS, WINDOWS, WINDOW_SLOTS, IDS, NEEDLES, TEXTS, OUT } = this.layout;
    const view = this.view;
    const memory = new DataView(this.exports.memory.buffer);
    for (let byte = 0; byte < 256; byte++) {
      view[FOLD + byte] = byte >= 0x80 ? 0xff : byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte;
      view[NAME + byte] = /[A-Za-z0-9_.-]/.test(String.fromCharCode(byte)) ? 1 : 0;
    }
    const setSlot = (bytes: number): void => {
      view[SLOTS + hash(bytes, 16)]! |= 1 << hash(bytes, 3, SECOND_MULTIPLIER);
    };
    const byWindow = new Map<number, { id: number; offset: number }[]>();
    let text = TEXTS;
    needles.forEach((needle, id) => {
      const matchCase = needle.matchCase === true;
      const codes = Array.from(needle.text, (character) => character.charCodeAt(0));
      const lower = needle.text.toLowerCase();
      const offset = windowStart(lower);
      const window = codes.slice(offset, offset + WINDOW_BYTES);
      // The slot table sees raw bytes, in every letter case (or as written). A two-byte window is seen in the three bytes that start with it, whatever the third.
      const cases = matchCase ? (code: number) => [code] : letterCases;
      for (const a of cases(window[0]!)) {
        for (const b of cases(window[1]!)) {
          for (const c of window.length === 2 ? EVERY_BYTE : cases(window[2]!)) setSlot(a | (b << 8) | (c << 16));
        }
      }
      // Windows are looked up folded, and compared as written when the needle matches case.
      const key = windowKey(Array.from(lower.slice(offset, offset + WINDOW_BYTES), (character) => character.charCodeAt(0)));
      byWindow.set(key, [...(byWindow.get(key) ?? []), { id, offset }]);
      memory.setUint32(NEEDLES + id * 8, text, true);
      memory.setUint16(NEEDLES + id * 8 + 4, codes.length, true);
      view[NEEDLES + id * 8 + 6] = needle.keyword ? KEYWORD : FRAGMENT;
      view[NEEDLES + id * 8 + 7] = matchCase ? 1 : 0;
      view.set(codes, text);
      text += codes.length;
    });
    if (text > OUT) throw new Error('the needles are too long for the needle filter');
    let listed = 0;
    for (const [key, entries] of byWindow) {
      let slot = hash(key, 12);
      while (memory.getUint32(WINDOWS + slot * 8, true) !== 0) slot = (slot + 1) % WINDOW_SLOTS;
      memory.setUint32(WINDOWS + slot * 8, key, true);
      memory.setUint16(WINDOWS + slot * 8 + 4, listed, true);
      memory.setUint16(WINDOWS + slot * 8 + 6, entries.length, true);
      for (const { id, offset } of entries) {
        view[IDS + listed * 2] = id;
        view[IDS + listed * 2 + 1] = offset;
        listed++;
      }
    }
  }

  /**
   * Adds to `found` the index (in the constructor's list) of each keyword
   * occurring in `text`, and the position of each fragment whose name could
   * be assigned to and is accepted, with that name's start and end. Fragments come in the
   * order of their windows, which is not quite the order of their positions.
   */
  find(text: Uint8Array, found: FilterHits): void {
    const { INPUT, OUT, OUT_CAPACITY, SEEN, NEEDLES } = this.layout;
    const end = INPUT + text.length;
    if (this.view.length < end + PADDING) {
      this.exports.memory.grow(Math.ceil((end + PADDING - this.view.length) / PAGE_BYTES));
      this.view = new Uint8Array(this.exports.memory.buffer);
      this.text = Buffer.from(this.exports.memory.buffer);
      this.out = new Uint32Array(this.exports.memory.buffer, OUT, OUT_CAPACITY * 2);
    }
    this.view.set(text, INPUT);
    this.view.fill(0, end, end + PADDING);
    this.view.fill(0, SEEN, SEEN + MAX_NEEDLES);
    const out = this.out;
    for (let position = INPUT; position < end; position = this.exports.resume.value) {
      const count = this.exports.find(INPUT, position, end);
      for (let index = 0; index < count; index++) {
        const packed = out[index * 2 + 1]!; // id (8 bits), name start before the position (8), name length (16)
        const id = packed & 0xff;
        if (this.view[NEEDLES + id * 8 + 6] === KEYWORD) {
          found.keywords.push(id);
          continue;
        }
        const at = out[index * 2]!;
        const nameStart = at - ((packed >>> 8) & 0xff);
        found.fragments.push(at);
        found.names.push(nameStart, nameStart + (packed >>> 16));
      }
    }
  }
}
