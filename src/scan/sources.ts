import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { VaultfileError } from '../errors.js';
import { parseRawLine, readBlobsBatch, runGit } from '../git/process.js';
import { isBinary, type ScanFileBytes, type ScanInput, type SkipCounts } from './files.js';

/** A source yields inputs and counts what it skipped. */
export interface ScanSource {
  /**
   * The texts to scan. A source without them is the work tree: the scanner
   * reads `paths` itself, spread over threads.
   */
  inputs?(): AsyncIterable<ScanInput | ScanFileBytes>;
  skipped: SkipCounts;
  /** Files in the source, scanned or not, known up front: forbidden names are findings even when the content is skipped. */
  paths: string[];
}

/** Files of the work tree that git tracks or would track, relative to `root`. */
export async function listWorkTreeFiles(root: string, inGit: boolean): Promise<string[]> {
  if (inGit) {
    const output = await runGit(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
    return [...new Set(output.toString('utf8').split('\0').filter(Boolean))];
  }
  const { default: ignore } = await import('ignore');
  const rules = ignore().add(['.git/', 'node_modules/']);
  const gitignore = statSync(join(root, '.gitignore'), { throwIfNoEntry: false }) ? readFileSync(join(root, '.gitignore'), 'utf8') : '';
  rules.add(gitignore);
  const files: string[] = [];
  // Folders are joined with a slash, not path.join, here and in listGivenFiles: join normalises the whole path again for
  // every folder, and over a large tree that loop got hot enough for V8's optimising compiler (3 to 14 ms of a core).
  const walk = (folder: string, prefix: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = prefix + entry.name;
      if (rules.ignores(entry.isDirectory() ? `${path}/` : path)) continue;
      if (entry.isDirectory()) walk(`${folder}/${entry.name}`, `${path}/`);
      else if (entry.isFile()) files.push(path);
    }
  };
  walk(root, '');
  return files;
}

/** Files given on the command line (folders walked, symbolic links to folders not followed), relative to `root`. */
export function listGivenFiles(root: string, cwd: string, given: string[]): string[] {
  const files: string[] = [];
  // Paths are built by joining names onto the given folder's relative path: path.relative per file costs more than the walk.
  const walk = (folder: string, prefix: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name !== '.git' && entry.name !== 'node_modules') walk(`${folder}/${entry.name}`, `${prefix}${entry.name}/`);
      } else if (entry.isFile() || (entry.isSymbolicLink() && statSync(`${folder}/${entry.name}`, { throwIfNoEntry: false })?.isFile())) {
        files.push(prefix + entry.name);
      }
    }
  };
  for (const path of given) {
    const full = resolve(cwd, path);
    const stat = statSync(full, { throwIfNoEntry: false });
    if (stat === undefined) throw new VaultfileError('INPUT_UNREADABLE', `${full} does not exist`, { hint: 'check the paths given to vaultfile scan' });
    const relativePath = relative(root, full).split(sep).join('/');
    if (stat.isDirectory()) walk(full, relativePath === '' ? '' : `${relativePath}/`);
    else if (stat.isFile()) files.push(relativePath);
  }
  return files;
}

/**
 * Added lines of a diff, per file: `git diff --cached` (the index, for the
 * pre-commit hook) or `git diff RANGE`. New files come whole; modified files
 * only with the lines they add. Content comes from git, never the work tree.
 */
export async function diffSource(root: string, diffArgs: string[], maxBytes: number, origin: string): Promise<ScanSource> {
  // Both git calls at once: on the pre-commit path their start-up is a noticeable part of the wait.
  const [output, paths] = await Promise.all([
    runGit(root, ['diff', '--no-color', '--no-ext-diff', '--no-textconv', '--unified=0', '--diff-filter=ACMR', '--find-renames', ...diffArgs]),
    diffPaths(root, diffArgs),
  ]);
  const skipped: SkipCounts = { binary: 0, tooLarge: 0 };
  const files = parseAddedLines(output.toString('utf8'), skipped, maxBytes);
  return {
    skipped,
    paths,
    async *inputs() {
      for (const file of files) yield { ...file, origin };
    },
  };
}

/** Names of files a diff adds or changes, binary ones included (for forbidden-file checks). */
export async function diffPaths(root: string, diffArgs: string[]): Promise<string[]> {
  const output = await runGit(root, ['diff', '--name-only', '-z', '--diff-filter=ACMR', '--no-renames', ...diffArgs]);
  return output.toString('utf8').split('\0').filter(Boolean);
}

/** Parses `git diff --unified=0` output into the added lines of each file. */
export function parseAddedLines(diff: string, skipped: SkipCounts, maxBytes: number): { path: string; text: string; lineNumbers: number[] }[] {
  const files: { path: string; text: string; lineNumbers: number[] }[] = [];
  let current: { path: string; lines: string[]; lineNumbers: number[]; bytes: number } | null = null;
  let nextLine = 0;
  const finish = (): void => {
    if (current === null) return;
    if (current.bytes > maxBytes) skipped.tooLarge++;
    else if (current.lines.length > 0) files.push({ path: current.path, text: current.lines.join('\n'), lineNumbers: current.lineNumbers });
    current = null;
  };
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      finish();
      continue;
    }
    if (line.startsWith('+++ ')) {
      const target = line.slice(4);
      current = target === '/dev/null' ? null : { path: unquote(target).replace(/^b\//, ''), lines: [], lineNumbers: [], bytes: 0 };
      continue;
    }
    if (line.startsWith('Binary files ')) {
      skipped.binary++;
      continue;
    }
    if (line.startsWith('@@ ')) {
      const match = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
      nextLine = match ? Number(match[1]) : 0;
      continue;
    }
    if (current !== null && line.startsWith('+')) {
      current.lines.push(line.slice(1));
      current.lineNumbers.push(nextLine++);
      current.bytes += line.length;
    }
  }
  finish();
  return files;
}

/** git quotes unusual paths in C style ("a\\tb"); undo it. */
function unquote(path: string): string {
  if (!path.startsWith('"')) return path;
  return JSON.parse(path.replace(/\\([0-7]{3})/g, (_, octal: string) => `\\u00${Number.parseInt(octal, 8).toString(16).padStart(2, '0')}`)) as string;
}

/**
 * Every blob reachable from `refs`, each once, with one path it had: what a
 * leak scan of the whole history must read. Blobs are read through one
 * `git cat-file --batch` process.
 */
export async function historySource(root: string, refs: string[], maxBytes: number): Promise<ScanSource> {
  const listing = await runGit(root, ['log', '--format=', '--raw', '--no-abbrev', '--no-renames', '--diff-filter=ACMR', ...refs]);
  const blobs = new Map<string, string>();
  for (const line of listing.toString('utf8').split('\n')) {
    const change = parseRawLine(line);
    if (change?.blob && !blobs.has(change.blob)) blobs.set(change.blob, change.path);
  }
  const skipped: SkipCounts = { binary: 0, tooLarge: 0 };
  const contents = await readBlobsBatch(root, [...blobs.keys()]);
  return {
    skipped,
    paths: [...new Set(blobs.values())],
    async *inputs() {
      for (const [blob, path] of blobs) {
        const bytes = contents.get(blob);
        if (bytes === undefined) continue;
        if (bytes.length > maxBytes) {
          skipped.tooLarge++;
          continue;
        }
        if (isBinary(bytes)) {
          skipped.binary++;
          continue;
        }
        yield { path, bytes, origin: `blob ${blob.slice(0, 12)}` };
      }
    },
  };
}
