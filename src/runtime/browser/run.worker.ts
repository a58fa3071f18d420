/**
 * A run worker: one guest, one run, then it is thrown away (the page terminates it at the end,
 * on Stop and on timeout). Imports the WASI shim's browser build, loads the generated bindings
 * from a Blob URL, and streams events and output to the page in batches.
 */
import * as Comlink from 'comlink';
import * as shimModules from '@bytecodealliance/preview2-shim';
import { resolveManifest } from '../../manifest/resolve';
import { capMemories, pagesForMiB } from '../engine/memory-cap';
import { runGuest, type FileFeed, type GuestBindings } from '../engine/run-guest';
import type { ShimModules } from '../host/shim-types';
import { DEFAULT_LIMITS } from '../../manifest/schema';
import {
  LOG_GRANTED_WINDOW,
  PENDING,
  type CountedOnly,
  type OutputStreamName,
  type SettledCall,
} from '../events';
import { EventEncoder, type EncodedEvents } from '../wire/event-codec';
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
function postOn(port: MessagePort, message: RunStreamMessage, transfer: Transferable[] = []): void {
  reflectApply(portPostMessage, port, [message, transfer]);
}

/** Requests waiting for the page's answer (this worker has no network: see http-relay.ts). */
const pendingHttp = new Map<number, (response: RelayResponse) => void>();

/** Events go to the page in batches: one message per call would cost more than the call. */
const BATCH_SIZE = 512;
const BATCH_MS = 16;
/** File deltas: this many go to the page at once, then one per FILES_REFILL_MS (see sendFiles). */
const FILES_BURST = 64;
const FILES_REFILL_MS = 4;
const NO_EVENTS = (): EncodedEvents => ({
  strings: [],
  ints: new Int32Array(0),
  times: new Float64Array(0),
});

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
    const post = (message: RunStreamMessage, transfer?: Transferable[]) =>
      postOn(stream, message, transfer);
    const entry = load(request.component);
    const bindings = await entry.bindings;
    const resolved = resolveManifest(request.manifest);
    const maxPages = pagesForMiB(resolved.limits.maxMemoryMiB);
    // Compile before `instantiating` is posted: the timeout counts the guest's execution
    // (its start function included), not the engine compiling its modules.
    await Promise.all(
      Object.keys(entry.coreModules).map((name) => compiledModule(entry, name, maxPages)),
    );

    const events = new EventEncoder();
    let sentGranted = 0;
    let counted: CountedOnly | undefined;
    let settled: SettledCall[] = [];
    /** Calls sent to the page as `pending…`: their results follow when they settle. */
    const sentPending = new WeakSet<object>();
    let output: { stream: OutputStreamName; text: string }[] = [];
    let lastFlush = performance.now();
    let sentOutput = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The files go to the page as the run starts, then as deltas (what changed), so the page
    // has them if it must kill the run (timeout, Stop), even when the guest then spins without
    // another call. A change is sent at once while the budget of messages lasts (bursts of
    // FILES_BURST, refilled one per FILES_REFILL_MS); past it, with the next call or batch.
    let fileFeed: FileFeed | undefined;
    let filesDirty = false;
    let fileTokens = FILES_BURST;
    let tokensAt = performance.now();
    const sendFiles = (force = false) => {
      if (!filesDirty || !fileFeed) return;
      const now = performance.now();
      fileTokens = Math.min(FILES_BURST, fileTokens + (now - tokensAt) / FILES_REFILL_MS);
      tokensAt = now;
      if (!force && fileTokens < 1) return;
      fileTokens = Math.max(0, fileTokens - 1);
      filesDirty = false;
      const changes = fileFeed.changes();
      if (changes.length) post({ type: 'files-delta', runId, changes });
    };
    const flush = () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      const encoded = events.take() ?? NO_EVENTS();
      if (encoded.times.length || output.length || counted || settled.length) {
        const extra = { ...(counted ? { counted } : {}), ...(settled.length ? { settled } : {}) };
        post({ type: 'batch', runId, events: encoded, output, ...extra }, [
          encoded.ints.buffer,
          encoded.times.buffer,
        ]);
      }
      output = [];
      settled = [];
      counted = undefined;
      lastFlush = performance.now();
      sendFiles(true);
    };
    /** Flush on size or age; a timer covers a guest that waits (sleep, stdin) after a write. */
    const maybeFlush = () => {
      if (
        events.count + output.length + settled.length >= BATCH_SIZE ||
        performance.now() - lastFlush > BATCH_MS
      )
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
            if (event.result === PENDING) sentPending.add(event);
          }
          // Denied and trapped calls leave at once: a guest that loops right after them is
          // killed at the timeout, and what is still batched here dies with this worker.
          if (event.verdict !== 'granted') flush();
          else maybeFlush();
          if (event.verdict === 'granted' && event.facts?.mutates) filesDirty = true;
          sendFiles();
        },
        // Past the window granted calls are only counted: not worth summarising.
        detailed: (verdict) => verdict !== 'granted' || sentGranted < LOG_GRANTED_WINDOW,
        settled: (event) => {
          if (!sentPending.has(event)) return;
          sentPending.delete(event);
          settled.push({ seq: event.seq, result: event.result });
          maybeFlush();
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
      exposeFiles: (feed) => {
        fileFeed = feed;
        post({ type: 'files', runId, files: feed.initial });
      },
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
