/**
 * Binds each WASI call to the policy question that decides it. The decisions themselves are
 * made in src/policy (pure functions of the manifest); this file only reads a call's arguments
 * (which descriptor, which path, which flags, which URL) and turns a policy decision into a
 * ruling for the interceptor.
 */
import type { ResolvedManifest } from '../../manifest/resolve';
import {
  decideEnvironment,
  decideHttpRequest,
  decideMonotonicClock,
  decideMutation,
  decideOpen,
  decideRandom,
  decideRead,
  decideSocket,
  decideWallClock,
  findMount,
  resolveAt,
  seededRandom,
  type Decision,
} from '../../policy';
import {
  unobserved,
  type CallSite,
  type Gate,
  type Gates,
  type Ruling,
} from '../intercept/interceptor';
import type { Volume, LastComponent } from '../vfs/volume';
import { descriptorState } from './filesystem';
import type { CallFacts } from '../events';
import type { OutputMeter } from './stdio';
import type { Timers } from './timers';

export interface GateContext {
  resolved: ResolvedManifest;
  /** The one tree of every mount: the policy looks at exactly the node the call will touch. */
  volume: Volume;
  /** Guest paths of descriptors and streams, and `stdout`/`stderr`/`stdin`. */
  labels: WeakMap<object, string>;
  meter: OutputMeter;
  timers: Timers;
  jspi: boolean;
}

function ruling(
  decision: Decision,
  extra?: {
    value?: { value: unknown };
    after?: (r: unknown) => void;
    transform?: (r: unknown) => unknown;
    facts?: CallFacts;
  },
): Ruling {
  const facts = extra?.facts ? { facts: extra.facts } : {};
  if (decision.verdict === 'granted') return { ...decision, ...extra };
  if (decision.verdict === 'denied')
    return { ...decision, ...(extra?.value ? { value: extra.value } : {}), ...facts };
  return { ...decision, ...facts };
}

const WRITE_METHODS = new Set([
  '[method]output-stream.write',
  '[method]output-stream.blocking-write-and-flush',
  '[method]output-stream.write-zeroes',
  '[method]output-stream.blocking-write-zeroes-and-flush',
  '[method]output-stream.splice',
  '[method]output-stream.blocking-splice',
]);

function byteLengthOf(site: CallSite): number {
  const [first] = site.args;
  if (first instanceof Uint8Array) return first.byteLength;
  if (typeof first === 'bigint') return Number(first);
  return 0;
}

const READ_OPS = [
  'read',
  'read-via-stream',
  'read-directory',
  'stat',
  'stat-at',
  'readlink-at',
  'metadata-hash',
  'metadata-hash-at',
  'get-type',
  'get-flags',
  'is-same-object',
  'advise',
  'sync',
  'sync-data',
] as const;

/**
 * Guest text kept in an event for the rest of the run: at most PATH_MAX characters, copied so
 * that it does not hold on to the guest's whole string (a slice of a 60 KB string keeps all of
 * it alive).
 */
function keptText(text: string): string {
  return text.length > 4096 ? Array.from(text.slice(0, 4096)).join('') : text;
}

export function buildGates(ctx: GateContext): Gates {
  const { resolved, labels } = ctx;

  /** A symlink's target at a guest path (the policy follows links in the same tree). */
  const readlink = (guestPath: string): string | undefined => {
    const node = ctx.volume.nodeAtGuestPath(guestPath);
    return node?.kind === 'symlink' ? node.target : undefined;
  };

  /** A descriptor's guest path: a directory's current one, a file's as it was opened. */
  const pathOf = (self: object | undefined): string | undefined => {
    if (!self) return undefined;
    const state = descriptorState(self);
    if (state?.node.kind === 'dir') return ctx.volume.pathOf(state.node) ?? labels.get(self);
    return labels.get(self);
  };

  /** What a filesystem call touches, for the event's `facts`. */
  const fsFacts = (path: string | undefined, mutates: boolean, target?: string): CallFacts => {
    const facts: CallFacts = { mutates };
    if (path !== undefined) {
      facts.path = path;
      const mount = findMount(resolved, path);
      if (mount) facts.mount = mount.index;
    }
    if (target !== undefined) facts.target = target;
    return facts;
  };

  /**
   * Resolves a descriptor-relative path argument to a guest path, or a denial. The path is
   * resolved as the filesystem will resolve it (symlinks in its directories followed, `..`
   * after a symlink taken physically), so the policy judges the node the call touches; a path
   * the filesystem cannot resolve is judged as written (the call then fails there).
   */
  const at = (
    site: CallSite,
    path: unknown,
    last: LastComponent = 'entry',
    self: object | undefined = site.self,
  ): { ok: true; path: string; physical?: boolean } | { ok: false; ruling: Ruling } => {
    const base = pathOf(self);
    if (!base) {
      return { ok: true, path: String(path) };
    }
    const r = resolveAt(base, String(path), resolved);
    if (!r.ok)
      return {
        ok: false,
        ruling: {
          verdict: 'denied',
          rule: 'default deny',
          error: r.error,
          reason: r.reason,
          facts: { path: `${base}/${String(path)}`, mutates: false },
        },
      };
    const state = descriptorState(self);
    if (state?.node.kind === 'dir') {
      const physical = ctx.volume.guestPathOf(state.node, state.top, String(path), last);
      if (physical !== undefined) return { ok: true, path: physical, physical: true };
      if (ctx.volume.escapes(state.node, state.top, String(path), last))
        return {
          ok: false,
          ruling: {
            verdict: 'denied',
            rule: 'default deny',
            error: 'not-permitted',
            reason: `${JSON.stringify(String(path))} leaves the directory ${base} (a \`..\` above it or a symlink to an absolute path): a descriptor reaches only what is below it`,
            facts: { path: r.path, mutates: false },
          },
        };
    }
    return r;
  };

  const lastOf = (pathFlags: unknown): LastComponent =>
    (pathFlags as { symlinkFollow?: boolean } | undefined)?.symlinkFollow ? 'follow' : 'no-follow';

  const labelResult =
    (path: string | undefined) =>
    (result: unknown): void => {
      if (path && result && typeof result === 'object') labels.set(result, path);
    };

  const fsGate = (op: string): Gate => {
    const isRead = (READ_OPS as readonly string[]).includes(op);
    return (site) => {
      const base = pathOf(site.self);
      switch (op) {
        case 'open-at': {
          const [pathFlags, path, openFlags, flags] = site.args as [
            { symlinkFollow?: boolean },
            string,
            { create?: boolean; directory?: boolean; exclusive?: boolean; truncate?: boolean },
            { write?: boolean; mutateDirectory?: boolean },
          ];
          const target = at(site, path, lastOf(pathFlags));
          if (!target.ok) return target.ruling;
          // The policy judges the path the filesystem reaches (already resolved: its symlinks
          // need no second walk; a path the filesystem cannot resolve is followed here).
          const decision = decideOpen(
            resolved,
            {
              base: target.path,
              path: '.',
              create: !!openFlags?.create,
              truncate: !!openFlags?.truncate,
              exclusive: !!openFlags?.exclusive,
              directory: !!openFlags?.directory,
              write: !!flags?.write || !!flags?.mutateDirectory,
              followSymlinks: !!pathFlags?.symlinkFollow,
            },
            target.physical ? undefined : readlink,
          );
          const mutates = !!openFlags?.create || !!openFlags?.truncate || !!flags?.write;
          return ruling(decision, {
            after: labelResult(target.path),
            facts: fsFacts(target.path, mutates),
          });
        }
        case 'stat-at':
        case 'metadata-hash-at':
        case 'readlink-at': {
          const path = op === 'readlink-at' ? site.args[0] : site.args[1];
          const target = at(site, path, op === 'readlink-at' ? 'entry' : lastOf(site.args[0]));
          if (!target.ok) return target.ruling;
          return ruling(decideRead(resolved, { op, guestPath: target.path }), {
            facts: fsFacts(target.path, false),
          });
        }
        case 'read-via-stream':
          return ruling(decideRead(resolved, { op, guestPath: base ?? '/' }), {
            after: labelResult(base),
            facts: fsFacts(base, false),
          });
        case 'write-via-stream':
        case 'append-via-stream':
          return ruling(decideMutation(resolved, { op, guestPath: base ?? '/' }), {
            after: labelResult(base),
            facts: fsFacts(base, true),
          });
        case 'create-directory-at':
        case 'unlink-file-at':
        case 'remove-directory-at': {
          const target = at(site, site.args[0]);
          if (!target.ok) return target.ruling;
          return ruling(decideMutation(resolved, { op, guestPath: target.path }), {
            facts: fsFacts(target.path, true),
          });
        }
        case 'set-times-at': {
          const target = at(site, site.args[1], lastOf(site.args[0]));
          if (!target.ok) return target.ruling;
          return ruling(decideMutation(resolved, { op, guestPath: target.path }), {
            facts: fsFacts(target.path, true),
          });
        }
        case 'symlink-at': {
          const target = at(site, site.args[1]);
          if (!target.ok) return target.ruling;
          return ruling(
            decideMutation(resolved, {
              op,
              guestPath: target.path,
              targetGuestPath: String(site.args[0]),
            }),
            { facts: fsFacts(target.path, true, keptText(String(site.args[0]))) },
          );
        }
        case 'rename-at':
        case 'link-at': {
          const [oldPath, newDescriptor, newPath] =
            op === 'rename-at' ? site.args : [site.args[1], site.args[2], site.args[3]];
          const from = at(site, oldPath);
          if (!from.ok) return from.ruling;
          const to =
            newDescriptor && typeof newDescriptor === 'object'
              ? at(site, newPath, 'entry', newDescriptor)
              : { ok: true as const, path: String(newPath) };
          if (!to.ok) return to.ruling;
          return ruling(
            decideMutation(resolved, { op, guestPath: from.path, targetGuestPath: to.path }),
            { facts: fsFacts(from.path, true, to.path) },
          );
        }
        case 'write':
        case 'set-size': {
          // write(buffer, offset): the bytes the file may now hold (set-size adds a sparse gap).
          const full = op === 'write' ? fileBytesPassLimit(byteLengthOf(site)) : undefined;
          if (full) return full;
          return ruling(decideMutation(resolved, { op, guestPath: base ?? '/' }), {
            facts: fsFacts(base, true),
          });
        }
        default:
          if (isRead)
            return ruling(decideRead(resolved, { op, guestPath: base ?? '/' }), {
              facts: fsFacts(base, false),
            });
          return ruling(decideMutation(resolved, { op: op as never, guestPath: base ?? '/' }), {
            facts: fsFacts(base, !['sync', 'sync-data', 'advise'].includes(op)),
          });
      }
    };
  };

  const filesystemTypes: Record<string, Gate> = {};
  for (const op of [
    ...READ_OPS,
    'open-at',
    'write',
    'write-via-stream',
    'append-via-stream',
    'set-size',
    'set-times',
    'set-times-at',
    'create-directory-at',
    'unlink-file-at',
    'remove-directory-at',
    'rename-at',
    'symlink-at',
    'link-at',
  ]) {
    filesystemTypes[`[method]descriptor.${op}`] = fsGate(op);
  }
  filesystemTypes['[method]directory-entry-stream.read-directory-entry'] = () => ({
    verdict: 'granted',
    rule: 'mount',
  });

  /**
   * Files live in memory, so they count toward limits.maxMemoryMiB: a write whose bytes would
   * pass the limit stops the guest here. (The filesystem itself charges every byte it holds,
   * names and symlink targets included, and refuses the rest with `insufficient-space`.)
   */
  const fileBytesPassLimit = (incoming: number): Ruling | undefined => {
    const budget = ctx.volume.budget;
    if (budget.used + incoming <= budget.limit) return undefined;
    return {
      verdict: 'trapped',
      rule: 'limits.maxMemoryMiB',
      reason: `the guest's files (kept in memory) passed limits.maxMemoryMiB = ${resolved.limits.maxMemoryMiB}`,
    };
  };

  /** File streams write often: their rule is looked up once per stream. */
  const streamRules = new WeakMap<object, string>();
  const ruleOfStream = (stream: object, label: string): string => {
    let rule = streamRules.get(stream);
    if (rule === undefined) {
      const mount = findMount(resolved, label);
      rule = mount ? `mounts[${mount.index}] ${mount.access}` : 'stream';
      streamRules.set(stream, rule);
    }
    return rule;
  };
  const streamGate: Gate = (site) => {
    const label = pathOf(site.self);
    if (label === 'stdout' || label === 'stderr') {
      const allowed = label === 'stdout' ? resolved.stdout : resolved.stderr;
      if (WRITE_METHODS.has(site.fn)) {
        if (!allowed) {
          return {
            verdict: 'denied',
            rule: `${label}: false`,
            error: 'closed',
            reason: `the manifest closes ${label}`,
          };
        }
        const n = byteLengthOf(site);
        if (ctx.meter.total + n > ctx.meter.limit) {
          return {
            verdict: 'trapped',
            rule: 'limits.maxOutputBytes',
            reason: `output passed limits.maxOutputBytes = ${ctx.meter.limit} bytes`,
          };
        }
      }
      return { verdict: 'granted', rule: allowed ? label : `${label}: false` };
    }
    if (label === 'stdin') {
      const rule =
        resolved.stdin.kind === 'closed'
          ? 'default: stdin closed'
          : resolved.stdin.kind === 'text'
            ? 'stdin text'
            : 'stdin interactive';
      return { verdict: 'granted', rule };
    }
    if (label && WRITE_METHODS.has(site.fn)) {
      const full = fileBytesPassLimit(byteLengthOf(site));
      if (full) return full;
      return {
        verdict: 'granted',
        rule: ruleOfStream(site.self!, label),
        facts: { path: label, mutates: true },
      };
    }
    if (label) return { verdict: 'granted', rule: ruleOfStream(site.self!, label) };
    return { verdict: 'granted', rule: 'stream' };
  };

  const environment: Record<string, Gate> = {
    'get-environment': () => {
      const { decision, value } = decideEnvironment(resolved);
      return ruling(decision, { value: { value } });
    },
    'get-arguments': () => ({
      verdict: 'granted',
      rule: resolved.args.length ? 'args' : 'default: no arguments',
    }),
    'initial-cwd': () => ({ verdict: 'granted', rule: resolved.cwd ? 'cwd' : 'default: no cwd' }),
  };

  const wallClock: Gate = (site) => {
    const decision = decideWallClock(resolved);
    if (decision.decision.verdict === 'granted' && decision.frozen && site.fn === 'now') {
      return ruling(decision.decision, { value: { value: decision.frozen } });
    }
    return ruling(decision.decision);
  };
  const monotonicClock: Gate = () => ruling(decideMonotonicClock(resolved));

  const seeded = resolved.random.kind === 'seed' ? seededRandom(resolved.random.seed) : undefined;
  const randomGate: Gate = (site) => {
    const decision = decideRandom(resolved, site.fn);
    if (decision.verdict !== 'granted' || !seeded) return ruling(decision);
    switch (site.fn) {
      case 'get-random-bytes':
      case 'get-insecure-random-bytes':
        return ruling(decision, { value: { value: seeded.bytes(Number(site.args[0])) } });
      case 'get-random-u64':
      case 'get-insecure-random-u64':
        return ruling(decision, { value: { value: seeded.u64() } });
      case 'insecure-seed':
        return ruling(decision, { value: { value: [seeded.u64(), seeded.u64()] } });
      default:
        return ruling(decision);
    }
  };

  const httpHandle: Gate = (site) => {
    const request = site.args[0] as {
      method: () => { tag: string; val?: string };
      scheme: () => { tag: string; val?: string } | undefined;
      authority: () => string | undefined;
      pathWithQuery: () => string | undefined;
    };
    const facts = unobserved(() => {
      const method = request.method();
      const scheme = request.scheme();
      return {
        method: method.tag === 'other' ? String(method.val) : method.tag.toUpperCase(),
        scheme: (scheme?.tag === 'HTTP'
          ? 'http'
          : scheme?.tag === 'other'
            ? String(scheme.val)
            : 'https') as 'http' | 'https',
        authority: request.authority() ?? '',
        pathWithQuery: request.pathWithQuery() ?? '/',
      };
    });
    const url = `${facts.scheme}://${facts.authority}${facts.pathWithQuery}`;
    labels.set(request, `${facts.method} ${url}`);
    const callFacts: CallFacts = { url, method: facts.method };
    const decision = decideHttpRequest(resolved, facts);
    if (decision.verdict === 'granted' && !ctx.jspi) {
      return {
        verdict: 'trapped',
        rule: decision.rule,
        reason: 'outgoing HTTP needs JSPI (WebAssembly stack switching), which this host lacks',
        facts: callFacts,
      };
    }
    return ruling(decision, {
      facts: callFacts,
      after: (future) => {
        if (future && typeof future === 'object') labels.set(future, `${facts.method} ${url}`);
      },
    });
  };

  /** The response to a request, labelled with its status for the log. */
  const responseGate: Gate = (site) => ({
    verdict: 'granted',
    rule: 'http response',
    after: (result) => {
      const outer = result as { tag?: string; val?: { tag?: string; val?: unknown } } | undefined;
      const response = outer?.tag === 'ok' && outer.val?.tag === 'ok' ? outer.val.val : undefined;
      if (!response || typeof response !== 'object') return;
      const status = unobserved(() => (response as { status: () => number }).status());
      const request = site.self ? labels.get(site.self) : undefined;
      labels.set(response, request ? `${status} ← ${request}` : String(status));
    },
  });

  const socketGate: Gate = () => ruling(decideSocket());

  const preopens: Record<string, Gate> = {
    'get-directories': () => {
      if (resolved.mounts.length === 0) {
        return {
          verdict: 'denied',
          rule: 'default deny',
          error: '',
          reason: 'no mounts: the guest sees no directory at all',
          value: { value: [] },
        };
      }
      return {
        verdict: 'granted',
        rule: resolved.mounts.map((m) => `mounts[${m.index}] ${m.guest}`).join(', '),
        after: (result) => {
          for (const entry of result as [object, string][]) labels.set(entry[0], entry[1]);
        },
      };
    },
  };

  return {
    'wasi:cli/environment': environment,
    'wasi:filesystem/preopens': preopens,
    'wasi:filesystem/types': filesystemTypes,
    'wasi:io/streams': { '*': streamGate },
    'wasi:clocks/wall-clock': { '*': wallClock },
    'wasi:clocks/monotonic-clock': { '*': monotonicClock },
    'wasi:random/random': { '*': randomGate },
    'wasi:random/insecure': { '*': randomGate },
    'wasi:random/insecure-seed': { '*': randomGate },
    'wasi:http/outgoing-handler': { handle: httpHandle },
    'wasi:http/types': { '[method]future-incoming-response.get': responseGate },
    'wasi:sockets/tcp-create-socket': { '*': socketGate },
    'wasi:sockets/udp-create-socket': { '*': socketGate },
    'wasi:sockets/ip-name-lookup': { '*': socketGate },
    'wasi:sockets/tcp': { '*': socketGate },
    'wasi:sockets/udp': { '*': socketGate },
    'wasi:sockets/instance-network': {
      '*': () => ({ verdict: 'granted', rule: 'sockets: network handle only' }),
    },
  };
}
