/**
 * Manifest → resolved manifest: every default applied and everything the policy needs
 * precomputed (normalised guest paths, decoded seed files, compiled HTTP patterns, the frozen
 * instant, the limits). Plain data (structured-clone friendly: it crosses into Web Workers).
 */
import { decodeBase64 } from '../share/base64';
import { normalizeGuestPath } from './guest-path';
import { parseHttpUrl, parseOriginPattern, type OriginPattern } from './http-origin';
import { parseRfc3339 } from './rfc3339';
import { DEFAULT_LIMITS } from './limits';
import type { Manifest, SeedFile } from './schema';

export type ResolvedStdin =
  { kind: 'closed' } | { kind: 'text'; text: string } | { kind: 'interactive' };

export type ResolvedWallClock =
  | { kind: 'real' }
  /** `frozen:<text>`: always this instant (seconds since the Unix epoch + nanoseconds). */
  | { kind: 'frozen'; seconds: bigint; nanoseconds: number; text: string }
  | { kind: 'deny' };

export type ResolvedRandom = { kind: 'real' } | { kind: 'seed'; seed: number } | { kind: 'deny' };

/** One seed entry of a mount, decoded. Parent directories are implied, not listed. */
export type ResolvedSeed =
  | { kind: 'file'; name: string; path: string; guestPath: string; bytes: Uint8Array }
  | { kind: 'directory'; name: string; path: string; guestPath: string };

export interface ResolvedMount {
  /** Position in `mounts` (rules say `mounts[<index>]`). */
  index: number;
  /** Normalised absolute guest path ("/data"); `fs-tests.dir` is `/fs-tests.dir`, `.` is `/`. */
  guest: string;
  /** The preopen's name as the guest sees it: exactly as written (`fs-tests.dir`, `.`, `/data`). */
  preopen: string;
  access: 'read-only' | 'read-write';
  /** Seed files as written in the manifest (name → text | { base64 } | {}). */
  files: Record<string, SeedFile>;
  /** The same seed files, decoded: `path` relative to the mount, normalised, no trailing "/". */
  seeds: ResolvedSeed[];
  /** `mounts[0] read-only` */
  rule: string;
}

export interface ResolvedHttpAllow extends OriginPattern {
  /** Position in `http.allow`. */
  index: number;
  /** `http.allow[0] https://*.example.org` */
  rule: string;
}

export interface ResolvedHttpMock {
  /** The URL as written in the manifest (the key of `http.mock`). */
  key: string;
  /** Canonical URL (lower-case scheme and host, default port dropped, "/" for an empty path). */
  url: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  /** `http.mock["https://api.example.com/x"]` */
  rule: string;
}

export interface ResolvedLimits {
  timeoutMs: number;
  maxOutputBytes: number;
  maxMemoryMiB: number;
}

export interface ResolvedManifest {
  args: string[];
  /** `[name, value]` in manifest order: the only variables the guest sees. */
  env: [string, string][];
  /** Normalised initial working directory, or undefined (none). */
  cwd: string | undefined;
  stdin: ResolvedStdin;
  stdout: boolean;
  stderr: boolean;
  mounts: ResolvedMount[];
  clocks: { wall: ResolvedWallClock; monotonic: 'real' | 'deny' };
  random: ResolvedRandom;
  http: {
    allow: ResolvedHttpAllow[];
    /** By canonical URL (`ResolvedHttpMock.url`). */
    mocks: Record<string, ResolvedHttpMock>;
  };
  sockets: 'deny';
  limits: ResolvedLimits;
  onDenied: 'error' | 'trap';
  /** Which fields the manifest wrote; the others are defaults (rules then say `default …`). */
  explicit: {
    args: boolean;
    env: boolean;
    cwd: boolean;
    stdin: boolean;
    stdout: boolean;
    stderr: boolean;
    mounts: boolean;
    wall: boolean;
    monotonic: boolean;
    random: boolean;
    http: boolean;
    limits: boolean;
    onDenied: boolean;
  };
}

export function mountRule(index: number, access: 'read-only' | 'read-write'): string {
  return `mounts[${index}] ${access}`;
}

const encoder = new TextEncoder();

function invalid(message: string): never {
  throw new Error(`Invalid manifest: ${message}`);
}

function resolveSeeds(guest: string, files: Record<string, SeedFile>): ResolvedSeed[] {
  const seeds: ResolvedSeed[] = [];
  for (const [name, content] of Object.entries(files)) {
    const path = name
      .split('/')
      .filter((p) => p !== '' && p !== '.')
      .join('/');
    if (path === '' || path.split('/').includes('..')) invalid(`seed file name "${name}"`);
    const guestPath = normalizeGuestPath(`${guest}/${path}`);
    if (typeof content === 'string') {
      seeds.push({ kind: 'file', name, path, guestPath, bytes: encoder.encode(content) });
    } else if ('base64' in content) {
      const r = decodeBase64(content.base64);
      if (!r.ok) invalid(`${name}: ${r.message}`);
      seeds.push({ kind: 'file', name, path, guestPath, bytes: r.bytes });
    } else {
      seeds.push({ kind: 'directory', name, path, guestPath });
    }
  }
  return seeds;
}

function resolveWall(wall: string | undefined): ResolvedWallClock {
  if (wall === undefined || wall === 'deny') return { kind: 'deny' };
  if (wall === 'real') return { kind: 'real' };
  const text = wall.slice('frozen:'.length);
  const r = parseRfc3339(text);
  if (!r.ok) invalid(`clocks.wall: ${r.message}`);
  return { kind: 'frozen', seconds: r.seconds, nanoseconds: r.nanoseconds, text };
}

/**
 * Applies the defaults (deny by default; stdout and stderr on; limits 5 s / 1 MiB / 256 MiB)
 * and precomputes what the policy reads. Expects a validated manifest (`parseManifest` or
 * `manifestSchema`); throws on an allow pattern, mock URL, frozen time or base64 that does not
 * parse.
 */
export function resolveManifest(m: Manifest): ResolvedManifest {
  const mounts: ResolvedMount[] = (m.mounts ?? []).map((mount, index) => {
    const guest = normalizeGuestPath(mount.guest);
    const access = mount.access ?? 'read-only';
    const files = mount.files ?? {};
    return {
      index,
      guest,
      preopen: mount.guest,
      access,
      files,
      seeds: resolveSeeds(guest, files),
      rule: mountRule(index, access),
    };
  });

  const allow: ResolvedHttpAllow[] = (m.http?.allow ?? []).map((source, index) => {
    const r = parseOriginPattern(source);
    if (!r.ok) invalid(`http.allow[${index}]: ${r.message}`);
    return { ...r.pattern, index, rule: `http.allow[${index}] ${source}` };
  });
  const mocks: Record<string, ResolvedHttpMock> = {};
  for (const [key, mock] of Object.entries(m.http?.mock ?? {})) {
    const r = parseHttpUrl(key);
    if (!r.ok) invalid(`http.mock["${key}"]: ${r.message}`);
    mocks[r.url.url] = {
      key,
      url: r.url.url,
      status: mock.status,
      headers: { ...(mock.headers ?? {}) },
      body: mock.body ?? '',
      rule: `http.mock[${JSON.stringify(key)}]`,
    };
  }

  const stdin: ResolvedStdin =
    m.stdin === undefined
      ? { kind: 'closed' }
      : typeof m.stdin === 'string'
        ? { kind: 'text', text: m.stdin }
        : { kind: 'interactive' };

  const random: ResolvedRandom =
    m.random === undefined || m.random === 'deny'
      ? { kind: 'deny' }
      : m.random === 'real'
        ? { kind: 'real' }
        : { kind: 'seed', seed: m.random.seed };

  return {
    args: [...(m.args ?? [])],
    env: Object.entries(m.env ?? {}),
    cwd: m.cwd === undefined ? undefined : normalizeGuestPath(m.cwd),
    stdin,
    stdout: m.stdout ?? true,
    stderr: m.stderr ?? true,
    mounts,
    clocks: { wall: resolveWall(m.clocks?.wall), monotonic: m.clocks?.monotonic ?? 'deny' },
    random,
    http: { allow, mocks },
    sockets: 'deny',
    limits: {
      timeoutMs: m.limits?.timeoutMs ?? DEFAULT_LIMITS.timeoutMs,
      maxOutputBytes: m.limits?.maxOutputBytes ?? DEFAULT_LIMITS.maxOutputBytes,
      maxMemoryMiB: m.limits?.maxMemoryMiB ?? DEFAULT_LIMITS.maxMemoryMiB,
    },
    onDenied: m.onDenied ?? 'error',
    explicit: {
      args: m.args !== undefined,
      env: m.env !== undefined,
      cwd: m.cwd !== undefined,
      stdin: m.stdin !== undefined,
      stdout: m.stdout !== undefined,
      stderr: m.stderr !== undefined,
      mounts: m.mounts !== undefined,
      wall: m.clocks?.wall !== undefined,
      monotonic: m.clocks?.monotonic !== undefined,
      random: m.random !== undefined,
      http: m.http !== undefined,
      limits: m.limits !== undefined,
      onDenied: m.onDenied !== undefined,
    },
  };
}
