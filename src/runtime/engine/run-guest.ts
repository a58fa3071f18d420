/**
 * Runs one transpiled component under one manifest: builds the WASI host from the shim and the
 * virtual filesystem, puts the interception membrane in front of it, instantiates, calls
 * `wasi:cli/run` (or another export), and says how it ended. Platform-agnostic: the browser run
 * worker and the Node CLI both call this with their own shim modules and sinks.
 */
import type { ResolvedManifest } from '../../manifest/resolve';
import type { CallEvent, OutputStreamName, Verdict } from '../events';
import { activate, GuestTrap, interceptImports, Interceptor } from '../intercept/interceptor';
import { summarize } from '../intercept/summarize';
import { guestText } from '../guest-text';
import { buildHost } from '../host/build-host';
import type { InteractiveInput } from '../host/stdio';
import type { Namespace, ShimModules } from '../host/shim-types';
import { diffMounts, type FileEntry } from '../vfs/diff';
import type { FileChange } from '../vfs/journal';

/** A running guest's files for a host that may have to kill the run: the start, then deltas. */
export interface FileFeed {
  initial: FileEntry[];
  /** What changed since the last call. */
  changes: () => FileChange[];
}
import { WIT_TABLE } from '../wit/wit-table.generated';

export type GetCoreModule = (name: string) => WebAssembly.Module | Promise<WebAssembly.Module>;

/** The module jco generates in instantiation mode. */
export interface GuestBindings {
  instantiate: (
    getCoreModule: GetCoreModule,
    imports: Record<string, Namespace>,
    instantiateCore?: (
      module: WebAssembly.Module,
      imports: WebAssembly.Imports,
    ) => Promise<WebAssembly.Instance>,
  ) => Promise<Record<string, unknown>>;
}

export interface RunSink {
  event: (event: CallEvent) => void;
  /**
   * A call that returned a promise (JSPI: a read that waits for input, a sleep, a fetch) was
   * recorded with the result `pending…`; this gives its result once it settles.
   */
  settled?: (event: CallEvent) => void;
  /** Whether the next event of this verdict will be shown (see InterceptorOptions.detailed). */
  detailed?: (verdict: Verdict) => boolean;
  output: (stream: OutputStreamName, bytes: Uint8Array) => void;
}

export interface RunGuestOptions {
  bindings: GuestBindings;
  getCoreModule: GetCoreModule;
  shim: ShimModules;
  resolved: ResolvedManifest;
  sink: RunSink;
  /** Whether the bindings were generated for JSPI (imports may return promises). */
  jspi: boolean;
  interactive?: InteractiveInput;
  /** The network for allowed origins (mocks never reach it). Absent: allowed requests fail. */
  fetch?: typeof fetch;
  /** Call this export instead of `wasi:cli/run`: `{ name: "greet", args: ["Ada"] }`. */
  invoke?: { name: string; args: unknown[] };
  /** argv[0] (default `main`). */
  programName?: string;
  /**
   * Receives the files as the run starts and a function that returns what changed since it was
   * last called (a delta), so a host that may have to kill the run (timeout, Stop) can keep a
   * current copy at a cost that grows with the bytes changed.
   */
  exposeFiles?: (files: FileFeed) => void;
  /**
   * Called just before the component is instantiated. Instantiation runs the guest's code (a
   * core module's start function), so the run's timeout starts here, not at `onStart`.
   */
  onInstantiating?: () => void;
  /**
   * Awaited once the guest is instantiated, before it starts: a staged run (a warm Run) waits
   * here for the click. `false` abandons the run (its host is disposed; nothing more happens).
   */
  beforeStart?: () => Promise<boolean>;
  /** Called once the guest is instantiated, just before it starts. */
  onStart?: (instantiateMs: number) => void;
}

export interface GuestResult {
  status: 'exited' | 'trapped' | 'error';
  exitCode: number | null;
  reason?: string;
  instantiateMs: number;
  /** The virtual filesystem after the run, with what changed. */
  files: FileEntry[];
  /** What an invoked export returned. */
  returned?: string;
}

interface ComponentExitLike {
  exitError: true;
  code: number;
}
function isComponentExit(error: unknown): error is ComponentExitLike {
  return (
    !!error && typeof error === 'object' && (error as { exitError?: unknown }).exitError === true
  );
}

/** The component's `run` function, wherever the generated bindings put it. */
function findRun(exports: Record<string, unknown>): (() => unknown) | undefined {
  for (const key of ['run', 'wasi:cli/run@0.2.12', 'wasi:cli/run']) {
    const ns = exports[key] as { run?: () => unknown } | undefined;
    if (ns && typeof ns.run === 'function') return ns.run.bind(ns);
  }
  for (const [key, ns] of Object.entries(exports)) {
    if (key.startsWith('wasi:cli/run') && typeof (ns as { run?: unknown })?.run === 'function') {
      return (ns as { run: () => unknown }).run;
    }
  }
  return undefined;
}

function findExport(
  exports: Record<string, unknown>,
  name: string,
): ((...args: unknown[]) => unknown) | undefined {
  const direct = exports[name];
  if (typeof direct === 'function') return direct as (...args: unknown[]) => unknown;
  const [iface, fn] = name.split('#');
  if (iface && fn) {
    const ns = exports[iface] as Record<string, unknown> | undefined;
    const f = ns?.[fn];
    if (typeof f === 'function') return f as (...args: unknown[]) => unknown;
  }
  return undefined;
}

export async function runGuest(options: RunGuestOptions): Promise<GuestResult> {
  const { resolved, sink } = options;
  const started = performance.now();
  const memories: WebAssembly.Memory[] = [];
  const maxMemoryBytes = resolved.limits.maxMemoryMiB * 1024 * 1024;

  // The end of stderr explains some traps (the preview1 adapter prints why it aborts).
  let stderrTail = '';
  const tailDecoder = new TextDecoder();
  const host = buildHost({
    shim: options.shim,
    resolved,
    sink: {
      ...sink,
      output: (stream, bytes) => {
        if (stream === 'stderr') {
          stderrTail = (stderrTail + tailDecoder.decode(bytes.subarray(-512))).slice(-512);
        }
        sink.output(stream, bytes);
      },
    },
    jspi: options.jspi,
    interactive: options.interactive,
    fetch: options.fetch,
    programName: options.programName,
  });
  let guestStart = performance.now();
  const interceptor = new Interceptor({
    witTable: WIT_TABLE,
    gates: host.gates,
    defaultRule: host.defaultRule,
    record: sink.event,
    settled: sink.settled,
    detailed: sink.detailed,
    now: () => performance.now() - guestStart,
    nameResource: host.nameResource,
    trapOnDenied: resolved.onDenied === 'trap',
    checkLimits: () => {
      for (const memory of memories) {
        if (memory.buffer.byteLength > maxMemoryBytes) {
          return {
            reason: `the guest grew its memory to ${Math.round(memory.buffer.byteLength / 1048576)} MiB, over limits.maxMemoryMiB = ${resolved.limits.maxMemoryMiB}`,
            rule: 'limits.maxMemoryMiB',
          };
        }
      }
      return undefined;
    },
  });
  if (options.exposeFiles) {
    host.volume.journal.enabled = true;
    options.exposeFiles({
      initial: diffMounts(host.initialTrees, host.initialTrees),
      changes: () => host.volume.journal.take(),
    });
  }
  const imports = interceptImports(host.imports, WIT_TABLE);
  activate(interceptor);

  const finish = (
    result: Omit<GuestResult, 'files' | 'instantiateMs'>,
    instantiateMs: number,
  ): GuestResult => {
    activate(undefined);
    host.dispose();
    return { ...result, instantiateMs, files: diffMounts(host.initialTrees, host.currentTrees()) };
  };

  let exports: Record<string, unknown>;
  options.onInstantiating?.();
  try {
    exports = await options.bindings.instantiate(
      options.getCoreModule,
      imports,
      async (module, coreImports) => {
        const instance = await WebAssembly.instantiate(module, coreImports);
        for (const value of Object.values(instance.exports)) {
          if (value instanceof WebAssembly.Memory) memories.push(value);
        }
        return instance;
      },
    );
  } catch (error) {
    return finish(
      {
        status: 'error',
        exitCode: null,
        reason: `The component could not be instantiated: ${errorText(error)}`,
      },
      performance.now() - started,
    );
  }
  const instantiateMs = performance.now() - started;
  if (options.beforeStart && !(await options.beforeStart())) {
    return finish(
      { status: 'error', exitCode: null, reason: 'abandoned before it started' },
      instantiateMs,
    );
  }
  options.onStart?.(instantiateMs);
  guestStart = performance.now();

  const entry = options.invoke ? findExport(exports, options.invoke.name) : findRun(exports);
  if (!entry) {
    const what = options.invoke
      ? `an export named "${options.invoke.name}"`
      : 'a wasi:cli/run export';
    return finish(
      { status: 'error', exitCode: null, reason: `The component has no ${what}.` },
      instantiateMs,
    );
  }
  const trapEvent = (rule: string, reason: string) =>
    sink.event({
      seq: 0,
      t: Math.round((performance.now() - guestStart) * 1000) / 1000,
      interface: options.invoke ? '(export)' : 'wasi:cli/run',
      function: options.invoke ? options.invoke.name : 'run',
      args: [],
      verdict: 'trapped',
      rule,
      result: `trap: ${reason}`,
      reason,
    });
  try {
    const value = await entry(...(options.invoke?.args ?? []));
    host.flushOutput();
    if (options.invoke)
      return finish({ status: 'exited', exitCode: 0, returned: summarize(value) }, instantiateMs);
    return finish({ status: 'exited', exitCode: 0 }, instantiateMs);
  } catch (error) {
    host.flushOutput();
    if (isComponentExit(error))
      return finish({ status: 'exited', exitCode: error.code }, instantiateMs);
    if (error instanceof GuestTrap)
      return finish({ status: 'trapped', exitCode: null, reason: error.message }, instantiateMs);
    if (!(error instanceof Error)) {
      // `run` returned `err`: the guest failed, without a trap.
      return finish({ status: 'exited', exitCode: 1 }, instantiateMs);
    }
    const atCap = memories.some((m) => m.buffer.byteLength + 65536 > maxMemoryBytes);
    const reason = atCap
      ? `${describeTrap(error)}, after the guest reached limits.maxMemoryMiB = ${resolved.limits.maxMemoryMiB} (memory.grow failed)`
      : describeTrap(error, stderrTail);
    trapEvent(atCap ? 'limits.maxMemoryMiB' : 'wasm trap', reason);
    return finish({ status: 'trapped', exitCode: null, reason }, instantiateMs);
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : JSON.stringify(error);
}

/** A wasm trap in words a learner understands. */
export function describeTrap(error: Error, stderrTail = ''): string {
  const message = error.message || String(error);
  if (/unreachable/i.test(message) && /adapter line/i.test(stderrTail)) {
    return describeAdapterAbort(stderrTail);
  }
  if (/call stack|stack overflow/i.test(message)) return `stack overflow (${message})`;
  if (/unreachable/i.test(message))
    return `the guest hit an unreachable instruction (it aborted or panicked)`;
  if (/out of bounds/i.test(message)) return `out-of-bounds memory access (${message})`;
  if (/memory/i.test(message)) return `out of memory (${message})`;
  return message;
}

/**
 * Lines of the preview1 adapter Airlock ships (src/runtime/adapt, wasmtime 46's
 * crates/wasi-preview1-component-adapter/src/lib.rs) whose assertion means its state was
 * overwritten: the canaries at both ends of `State`, checked at the start of every call.
 */
const ADAPTER_CANARY_LINES = new Set(['2857', '2858']);

/** The adapter's own last words ("assertion failed at adapter line N"), explained by cause. */
function describeAdapterAbort(stderrTail: string): string {
  const lines = stderrTail.trim().split('\n').filter(Boolean);
  const said = guestText(lines.findLast((l) => /adapter line/i.test(l)) ?? lines.at(-1) ?? '', 200);
  const line = /adapter line (\d+)/i.exec(said)?.[1];
  if (line && ADAPTER_CANARY_LINES.has(line))
    return `the WASI preview1 adapter (which runs every C and Rust program built for preview1) found its own state overwritten by the program's memory: the program's heap or an out-of-bounds write reached the adapter's pages (it said: ${said})`;
  if (/allocation size is too large|failed to allocate/i.test(said))
    return `the WASI preview1 adapter (which runs every C and Rust program built for preview1) ran out of its fixed-size buffer, e.g. for about 6,000 arguments or 50 KB per environment value (it said: ${said})`;
  return `the WASI preview1 adapter (which runs every C and Rust program built for preview1) stopped the program (it said: ${said})`;
}
