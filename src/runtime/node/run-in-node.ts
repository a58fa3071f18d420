/**
 * One run in this Node process: transpile, load the bindings, run under the manifest with the
 * shim's browser build. The CLI runs this inside a worker thread it can terminate (timeouts);
 * integration tests call it directly.
 */
import type { ResolvedManifest } from '../../manifest/resolve';
import type { InteractiveInput } from '../host/stdio';
import {
  runGuest,
  type FileFeed,
  type GuestBindings,
  type GuestResult,
  type RunSink,
} from '../engine/run-guest';
import type { TranspiledComponent } from '../transpile/options';
import { capMemories, pagesForMiB } from '../engine/memory-cap';
import { loadBrowserShim } from './shim';
import type { ShimModules } from '../host/shim-types';
import { guestText } from '../guest-text';

/** Longest reason a run reports (it may quote guest text). */
export const MAX_RUN_REASON_CHARS = 1000;

export async function loadBindings(transpiled: TranspiledComponent): Promise<GuestBindings> {
  const url = `data:text/javascript;base64,${Buffer.from(transpiled.js).toString('base64')}`;
  try {
    return (await import(/* @vite-ignore */ url)) as GuestBindings;
  } catch (error) {
    // Node names the module in its message: here a data: URL holding all of the bindings.
    const message = (error instanceof Error ? error.message : String(error))
      .replace(/data:text\/javascript;base64,[A-Za-z0-9+/=]*/g, 'the generated bindings')
      .split('\n')[0]!;
    throw new Error(
      `the generated bindings could not be loaded: ${guestText(message, MAX_RUN_REASON_CHARS)}`,
      { cause: error },
    );
  }
}

export interface NodeRunOptions {
  transpiled: TranspiledComponent;
  resolved: ResolvedManifest;
  sink: RunSink;
  interactive?: InteractiveInput;
  invoke?: { name: string; args: unknown[] };
  onInstantiating?: () => void;
  onStart?: (instantiateMs: number) => void;
  programName?: string;
  /** The shim's browser build, when the caller has it imported already (the guest process). */
  shim?: ShimModules;
  /** The files as the run starts and their deltas (what the browser's run worker sends). */
  exposeFiles?: (files: FileFeed) => void;
  /** How the bindings are loaded (the guest process: as a vm module that may import nothing). */
  loadBindings?: (js: string) => Promise<GuestBindings>;
  /** Core modules compiled ahead (the guest process compiles them while it waits for the run). */
  compiled?: Promise<Map<string, WebAssembly.Module>>;
}

/** Every core module compiled, memories capped at `maxMemoryMiB`. */
export async function compileCoreModules(
  transpiled: TranspiledComponent,
  maxMemoryMiB: number,
): Promise<Map<string, WebAssembly.Module>> {
  const maxPages = pagesForMiB(maxMemoryMiB);
  return new Map(
    await Promise.all(
      Object.entries(transpiled.coreModules).map(
        async ([name, bytes]) =>
          [name, await WebAssembly.compile(capMemories(bytes, maxPages) as BufferSource)] as const,
      ),
    ),
  );
}

export async function runInNode(options: NodeRunOptions): Promise<GuestResult> {
  const [shim, bindings] = await Promise.all([
    options.shim ?? loadBrowserShim(),
    options.loadBindings
      ? options.loadBindings(options.transpiled.js)
      : loadBindings(options.transpiled),
  ]);
  // Compiled before instantiation starts: the timeout counts the guest's execution (its start
  // function included), not the engine compiling its modules.
  const compiled = await (options.compiled ??
    compileCoreModules(options.transpiled, options.resolved.limits.maxMemoryMiB));
  return runGuest({
    bindings,
    getCoreModule: (name) => {
      const module = compiled.get(name);
      if (!module) throw new Error(`missing core module ${name}`);
      return module;
    },
    shim,
    resolved: options.resolved,
    sink: options.sink,
    jspi: options.transpiled.jspi,
    interactive: options.interactive,
    invoke: options.invoke,
    onInstantiating: options.onInstantiating,
    onStart: options.onStart,
    programName: options.programName,
    exposeFiles: options.exposeFiles,
  });
}
