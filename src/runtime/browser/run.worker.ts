/**
 * A run worker: one guest, one run, then it is thrown away (the page terminates it at the end,
 * on Stop and on timeout). Imports the WASI shim's browser build, loads the generated bindings
 * from a Blob URL, and streams events and output to the page in batches.
 */
import * as Comlink from 'comlink';
import * as shimModules from '@bytecodealliance/preview2-shim';
import { resolveManifest } from '../../manifest/resolve';
import { capMemories, pagesForMiB } from '../engine/memory-cap';
import { runGuest, type GuestBindings } from '../engine/run-guest';
import type { ShimModules } from '../host/shim-types';
import { DEFAULT_LIMITS } from '../../manifest/schema';
import { RunStream } from '../engine/run-stream';
import type { RunEvent } from '../run-event';
import { guestText } from '../guest-text';
import { createRelayFetch, type RelayResponse } from './http-relay';
import type { RunApi, RunRequest, StageState, WorkerComponent } from './protocol';
import type { CallEvent } from '../events';

const shim = shimModules as unknown as ShimModules;

/**
 * The transport to the page, captured before any guest code loads: generated bindings run in
 * this worker, and replacing `MessagePort.prototype.postMessage` (or `Reflect.apply`) later
 * must not change what reaches the page.
 */
const reflectApply = Reflect.apply;
const portPostMessage = MessagePort.prototype.postMessage;
/**
 * Nothing is transferred: the page is in another process (the run host is a sandboxed,
 * opaque-origin frame), where a transferred buffer is copied anyway, and moving it cost more
 * than the copy (Chromium, calls 20,000: ~290 ms of posting per run with transfer, ~150 without).
 */
function postOn(port: MessagePort, message: RunEvent): void {
  reflectApply(portPostMessage, port, [message]);
}

/** Requests waiting for the page's answer (this worker has no network: see http-relay.ts). */
const pendingHttp = new Map<number, (response: RelayResponse) => void>();

let pendingInput: ((text: Uint8Array | null) => void) | undefined;
const queuedInput: (Uint8Array | null)[] = [];

interface Loaded {
  hash: string;
  bindings: Promise<GuestBindings>;
  coreModules: Record<string, Uint8Array>;
  /** Compiled modules by memory cap (pages): the cap is written into the binary. */
  compiled: Map<number, Map<string, Promise<WebAssembly.Module>>>;
}
let loaded: Loaded | undefined;

async function importBindings(js: string): Promise<GuestBindings> {
  const url = URL.createObjectURL(new Blob([js], { type: 'text/javascript' }));
  try {
    return (await import(/* @vite-ignore */ url)) as GuestBindings;
  } finally {
    URL.revokeObjectURL(url);
  }
}

function load(component: WorkerComponent): Loaded {
  if (loaded && loaded.hash === component.hash) return loaded;
  if (!component.js || !component.coreModules) {
    throw new Error('the run worker has no bindings for this component');
  }
  loaded = {
    hash: component.hash,
    bindings: importBindings(component.js),
    coreModules: component.coreModules,
    compiled: new Map(),
  };
  return loaded;
}

function compiledModule(
  entry: Loaded,
  name: string,
  maxPages: number,
): Promise<WebAssembly.Module> {
  let byName = entry.compiled.get(maxPages);
  if (!byName) entry.compiled.set(maxPages, (byName = new Map()));
  let module = byName.get(name);
  if (!module) {
    const bytes = entry.coreModules[name];
    if (!bytes) throw new Error(`missing core module ${name}`);
    module = WebAssembly.compile(capMemories(bytes, maxPages) as BufferSource);
    byName.set(name, module);
  }
  return module;
}

/** A run waiting at its start for the click (a warm Run): see RunApi.stage. */
interface StagedRun {
  runId: number;
  /** Starts (true) or abandons (false) the guest. */
  open: (go: boolean) => void;
  /** The run's end (for an abandoned one: once its host is disposed). */
  finished: Promise<void>;
}
let staged: StagedRun | undefined;

/** Drops a staged run that was not started, and waits until it is gone. */
async function abandonStaged(): Promise<void> {
  const run = staged;
  if (!run) return;
  staged = undefined;
  run.open(false);
  await run.finished.catch(() => undefined);
}

/** One run from its request to `done` (not posted for a run abandoned before its start). */
async function execute(
  request: RunRequest,
  port: MessagePort,
  stage?: { beforeStart: () => Promise<boolean>; onEvent: () => void },
): Promise<void> {
  const { runId } = request;
  const post = (message: RunEvent) => postOn(port, message);
  const entry = load(request.component);
  const bindings = await entry.bindings;
  const resolved = resolveManifest(request.manifest);
  const maxPages = pagesForMiB(resolved.limits.maxMemoryMiB);
  // Compile before `instantiating` is posted: the timeout counts the guest's execution
  // (its start function included), not the engine compiling its modules.
  await Promise.all(
    Object.keys(entry.coreModules).map((name) => compiledModule(entry, name, maxPages)),
  );

  const stream = new RunStream({ runId, post });
  const sink = stage
    ? {
        ...stream.sink,
        event: (event: CallEvent) => {
          stage.onEvent();
          stream.sink.event(event);
        },
      }
    : stream.sink;
  let abandoned = false;
  const result = await runGuest({
    bindings,
    getCoreModule: (name) => compiledModule(entry, name, maxPages),
    shim,
    resolved,
    jspi: request.component.jspi,
    invoke: request.invoke,
    programName: request.programName,
    fetch: createRelayFetch(
      (httpRequest) =>
        new Promise<RelayResponse>((resolve) => {
          pendingHttp.set(httpRequest.requestId, resolve);
          stream.send({ type: 'http-request', runId, request: httpRequest });
        }),
    ),
    sink,
    interactive: {
      read: () => {
        const queued = queuedInput.shift();
        if (queued !== undefined) {
          stream.flush();
          return Promise.resolve(queued);
        }
        stream.wantsInput();
        return new Promise((resolve) => (pendingInput = resolve));
      },
    },
    onInstantiating: stream.instantiating,
    beforeStart:
      stage &&
      (async () => {
        const go = await stage.beforeStart();
        abandoned = !go;
        return go;
      }),
    onStart: stream.started,
    exposeFiles: stream.exposeFiles,
  });
  if (abandoned) return;
  // The reason may quote guest text (stderr, names): escaped and capped like every reason.
  stream.done({ ...result, reason: result.reason && guestText(result.reason, 1000) });
}

const api: RunApi = {
  async preload(component) {
    const entry = load(component);
    const maxPages = pagesForMiB(DEFAULT_LIMITS.maxMemoryMiB);
    await Promise.all([
      entry.bindings,
      ...Object.keys(entry.coreModules).map((name) => compiledModule(entry, name, maxPages)),
    ]);
  },

  async stage(request: RunRequest, port: MessagePort): Promise<StageState> {
    await abandonStaged();
    let open!: (go: boolean) => void;
    const gate = new Promise<boolean>((resolve) => (open = resolve));
    let settle!: (state: StageState) => void;
    const state = new Promise<StageState>((resolve) => (settle = resolve));
    let touched = false;
    const finished = execute(request, port, {
      beforeStart: () => {
        settle(touched ? 'touched' : 'paused');
        return gate;
      },
      // A call during instantiation (a start function) means the guest has begun: the run
      // stays valid for its own Run, but this worker is not clean for another one.
      onEvent: () => (touched = true),
    });
    // A staged run that fails (bindings, a compile error) has ended too; `go` reports why.
    finished.then(
      () => settle('ended'),
      () => settle('ended'),
    );
    staged = { runId: request.runId, open, finished };
    return state;
  },

  async go(runId: number): Promise<void> {
    const run = staged;
    if (!run || run.runId !== runId) throw new Error(`no staged run ${runId} in this worker`);
    staged = undefined;
    run.open(true);
    await run.finished;
  },

  async run(request: RunRequest, port: MessagePort): Promise<void> {
    await abandonStaged();
    await execute(request, port);
  },

  input(text) {
    const bytes = text === null ? null : new TextEncoder().encode(text);
    if (pendingInput) {
      const resolve = pendingInput;
      pendingInput = undefined;
      resolve(bytes);
    } else queuedInput.push(bytes);
  },
  httpResponse(requestId, response) {
    const resolve = pendingHttp.get(requestId);
    pendingHttp.delete(requestId);
    resolve?.(response);
  },
};

// The app connects over a MessagePort handed through the sandboxed run host.
self.addEventListener('message', (event: MessageEvent) => {
  const port = event.ports[0];
  if (event.data?.type === 'connect' && port) Comlink.expose(api, port);
});
