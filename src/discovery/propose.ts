/**
 * Least privilege from a trace: what the guest used (a mount touched or changed, its
 * environment, clocks, random, the origins it contacted, the mocks that answered), and the
 * manifest that grants exactly that, as edits a person accepts one by one.
 */
import { isWithin, normalizeGuestPath } from '../manifest/guest-path';
import { originMatches, parseOriginPattern, type OriginPattern } from '../manifest/http-origin';
import type { Manifest } from '../manifest/schema';
import type { CallEvent } from '../runtime/events';
import { applyChangesToManifest, type Change } from './changes';
import {
  ENVIRONMENT,
  FS_PREOPENS,
  MONOTONIC_CLOCK,
  WALL_CLOCK,
  filesystemCall,
  httpRequests,
  isPreopenBookkeeping,
  isRandomInterface,
  isStreamWrite,
  ruleMounts,
} from './trace-facts';

export interface MountUse {
  /** Position in the manifest's `mounts`. */
  index: number;
  /** Normalised guest path. */
  guest: string;
  /** Some call reached a path in this mount (the adapter's start-up checks do not count). */
  touched: boolean;
  /** What was changed in it, in order: `create /data/note.txt`, `write to /data/note.txt`. */
  changes: string[];
}

export interface OriginUse {
  /** `https://api.example.com` */
  origin: string;
  scheme: 'http' | 'https';
  host: string;
  port: number;
  /** The URLs requested (when the trace shows them). */
  urls: string[];
}

/** What a trace shows the guest using, against the manifest it ran under. */
export interface Observed {
  mounts: MountUse[];
  /** `get-environment` was called. */
  env: boolean;
  /** `initial-cwd` was called. */
  cwd: boolean;
  wall: boolean;
  monotonic: boolean;
  random: boolean;
  stdout: boolean;
  stderr: boolean;
  /** Origins of requests no mock answered, in order of first request. */
  origins: OriginUse[];
  /** `http.mock` keys (as written) that answered a request. */
  mocks: string[];
}

export interface Proposal {
  /** The current manifest with every change applied. */
  manifest: Manifest;
  /** Individually acceptable edits of the current manifest, in manifest order. */
  changes: Change[];
}

function findMountIndex(mounts: readonly string[], path: string): number | undefined {
  let best: number | undefined;
  for (let i = 0; i < mounts.length; i++) {
    const guest = mounts[i]!;
    if (isWithin(path, guest) && (best === undefined || guest.length > mounts[best]!.length))
      best = i;
  }
  return best;
}

function isReadOnlyDenial(event: CallEvent): boolean {
  return event.verdict === 'denied' && /^err\("?read-only"?\)$/.test(event.result);
}

/**
 * What the trace shows the guest using. Mount indexes come from the rules in the trace, so the
 * trace must come from `current` or from `recordingManifest(current)` (same mount order).
 * Filesystem calls count when granted (or refused only because a mount was read-only); clocks,
 * random and the environment count when asked for at all; HTTP requests count whatever their
 * verdict (a recording denies every unmocked request, but its origin is what the guest needs).
 */
export function observe(current: Manifest, trace: readonly CallEvent[]): Observed {
  const guests = (current.mounts ?? []).map((m) => normalizeGuestPath(m.guest));
  const roots = new Set(guests);
  const mounts: MountUse[] = guests.map((guest, index) => ({
    index,
    guest,
    touched: false,
    changes: [],
  }));
  const observed: Observed = {
    mounts,
    env: false,
    cwd: false,
    wall: false,
    monotonic: false,
    random: false,
    stdout: false,
    stderr: false,
    origins: [],
    mocks: [],
  };
  for (const event of trace) {
    const iface = event.interface;
    if (iface === ENVIRONMENT) {
      if (event.function === 'get-environment') observed.env = true;
      if (event.function === 'initial-cwd') observed.cwd = true;
      continue;
    }
    if (iface === WALL_CLOCK) observed.wall = true;
    else if (iface === MONOTONIC_CLOCK) observed.monotonic = true;
    else if (isRandomInterface(iface)) observed.random = true;
    if (isStreamWrite(event)) {
      if (event.args[0] === 'output-stream(stdout)') observed.stdout = true;
      if (event.args[0] === 'output-stream(stderr)') observed.stderr = true;
    }
    if (iface === FS_PREOPENS) continue;
    const fs = filesystemCall(event);
    if (!fs || isPreopenBookkeeping(event, roots)) continue;
    const readOnlyDenial = isReadOnlyDenial(event);
    if (event.verdict !== 'granted' && !readOnlyDenial) continue;
    let indexes = ruleMounts(event.rule).filter((i) => i < mounts.length);
    if (indexes.length === 0) {
      const where = fs.path ?? fs.base;
      const i = where === undefined ? undefined : findMountIndex(guests, where);
      indexes = i === undefined ? [] : [i];
    }
    for (const i of indexes) {
      const use = mounts[i]!;
      use.touched = true;
      if (fs.mutates || readOnlyDenial) {
        const what = `${fs.verb} ${fs.path ?? fs.base ?? use.guest}${fs.target ? ` → ${fs.target}` : ''}`;
        if (!use.changes.includes(what)) use.changes.push(what);
      }
    }
  }
  if (observed.cwd && current.cwd !== undefined) {
    const i = findMountIndex(guests, normalizeGuestPath(current.cwd));
    if (i !== undefined) mounts[i]!.touched = true;
  }
  for (const request of httpRequests(trace)) {
    if (request.mockKey !== undefined) {
      if (!observed.mocks.includes(request.mockKey)) observed.mocks.push(request.mockKey);
      continue;
    }
    if (!request.origin || !request.scheme || !request.host || request.port === undefined) continue;
    let use = observed.origins.find((o) => o.origin === request.origin);
    if (!use) {
      use = {
        origin: request.origin,
        scheme: request.scheme,
        host: request.host,
        port: request.port,
        urls: [],
      };
      observed.origins.push(use);
    }
    if (request.url && !use.urls.includes(request.url)) use.urls.push(request.url);
  }
  return observed;
}

function listed(items: readonly string[], max = 2): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

function mountChanges(current: Manifest, observed: Observed): Change[] {
  const changes: Change[] = [];
  const cwd = current.cwd === undefined ? undefined : normalizeGuestPath(current.cwd);
  (current.mounts ?? []).forEach((mount, index) => {
    const use = observed.mounts[index];
    if (!use) return;
    const name = `mounts[${index}] ${use.guest}`;
    const access = mount.access ?? 'read-only';
    if (!use.touched) {
      const holdsCwd =
        cwd !== undefined &&
        findMountIndex(
          observed.mounts.map((m) => m.guest),
          cwd,
        ) === index;
      changes.push({
        id: `mounts[${index}]`,
        path: ['mounts', index],
        op: 'remove',
        kind: 'revoke',
        description: `${name}: removed (the guest never used it)`,
        ...(holdsCwd ? { requires: ['cwd'] } : {}),
      });
      if (holdsCwd)
        changes.push({
          id: 'cwd',
          path: ['cwd'],
          op: 'remove',
          kind: 'revoke',
          description: `cwd ${cwd}: removed (it lies in ${name}, which the guest never used, and the guest never asked for its working directory)`,
        });
      return;
    }
    if (use.changes.length > 0 && access === 'read-only')
      changes.push({
        id: `mounts[${index}].access`,
        path: ['mounts', index, 'access'],
        op: 'set',
        value: 'read-write',
        kind: 'grant',
        description: `${name}: read-only → read-write (the guest changes it: ${listed(use.changes)})`,
      });
    else if (use.changes.length === 0 && access === 'read-write')
      changes.push({
        id: `mounts[${index}].access`,
        path: ['mounts', index, 'access'],
        op: 'set',
        value: 'read-only',
        kind: 'narrow',
        description: `${name}: read-write → read-only (nothing was written)`,
      });
  });
  return changes;
}

function clockChanges(current: Manifest, observed: Observed): Change[] {
  const changes: Change[] = [];
  const clocks = current.clocks ?? {};
  const fields = [
    { key: 'wall' as const, used: observed.wall, what: 'read the wall clock' },
    { key: 'monotonic' as const, used: observed.monotonic, what: 'read the monotonic clock' },
  ];
  for (const { key, used, what } of fields) {
    const value = clocks[key];
    const granted = value !== undefined && value !== 'deny';
    if (used && !granted)
      changes.push({
        id: `clocks.${key}`,
        path: ['clocks', key],
        op: 'set',
        value: 'real',
        kind: 'grant',
        description: `clocks.${key}: ${value ?? 'deny (default)'} → real (the guest ${what})`,
      });
    else if (!used && granted)
      changes.push({
        id: `clocks.${key}`,
        path: ['clocks', key],
        op: 'remove',
        kind: 'revoke',
        description: `clocks.${key}: ${value} → removed, i.e. denied (the guest never ${what})`,
      });
  }
  const revoked = changes.filter((c) => c.op === 'remove');
  const others = Object.keys(clocks).filter(
    (k) => !revoked.some((c) => c.path[1] === k) && clocks[k as 'wall' | 'monotonic'] !== undefined,
  );
  if (revoked.length === 2 && others.length === 0)
    return [
      {
        id: 'clocks',
        path: ['clocks'],
        op: 'remove',
        kind: 'revoke',
        description: 'clocks: removed, i.e. both denied (the guest never read a clock)',
      },
    ];
  return changes;
}

function randomChanges(current: Manifest, observed: Observed): Change[] {
  const value = current.random;
  const granted = value !== undefined && value !== 'deny';
  const shown = typeof value === 'object' ? `{ "seed": ${value.seed} }` : value;
  if (observed.random && !granted)
    return [
      {
        id: 'random',
        path: ['random'],
        op: 'set',
        value: 'real',
        kind: 'grant',
        description: `random: ${value ?? 'deny (default)'} → real (the guest asked for random bytes)`,
      },
    ];
  if (!observed.random && granted)
    return [
      {
        id: 'random',
        path: ['random'],
        op: 'remove',
        kind: 'revoke',
        description: `random: ${shown} → removed, i.e. denied (the guest never asked for random bytes)`,
      },
    ];
  return [];
}

function httpChanges(current: Manifest, observed: Observed): Change[] {
  const changes: Change[] = [];
  const allow = current.http?.allow ?? [];
  const patterns: (OriginPattern | undefined)[] = allow.map((source) => {
    const r = parseOriginPattern(source);
    return r.ok ? r.pattern : undefined;
  });
  const assigned = new Map<number, OriginUse[]>();
  const unmatched: OriginUse[] = [];
  for (const origin of observed.origins) {
    const i = patterns.findIndex(
      (p) => p !== undefined && originMatches(p, origin.scheme, origin.host, origin.port),
    );
    if (i < 0) unmatched.push(origin);
    else assigned.set(i, [...(assigned.get(i) ?? []), origin]);
  }
  const requested = (o: OriginUse) =>
    o.urls.length ? `the guest requested ${listed(o.urls, 1)}` : 'the guest sent a request there';
  allow.forEach((source, index) => {
    const pattern = patterns[index];
    const used = assigned.get(index) ?? [];
    if (used.length === 0) {
      const mocked = observed.mocks.filter((key) => {
        const r = parseOriginPattern(key.replace(/^(\w+:\/\/[^/?#]*).*$/, '$1'));
        return (
          pattern !== undefined &&
          r.ok &&
          originMatches(pattern, r.pattern.scheme, r.pattern.host, r.pattern.port)
        );
      });
      changes.push({
        id: `http.allow[${index}]`,
        path: ['http', 'allow', index],
        op: 'remove',
        kind: 'revoke',
        description: `http.allow[${index}] ${source}: removed (no request went to the network there${
          mocked.length ? `; the mock answered ${listed(mocked, 1)}` : ''
        })`,
      });
      return;
    }
    if (!pattern?.wildcard) return;
    const [first, ...rest] = used;
    changes.push({
      id: `http.allow[${index}]`,
      path: ['http', 'allow', index],
      op: 'set',
      value: first!.origin,
      kind: 'narrow',
      description: `http.allow[${index}] ${source} → ${first!.origin} (${requested(first!)})`,
    });
    for (const o of rest)
      changes.push({
        id: `http.allow+${o.origin}`,
        path: ['http', 'allow'],
        op: 'append',
        value: o.origin,
        kind: 'narrow',
        description: `http.allow: + ${o.origin} (instead of the wildcard ${source}: ${requested(o)})`,
        requires: [`http.allow[${index}]`],
      });
  });
  for (const o of unmatched)
    changes.push({
      id: `http.allow+${o.origin}`,
      path: ['http', 'allow'],
      op: 'append',
      value: o.origin,
      kind: 'grant',
      description: `http.allow: + ${o.origin} (${requested(o)})`,
    });
  for (const key of Object.keys(current.http?.mock ?? {})) {
    if (observed.mocks.includes(key)) continue;
    changes.push({
      id: `http.mock[${JSON.stringify(key)}]`,
      path: ['http', 'mock', key],
      op: 'remove',
      kind: 'revoke',
      description: `http.mock[${JSON.stringify(key)}]: removed (never requested)`,
    });
  }
  const entries = allow.length + Object.keys(current.http?.mock ?? {}).length;
  const removals = changes.filter((c) => c.op === 'remove').length;
  if (current.http && entries > 0 && removals === entries && removals === changes.length)
    return [
      {
        id: 'http',
        path: ['http'],
        op: 'remove',
        kind: 'revoke',
        description: 'http: removed (the guest sent no request)',
      },
    ];
  return changes;
}

function outputChanges(current: Manifest, observed: Observed): Change[] {
  const changes: Change[] = [];
  for (const stream of ['stdout', 'stderr'] as const) {
    if (current[stream] === false && observed[stream])
      changes.push({
        id: stream,
        path: [stream],
        op: 'set',
        value: true,
        kind: 'grant',
        description: `${stream}: false → true (the guest writes to ${stream})`,
      });
  }
  return changes;
}

/**
 * The manifest that covers exactly what the trace shows, as changes to `current`:
 * - a mount is kept only if touched, read-only unless something in it was changed;
 * - `env` is kept only if the guest asked for its environment (all variables: which one it
 *   read is not visible);
 * - each clock and random is granted only if used (a frozen instant or a seed is kept, else
 *   "real");
 * - `http.allow` becomes exactly the origins contacted (no wildcards), mocks are kept only if
 *   they answered; sockets are never granted;
 * - args, cwd, stdin, limits and onDenied stay as written.
 * Use a trace recorded under `recordingManifest(current)` to see everything the guest reaches.
 */
export function proposeManifest(current: Manifest, trace: readonly CallEvent[]): Proposal {
  const observed = observe(current, trace);
  const changes: Change[] = [
    ...mountChanges(current, observed),
    ...(current.env && Object.keys(current.env).length > 0 && !observed.env
      ? [
          {
            id: 'env',
            path: ['env'],
            op: 'remove' as const,
            kind: 'revoke' as const,
            description: `env: removed (the guest never asked for its environment)`,
          },
        ]
      : []),
    ...clockChanges(current, observed),
    ...randomChanges(current, observed),
    ...httpChanges(current, observed),
    ...outputChanges(current, observed),
  ];
  return { manifest: applyChangesToManifest(current, changes), changes };
}
