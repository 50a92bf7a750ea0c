/** Writes text or bytes to standard output. */
export function writeOut(data: string | Uint8Array): void {
  process.stdout.write(data);
}

/** Writes one line to standard output. */
export function printLine(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Writes a value as pretty JSON with a final newline. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A `vaultfile: warning: …` line on standard error. */
export function warn(message: string): void {
  process.stderr.write(`vaultfile: warning: ${message}\n`);
}

/** A note on standard error, so standard output stays clean for pipes. */
export function note(message: string): void {
  process.stderr.write(`vaultfile: ${message}\n`);
}

/** Left-aligned columns, two spaces apart. */
export function formatTable(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index]!))).join('  ')).join('\n');
}
