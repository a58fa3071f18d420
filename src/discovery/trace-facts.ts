/**
 * Facts read back from a trace: which path a filesystem call names, whether it changes
 * anything, which mount decided, which URL an HTTP request went to. Events carry readable
 * argument summaries (`descriptor(/data)`, `"note.txt"`, `create|truncate`), not structured
 * facts, so everything here is derived from those strings and from the rule that decided.
 */
import { normalizeGuestPath } from '../manifest/guest-path';
import { parseHttpUrl, parseRequestTarget } from '../manifest/http-origin';
import type { CallEvent } from '../runtime/events';
import { OUTPUT_STREAM_WRITES } from '../runtime/wasi-names';

export const FS_TYPES = 'wasi:filesystem/types';
export const FS_PREOPENS = 'wasi:filesystem/preopens';
export const STREAMS = 'wasi:io/streams';
export const ENVIRONMENT = 'wasi:cli/environment';
export const WALL_CLOCK = 'wasi:clocks/wall-clock';
export const MONOTONIC_CLOCK = 'wasi:clocks/monotonic-clock';
export const HTTP_HANDLER = 'wasi:http/outgoing-handler';

const RANDOM_INTERFACES: ReadonlySet<string> = new Set([
  'wasi:random/random',
  'wasi:random/insecure',
  'wasi:random/insecure-seed',
]);

export function isRandomInterface(iface: string): boolean {
  return RANDOM_INTERFACES.has(iface);
}

export function isSocketInterface(iface: string): boolean {
  return iface.startsWith('wasi:sockets/');
}

/** A decision made under `onDenied: "trap"` names the entry underneath: unwrap it. */
export function underlyingRule(rule: string): string {
  const m = /^onDenied: trap \((.*)\)$/.exec(rule);
  return m ? (m[1] ?? rule) : rule;
}

/** The reason without the `onDenied` (or "no error channel") tail the interceptor appends. */
export function underlyingReason(reason: string | undefined): string {
  if (!reason) return '';
  return reason
    .replace(/; onDenied(?: is)?:? "trap",? (?:so the guest stops|stops the guest.*)$/, '')
    .replace(/; \S+ has no error channel, so the guest stops$/, '');
}

/** The mount indexes a rule names (`mounts[0] read-write + mounts[1] read-write` → [0, 1]). */
export function ruleMounts(rule: string): number[] {
  const out: number[] = [];
  for (const m of underlyingRule(rule).matchAll(/mounts\[(\d+)\]/g)) out.push(Number(m[1]));
  return out;
}

/** `descriptor(/data)`, `input-stream(/data/x)`, `output-stream(stdout)` → the label inside. */
export function resourceLabel(arg: string | undefined): string | undefined {
  if (arg === undefined) return undefined;
  const m = /^[a-z-]+\((.*)\)$/.exec(arg);
  return m ? m[1] : undefined;
}

/** The guest path of a descriptor or stream argument, when it names one. */
export function labelPath(arg: string | undefined): string | undefined {
  const label = resourceLabel(arg);
  return label !== undefined && label.startsWith('/') ? label : undefined;
}

/**
 * A string argument as summarized (`"note.txt"`). `truncated` when the summary was cut at 80
 * characters (then `text` is only the start of the real string).
 */
export function stringArg(
  arg: string | undefined,
): { text: string; truncated: boolean } | undefined {
  if (arg === undefined || !arg.startsWith('"')) return undefined;
  try {
    const text = JSON.parse(arg) as unknown;
    if (typeof text !== 'string') return undefined;
    const truncated = text.length === 81 && text.endsWith('…');
    return { text: truncated ? text.slice(0, 80) : text, truncated };
  } catch {
    return undefined;
  }
}

/** A flags summary (`create|truncate`, `(no flags)`) as a set of kebab-case names. */
export function flagsArg(arg: string | undefined): Set<string> {
  if (arg === undefined || arg === '(no flags)') return new Set();
  if (!/^[a-z-]+(\|[a-z-]+)*$/.test(arg)) return new Set();
  return new Set(arg.split('|'));
}

function join(base: string, relative: string): string {
  return normalizeGuestPath(`${base}/${relative}`);
}

/** What a filesystem call (or a read/write on a file's stream) does, as far as the event says. */
export interface FsCall {
  /** The WIT operation: `open-at`, `write-via-stream`, `stream-write`, `stat-at`, … */
  op: string;
  /** Guest path of the descriptor (or stream) the call was made on. */
  base?: string;
  /**
   * The guest path the call names, resolved against `base` and normalised (`..` folded, never
   * above `/`: for an escape attempt, this is where the path would land). For a granted
   * `open-at`, the descriptor it returned.
   */
  path?: string;
  /** `rename-at` / `link-at`: the new path. */
  target?: string;
  /** The call creates, changes or deletes something (or opens for writing). */
  mutates: boolean;
  /** The path names a directory (`open-at` with `directory`, `read-directory`, …). */
  directory: boolean;
  /** A few words for a sentence: "create /data/note.txt". */
  verb: string;
  /** A path argument was cut in the summary: `path` is only its start. */
  truncated: boolean;
}

const MUTATING_METHODS: Readonly<Record<string, string>> = {
  write: 'write to',
  'write-via-stream': 'write to',
  'append-via-stream': 'append to',
  'set-size': 'resize',
  'set-times': 'set the times of',
};

const MUTATING_AT: Readonly<Record<string, { verb: string; pathArg: number }>> = {
  'create-directory-at': { verb: 'create the directory', pathArg: 1 },
  'unlink-file-at': { verb: 'delete', pathArg: 1 },
  'remove-directory-at': { verb: 'remove the directory', pathArg: 1 },
  'set-times-at': { verb: 'set the times of', pathArg: 2 },
  'symlink-at': { verb: 'create the symlink', pathArg: 2 },
};

const READING_AT: Readonly<Record<string, number>> = {
  'stat-at': 2,
  'metadata-hash-at': 2,
  'readlink-at': 1,
};

/** Whether the event is a write to an output stream (stdout, stderr or a file). */
export function isStreamWrite(event: CallEvent): boolean {
  return event.interface === STREAMS && OUTPUT_STREAM_WRITES.has(event.function);
}

/**
 * The filesystem facts of one event: a `wasi:filesystem/types` call, or a read or write on a
 * stream that belongs to a file. Undefined for everything else.
 */
export function filesystemCall(event: CallEvent): FsCall | undefined {
  const args = event.args;
  if (event.interface === STREAMS) {
    const path = labelPath(args[0]);
    if (!path) return undefined;
    const write = OUTPUT_STREAM_WRITES.has(event.function);
    return {
      op: write ? 'stream-write' : 'stream-read',
      base: path,
      path,
      mutates: write,
      directory: false,
      verb: write ? 'write to' : 'read',
      truncated: false,
    };
  }
  if (event.interface !== FS_TYPES) return undefined;
  const m = /^\[method\](descriptor|directory-entry-stream)\.(.+)$/.exec(event.function);
  if (!m) return undefined;
  const op = m[2] ?? '';
  if (m[1] === 'directory-entry-stream')
    return { op, mutates: false, directory: true, verb: 'list', truncated: false };
  const base = labelPath(args[0]);
  const at = (index: number): { path?: string; truncated: boolean } => {
    const s = stringArg(args[index]);
    if (!s || base === undefined) return { truncated: s?.truncated ?? false };
    return { path: join(base, s.text), truncated: s.truncated };
  };
  if (op === 'open-at') {
    const open = flagsArg(args[3]);
    const flags = flagsArg(args[4]);
    const named = at(2);
    const label = labelPath(event.result);
    const returned = label === undefined ? undefined : normalizeGuestPath(label);
    const create = open.has('create');
    const write = flags.has('write') || flags.has('mutate-directory') || open.has('truncate');
    return {
      op,
      base,
      path: returned ?? named.path,
      mutates: create || write,
      directory: open.has('directory'),
      verb: create ? 'create' : write ? 'open for writing' : 'open',
      truncated: returned ? false : named.truncated,
    };
  }
  if (op in MUTATING_AT) {
    const spec = MUTATING_AT[op]!;
    const named = at(spec.pathArg);
    return {
      op,
      base,
      ...named,
      mutates: true,
      directory: op.includes('directory'),
      verb: spec.verb,
    };
  }
  if (op === 'rename-at' || op === 'link-at') {
    const [oldIndex, newDescIndex, newIndex] = op === 'rename-at' ? [1, 2, 3] : [2, 3, 4];
    const from = at(oldIndex);
    const newBase = labelPath(args[newDescIndex]);
    const to = stringArg(args[newIndex]);
    return {
      op,
      base,
      ...from,
      target: newBase !== undefined && to ? join(newBase, to.text) : undefined,
      mutates: true,
      directory: false,
      verb: op === 'rename-at' ? 'rename' : 'link',
      truncated: from.truncated || (to?.truncated ?? false),
    };
  }
  if (op in READING_AT) {
    const named = at(READING_AT[op]!);
    return { op, base, ...named, mutates: false, directory: false, verb: 'look at' };
  }
  const verb = MUTATING_METHODS[op];
  return {
    op,
    base,
    path: base,
    mutates: verb !== undefined,
    directory: op === 'read-directory',
    verb: verb ?? (op === 'read-directory' ? 'list' : 'read'),
    truncated: false,
  };
}

/**
 * Calls the preview 1 adapter makes on every preopened directory at startup (`get-type`,
 * `get-flags` on the mount root): they do not mean the program used that mount.
 */
export function isPreopenBookkeeping(event: CallEvent, mountRoots: ReadonlySet<string>): boolean {
  if (event.interface !== FS_TYPES) return false;
  if (
    event.function !== '[method]descriptor.get-type' &&
    event.function !== '[method]descriptor.get-flags'
  )
    return false;
  const base = labelPath(event.args[0]);
  return base !== undefined && mountRoots.has(normalizeGuestPath(base));
}

/** One `wasi:http/outgoing-handler.handle` call, with what the trace says about its target. */
export interface HttpRequestFact {
  event: CallEvent;
  /** Canonical URL, when the trace shows scheme, authority and path. */
  url?: string;
  /** `https://api.example.com` (default port dropped). */
  origin?: string;
  scheme?: 'http' | 'https';
  host?: string;
  port?: number;
  /** The `http.mock` key that answered (the rule names it). */
  mockKey?: string;
}

function mockKeyOf(rule: string): string | undefined {
  const m = /^http\.mock\[("(?:[^"\\]|\\.)*")\]$/.exec(underlyingRule(rule));
  if (!m) return undefined;
  try {
    return JSON.parse(m[1] ?? '""') as string;
  } catch {
    return undefined;
  }
}

function schemeOf(arg: string | undefined): string | undefined {
  if (arg === 'HTTPS') return 'https';
  if (arg === 'HTTP') return 'http';
  const other = /^other\((".*")\)$/.exec(arg ?? '');
  if (other) {
    try {
      return JSON.parse(other[1] ?? '""') as string;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * Every outgoing HTTP request in a trace, with its URL. The request resource carries no label,
 * so the URL is put together from the `set-scheme`, `set-authority` and `set-path-with-query`
 * calls made since the previous request (the usual build-then-send order); the denial reason
 * (`https://x is not in http.allow`) and the mock rule confirm or fill in the origin.
 */
export function httpRequests(trace: readonly CallEvent[]): HttpRequestFact[] {
  const out: HttpRequestFact[] = [];
  let scheme: string | undefined;
  let authority: string | undefined;
  let pathWithQuery: string | undefined;
  for (const event of trace) {
    if (event.interface === 'wasi:http/types') {
      const value = event.args[1];
      if (event.function === '[method]outgoing-request.set-scheme') scheme = schemeOf(value);
      else if (event.function === '[method]outgoing-request.set-authority')
        authority = stringArg(value)?.text;
      else if (event.function === '[method]outgoing-request.set-path-with-query')
        pathWithQuery = stringArg(value)?.text;
      continue;
    }
    if (event.interface !== HTTP_HANDLER || event.function !== 'handle') continue;
    const fact: HttpRequestFact = { event };
    const mockKey = mockKeyOf(event.rule);
    if (mockKey !== undefined) fact.mockKey = mockKey;
    const target = parseRequestTarget(scheme ?? 'https', authority ?? '', pathWithQuery ?? '/');
    if (target.ok) {
      Object.assign(fact, {
        url: target.url,
        origin: target.origin,
        scheme: target.scheme,
        host: target.host,
        port: target.port,
      });
    }
    const denied = /^(\S+) is not in http\.allow/.exec(underlyingReason(event.reason));
    if (denied && denied[1] !== fact.origin) {
      const parsed = parseHttpUrl(`${denied[1]}/`);
      if (parsed.ok) {
        Object.assign(fact, {
          url: undefined,
          origin: denied[1],
          scheme: parsed.url.scheme,
          host: parsed.url.host,
          port: parsed.url.port,
        });
      }
    }
    if (mockKey !== undefined && fact.url === undefined) {
      const parsed = parseHttpUrl(mockKey);
      if (parsed.ok) {
        const p = parsed.url;
        Object.assign(fact, {
          url: p.url,
          origin: p.url.slice(0, p.url.length - p.pathWithQuery.length),
          scheme: p.scheme,
          host: p.host,
          port: p.port,
        });
      }
    }
    out.push(fact);
    scheme = authority = pathWithQuery = undefined;
  }
  return out;
}

/** `/data/x/y.txt` → `/data/x`. */
export function dirname(path: string): string {
  const p = normalizeGuestPath(path);
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}
