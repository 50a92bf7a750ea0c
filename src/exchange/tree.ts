import { VaultfileError } from '../errors.js';
import { secretPathProblem } from '../format/secret-path.js';

/** A value at a path relative to an import or export prefix (`db/password`). */
export interface TreeEntry {
  path: string;
  value: string;
}

/** A nested object of strings: one key per path segment. */
export interface Tree {
  [segment: string]: string | Tree;
}

/**
 * The entries of a parsed JSON or YAML document: nested keys become path
 * segments (`{"db": {"password": "x"}}` gives `db/password`), and a key may
 * also hold `/` itself. Strings are taken as they are, booleans and whole
 * numbers as their text; anything else is INPUT_INVALID naming the key.
 */
export function flattenTree(document: unknown, source: string): TreeEntry[] {
  if (!isObject(document)) throw invalid(source, 'the top level must be an object of keys and values');
  const entries: TreeEntry[] = [];
  const seen = new Set<string>();
  const visit = (node: Record<string, unknown>, parent: string): void => {
    for (const [key, value] of Object.entries(node)) {
      const path = parent === '' ? key : `${parent}/${key}`;
      const problem = secretPathProblem(path);
      if (problem !== null) throw invalid(source, `the key ${JSON.stringify(path)} cannot be a secret path: ${problem}`);
      if (isObject(value)) {
        visit(value, path);
        continue;
      }
      if (seen.has(path)) throw invalid(source, `${path} is given twice`);
      seen.add(path);
      entries.push({ path, value: scalarText(value, path, source) });
    }
  };
  visit(document, '');
  return entries;
}

function scalarText(value: unknown, path: string, source: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  // Larger numbers and fractions would not come back as the text that was written.
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'number') throw invalid(source, `${path} is a number that may not survive as text; write it as a string`);
  if (value === null) throw invalid(source, `${path} has no value (null); write "" for an empty value`);
  if (Array.isArray(value)) throw invalid(source, `${path} is a list; each secret holds one text value`);
  throw invalid(source, `${path} is not a text value`);
}

/** The nested object for entries (the reverse of flattenTree). NAME_COLLISION when a path is both a value and a folder. */
export function buildTree(entries: readonly TreeEntry[]): Tree {
  const tree: Tree = Object.create(null) as Tree;
  for (const { path, value } of entries) {
    const segments = path.split('/');
    let node = tree;
    segments.forEach((segment, index) => {
      const existing = node[segment];
      const last = index === segments.length - 1;
      if (existing !== undefined && (last || typeof existing === 'string')) {
        const folder = last ? path : segments.slice(0, index + 1).join('/');
        throw new VaultfileError('NAME_COLLISION', `${folder} is both a secret and a folder of secrets, which JSON and YAML cannot hold at once`, {
          hint: 'export the two with different prefixes, or use --format dotenv',
        });
      }
      if (last) node[segment] = value;
      else node = (node[segment] ??= Object.create(null) as Tree) as Tree;
    });
  }
  return tree;
}

/** Parses JSON text into entries. Errors give the position, never a piece of the text. */
export function parseJsonTree(text: string, source: string): TreeEntry[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    // V8's message may quote the text around the error, which could be a secret: keep only the position.
    const offset = /position (\d+)/.exec((error as Error).message)?.[1];
    throw invalid(source, `not valid JSON${offset === undefined ? '' : ` (${lineAndColumn(text, Number(offset))})`}`);
  }
  return flattenTree(document, source);
}

/**
 * Parses YAML text into entries with the failsafe schema, so every scalar is
 * the text written (`port: 5432` gives "5432", `on: yes` gives "yes").
 */
export async function parseYamlTree(text: string, source: string): Promise<TreeEntry[]> {
  const { parse, YAMLError } = await import('yaml');
  let document: unknown;
  try {
    document = parse(text, { schema: 'failsafe', uniqueKeys: true, prettyErrors: true });
  } catch (error) {
    if (!(error instanceof YAMLError)) throw error;
    // yaml's message quotes the offending line, which could hold a secret: keep the code and the position.
    const where = error.linePos === undefined ? '' : ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}`;
    throw invalid(source, `not valid YAML: ${error.code.toLowerCase().replaceAll('_', ' ')}${where}`);
  }
  return flattenTree(document, source);
}

/** Entries as pretty JSON, nested by path segment. */
export function formatJsonTree(entries: readonly TreeEntry[]): string {
  return `${JSON.stringify(buildTree(entries), null, 2)}\n`;
}

/** Entries as YAML, nested by path segment; strings that look like other types are quoted. */
export async function formatYamlTree(entries: readonly TreeEntry[]): Promise<string> {
  const { stringify } = await import('yaml');
  return entries.length === 0 ? '{}\n' : stringify(buildTree(entries), { lineWidth: 0 });
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(source: string, message: string): VaultfileError {
  return new VaultfileError('INPUT_INVALID', `${source}: ${message}`, { hint: 'fix the file and run again; nothing was imported' });
}
