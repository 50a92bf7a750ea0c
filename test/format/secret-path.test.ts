import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { secretPathProblem } from '../../src/format/secret-path.js';

describe('secret paths', () => {
  it.each(['prod/db/password', 'a', 'dev/api_key', 'x/y.z/v1-2', 'Prod/DB_PASSWORD', '_private/x'])('accepts %j', (path) => {
    expect(secretPathProblem(path)).toBeNull();
  });

  it.each([
    ['', 'empty'],
    ['../x', '".." segment'],
    ['a/../b', '".." segment'],
    ['./x', '"." segment'],
    ['/etc/passwd', 'absolute'],
    ['a//b', 'empty segment'],
    ['a/', 'empty segment'],
    ['a\\b', 'backslash'],
    ['a\0b', 'NUL'],
    ['a\nb', 'control character'],
    ['a\u007fb', 'control character'],
    ['.hidden', 'starts with'],
    ['a/-flag', 'starts with'],
    ['a b', 'outside'],
    ['ünï', 'outside'],
    ['a'.repeat(129), 'longer than 128'],
    [Array(17).fill('a').join('/'), 'more than 16'],
  ])('rejects %j (%s)', (path, reason) => {
    expect(secretPathProblem(path)).toContain(reason);
  });

  it('never accepts a path that could leave the vault folder', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '.', '/', '\\', '-', '_') , maxLength: 12 }), (path) => {
        if (secretPathProblem(path) === null) {
          const segments = path.split('/');
          expect(segments.every((segment) => segment !== '' && !segment.startsWith('.') && !segment.startsWith('-'))).toBe(true);
          expect(path.includes('\\')).toBe(false);
        }
      }),
    );
  });
});
