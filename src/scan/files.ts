/**
 * Reading what a scan looks at: work-tree files as bytes, and bytes as text.
 * Kept apart from the git sources so that a scan worker loads no process or
 * network code.
 */
import { isAscii } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { sep } from 'node:path';

/** Text to scan: a whole file, or only some of its lines (added lines of a diff). */
export interface ScanInput {
  /** Path relative to the repository (or the name given for standard input). */
  path: string;
  text: string;
  /** When only some lines are scanned: the real line number of each line of `text`. */
  lineNumbers?: number[];
  /** Where the text came from, for messages: `work tree`, `index`, a commit id. */
  origin: string;
}

/** A whole file to scan as bytes, searched before it is decoded (see `Detectors.bytes`). */
export interface ScanFileBytes {
  path: string;
  bytes: Buffer;
  /** Where the bytes came from, for messages: a commit id, a blob. */
  origin: string;
}

/** What a source skipped, and why. */
export interface SkipCounts {
  binary: number;
  tooLarge: number;
}

/** The bytes as text. Pure ASCII (most source files) is copied as Latin-1, a few times faster than UTF-8 decoding and the same string. */
export function decodeText(bytes: Buffer): string {
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/** True when the bytes look binary (a NUL in the first 8 KB, as git decides). */
export function isBinary(bytes: Uint8Array): boolean {
  // Most files are smaller than that, and searching them whole costs less than a Buffer's subarray.
  return (bytes.length > 8000 ? bytes.subarray(0, 8000) : bytes).includes(0);
}

/**
 * Reads work-tree files one after another into one reused buffer. A fresh
 * buffer per file costs more than the read itself: the allocation, the page
 * faults on new memory, and the garbage. No stat: reading stops at the end of
 * the file, or one byte past the size limit, which makes a file too large.
 */
export class WorkTreeReader {
  private buffer: Buffer;
  /** `root` and a separator: listed paths are relative and normalised already, and path.join per file costs more than reading a small one. */
  private readonly prefix: string;

  constructor(
    root: string,
    private readonly maxBytes: number,
    private readonly skipped: SkipCounts,
  ) {
    this.buffer = Buffer.allocUnsafeSlow(Math.min(maxBytes + 1, 1 << 20));
    this.prefix = root.endsWith('/') || root.endsWith(sep) ? root : `${root}/`;
  }

  /**
   * The bytes of `path`, valid until the next read; null when it is gone or
   * not a file, too large or binary (the last two counted as skipped).
   */
  read(path: string): Buffer | null {
    let descriptor: number;
    try {
      descriptor = openSync(this.prefix + path, 'r');
    } catch {
      return null; // removed since it was listed, or unreadable: nothing to scan
    }
    let filled = 0;
    try {
      for (;;) {
        if (filled === this.buffer.length) {
          if (filled > this.maxBytes) break;
          this.grow();
        }
        const read = readSync(descriptor, this.buffer, filled, this.buffer.length - filled, filled);
        if (read === 0) break;
        filled += read;
      }
    } catch {
      return null; // a folder now, or unreadable
    } finally {
      closeSync(descriptor);
    }
    if (filled > this.maxBytes) {
      this.skipped.tooLarge++;
      return null;
    }
    const content = this.buffer.subarray(0, filled);
    if (isBinary(content)) {
      this.skipped.binary++;
      return null;
    }
    return content;
  }

  /** Twice the room, up to one byte past the size limit, keeping what was read. */
  private grow(): void {
    const larger = Buffer.allocUnsafeSlow(Math.min(this.maxBytes + 1, this.buffer.length * 2));
    this.buffer.copy(larger);
    this.buffer = larger;
  }
}
