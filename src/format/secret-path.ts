/** The characters a path segment may hold; the first may not be `.` or `-`. */
const segmentPattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
export const MAX_SEGMENT_LENGTH = 128;
export const MAX_PATH_LENGTH = 512;
export const MAX_PATH_DEPTH = 16;

/**
 * Why `path` is not a valid secret path, or null when it is. Valid paths are
 * `/`-separated segments of `[A-Za-z0-9_.-]`, none empty, none starting with
 * `.` or `-` (so `.`, `..` and hidden files are impossible), no leading or
 * trailing `/`.
 */
export function secretPathProblem(path: string): string | null {
  if (path.length === 0) return 'the path is empty';
  if (path.length > MAX_PATH_LENGTH) return `the path is longer than ${MAX_PATH_LENGTH} characters`;
  if (path.includes('\0')) return 'the path contains a NUL character';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'the path contains a control character';
  if (path.includes('\\')) return 'the path contains a backslash; use / between segments';
  if (path.startsWith('/')) return 'the path is absolute; secret paths are relative, like prod/db/password';
  const segments = path.split('/');
  if (segments.length > MAX_PATH_DEPTH) return `the path has more than ${MAX_PATH_DEPTH} segments`;
  for (const segment of segments) {
    if (segment === '') return 'the path has an empty segment (a doubled or trailing /)';
    if (segment === '.' || segment === '..') return `the path has a "${segment}" segment`;
    if (segment.length > MAX_SEGMENT_LENGTH) return `a segment is longer than ${MAX_SEGMENT_LENGTH} characters`;
    if (!segmentPattern.test(segment)) {
      return `the segment "${segment}" holds a character outside A-Z a-z 0-9 _ . - or starts with . or -`;
    }
  }
  return null;
}
