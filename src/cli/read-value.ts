import { readFileSync } from 'node:fs';
import { VaultfileError } from '../errors.js';
import { generateValue } from '../vault/generate.js';
import { note, warn } from './output.js';
import { promptHidden } from './prompt.js';

/** Where `set` takes the value from; at most one may be given. */
export interface ValueSourceArgs {
  value?: string;
  fromFile?: string;
  generate?: string;
  keepNewline?: boolean;
}

/**
 * The value for `set`: `--value`, `--from-file`, `--generate`, piped standard
 * input, or a no-echo prompt on a terminal (asked twice).
 */
export async function readValue(args: ValueSourceArgs, path: string): Promise<Uint8Array> {
  const given = (['value', 'fromFile', 'generate'] as const).filter((key) => args[key] !== undefined);
  if (given.length > 1) {
    throw new VaultfileError('USAGE', `give the value one way only, not ${given.map(flagName).join(' and ')}`, {
      hint: 'use one of: standard input, --from-file, --generate, --value',
    });
  }
  if (args.generate !== undefined) return generateValue(args.generate);
  if (args.value !== undefined) {
    warn('a value given with --value lands in shell history and process lists; prefer standard input or the prompt');
    return Buffer.from(args.value, 'utf8');
  }
  if (args.fromFile !== undefined) return args.fromFile === '-' ? readStdin() : readInputFile(args.fromFile);
  if (!process.stdin.isTTY) {
    const piped = await readStdin();
    return args.keepNewline ? piped : dropTrailingNewline(piped);
  }
  const first = await promptHidden(`value for ${path} (input hidden): `);
  const second = await promptHidden('again, to confirm: ');
  if (first !== second) throw new VaultfileError('USAGE', 'the two entries differ; nothing was stored', { hint: 'run the command again' });
  return Buffer.from(first, 'utf8');
}

function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

function readInputFile(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new VaultfileError('INPUT_UNREADABLE', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, {
      hint: 'check the path given to --from-file',
    });
  }
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * `echo secret | vaultfile set x` should store `secret`, not `secret\n`: a
 * single line of text loses its one final newline, and we say so. Anything
 * else (several lines, binary) is stored exactly.
 */
function dropTrailingNewline(input: Uint8Array): Uint8Array {
  const newline = input.indexOf(0x0a);
  if (newline !== input.length - 1 || input.length === 1) return input;
  note('removed the final newline of the piped value (--keep-newline keeps it)');
  return input.subarray(0, -1);
}
