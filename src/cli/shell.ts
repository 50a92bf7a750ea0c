/** Quotes a word for sh, leaving plain words alone (for commands we write into git config and hooks). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
