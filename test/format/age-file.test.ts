// The age wire format (c2sp.org/age) as src/format/age-file.ts parses it:
// ASCII armor, the textual header and canonical unpadded base64. Good inputs
// come from age-encryption and the age binary; bad ones are made by hand.
import { Encrypter, armor, generateX25519Identity, identityToRecipient } from 'age-encryption';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AgeFormatError, decodeArmor, decodeUnpadded, isArmored, parseAgeHeader } from '../../src/format/age-file.js';
import { runTool } from '../support.js';

const BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';
const END = '-----END AGE ENCRYPTED FILE-----';
const VERSION = 'age-encryption.org/v1';
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const unpadded = (data: Uint8Array): string => Buffer.from(data).toString('base64').replace(/=+$/, '');
const aMac = unpadded(new Uint8Array(32).fill(7));

async function encryptWithLibrary(plaintext: string): Promise<Uint8Array> {
  const encrypter = new Encrypter();
  encrypter.addRecipient(await identityToRecipient(await generateX25519Identity()));
  return encrypter.encrypt(plaintext);
}

async function encryptWithAgeBinary(plaintext: string, options: string[] = []): Promise<Buffer> {
  const recipient = await identityToRecipient(await generateX25519Identity());
  const result = runTool('age', [...options, '-r', recipient], { input: plaintext });
  expect(result.status, result.stderr.toString()).toBe(0);
  return result.stdout;
}

/** Armor text from base64 body lines, as a writer would lay it out. */
const armorOf = (lines: string[]): Uint8Array => bytes([BEGIN, ...lines, END, ''].join('\n'));

/** Wraps standard padded base64 at `width` columns. */
function wrap(base64: string, width: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < base64.length; i += width) lines.push(base64.slice(i, i + width));
  return lines;
}

/** A stanza's body lines per the spec: 64-column lines, the last one always shorter. */
function bodyLines(body: Uint8Array): string[] {
  const lines = wrap(unpadded(body), 64);
  if (body.length % 48 === 0) lines.push('');
  return lines;
}

interface StanzaSpec {
  type: string;
  args: string[];
  body: Uint8Array;
}

/** A header in the spec's layout, MAC line included, followed by `payload`. */
function headerOf(stanzas: StanzaSpec[], options: { mac?: string; payload?: string } = {}): Uint8Array {
  const lines = [VERSION];
  for (const stanza of stanzas) lines.push(['->', stanza.type, ...stanza.args].join(' '), ...bodyLines(stanza.body));
  lines.push(`--- ${options.mac ?? aMac}`);
  return bytes(lines.join('\n') + '\n' + (options.payload ?? ''));
}

const text = (...lines: string[]): Uint8Array => bytes(lines.join('\n'));
const x25519Stanza: StanzaSpec = { type: 'X25519', args: [unpadded(new Uint8Array(32).fill(1))], body: new Uint8Array(32).fill(2) };

function formatErrorOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(AgeFormatError);
    return (error as Error).message;
  }
  throw new Error('expected an AgeFormatError, but nothing was thrown');
}

describe('armor', () => {
  it('decodes what age-encryption armors, byte for byte', async () => {
    const binary = await encryptWithLibrary('armored by age-encryption');
    const armored = bytes(armor.encode(binary));
    expect(isArmored(armored)).toBe(true);
    expect(decodeArmor(armored)).toEqual(binary);
  });

  it('decodes what `age -a` writes, the same as age-encryption does', async () => {
    const armored = await encryptWithAgeBinary('armored by the age binary', ['-a']);
    expect(isArmored(armored)).toBe(true);
    const decoded = decodeArmor(armored);
    expect(decoded).toEqual(armor.decode(armored.toString('latin1')));
    expect(new TextDecoder().decode(decoded.subarray(0, VERSION.length))).toBe(VERSION);
  });

  it('round-trips any bytes armored by age-encryption', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 400 }), (data) => {
        expect(decodeArmor(bytes(armor.encode(data)))).toEqual(data);
      }),
    );
  });

  it('accepts CRLF line endings and trailing whitespace, like age-encryption', () => {
    const data = new Uint8Array(100).map((_, i) => i);
    const lf = armor.encode(data);
    expect(decodeArmor(bytes(lf.replaceAll('\n', '\r\n')))).toEqual(data);
    expect(decodeArmor(bytes(`${lf}\n  \t\n`))).toEqual(data);
  });

  it('accepts a last line of exactly 64 columns', () => {
    const data = new Uint8Array(96).fill(0xab);
    const lines = wrap(Buffer.from(data).toString('base64'), 64);
    expect(lines.map((line) => line.length)).toEqual([64, 64]);
    expect(decodeArmor(armorOf(lines))).toEqual(data);
  });

  it('does not take a binary age file for armor', async () => {
    expect(isArmored(await encryptWithLibrary('binary'))).toBe(false);
    expect(isArmored(bytes(` ${BEGIN}\n`))).toBe(false);
  });

  const good = armor.encode(new Uint8Array(100).map((_, i) => i * 7));
  const goodLines = good.trimEnd().split('\n').slice(1, -1);

  it.each([
    ['a missing END line', bytes([BEGIN, ...goodLines, ''].join('\n')), 'does not end with the END line'],
    ['a missing BEGIN line', bytes([...goodLines, END, ''].join('\n')), 'does not start with the BEGIN line'],
    ['a line wrapped at 60 columns', armorOf(wrap(goodLines.join(''), 60)), 'has the wrong length'],
    ['a last line longer than 64 columns', armorOf([goodLines.join('')]), 'has the wrong length'],
    ['an empty line in the body', armorOf(['']), 'has the wrong length'],
    ['non-zero trailing bits (QR== instead of QQ==)', armorOf(['QR==']), 'not canonical base64'],
    ['a missing padding character', armorOf(['QQ=']), 'not canonical base64'],
    ['padding in the middle', armorOf(['QQ==QUJD']), 'not canonical base64'],
    ['a base64url character', armorOf(['QU-_']), 'not canonical base64'],
    ['a space inside a line', armorOf(['QUJ D']), 'not canonical base64'],
  ])('rejects %s', (_, input, message) => {
    expect(formatErrorOf(() => decodeArmor(input))).toContain(message);
    expect(() => armor.decode(Buffer.from(input).toString('latin1'))).toThrow();
  });

  it('rejects an empty body, which age-encryption decodes to zero bytes (not an age file either way)', () => {
    const empty = `${BEGIN}\n${END}\n`;
    expect(formatErrorOf(() => decodeArmor(bytes(empty)))).toBe('armor holds no data');
    expect(armor.decode(empty)).toEqual(new Uint8Array());
  });

  it('names the line that has the wrong length', () => {
    const lines = [...goodLines];
    lines[0] = lines[0]!.slice(0, 60);
    expect(formatErrorOf(() => decodeArmor(armorOf(lines)))).toBe('armor line 2 has the wrong length');
  });
});

describe('header', () => {
  it('parses the header age-encryption writes and finds where the payload starts', async () => {
    const file = await encryptWithLibrary('payload');
    const header = parseAgeHeader(file);
    expect(header.stanzas).toHaveLength(1);
    expect(header.stanzas[0]!.type).toBe('X25519');
    expect(header.stanzas[0]!.args).toHaveLength(1);
    expect(decodeUnpadded(header.stanzas[0]!.args[0]!)).toHaveLength(32);
    expect(header.stanzas[0]!.body).toHaveLength(32);
    expect(header.mac).toHaveLength(32);
    // nonce (16) + one chunk of 7 bytes and its 16-byte tag
    expect(file.length - header.payloadOffset).toBe(16 + 7 + 16);
  });

  it('parses the header the age binary writes for three recipients', async () => {
    const recipients = await Promise.all([1, 2, 3].map(async () => identityToRecipient(await generateX25519Identity())));
    const result = runTool('age', recipients.flatMap((recipient) => ['-r', recipient]), { input: 'x' });
    const header = parseAgeHeader(result.stdout);
    expect(header.stanzas.map((stanza) => stanza.type)).toEqual(['X25519', 'X25519', 'X25519']);
    expect(header.stanzas.every((stanza) => stanza.body.length === 32)).toBe(true);
  });

  it('gives the MAC input as everything up to and including ---', () => {
    const file = headerOf([x25519Stanza], { payload: 'PAYLOAD' });
    const header = parseAgeHeader(file);
    const macInput = new TextDecoder().decode(header.macInput);
    expect(macInput.startsWith(`${VERSION}\n-> X25519 `)).toBe(true);
    expect(macInput.endsWith('\n---')).toBe(true);
    expect(header.mac).toEqual(new Uint8Array(32).fill(7));
    expect(new TextDecoder().decode(file.subarray(header.payloadOffset))).toBe('PAYLOAD');
  });

  it.each([0, 1, 2, 3, 31, 32, 47, 48, 49, 95, 96, 97, 200])('parses a stanza body of %i bytes', (length) => {
    const body = new Uint8Array(length).map((_, i) => (i * 31 + length) & 0xff);
    const [stanza] = parseAgeHeader(headerOf([{ type: 'test', args: ['a', 'b'], body }])).stanzas;
    expect(stanza).toEqual({ type: 'test', args: ['a', 'b'], body: expect.any(Uint8Array) });
    expect(new Uint8Array(stanza!.body)).toEqual(body);
  });

  it('needs an empty final line after a body of exactly 64 columns', () => {
    const body = new Uint8Array(48).fill(9);
    const withEmptyLine = text(VERSION, '-> test', unpadded(body), '', `--- ${aMac}`, '');
    expect(unpadded(body)).toHaveLength(64);
    expect(new Uint8Array(parseAgeHeader(withEmptyLine).stanzas[0]!.body)).toEqual(body);

    const withoutEmptyLine = text(VERSION, '-> test', unpadded(body), `--- ${aMac}`, '');
    expect(formatErrorOf(() => parseAgeHeader(withoutEmptyLine))).toBe('bad stanza body');
  });

  it('parses stanzas with no arguments, many arguments and long arguments', () => {
    const long = 'A'.repeat(1494); // the size of an mlkem768x25519 share
    const header = parseAgeHeader(
      headerOf([
        { type: 'bare', args: [], body: new Uint8Array() },
        { type: 'many', args: ['1', '2', '3', '4', '5', '6'], body: new Uint8Array([1]) },
        { type: 'long', args: [long], body: new Uint8Array(32) },
      ]),
    );
    expect(header.stanzas.map(({ type, args }) => ({ type, args }))).toEqual([
      { type: 'bare', args: [] },
      { type: 'many', args: ['1', '2', '3', '4', '5', '6'] },
      { type: 'long', args: [long] },
    ]);
  });

  it('round-trips any well-formed header', () => {
    const argument = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)), minLength: 1, maxLength: 20 });
    const stanza = fc.record({ type: argument, args: fc.array(argument, { maxLength: 4 }), body: fc.uint8Array({ maxLength: 150 }) });
    fc.assert(
      fc.property(fc.array(stanza, { minLength: 1, maxLength: 5 }), (stanzas) => {
        const parsed = parseAgeHeader(headerOf(stanzas)).stanzas;
        expect(parsed.map((s) => ({ type: s.type, args: s.args, body: new Uint8Array(s.body) }))).toEqual(stanzas);
      }),
    );
  });

  it.each([
    ['a MAC line without the space', `---${aMac}`],
    ['a MAC line with two spaces', `---  ${aMac}`],
    ['a MAC of 31 bytes', `--- ${unpadded(new Uint8Array(31))}`],
    ['a MAC of 33 bytes', `--- ${unpadded(new Uint8Array(33))}`],
    ['a padded MAC', `--- ${aMac}=`],
    ['an empty MAC', '--- '],
    ['a MAC with trailing whitespace', `--- ${aMac} `],
  ])('rejects %s', (_, macLine) => {
    const file = text(VERSION, '-> X25519 AAAA', unpadded(new Uint8Array(32)), macLine, '');
    expect(formatErrorOf(() => parseAgeHeader(file))).toBe('bad header MAC line');
  });

  it.each([
    ['no newline after the MAC', text(VERSION, '-> X25519 AAAA', '', `--- ${aMac}`)],
    ['an end inside a stanza body', text(VERSION, '-> X25519 AAAA', 'A'.repeat(64), '')],
    ['an end after the stanza line', text(VERSION, '-> X25519 AAAA', '')],
    ['only the version line', text(VERSION, '')],
    ['no newline at all', text(VERSION)],
    ['an empty file', text('')],
  ])('rejects a truncated header: %s', (_, file) => {
    expect(formatErrorOf(() => parseAgeHeader(file))).toBe('the header is truncated');
  });

  it.each([
    ['a missing version line', text('-> X25519 AAAA', '', `--- ${aMac}`, '')],
    ['another version', text('age-encryption.org/v2', '-> X25519 AAAA', '', `--- ${aMac}`, '')],
    ['a CRLF version line', text(`${VERSION}\r`, '-> X25519 AAAA', '', `--- ${aMac}`, '')],
    ['an armored file', bytes(armor.encode(headerOf([x25519Stanza])))],
  ])('rejects %s', (_, file) => {
    expect(formatErrorOf(() => parseAgeHeader(file))).toBe(`not an ${VERSION} file`);
  });

  it.each([
    ['a stanza line without the arrow', text(VERSION, 'X25519 AAAA', '', `--- ${aMac}`, '')],
    ['a stanza line with only the arrow', text(VERSION, '->', '', `--- ${aMac}`, '')],
    ['an empty argument', text(VERSION, '-> X25519  AAAA', '', `--- ${aMac}`, '')],
    ['a trailing space', text(VERSION, '-> X25519 AAAA ', '', `--- ${aMac}`, '')],
    ['a CRLF stanza line', text(VERSION, '-> X25519 AAAA\r', '', `--- ${aMac}`, '')],
    ['a non-ASCII argument', text(VERSION, '-> X25519 é', '', `--- ${aMac}`, '')],
  ])('rejects %s', (_, file) => {
    expect(formatErrorOf(() => parseAgeHeader(file))).toBe('bad stanza line');
  });

  it.each([
    ['a body line longer than 64 columns', 'A'.repeat(68)],
    ['a padded body line', 'QQ=='],
    ['non-canonical trailing bits in the body', 'QR'],
    ['a body line with a space', 'QU JD'],
    ['a CRLF body line', 'QUJD\r'],
  ])('rejects %s', (_, bodyLine) => {
    const file = text(VERSION, '-> X25519 AAAA', bodyLine, `--- ${aMac}`, '');
    expect(formatErrorOf(() => parseAgeHeader(file))).toBe('bad stanza body');
  });

  it('rejects a header without any stanza', () => {
    expect(formatErrorOf(() => parseAgeHeader(text(VERSION, `--- ${aMac}`, '')))).toBe('the header has no recipient stanza');
  });
});

describe('decodeUnpadded', () => {
  it('decodes canonical unpadded base64 of every length', () => {
    expect(decodeUnpadded('')).toEqual(new Uint8Array());
    expect(decodeUnpadded('QQ')).toEqual(bytes('A'));
    expect(decodeUnpadded('QUI')).toEqual(bytes('AB'));
    expect(decodeUnpadded('QUJD')).toEqual(bytes('ABC'));
    expect(decodeUnpadded('+/+/')).toEqual(new Uint8Array([0xfb, 0xff, 0xbf]));
  });

  it.each([
    ['padding', 'QQ=='],
    ['one padding character', 'QUI='],
    ['padding alone', '=='],
    ['non-zero trailing bits after one byte', 'QR'],
    ['non-zero trailing bits after two bytes', 'QUJ'],
    ['a length that leaves 6 bits over', 'QUJDR'],
    ['a space', 'QU JD'],
    ['a newline', 'QUJD\n'],
    ['base64url characters', 'QU-_'],
    ['a non-ASCII letter', 'QUJé'],
    ['punctuation', 'QUJ!'],
  ])('rejects %s', (_, input) => {
    expect(decodeUnpadded(input)).toBeNull();
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (data) => {
        expect(decodeUnpadded(unpadded(data))).toEqual(data);
      }),
    );
  });

  it('accepts only text that is the one encoding of what it decodes to', () => {
    const base64Text = fc.string({ unit: fc.constantFrom(...'ABCDQRSTgw+/=9'), maxLength: 12 });
    fc.assert(
      fc.property(base64Text, (input) => {
        const decoded = decodeUnpadded(input);
        if (decoded !== null) expect(unpadded(decoded)).toBe(input);
      }),
    );
  });
});
