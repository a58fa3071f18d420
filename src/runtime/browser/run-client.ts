/**
 * The page's side of running: one long-lived transpile worker, a fresh worker for every run
 * (a spare one is kept warm), run ids so a stale run's messages are dropped, and the timeout and
 * Stop that end a run at once by terminating its worker.
 */
import * as Comlink from 'comlink';
import type { Manifest } from '../../manifest/schema';
import { DEFAULT_LIMITS } from '../../manifest/schema';
import type { CallEvent, CountedOnly, OutputStreamName, RunStatus, SettledCall } from '../events';
import type { FileEntry } from '../vfs/diff';
import { FilesMirror } from '../vfs/mirror';
import { EventDecoder } from '../wire/event-codec';
import { hasJspi } from '../transpile/options';
import prebuilt, { bySample } from 'virtual:airlock-prebuilt';
import { sha256Hex } from '../../share/sha256';
import { hostEventSchema, type HostMessage } from './host-protocol';
import { resolveManifest } from '../../manifest/resolve';
import { relayRequest } from './http-relay';
import { runEventSchema } from '../run-event';
import {
  type PreparedComponent,
  type PrepareResult,
  type RunApi,
  type TranspileApi,
} from './protocol';

export interface RunCallbacks {
  onStarted?: (instantiateMs: number) => void;
  onEvents: (events: CallEvent[]) => void;
  /** Granted calls past the log's window (LOG_GRANTED_WINDOW): counts only. */
  onCounted?: (counted: CountedOnly) => void;
  /** Calls shown as `pending…` have settled: their results. */
  onSettled?: (settled: SettledCall[]) => void;
  onOutput: (stream: OutputStreamName, text: string) => void;
  onWantsInput?: () => void;
}

export interface RunEnd {
  runId: number;
  status: RunStatus;
  exitCode: number | null;
  reason?: string;
  instantiateMs?: number;
  files?: FileEntry[];
  returned?: string;
}

export interface RunHandle {
  runId: number;
  stop: () => void;
  /** Sends a line to an interactive stdin; null sends end of input. */
  input: (text: string | null) => void;
  done: Promise<RunEnd>;
}

/**
 * The sandboxed run host: an iframe whose document has an opaque origin (its response carries
 * `Content-Security-Policy: sandbox allow-scripts`, see build/run-host-plugin.ts) and starts run
 * workers on request. Runs never execute in the app's origin, so they cannot read its storage.
 */
class RunHost {
  private readonly iframe: HTMLIFrameElement;
  readonly ready: Promise<void>;
  private readonly errorHandlers = new Map<number, (message: string) => void>();

  constructor() {
    this.iframe = document.createElement('iframe');
    this.iframe.setAttribute('aria-hidden', 'true');
    this.iframe.title = 'Airlock run sandbox';
    this.iframe.tabIndex = -1;
    this.iframe.style.display = 'none';
    this.iframe.src = `${import.meta.env.BASE_URL}run-host.html`;
    let markReady!: () => void;
    this.ready = new Promise((resolve) => (markReady = resolve));
    window.addEventListener('message', (event: MessageEvent) => {
      if (event.source !== this.iframe.contentWindow) return;
      const parsed = hostEventSchema.safeParse(event.data);
      if (!parsed.success) return;
      if (parsed.data.type === 'ready') {
        // The host must have an opaque origin (its server sends `sandbox allow-scripts`). If it
        // does not, reload it sandboxed by attribute: isolation first, offline second.
        if (event.origin !== 'null') {
          const src = this.iframe.src;
          this.iframe.setAttribute('sandbox', 'allow-scripts');
          this.iframe.src = src;
          return;
        }
        markReady();
      } else this.errorHandlers.get(parsed.data.id)?.(parsed.data.message);
    });
    document.body.appendChild(this.iframe);
  }

  private send(message: HostMessage, transfer: Transferable[] = []): void {
    this.iframe.contentWindow?.postMessage(message, '*', transfer);
  }

  /** A run worker connected to `port`; errors are reported to `onError`. */
  spawn(id: number, port: MessagePort, onError: (message: string) => void): void {
    this.errorHandlers.set(id, onError);
    this.send({ type: 'spawn', id }, [port]);
  }

  /** A spare worker starts loading (for the next component the user picks). */
  spare(): void {
    void this.ready.then(() => this.send({ type: 'spare' }));
  }

  terminate(id: number): void {
    this.errorHandlers.delete(id);
    this.send({ type: 'terminate', id });
  }

  dispose(): void {
    this.iframe.remove();
  }
}

interface PrimedWorker {
  /** Id the run host knows the worker by. */
  id: number;
  channel: MessageChannel;
  remote: Comlink.Remote<RunApi>;
  /** The component whose bindings it has loaded. */
  hash: string | undefined;
  /** Spawned (and preloaded, when primed). */
  ready: Promise<void>;
  onError: ((message: string) => void) | undefined;
}

export class RunClient {
  private transpileWorker: Worker | undefined;
  private transpiler: Comlink.Remote<TranspileApi> | undefined;
  private runHost: RunHost | undefined;
  private nextRunId = 1;
  private nextWorkerId = 1;
  /** A run worker that has already loaded the current component's bindings. */
  private primed: PrimedWorker | undefined;
  readonly jspi = hasJspi();

  private getTranspiler(): Comlink.Remote<TranspileApi> {
    if (!this.transpiler) {
      this.transpileWorker = new Worker(new URL('./transpile.worker.ts', import.meta.url), {
        type: 'module',
        name: 'airlock-transpile',
      });
      this.transpiler = Comlink.wrap<TranspileApi>(this.transpileWorker);
    }
    return this.transpiler;
  }

  /**
   * Bindings for a component: a sample transpiled at build time when there is one (no
   * transpiler is loaded at all), else the transpile worker (cached by hash).
   */
  async prepare(bytes: Uint8Array): Promise<PrepareResult> {
    const result = await this.bindingsFor(bytes);
    // The component about to run: have a worker load it now.
    if (result.ok) this.prime(result.component);
    return result;
  }

  /** Prebuilt bindings by hash: a sample prefetched at page start is not fetched again. */
  private readonly prebuiltLoads = new Map<string, Promise<PrepareResult | null>>();

  private prebuiltLoad(hash: string): Promise<PrepareResult | null> {
    let load = this.prebuiltLoads.get(hash);
    if (!load) {
      load = this.loadPrebuilt(hash);
      this.prebuiltLoads.set(hash, load);
    }
    return load;
  }

  /**
   * A sample the page is about to open: its prebuilt bindings are fetched now, before its
   * bytes are (their hash is known at build time), and a run worker loads them.
   */
  prefetchSample(sampleId: string): void {
    const hash = bySample[sampleId];
    if (!this.jspi || !hash) return;
    void this.prebuiltLoad(hash).then((result) => {
      if (result?.ok) this.prime(result.component);
    });
  }

  private async bindingsFor(bytes: Uint8Array): Promise<PrepareResult> {
    if (this.jspi) {
      const hash = await sha256Hex(bytes);
      const result = await this.prebuiltLoad(hash);
      if (result) return result;
      this.prebuiltLoads.delete(hash);
    }
    return this.getTranspiler().prepare(bytes, this.jspi);
  }

  /** A sample's bindings transpiled at build time, or null (none, or an asset did not load). */
  private async loadPrebuilt(hash: string): Promise<PrepareResult | null> {
    const started = performance.now();
    const entry = prebuilt[hash];
    if (!entry) return null;
    try {
      const [js, ...modules] = await Promise.all([
        fetch(entry.js).then((r) => {
          if (!r.ok) throw new Error(`HTTP ${r.status}`);
          return r.text();
        }),
        ...Object.entries(entry.core).map(async ([name, url]) => {
          const response = await fetch(url);
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          return [name, new Uint8Array(await response.arrayBuffer())] as const;
        }),
      ]);
      return {
        ok: true,
        component: {
          hash,
          size: entry.size,
          kind: 'component',
          js: js as string,
          coreModules: Object.fromEntries(modules as (readonly [string, Uint8Array])[]),
          imports: entry.imports,
          exports: entry.exports,
          jspi: true,
          transpileMs: performance.now() - started,
          source: 'prebuilt',
        },
      };
    } catch {
      return null; // an asset could not be fetched: transpile instead
    }
  }

  private spawnWorker(): PrimedWorker {
    const host = this.host();
    const id = this.nextWorkerId++;
    const channel = new MessageChannel();
    const remote = Comlink.wrap<RunApi>(channel.port1);
    const worker: PrimedWorker = {
      id,
      channel,
      remote,
      hash: undefined,
      ready: Promise.resolve(),
      onError: undefined,
    };
    worker.ready = host.ready.then(() =>
      host.spawn(id, channel.port2, (message) => worker.onError?.(message)),
    );
    return worker;
  }

  private discard(worker: PrimedWorker): void {
    this.runHost?.terminate(worker.id);
    worker.channel.port1.close();
  }

  /**
   * Starts a run worker that loads this component's bindings and compiles its modules now, so
   * the next Run only instantiates (warm Run to first output in milliseconds).
   */
  prime(component: PreparedComponent): void {
    if (this.primed?.hash === component.hash) return;
    if (this.primed) this.discard(this.primed);
    const worker = this.spawnWorker();
    worker.hash = component.hash;
    const { hash, js, coreModules, jspi } = component;
    worker.ready = worker.ready
      .then(() => worker.remote.preload({ hash, js, coreModules, jspi }))
      .catch(() => undefined);
    this.primed = worker;
  }

  private host(): RunHost {
    this.runHost ??= new RunHost();
    return this.runHost;
  }

  /** Loads the sandboxed run host (which keeps a spare run worker warm) before the first Run. */
  warm(): void {
    this.host();
  }

  start(
    component: PreparedComponent,
    manifest: Manifest,
    callbacks: RunCallbacks,
    options: { invoke?: { name: string; args: unknown[] }; programName?: string } = {},
  ): RunHandle {
    const { invoke, programName } = options;
    const runId = this.nextRunId++;
    const primed = this.primed?.hash === component.hash ? this.primed : undefined;
    const worker = primed ?? this.spawnWorker();
    if (primed) this.primed = undefined;
    const { remote } = worker;
    const timeoutMs = manifest.limits?.timeoutMs ?? DEFAULT_LIMITS.timeoutMs;
    let finished = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let resolveDone!: (end: RunEnd) => void;
    const done = new Promise<RunEnd>((resolve) => (resolveDone = resolve));
    let lastT = 0;
    /** The files as the worker last reported them (start + deltas), for a run that is killed. */
    let mirror: FilesMirror | undefined;

    const finish = (end: RunEnd) => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      this.discard(worker);
      stream.port1.close();
      resolveDone(end);
      // The next Run of the same component starts warm; a spare loads for another component.
      this.prime(component);
      this.runHost?.spare();
    };
    const kill = (status: 'timeout' | 'stopped', rule: string, reason: string) => {
      if (finished) return;
      callbacks.onEvents([
        {
          seq: 0,
          t: lastT,
          interface: 'wasi:cli/run',
          function: invoke ? invoke.name : 'run',
          args: [],
          verdict: 'trapped',
          rule,
          result: `trap: ${reason}`,
          reason,
        },
      ]);
      finish({ runId, status, exitCode: null, reason, files: mirror?.entries() });
    };

    const timeout = () =>
      kill(
        'timeout',
        'limits.timeoutMs',
        `the guest ran longer than limits.timeoutMs = ${timeoutMs} ms and was stopped`,
      );

    const resolved = resolveManifest(manifest);
    // Everything of the run arrives, in order, on this port (RunEvents, ../run-event.ts). The
    // worker runs the guest: each message is checked before anything of it is used.
    const stream = new MessageChannel();
    const decoder = new EventDecoder();
    const text = { stdout: new TextDecoder(), stderr: new TextDecoder() };
    stream.port1.onmessage = (event: MessageEvent<unknown>) => {
      if (finished) return;
      const parsed = runEventSchema.safeParse(event.data);
      if (!parsed.success) {
        finish({
          runId,
          status: 'error',
          exitCode: null,
          reason: 'the run worker sent a malformed message, so the run was stopped',
          files: mirror?.entries(),
        });
        return;
      }
      const message = parsed.data;
      if (message.runId !== runId) return;
      switch (message.type) {
        case 'instantiating':
          // Instantiation runs guest code (a start function): the timeout counts from here.
          timer ??= setTimeout(timeout, timeoutMs);
          break;
        case 'started':
          callbacks.onStarted?.(message.instantiateMs);
          timer ??= setTimeout(timeout, timeoutMs);
          break;
        case 'http-request':
          void relayRequest(resolved, message.request, (input, init) =>
            globalThis.fetch(input, init),
          ).then((answer) => {
            if (!finished) void remote.httpResponse(message.request.requestId, answer);
          });
          break;
        case 'batch': {
          const events = decoder.tryDecode(message.events);
          if ('malformed' in events) {
            const reason = `the run worker sent ${events.malformed}, so the run was stopped`;
            finish({ runId, status: 'error', exitCode: null, reason, files: mirror?.entries() });
            return;
          }
          const last = events[events.length - 1];
          if (last) lastT = last.t;
          if (events.length) callbacks.onEvents(events);
          if (message.counted) callbacks.onCounted?.(message.counted);
          if (message.settled) callbacks.onSettled?.(message.settled);
          for (const chunk of message.output) {
            const decoded = text[chunk.stream].decode(chunk.bytes, { stream: true });
            if (decoded) callbacks.onOutput(chunk.stream, decoded);
          }
          if (message.files) mirror?.apply(message.files);
          break;
        }
        case 'files':
          mirror = new FilesMirror(message.files);
          break;
        case 'wants-input':
          // Waiting for the user is not running: the timeout restarts when input arrives.
          if (timer) clearTimeout(timer);
          timer = undefined;
          callbacks.onWantsInput?.();
          break;
        case 'done':
          finish({ ...message.result, runId });
          break;
      }
    };

    worker.onError = (message) =>
      finish({ runId, status: 'error', exitCode: null, reason: message });
    void worker.ready.then(() => {
      if (finished) return;
      remote
        .run(
          {
            runId,
            // A primed worker has the bindings already: send only what identifies them.
            component: primed
              ? { hash: component.hash, jspi: component.jspi }
              : {
                  hash: component.hash,
                  js: component.js,
                  coreModules: component.coreModules,
                  jspi: component.jspi,
                },
            manifest,
            invoke,
            programName,
          },
          Comlink.transfer(stream.port2, [stream.port2]),
        )
        .catch((error: unknown) => {
          finish({
            runId,
            status: 'error',
            exitCode: null,
            reason: error instanceof Error ? error.message : String(error),
          });
        });
    });

    return {
      runId,
      stop: () => kill('stopped', 'Stop', 'stopped by the user'),
      input: (text) => {
        if (finished) return;
        timer ??= setTimeout(timeout, timeoutMs);
        void remote.input(text);
      },
      done,
    };
  }

  dispose(): void {
    if (this.primed) this.discard(this.primed);
    this.transpileWorker?.terminate();
    this.runHost?.dispose();
  }
}
