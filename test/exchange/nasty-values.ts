// Values that break naive quoting: newlines of every kind, quotes, =, #, $,
// backslashes, YAML and shell syntax, unicode, and plain random text. Never NUL:
// no environment variable or text format can hold one (BINARY_VALUE).
import fc from 'fast-check';

const tricky = [
  '\n', '\r\n', '\r', "'", '"', '`', '=', '#', ' # ', '$', '${HOME}', '$(id)', '\\', '\\n', '\\"', "\\'", '\t', ' ',
  'é', 'ü', '日本', '🔑', '\u2028', '\uFEFF', '\u00a0', 'export A=1', '---', ': ', '- ', '&a', '*a', '!tag', '%', '%0A',
  'null', 'true', '~', '0x1F', '1e3', '<<EOF', 'ghadelimiter_x', '::add-mask::',
];

const piece = fc.oneof(
  fc.constantFrom(...tricky),
  fc.string({ unit: 'binary', maxLength: 6 }).filter((text) => text.isWellFormed() && !text.includes('\0')),
  fc.string({ unit: 'grapheme-ascii', maxLength: 10 }).filter((text) => !text.includes('\0')),
);

/** A value made of tricky pieces; may be empty. */
export const nastyValue: fc.Arbitrary<string> = fc.array(piece, { maxLength: 10 }).map((parts) => parts.join(''));

/** A valid variable name. */
export const variableName: fc.Arbitrary<string> = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/);

/** Unique names with nasty values, sorted by name. */
export const variables = fc
  .uniqueArray(fc.record({ name: variableName, value: nastyValue }), { selector: (entry) => entry.name, maxLength: 12 })
  .map((entries) => entries.sort((a, b) => (a.name < b.name ? -1 : 1)));

/** Every nasty piece once, for tests that cannot afford many random cases. */
export const TRICKY_PIECES: readonly string[] = tricky;
