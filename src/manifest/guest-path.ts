/**
 * Guest paths: the POSIX-style absolute paths the guest sees ("/data/in.txt"). Pure string
 * functions, shared by the manifest (mount and cwd checks) and the policy.
 */

/** Longest name of one path component, in UTF-8 bytes (NAME_MAX). */
export const MAX_NAME_BYTES = 255;
/** Longest path, in UTF-8 bytes (PATH_MAX). */
export const MAX_PATH_BYTES = 4096;

/**
 * Normalises a guest path: collapses `//`, `.` and `..` (never above `/`) and drops a trailing
 * slash. The result is always absolute: a relative input is read from `/`.
 */
export function normalizeGuestPath(p: string): string {
  // Most paths arrive normalised already (the policy passes its own results around).
  if (isNormalized(p)) return p;
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      out.pop();
      continue;
    }
    out.push(part);
  }
  return '/' + out.join('/');
}

/**
 * Whether `p` is already what normalizeGuestPath makes of it: absolute, with no empty, `.` or
 * `..` component and no trailing slash (one pass over the characters).
 */
function isNormalized(p: string): boolean {
  const n = p.length;
  if (n === 0 || p.charCodeAt(0) !== 47) return false;
  if (n === 1) return true;
  // `start`: where the current component begins (just after a slash).
  let start = 1;
  for (let i = 1; i <= n; i++) {
    if (i < n && p.charCodeAt(i) !== 47) continue;
    const length = i - start;
    if (length === 0) return false; // `//` or a trailing slash
    if (
      p.charCodeAt(start) === 46 &&
      (length === 1 || (length === 2 && p.charCodeAt(start + 1) === 46))
    )
      return false; // `.` or `..`
    start = i + 1;
  }
  return true;
}

/** Whether the normalised `path` is `root` or lies below it (on a component boundary). */
export function isWithin(path: string, root: string): boolean {
  if (root === '/') return path.startsWith('/');
  // `path.startsWith(root + '/')` without making the string (this runs on every call).
  return (
    path === root ||
    (path.length > root.length && path.charCodeAt(root.length) === 47 && path.startsWith(root))
  );
}

/** Length of a string in UTF-8 bytes (lone surrogates count as the 3 bytes of U+FFFD). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** Shortens a long string for a message: the start, an ellipsis and the length. */
export function abbreviate(s: string, max = 60): string {
  if (s.length <= max) return s;
  return `${s.slice(0, max)}… (${s.length} characters)`;
}
