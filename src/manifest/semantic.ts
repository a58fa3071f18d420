/**
 * The manifest checks that a type alone cannot express: paths that must be absolute, inside a
 * mount or inside their mount, distinct mounts, http allow patterns and mock URLs, the frozen
 * instant, seed file names and base64. Each issue carries the JSON path of the culprit and
 * whether the key or the value is to blame, so that the editor can underline the right text.
 */
import { decodeBase64 } from '../share/base64';
import { MAX_NAME_BYTES, isWithin, normalizeGuestPath, utf8Length } from './guest-path';
import { originText, parseHttpUrl, parseOriginPattern } from './http-origin';
import { parseRfc3339 } from './rfc3339';
import type { Manifest } from './schema';

export interface SemanticIssue {
  path: (string | number)[];
  message: string;
  severity: 'error' | 'warning';
  /** Underline the property's key (a name) or its value. */
  target: 'key' | 'value';
  /** A span inside the string value (or key), in characters of the decoded string. */
  index?: number;
  length?: number;
}

/** `mounts[0].files["a b"]`-style label for a JSON path. */
export function pathLabel(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function semanticIssues(m: Manifest): SemanticIssue[] {
  const out: SemanticIssue[] = [];
  const error = (path: (string | number)[], message: string, extra: Partial<SemanticIssue> = {}) =>
    out.push({ path, message, severity: 'error', target: 'value', ...extra });
  const warn = (path: (string | number)[], message: string, extra: Partial<SemanticIssue> = {}) =>
    out.push({ path, message, severity: 'warning', target: 'value', ...extra });

  // Mounts: distinct guest paths (relative names such as `fs-tests.dir` or `.` are preopen
  // names, as wasmtime gives them, and stand for `/fs-tests.dir` and `/`); seeds stay inside.
  const mounts = m.mounts ?? [];
  const guests: (string | undefined)[] = [];
  const byGuest = new Map<string, number>();
  mounts.forEach((mount, i) => {
    const at = ['mounts', i, 'guest'];
    const g = mount.guest;
    if (g.includes('\0')) error(at, `mounts[${i}].guest must not contain a NUL character.`);
    else if (g.split('/').includes('..'))
      error(
        at,
        `mounts[${i}].guest must not contain "..": write "${normalizeGuestPath(g)}" if that is what you mean.`,
      );
    else if (g.split('/').some((c) => utf8Length(c) > MAX_NAME_BYTES))
      error(at, `mounts[${i}].guest has a name longer than ${MAX_NAME_BYTES} bytes.`);
    else {
      const n = normalizeGuestPath(g);
      const previous = byGuest.get(n);
      if (previous !== undefined)
        error(
          at,
          `mounts[${i}].guest "${g}" is the same directory as mounts[${previous}].guest: mount each directory once.`,
        );
      else {
        byGuest.set(n, i);
        guests[i] = n;
      }
    }
    checkSeedFiles(mount.files ?? {}, i, error, warn);
  });
  guests.forEach((inner, j) => {
    if (inner === undefined) return;
    guests.forEach((outer, i) => {
      if (outer === undefined || i === j || inner === outer || !isWithin(inner, outer)) return;
      warn(
        ['mounts', j, 'guest'],
        `mounts[${j}] ${inner} lies inside mounts[${i}] ${outer}: below ${inner}, the guest sees mounts[${j}] (${mounts[j]?.access ?? 'read-only'}).`,
      );
    });
  });

  // cwd: absolute and inside a mount.
  if (m.cwd !== undefined) {
    const cwd = m.cwd;
    if (cwd.includes('\0')) error(['cwd'], 'cwd must not contain a NUL character.');
    else if (!cwd.startsWith('/'))
      error(
        ['cwd'],
        `cwd must be an absolute path (starting with "/"), such as "${normalizeGuestPath(cwd)}".`,
      );
    else {
      const n = normalizeGuestPath(cwd);
      const known = guests.filter((g): g is string => g !== undefined);
      if (!known.some((g) => isWithin(n, g)))
        error(
          ['cwd'],
          known.length === 0
            ? `cwd "${cwd}" must lie inside a mount, and there are no mounts: add { "guest": "${n}" } to "mounts".`
            : `cwd "${cwd}" is not inside any mount (${known.join(', ')}): the guest could not open it.`,
        );
    }
  }

  // Environment variable names.
  for (const [name, value] of Object.entries(m.env ?? {})) {
    const at = ['env', name];
    if (name === '') error(at, 'An environment variable needs a name.', { target: 'key' });
    else if (name.includes('='))
      error(at, `"${name}" cannot be a variable name: names cannot contain "=".`, {
        target: 'key',
        index: name.indexOf('='),
        length: 1,
      });
    else if (name.includes('\0'))
      error(at, 'A variable name must not contain a NUL character.', { target: 'key' });
    if (value.includes('\0')) error(at, `env.${name} must not contain a NUL character.`);
  }
  (m.args ?? []).forEach((arg, i) => {
    if (arg.includes('\0'))
      warn(
        ['args', i],
        `args[${i}] contains a NUL character: C programs see only the text before it.`,
      );
  });

  // The frozen wall clock.
  const wall = m.clocks?.wall;
  if (wall !== undefined && wall.startsWith('frozen:')) {
    const instant = wall.slice('frozen:'.length);
    const r = parseRfc3339(instant);
    if (!r.ok)
      error(['clocks', 'wall'], r.message, { index: 7, length: Math.max(1, instant.length) });
  }

  // HTTP: allow patterns and mock URLs.
  const seenOrigins = new Map<string, number>();
  (m.http?.allow ?? []).forEach((entry, i) => {
    const r = parseOriginPattern(entry);
    if (!r.ok) {
      error(['http', 'allow', i], r.message, { index: r.index, length: r.length });
      return;
    }
    const p = r.pattern;
    const key = originText(p.scheme, (p.wildcard ? '*.' : '') + p.host, p.port);
    const previous = seenOrigins.get(key);
    if (previous !== undefined)
      warn(['http', 'allow', i], `http.allow[${i}] repeats http.allow[${previous}] (${key}).`);
    else seenOrigins.set(key, i);
  });
  const seenUrls = new Map<string, string>();
  for (const [url, mock] of Object.entries(m.http?.mock ?? {})) {
    const at = ['http', 'mock', url];
    const r = parseHttpUrl(url);
    if (!r.ok) error(at, r.message, { target: 'key', index: r.index, length: r.length });
    else {
      const previous = seenUrls.get(r.url.url);
      if (previous !== undefined)
        error(at, `"${url}" is the same URL as "${previous}": mock each URL once.`, {
          target: 'key',
        });
      else seenUrls.set(r.url.url, url);
    }
    for (const [name, value] of Object.entries(mock.headers ?? {})) {
      if (!HEADER_NAME.test(name))
        error(
          [...at, 'headers', name],
          `${JSON.stringify(name)} is not a valid HTTP header name.`,
          {
            target: 'key',
          },
        );
      if (/[\r\n\0]/.test(value))
        error(
          [...at, 'headers', name],
          'A header value must not contain line breaks or NUL characters.',
        );
    }
  }
  return out;
}

function checkSeedFiles(
  files: NonNullable<NonNullable<Manifest['mounts']>[number]['files']>,
  mountIndex: number,
  error: (path: (string | number)[], message: string, extra?: Partial<SemanticIssue>) => void,
  warn: (path: (string | number)[], message: string, extra?: Partial<SemanticIssue>) => void,
): void {
  /** Normalised relative path → the name as written. */
  const seen = new Map<string, string>();
  const kinds = new Map<string, 'file' | 'directory'>();
  /** Every directory implied by a deeper entry → the entry that implies it. */
  const implied = new Map<string, string>();
  for (const [name, content] of Object.entries(files)) {
    const at = ['mounts', mountIndex, 'files', name];
    const key = { target: 'key' as const };
    if (name === '') {
      error(at, 'A seed file needs a name, such as "input.txt".', key);
      continue;
    }
    if (name.includes('\0')) {
      error(at, 'A seed file name must not contain a NUL character.', key);
      continue;
    }
    if (name.startsWith('/')) {
      error(
        at,
        `Seed file names are relative to the mount: write "${name.replace(/^\/+/, '')}", not "${name}".`,
        { ...key, index: 0, length: 1 },
      );
      continue;
    }
    const parts = name.split('/');
    if (parts.includes('..')) {
      error(at, `"${name}" would leave the mount: seed file names cannot contain "..".`, {
        ...key,
        index: name.indexOf('..'),
        length: 2,
      });
      continue;
    }
    const clean = parts.filter((p) => p !== '' && p !== '.');
    if (clean.length === 0) {
      error(at, `"${name}" names the mount itself, not a file inside it.`, key);
      continue;
    }
    const long = clean.find((p) => utf8Length(p) > MAX_NAME_BYTES);
    if (long !== undefined) {
      error(at, `A name in "${name.slice(0, 40)}…" is longer than ${MAX_NAME_BYTES} bytes.`, key);
      continue;
    }
    const rel = clean.join('/');
    const isDirectory = typeof content === 'object' && !('base64' in content);
    if (name.endsWith('/') && !isDirectory) {
      error(at, `"${name}" ends with "/", so it names a directory: its value must be {}.`, key);
      continue;
    }
    if (!name.endsWith('/') && isDirectory)
      warn(at, `"${name}" is a directory ({}): write "${name}/" to make that plain.`, key);
    const previous = seen.get(rel);
    if (previous !== undefined) {
      error(at, `"${name}" is the same path as "${previous}".`, key);
      continue;
    }
    seen.set(rel, name);
    const kind = isDirectory ? 'directory' : 'file';
    kinds.set(rel, kind);
    // A file cannot also be a directory that holds other entries.
    for (let k = 1; k < clean.length; k++) {
      const parent = clean.slice(0, k).join('/');
      if (kinds.get(parent) === 'file') {
        error(
          at,
          `"${name}" puts a file inside "${seen.get(parent) ?? parent}", which is a file.`,
          key,
        );
        break;
      }
      if (!implied.has(parent)) implied.set(parent, name);
    }
    const child = implied.get(rel);
    if (kind === 'file' && child !== undefined)
      error(at, `"${name}" is a file, but "${child}" needs it to be a directory.`, key);
    if (typeof content === 'object' && 'base64' in content) {
      const r = decodeBase64(content.base64);
      if (!r.ok) error([...at, 'base64'], r.message, { index: r.index, length: r.length });
    }
  }
}
