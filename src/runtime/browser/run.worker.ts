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
import {
  LOG_GRANTED_WINDOW,
  type CallEvent,
  type CountedOnly,
  type OutputStreamName,
} from '../events';
import type { FileEntry } from '../vfs/diff';
import { guestText } from '../guest-text';
import { createRelayFetch, type RelayResponse } from './http-relay';
import type { RunApi, RunRequest, RunStreamMessage, WorkerComponent } from './protocol';

const shim = shimModules as unknown as ShimModules;

/**
 * The transport to the page, captured before any guest code loads: generated bindings run in
 * this worker, and replacing `MessagePort.prototype.postMessage` (or `Reflect.apply`) later
 * must not change what reaches the page.
 */
const reflectApply = Reflect.apply;
const portPostMessage = MessagePort.prototype.postMessage;
function postOn(port: MessagePort, message: RunStreamMessage): void {
  reflectApply(portPostMessage, port, [message]);
}

/** Requests waiting for the page's answer (this worker has no network: see http-relay.ts). */
const pendingHttp = new Map<number, (response: RelayResponse) => void>();

/** Events go to the page in batches: one message per call would cost more than the call. */
const BATCH_SIZE = 512;
const BATCH_MS = 16;
/** Past this size the filesystem is copied to the page at most every LARGE_TREE_MS. */
const LARGE_TREE_ENTRIES = 1000;
const LARGE_TREE_BYTES = 4 * 1024 * 1024;
const LARGE_TREE_MS = 250;

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

const api: RunApi = {
  async preload(component) {
    const entry = load(component);
    const maxPages = pagesForMiB(DEFAULT_LIMITS.maxMemoryMiB);
    await Promise.all([
      entry.bindings,
      ...Object.keys(entry.coreModules).map((name) => compiledModule(entry, name, maxPages)),
    ]);
  },

  async run(request: RunRequest, stream: MessagePort): Promise<void> {
    const { runId } = request;
    const post = (message: RunStreamMessage) => postOn(stream, message);
    const entry = load(request.component);
    const bindings = await entry.bindings;
    const resolved = resolveManifest(request.manifest);
    const maxPages = pagesForMiB(resolved.limits.maxMemoryMiB);

    let events: CallEvent[] = [];
    let sentGranted = 0;
    let counted: CountedOnly | undefined;
    let output: { stream: OutputStreamName; text: string }[] = [];
    let lastFlush = performance.now();
    let sentOutput = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // After the guest changes the filesystem, a copy goes to the page, so the page still has it
    // when it must kill the run (timeout, Stop). A small tree is copied after every change, so
    // the page always has the state after the guest's last call; a large one (a copy costs time
    // in proportion to it) at most every LARGE_TREE_MS.
    let snapshotFiles: (() => FileEntry[]) | undefined;
    let filesDirty = false;
    let lastFiles = -Infinity;
    let largeTree = false;
    const sendFiles = () => {
      if (!filesDirty || !snapshotFiles) return;
      if (largeTree && performance.now() - lastFiles < LARGE_TREE_MS) return;
      filesDirty = false;
      const files = snapshotFiles();
      lastFiles = performance.now();
      largeTree =
        files.length > LARGE_TREE_ENTRIES ||
        files.reduce((n, f) => n + f.size, 0) > LARGE_TREE_BYTES;
      post({ type: 'files', runId, files });
    };
    const flush = () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (events.length || output.length || counted) {
        post({ type: 'batch', runId, events, output, ...(counted ? { counted } : {}) });
      }
      events = [];
      output = [];
      counted = undefined;
      lastFlush = performance.now();
      sendFiles();
    };
    /** Flush on size or age; a timer covers a guest that waits (sleep, stdin) after a write. */
    const maybeFlush = () => {
      if (events.length + output.length >= BATCH_SIZE || performance.now() - lastFlush > BATCH_MS)
        flush();
      else timer ??= setTimeout(flush, BATCH_MS);
    };
    const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
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
            flush();
            post({ type: 'http-request', runId, request: httpRequest });
          }),
      ),
      sink: {
        event: (event) => {
          if (event.verdict === 'granted' && sentGranted >= LOG_GRANTED_WINDOW) {
            counted ??= { granted: 0, byInterface: {} };
            counted.granted++;
            counted.byInterface[event.interface] = (counted.byInterface[event.interface] ?? 0) + 1;
          } else {
            events.push(event);
            if (event.verdict === 'granted') sentGranted++;
          }
          // Denied and trapped calls leave at once: a guest that loops right after them is
          // killed at the timeout, and what is still batched here dies with this worker.
          if (event.verdict !== 'granted') flush();
          else maybeFlush();
          if (event.verdict === 'granted' && event.facts?.mutates) {
            filesDirty = true;
            sendFiles();
          }
        },
        output: (name, bytes) => {
          const text = decoders[name].decode(bytes, { stream: true });
          // Consecutive writes to one stream travel as one chunk (a million 1-byte writes
          // must not become a million appends on the page).
          const last = output[output.length - 1];
          if (last && last.stream === name) last.text += text;
          else output.push({ stream: name, text });
          // The first output goes at once: it is what the user waits for.
          if (!sentOutput) {
            sentOutput = true;
            flush();
          } else maybeFlush();
        },
      },
      interactive: {
        read: () => {
          flush();
          const queued = queuedInput.shift();
          if (queued !== undefined) return Promise.resolve(queued);
          post({ type: 'wants-input', runId });
          return new Promise((resolve) => (pendingInput = resolve));
        },
      },
      onInstantiating: () => post({ type: 'instantiating', runId }),
      onStart: (instantiateMs) => post({ type: 'started', runId, instantiateMs }),
      exposeFiles: (snapshot) => (snapshotFiles = snapshot),
    });
    flush();
    // The reason may quote guest text (stderr, names): escaped and capped like every reason.
    const reason = result.reason && guestText(result.reason, 1000);
    post({ type: 'done', runId, result: { runId, ...result, reason } });
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
