/**
 * Builds the WASI host for one run from the shim: the CLI world (env, args, stdio), clocks and
 * random as the manifest says, the virtual filesystem's mounts as preopens, HTTP through a
 * policy-checked fetch, and the gates that decide each call (see ./gates/).
 */
import type { ResolvedManifest } from '../../manifest/resolve';
import type { OutputStreamName } from '../events';
import { camelToKebab } from '../intercept/summarize';
import type { CallSite, Gates } from '../intercept/interceptor';
import { buildMountTree, type FsDir } from '../vfs/tree';
import { Volume } from '../vfs/volume';
import { createFilesystem } from './filesystem';
import { buildGates, type GateContext } from './gates';
import {
  createOutputHandler,
  createStdinHandler,
  type InteractiveInput,
  type OutputMeter,
} from './stdio';
import type { Namespace, ShimModules } from './shim-types';
import { createTimers, pollSync } from './timers';
import { createPolicyFetch } from './http-fetch';

export interface HostOptions {
  shim: ShimModules;
  resolved: ResolvedManifest;
  sink: { output: (stream: OutputStreamName, bytes: Uint8Array) => void };
  jspi: boolean;
  interactive?: InteractiveInput;
  fetch?: typeof fetch;
  /** argv[0]: the component's file name, as wasmtime gives it. */
  programName?: string;
}

export interface Host {
  imports: Record<string, Namespace>;
  gates: Gates;
  defaultRule: (site: CallSite) => string;
  nameResource: (value: object) => string | undefined;
  /** Mount trees as seeded (copies), by guest path. */
  initialTrees: Record<string, FsDir>;
  /** Mount trees as they are now (copies), by guest path. */
  currentTrees: () => Record<string, FsDir>;
  /** The one in-memory tree of every mount. */
  volume: Volume;
  flushOutput: () => void;
  dispose: () => void;
}

/**
 * The rule shown for calls no gate decides: handles and plumbing that grant nothing by
 * themselves (getting the stdout stream, polling, exiting). What they lead to is gated.
 */
export function ruleForUngated(site: CallSite): string {
  const iface = site.iface;
  if (iface === 'wasi:cli/exit') return 'exit';
  if (iface === 'wasi:cli/stdout') return 'stdout';
  if (iface === 'wasi:cli/stderr') return 'stderr';
  if (iface === 'wasi:cli/stdin') return 'stdin';
  if (iface.startsWith('wasi:cli/terminal-')) return 'no terminal';
  if (iface.startsWith('wasi:io/')) return 'io';
  if (iface.startsWith('wasi:http/')) return 'http';
  return 'no capability needed';
}

/** A guest-chosen name as log text: control characters shown as escapes, length bounded. */
function printable(label: string): string {
  const escaped = JSON.stringify(label.length > 200 ? `${label.slice(0, 200)}…` : label);
  return escaped.slice(1, -1);
}

export function buildHost(options: HostOptions): Host {
  const { shim, resolved } = options;
  const meter: OutputMeter = { total: 0, limit: resolved.limits.maxOutputBytes };
  const sink = {
    output: (stream: OutputStreamName, bytes: Uint8Array) => {
      if (stream === 'stdout' && !resolved.stdout) return;
      if (stream === 'stderr' && !resolved.stderr) return;
      options.sink.output(stream, bytes);
    },
  };
  const stdout = createOutputHandler('stdout', sink, meter);
  const stderr = createOutputHandler('stderr', sink, meter);
  const stdin = createStdinHandler(resolved.stdin, options.interactive);

  const cli = shim.cli.createCli({
    environment: Object.fromEntries(resolved.env),
    arguments: [options.programName ?? 'main', ...resolved.args],
    initialCwd: resolved.cwd ?? undefined,
    stdin,
    stdout,
    stderr,
  });

  // The virtual filesystem: one in-memory tree for every mount, Airlock's own wasi:filesystem.
  const volume = new Volume(resolved.limits.maxMemoryMiB * 1024 * 1024);
  for (const mount of resolved.mounts)
    volume.seed(volume.mountAt(mount.guest), buildMountTree(mount.files));
  const currentTrees = () => {
    const trees: Record<string, FsDir> = {};
    for (const mount of resolved.mounts)
      trees[mount.guest] = volume.snapshot(volume.mountAt(mount.guest));
    return trees;
  };
  const initialTrees = currentTrees();
  const fs = createFilesystem(volume, resolved.mounts, shim.io);

  const timers = createTimers(shim.io);
  const labels = new WeakMap<object, string>();
  const resourceNames = new Map<object, string>();

  const policyFetch = createPolicyFetch(resolved, options.fetch);
  const ctx: GateContext = { resolved, volume, labels, meter, timers, jspi: options.jspi };
  const gates = buildGates(ctx);

  // Every get-stdin/get-stdout/get-stderr returns a new stream over the same handler, as
  // wasmtime does: the shim hands out one shared stream, so a guest that drops its handle (the
  // preview1 adapter does after each of its own messages) closed stderr for every later write.
  const stdioNs = {
    stdin: {
      getStdin: () => {
        // The shim's InputStream awaits a promised read (interactive stdin under JSPI); the
        // factory's type knows only the file streams' synchronous reads.
        const handler = stdin as Parameters<typeof shim.io.inputStreamCreate>[0];
        const stream = shim.io.inputStreamCreate(handler);
        labels.set(stream, 'stdin');
        return stream;
      },
    },
    stdout: {
      getStdout: () => {
        const stream = shim.io.outputStreamCreate(stdout);
        labels.set(stream, 'stdout');
        return stream;
      },
    },
    stderr: {
      getStderr: () => {
        const stream = shim.io.outputStreamCreate(stderr);
        labels.set(stream, 'stderr');
        return stream;
      },
    },
  };

  const monotonicClock: Namespace = {
    ...shim.clocks.monotonicClock,
    subscribeDuration: (ns: bigint) => timers.after(Number(ns) / 1e6),
    subscribeInstant: (instant: bigint) =>
      timers.after((Number(instant) - performance.now() * 1e6) / 1e6),
  };
  const poll: Namespace = options.jspi
    ? shim.io.poll
    : { ...shim.io.poll, poll: (list: { ready: () => boolean }[]) => pollSync(list, timers) };
  if (!options.jspi) {
    // Without JSPI a call cannot return a promise: block the (dedicated) thread instead.
    const proto = shim.io.poll.Pollable.prototype;
    proto.block = function (this: { ready: () => boolean }) {
      pollSync([this], timers);
      return undefined;
    };
  }

  const imports: Record<string, Namespace> = {
    'wasi:cli/environment': cli.environment!,
    'wasi:cli/exit': cli.exit!,
    'wasi:cli/stdin': stdioNs.stdin,
    'wasi:cli/stdout': stdioNs.stdout,
    'wasi:cli/stderr': stdioNs.stderr,
    'wasi:cli/terminal-input': cli.terminalInput!,
    'wasi:cli/terminal-output': cli.terminalOutput!,
    'wasi:cli/terminal-stdin': cli.terminalStdin!,
    'wasi:cli/terminal-stdout': cli.terminalStdout!,
    'wasi:cli/terminal-stderr': cli.terminalStderr!,
    'wasi:clocks/monotonic-clock': monotonicClock,
    'wasi:clocks/wall-clock': shim.clocks.wallClock,
    'wasi:filesystem/preopens': fs.preopens,
    'wasi:filesystem/types': fs.types,
    'wasi:io/error': shim.io.error,
    'wasi:io/poll': poll,
    'wasi:io/streams': shim.io.streams,
    'wasi:random/random': shim.random.random,
    'wasi:random/insecure': shim.random.insecure,
    'wasi:random/insecure-seed': shim.random.insecureSeed,
    'wasi:http/types': shim.http.types,
    'wasi:http/outgoing-handler': shim.http.outgoingHandler,
    'wasi:http/incoming-handler': shim.http.incomingHandler,
  };
  for (const [name, ns] of Object.entries(shim.sockets)) {
    if (ns && typeof ns === 'object' && !Array.isArray(ns))
      imports[`wasi:sockets/${camelToKebab(name)}`] = ns;
  }
  // Resource class names for the log, from the import object's keys (class names are minified).
  for (const ns of Object.values(imports)) {
    for (const [key, value] of Object.entries(ns)) {
      if (
        typeof value === 'function' &&
        /^[A-Z]/.test(key) &&
        (value as { prototype?: object }).prototype
      ) {
        resourceNames.set((value as { prototype: object }).prototype, camelToKebab(key));
      }
    }
  }
  // A resource is named in nearly every event: its name is made once per label it has.
  const names = new WeakMap<object, { label: string; name: string }>();
  const nameResource = (value: object): string | undefined => {
    const proto = Object.getPrototypeOf(value) as object | null;
    const kind = proto ? resourceNames.get(proto) : undefined;
    if (!kind) return undefined;
    const label = labels.get(value);
    if (!label) return kind;
    const known = names.get(value);
    if (known && known.label === label) return known.name;
    const name = `${kind}(${printable(label)})`;
    names.set(value, { label, name });
    return name;
  };

  const restoreFetch = policyFetch.install();
  return {
    imports,
    gates,
    defaultRule: ruleForUngated,
    nameResource,
    initialTrees,
    currentTrees,
    volume,
    flushOutput: () => {
      stdout.blockingFlush?.();
      stderr.blockingFlush?.();
    },
    dispose: () => {
      restoreFetch();
    },
  };
}
