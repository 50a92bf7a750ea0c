import { VaultfileError } from '../errors.js';

// The dotenv dialect is specified in docs/IMPORT-EXPORT.md. In short: the
// writer leaves plain values bare, puts anything else in single quotes
// (literal, may span lines), and uses double quotes with backslash escapes
// only for values that hold a single quote or a carriage return. The reader
// takes that back exactly, plus the usual hand-written forms: `export `,
// comments, backquotes, unquoted values with a ` # comment`.

/** One NAME=value line of a dotenv file. */
export interface DotenvEntry {
  name: string;
  value: string;
}

const PLAIN_VALUE = /^[A-Za-z0-9_./:@+,-]+$/;
const NAME = /[A-Za-z0-9_.-]+/y;
const WRITE_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '$': '\\$', '\n': '\\n', '\r': '\\r' };
const READ_ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', $: '$', n: '\n', r: '\r', t: '\t' };

/** `NAME=value` lines that parseDotenv reads back exactly, whatever the values hold (except NUL). */
export function formatDotenv(entries: readonly DotenvEntry[]): string {
  return entries.map(({ name, value }) => `${name}=${quoteValue(value)}\n`).join('');
}

function quoteValue(value: string): string {
  if (PLAIN_VALUE.test(value)) return value;
  // No escapes inside single quotes, so other dotenv readers agree on these too.
  if (!value.includes("'") && !value.includes('\r')) return `'${value}'`;
  return `"${value.replace(/[\\"$\n\r]/g, (character) => WRITE_ESCAPES[character]!)}"`;
}

/**
 * Parses dotenv text. Errors (INPUT_INVALID) name `source`, the line and the
 * variable, never a value.
 */
export function parseDotenv(text: string, source: string): DotenvEntry[] {
  const input = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const entries: DotenvEntry[] = [];
  const firstLine = new Map<string, number>();
  let position = 0;
  let line = 1;
  const invalid = (message: string): VaultfileError =>
    new VaultfileError('INPUT_INVALID', `${source}: line ${line}: ${message}`, { hint: 'fix the file and run again; nothing was imported' });
  const skipBlanks = (): void => {
    while (input[position] === ' ' || input[position] === '\t') position++;
  };
  const skipToLineEnd = (): void => {
    const end = input.indexOf('\n', position);
    position = end === -1 ? input.length : end;
  };
  while (position < input.length) {
    skipBlanks();
    if (position >= input.length) break;
    if (input[position] === '\n') {
      position++;
      line++;
      continue;
    }
    if (input[position] === '#') {
      skipToLineEnd();
      continue;
    }
    if (input.startsWith('export', position) && (input[position + 6] === ' ' || input[position + 6] === '\t')) {
      position += 6;
      skipBlanks();
    }
    NAME.lastIndex = position;
    const name = NAME.exec(input)?.[0];
    if (name === undefined) throw invalid('expected NAME=value');
    position += name.length;
    skipBlanks();
    if (input[position] !== '=') throw invalid(`expected = after ${name}`);
    position++;
    const valueStart = position;
    skipBlanks();
    const startLine = line;
    const quote = input[position];
    let value: string;
    if (quote === "'" || quote === '`') {
      const end = input.indexOf(quote, position + 1);
      if (end === -1) throw invalid(`${name}: the ${quote}-quoted value is never closed`);
      value = input.slice(position + 1, end);
      line += countNewlines(value);
      position = end + 1;
    } else if (quote === '"') {
      const parts: string[] = [];
      let index = position + 1;
      for (;;) {
        if (index >= input.length) {
          line = startLine;
          throw invalid(`${name}: the "-quoted value is never closed`);
        }
        const character = input[index]!;
        if (character === '"') break;
        if (character === '\\' && index + 1 < input.length) {
          const next = input[index + 1]!;
          // An unknown escape stays as written, backslash included.
          parts.push(READ_ESCAPES[next] ?? `\\${next}`);
          if (next === '\n') line++;
          index += 2;
          continue;
        }
        if (character === '\n') line++;
        parts.push(character);
        index++;
      }
      value = parts.join('');
      position = index + 1;
    } else if (quote === '#' && position > valueStart) {
      value = ''; // `NAME= # comment`
      skipToLineEnd();
    } else {
      const end = input.indexOf('\n', position);
      const rest = input.slice(position, end === -1 ? input.length : end);
      const comment = rest.search(/[ \t]#/);
      value = (comment === -1 ? rest : rest.slice(0, comment)).trimEnd();
      position += rest.length;
    }
    if (quote === "'" || quote === '`' || quote === '"') {
      skipBlanks();
      if (input[position] === '#') skipToLineEnd();
      if (position < input.length && input[position] !== '\n') throw invalid(`${name}: unexpected text after the closing quote`);
    }
    const earlier = firstLine.get(name);
    if (earlier !== undefined) {
      line = startLine;
      throw invalid(`${name} is set twice (first on line ${earlier})`);
    }
    firstLine.set(name, startLine);
    entries.push({ name, value });
  }
  return entries;
}

function countNewlines(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
  return count;
}
