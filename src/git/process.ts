import { createRequire } from 'node:module';
import { VaultfileError } from '../errors.js';

// Plain child processes for the git calls simple-git cannot make: ones that feed
// standard input (`cat-file --batch`) or return bytes. Always an argument array.

// Loading node:child_process costs a scan about 2 ms, and a scan of folders given on the command line never runs git:
// required on first use. (A require, not an import(): the scan bundle runs from V8's code cache, which has no loader
// for import().)
const require = createRequire(import.meta.url);
let childProcess: typeof import('node:child_process') | undefined;

/** Runs git and returns its standard output, failing with its standard error. */
export function runGit(cwd: string, args: string[], input?: string): Promise<Buffer> {
  childProcess ??= require('node:child_process') as typeof import('node:child_process');
  const { spawn } = childProcess;
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new VaultfileError('USAGE', `git ${args[0]} failed: ${Buffer.concat(err).toString('utf8').trim().split('\n')[0]}`, { hint: 'run the scan inside a git repository, with a valid range or ref' }));
    });
    child.stdin.on('error', () => undefined); // git may exit before reading what it did not need
    child.stdin.end(input ?? '');
  });
}

/** Reads blobs with one `git cat-file --batch`: "<id> <type> <size>\n<content>\n" per blob. */
export async function readBlobsBatch(root: string, blobs: string[]): Promise<Map<string, Buffer>> {
  const contents = new Map<string, Buffer>();
  if (blobs.length === 0) return contents;
  const output = await runGit(root, ['cat-file', '--batch'], `${blobs.join('\n')}\n`);
  let offset = 0;
  while (offset < output.length) {
    const headerEnd = output.indexOf(0x0a, offset);
    const [id, type, size] = output.subarray(offset, headerEnd).toString('latin1').split(' ') as [string, string, string];
    if (type === 'missing' || size === undefined) {
      offset = headerEnd + 1;
      continue;
    }
    const start = headerEnd + 1;
    const length = Number(size);
    contents.set(id, output.subarray(start, start + length));
    offset = start + length + 1;
  }
  return contents;
}

/**
 * One line of `git log --raw --no-abbrev` output, `:100644 100644 <old> <new> M\t<path>`:
 * the new blob id (null when the change removed the file) and the path; null
 * for any other line.
 */
export function parseRawLine(line: string): { blob: string | null; path: string } | null {
  if (!line.startsWith(':')) return null;
  const tab = line.indexOf('\t');
  if (tab === -1) return null;
  const blob = line.slice(0, tab).split(' ')[3] ?? '';
  return { blob: /^0+$/.test(blob) ? null : blob, path: line.slice(tab + 1) };
}
