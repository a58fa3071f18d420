/**
 * Guest paths under WASI's rules: `open-at` paths are relative to a directory descriptor, `..`
 * may not climb out of the mount, and symlinks may not point out of it either.
 */
import {
  MAX_NAME_BYTES,
  MAX_PATH_BYTES,
  abbreviate,
  isWithin,
  normalizeGuestPath,
  utf8Length,
} from '../manifest/guest-path';
import type { ResolvedManifest, ResolvedMount } from '../manifest/resolve';

export { normalizeGuestPath, isWithin };

export type PathError = 'not-permitted' | 'invalid' | 'name-too-long' | 'no-entry';

export type ResolveAtResult =
  { ok: true; path: string } | { ok: false; error: PathError; reason: string };

export type SymlinkResult =
  | { ok: true; path: string; hops: number }
  | { ok: false; error: 'not-permitted' | 'loop' | 'no-entry' | 'invalid'; reason: string };

/**
 * Which directory `..` may not climb above: a root given as text, the mount that contains `path`
 * in a resolved manifest, or (with neither) the path's top-level directory (`/data` for
 * `/data/docs`), which is the mount root for the usual one-level mounts.
 */
export type PathScope = string | ResolvedManifest;

/** The mount containing `guestPath` (the longest matching mount path), or undefined. */
export function findMount(
  resolved: ResolvedManifest,
  guestPath: string,
): ResolvedMount | undefined {
  const p = normalizeGuestPath(guestPath);
  let best: ResolvedMount | undefined;
  for (const mount of resolved.mounts) {
    if (isWithin(p, mount.guest) && (!best || mount.guest.length > best.guest.length)) best = mount;
  }
  return best;
}

function rootFor(path: string, scope: PathScope | undefined): string | undefined {
  if (typeof scope === 'string') return normalizeGuestPath(scope);
  if (scope !== undefined) return findMount(scope, path)?.guest;
  const top = path.split('/').find((p) => p !== '');
  return top === undefined ? '/' : `/${top}`;
}

function components(normalized: string): string[] {
  return normalized === '/' ? [] : normalized.slice(1).split('/');
}

function show(path: string): string {
  return JSON.stringify(abbreviate(path));
}

/**
 * Resolves a descriptor-relative path (`open-at`, `stat-at`, …) against the guest path of the
 * directory descriptor. Refuses an absolute path (`not-permitted`), a NUL byte (`invalid`), an
 * empty path (`no-entry`), names longer than 255 bytes or paths longer than 4096
 * (`name-too-long`), and any `..` step that climbs above the mount root (`not-permitted`;
 * climbing inside the mount is fine). Symlinks are not looked at here: see `resolveSymlinks`.
 */
export function resolveAt(baseGuestDir: string, path: string, scope?: PathScope): ResolveAtResult {
  if (path.includes('\0'))
    return {
      ok: false,
      error: 'invalid',
      reason: `the path ${show(path.replace(/\0/g, '\\0'))} contains a NUL byte`,
    };
  if (path === '') return { ok: false, error: 'no-entry', reason: 'the path is empty' };
  if (path.startsWith('/'))
    return {
      ok: false,
      error: 'not-permitted',
      reason: `${show(path)} is absolute: paths are relative to a directory descriptor, and an absolute path could name anything`,
    };
  if (utf8Length(path) > MAX_PATH_BYTES)
    return {
      ok: false,
      error: 'name-too-long',
      reason: `the path is longer than ${MAX_PATH_BYTES} bytes`,
    };
  const parts = path.split('/');
  if (parts.some((p) => utf8Length(p) > MAX_NAME_BYTES))
    return {
      ok: false,
      error: 'name-too-long',
      reason: `a name in ${show(path)} is longer than ${MAX_NAME_BYTES} bytes`,
    };
  const base = normalizeGuestPath(baseGuestDir);
  const root = rootFor(base, scope);
  if (root === undefined || !isWithin(base, root))
    return { ok: false, error: 'not-permitted', reason: `the directory ${base} is in no mount` };
  const rootDepth = components(root).length;
  const out = components(base);
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length <= rootDepth)
        return {
          ok: false,
          error: 'not-permitted',
          reason: `${show(path)} climbs above the mount ${root} (to ${normalizeGuestPath(`${base}/${path}`)})`,
        };
      out.pop();
      continue;
    }
    out.push(part);
  }
  return { ok: true, path: `/${out.join('/')}` };
}

export interface SymlinkOptions {
  /** The mount the path must stay in (see `PathScope`). */
  scope?: PathScope;
  /** Follow a symlink in the last component too (`symlink-follow`); default true. */
  followLast?: boolean;
}

/**
 * Follows the symlinks in an absolute guest path, component by component, the way a kernel
 * does: relative targets from the link's directory, absolute targets from `/`. `readlink`
 * returns a link's target text, or undefined when that path is not a symlink. Refused: a hop
 * whose target leaves the mount the path started in, even if a later hop would come back
 * (`not-permitted`: "symlink /data/link points outside the mount (to /etc/passwd)"), more than
 * `maxHops` links (`loop`), an empty target (`no-entry`).
 */
export function resolveSymlinks(
  path: string,
  readlink: (guestPath: string) => string | undefined,
  maxHops = 40,
  options: SymlinkOptions = {},
): SymlinkResult {
  const start = normalizeGuestPath(path);
  const root = rootFor(start, options.scope);
  if (root === undefined || !isWithin(start, root))
    return { ok: false, error: 'not-permitted', reason: `${start} is in no mount` };
  const followLast = options.followLast ?? true;
  const rootDepth = components(root).length;
  const done: string[] = [];
  let queue = components(start);
  let hops = 0;
  let via: string | undefined;
  while (queue.length > 0) {
    const part = queue.shift() ?? '';
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (done.length <= rootDepth)
        return {
          ok: false,
          error: 'not-permitted',
          reason: via
            ? `symlink ${via} points outside the mount ${root}`
            : `${start} climbs above the mount ${root}`,
        };
      done.pop();
      continue;
    }
    const candidate = `/${[...done, part].join('/')}`;
    const isLast = queue.every((p) => p === '' || p === '.');
    // Directories above the mount root are not the guest's to resolve: walk through them.
    if ((isLast && !followLast) || !isWithin(candidate, root)) {
      done.push(part);
      continue;
    }
    const target = readlink(candidate);
    if (target === undefined) {
      done.push(part);
      continue;
    }
    hops++;
    if (hops > maxHops)
      return {
        ok: false,
        error: 'loop',
        reason: `more than ${maxHops} symlinks while resolving ${start} (a loop at ${candidate}?)`,
      };
    if (target === '')
      return { ok: false, error: 'no-entry', reason: `symlink ${candidate} is empty` };
    if (target.includes('\0'))
      return { ok: false, error: 'invalid', reason: `symlink ${candidate} contains a NUL byte` };
    const landing = target.startsWith('/')
      ? normalizeGuestPath(target)
      : normalizeGuestPath(`/${[...done, target].join('/')}`);
    if (!isWithin(landing, root))
      return {
        ok: false,
        error: 'not-permitted',
        reason: `symlink ${candidate} points outside the mount (to ${landing})`,
      };
    via = candidate;
    if (target.startsWith('/')) {
      done.length = 0;
      queue = [...components(landing), ...queue];
    } else {
      queue = [...target.split('/'), ...queue];
    }
  }
  return { ok: true, path: `/${done.join('/')}`, hops };
}
