/**
 * wasi:filesystem decisions: which mount a path lies in, whether that mount lets the call
 * change anything, and whether the path (with its `..` and symlinks) stays inside.
 *
 * Error codes: `access` for a path in no mount (the manifest grants nothing there),
 * `not-permitted` for an escape (absolute path, `..` above the mount, symlink out),
 * `read-only` for a change inside a read-only mount, plus `invalid`, `name-too-long`,
 * `no-entry` and `loop` from path resolution.
 */
import type { ResolvedManifest, ResolvedMount } from '../manifest/resolve';
import { DEFAULT_DENY, denied, granted, type Decision } from './decision';
import { findMount, normalizeGuestPath, resolveAt, resolveSymlinks } from './paths';

/** Reads a symlink's target text, or undefined when the path is not a symlink. */
export type Readlink = (guestPath: string) => string | undefined;

export interface OpenFacts {
  /** Guest path of the directory descriptor `open-at` was called on. */
  base: string;
  /** The path argument, relative to `base`. */
  path: string;
  create: boolean;
  truncate: boolean;
  exclusive: boolean;
  directory: boolean;
  /** Descriptor flags `write` or `mutate-directory`. */
  write: boolean;
  /** Path flag `symlink-follow` (the last component; the others are always followed). */
  followSymlinks: boolean;
}

export type MutationOp =
  | 'write'
  | 'set-size'
  | 'create-directory-at'
  | 'unlink-file-at'
  | 'remove-directory-at'
  | 'rename-at'
  | 'symlink-at'
  | 'link-at'
  | 'set-times'
  | 'set-times-at'
  | 'write-via-stream'
  | 'append-via-stream'
  | 'sync'
  | 'sync-data'
  | 'advise';

export interface MutationFacts {
  op: MutationOp;
  /** The path changed (for `*-at` calls, already resolved against the descriptor). */
  guestPath: string;
  /** `rename-at` / `link-at`: the new path. `symlink-at`: the link's target text. */
  targetGuestPath?: string;
}

export interface ReadFacts {
  /** `read`, `read-via-stream`, `stat`, `stat-at`, `read-directory`, `readlink-at`, … */
  op: string;
  guestPath: string;
  /** `stat-at` with `symlink-follow`: resolve a symlink in the last component too. */
  followSymlinks?: boolean;
}

/** A filesystem decision, with the guest path the call really reaches when it is granted. */
export type PathDecision = Decision & { path?: string };

/** Calls that change nothing even on a read-only mount. */
const HARMLESS: ReadonlySet<string> = new Set(['sync', 'sync-data', 'advise']);

function mountName(mount: ResolvedMount): string {
  return `mounts[${mount.index}] ${mount.guest}`;
}

function readOnly(mount: ResolvedMount): Decision {
  return denied(mount.rule, 'read-only', `${mountName(mount)} is read-only`);
}

function noMount(path: string): Decision {
  return denied(
    DEFAULT_DENY,
    'access',
    `${path} is in no mount: the manifest grants nothing there`,
  );
}

/** Where a guest path ends up: after its symlinks, and in which mount; or why it may not. */
type Landing = { ok: true; path: string; mount: ResolvedMount } | { ok: false; decision: Decision };

/**
 * Follows symlinks in `path` (all but the last component, and the last one when `followLast`)
 * inside `mount`, and says which mount the result is in (a nested mount may hold it). Without
 * `readlink`, the path is taken as it is.
 */
function land(
  resolved: ResolvedManifest,
  path: string,
  mount: ResolvedMount,
  readlink: Readlink | undefined,
  followLast: boolean,
): Landing {
  let landed = path;
  if (readlink) {
    const r = resolveSymlinks(path, readlink, 40, { scope: mount.guest, followLast });
    if (!r.ok) return { ok: false, decision: denied(mount.rule, r.error, r.reason) };
    landed = r.path;
  }
  return { ok: true, path: landed, mount: findMount(resolved, landed) ?? mount };
}

/** A guest path: the mount it names (none: denied by default), then where it lands. */
function locate(
  resolved: ResolvedManifest,
  guestPath: string,
  readlink: Readlink | undefined,
  followLast: boolean,
): Landing {
  const path = normalizeGuestPath(guestPath);
  const mount = findMount(resolved, path);
  if (!mount) return { ok: false, decision: noMount(path) };
  // No symlinks to follow: the path lands where it is, in the mount just found.
  if (!readlink) return { ok: true, path, mount };
  return land(resolved, path, mount, readlink, followLast);
}

/**
 * `open-at`: the path must stay in the base's mount (after `..` and symlinks); opening with
 * `write`, `create` or `truncate` needs a read-write mount.
 */
export function decideOpen(
  resolved: ResolvedManifest,
  facts: OpenFacts,
  readlink?: Readlink,
): PathDecision {
  const base = normalizeGuestPath(facts.base);
  const mount = findMount(resolved, base);
  if (!mount) return noMount(base);
  const at = resolveAt(base, facts.path, mount.guest);
  if (!at.ok) return denied(mount.rule, at.error, at.reason);
  const target = land(resolved, at.path, mount, readlink, facts.followSymlinks);
  if (!target.ok) return target.decision;
  if ((facts.write || facts.create || facts.truncate) && target.mount.access === 'read-only')
    return readOnly(target.mount);
  return { verdict: 'granted', rule: target.mount.rule, path: target.path };
}

/**
 * A call that changes the filesystem. Inside a read-only mount it is denied (`read-only`);
 * `rename-at` and `link-at` check both ends; `sync`, `sync-data` and `advise` change nothing
 * and are granted wherever the file is readable. `symlink-at` needs only a read-write mount for
 * the link: its target is text, and following it is checked when it is used.
 */
export function decideMutation(
  resolved: ResolvedManifest,
  facts: MutationFacts,
  readlink?: Readlink,
): PathDecision {
  // The parent directories are followed; the last component is the entry being changed.
  const source = locate(resolved, facts.guestPath, readlink, false);
  if (!source.ok) return source.decision;
  const { path, mount } = source;
  if (HARMLESS.has(facts.op)) return { verdict: 'granted', rule: mount.rule, path };
  if (mount.access === 'read-only') return readOnly(mount);
  if (facts.op === 'symlink-at' && facts.targetGuestPath?.startsWith('/')) {
    // A guest has no absolute root to point at: its mounts are all it can name.
    return {
      verdict: 'denied',
      rule: mount.rule,
      error: 'not-permitted',
      reason: `a symlink to the absolute path ${facts.targetGuestPath} could point outside the mount`,
    };
  }
  if ((facts.op === 'rename-at' || facts.op === 'link-at') && facts.targetGuestPath !== undefined) {
    const target = locate(resolved, facts.targetGuestPath, readlink, false);
    if (!target.ok) return target.decision;
    if (target.mount.access === 'read-only') return readOnly(target.mount);
    const rule = target.mount === mount ? mount.rule : `${mount.rule} + ${target.mount.rule}`;
    return { verdict: 'granted', rule, path };
  }
  return { verdict: 'granted', rule: mount.rule, path };
}

/** A call that only reads (data, metadata, directory listings): granted inside any mount. */
export function decideRead(
  resolved: ResolvedManifest,
  facts: ReadFacts,
  readlink?: Readlink,
): PathDecision {
  const target = locate(resolved, facts.guestPath, readlink, facts.followSymlinks ?? false);
  if (!target.ok) return target.decision;
  return { verdict: 'granted', rule: target.mount.rule, path: target.path };
}

/** `get-directories`: the mounts, or nothing at all (a soft denial: the list is just empty). */
export function decidePreopens(resolved: ResolvedManifest): {
  decision: Decision;
  value: { index: number; guest: string; access: 'read-only' | 'read-write' }[];
} {
  const value = resolved.mounts.map((m) => ({ index: m.index, guest: m.guest, access: m.access }));
  if (value.length === 0)
    return {
      decision: denied(DEFAULT_DENY, '', 'no mounts: the guest sees no directory at all'),
      value,
    };
  return { decision: granted('mounts'), value };
}
