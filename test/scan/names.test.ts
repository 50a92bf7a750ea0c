// How the generic detector splits a name into words, against the regex
// pipeline it replaced (kept here as the reference): the same words for any
// name the detector can meet, and the examples its documentation gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameParts, namesASecret } from '../../src/scan/generic.js';

/** The words of a name, the slow, obvious way. */
function reference(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((part) => part !== '');
}

// Names as the detector reads them: runs of ASCII letters, digits, `_`, `.` and `-`, with a few other characters thrown in.
const names = fc
  .array(fc.oneof(fc.constantFrom(...'aZbYcXkeyKEYPassword0129_.-$ '), fc.constantFrom('DB', 'db', 'JSON', 'Json', 'api', 'API', 'Key', 'token', 'TOKEN', 'x2', 'X2')), { maxLength: 24 })
  .map((pieces) => pieces.join(''));

describe('nameParts', () => {
  it('splits every name into the same words as the regex pipeline', () => {
    fc.assert(
      fc.property(names, (name) => {
        expect(nameParts(name)).toEqual(reference(name));
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ['dbPassword', ['db', 'password']],
    ['DB_PASSWORD', ['db', 'password']],
    ['db.password', ['db', 'password']],
    ['--db-password', ['db', 'password']],
    ['JSONWebToken', ['json', 'web', 'token']],
    ['apiKey2Value', ['api', 'key2', 'value']],
    ['AWS4Secret', ['aws4', 'secret']],
    ['', []],
    ['__', []],
  ])('splits %j into %j', (name, words) => {
    expect(nameParts(name)).toEqual(words);
  });

  it('keeps the verdicts on secret-like names', () => {
    expect(namesASecret('clientSecret')).toBe(true);
    expect(namesASecret('STRIPE_API_KEY')).toBe(true);
    expect(namesASecret('nextPageToken')).toBe(false);
    expect(namesASecret('passwordFile')).toBe(false);
    expect(namesASecret('monkey')).toBe(false);
  });
});
