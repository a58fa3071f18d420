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
import { runEventSchema, type RunEvent } from '../run-event';
import { checkBatch, checkDone, isRecord } from '../run-event-check';
import {
  type PreparedComponent,
  type PrepareResult,
  type RunApi,
  type StageState,
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

/**
 * A run staged in a primed worker: sent in full before the click, instantiated, waiting at the
 * guest's start (a warm Run then only says go). What it posts waits on `channel` until Run.
 */
interface Staging {
  /** The request it was staged for (stageKey): Run with anything else does not take it. */
  key: string;
  runId: number;
  channel: MessageChannel;
  /** The worker's answer; undefined while it instantiates. */
  state: StageState | 'failed' | undefined;
  deadline: ReturnType<typeof setTimeout> | undefined;
}

/**
 * A staged guest that has not reached its start by then (a start function that loops) is
 * dropped with its worker, and its component is not staged again.
 */
const STAGE_DEADLINE_MS = 2000;

/**
 * A RunEvent from the run worker, or undefined if the message is not one: batches (hundreds a
 * second) and the end (the whole file tree) by hand (run-event-check.ts); the rest with the schema.
 */
function checkRunEvent(data: unknown): RunEvent | undefined {
  if (isRecord(data) && (data.type === 'batch' || data.type === 'done')) {
    const checked =
      data.type === 'batch' ? checkBatch(data, { files: true }) : checkDone(data, { files: true });
    return typeof checked === 'string' ? undefined : checked;
  }
  const parsed = runEventSchema.safeParse(data);
  return parsed.success ? parsed.data : undefined;
}

/** What a run is, for deciding whether a staged run is it. */
function stageKey(
  hash: string,
  manifest: Manifest,
  invoke: { name: string; args: unknown[] } | undefined,
  programName: string | undefined,
): string {
  return JSON.stringify([hash, manifest, invoke ?? null, programName ?? null]);
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
  staged?: Staging;
}

/** The run the page expects next (its manifest, as Run would send it). */
interface WantedRun {
  component: PreparedComponent;
  manifest: Manifest;
  programName: string | undefined;
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
  /** The run to keep staged (the last one asked for, by `stage` or by a Run). */
  private wanted: WantedRun | undefined;
  /** While a run goes, staging waits (its worker would take a core from the guest). */
  private running = false;
  /** Components whose staged instantiation called the host or never finished: not staged. */
  private readonly noStage = new Set<string>();

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
    if (worker.staged) this.dropStaging(worker.staged);
  }

  /** Throws the primed worker away and primes a fresh one for `component`. */
  private replacePrimed(component: PreparedComponent): PrimedWorker {
    if (this.primed) this.discard(this.primed);
    this.primed = undefined;
    this.prime(component);
    return this.primed!;
  }

  private dropStaging(staging: Staging): void {
    clearTimeout(staging.deadline);
    staging.channel.port1.close();
  }

  /**
   * Stages the run that Run would start now (a warm Run then only starts the guest): the
   * primed worker gets the whole request and instantiates the guest up to its start. Called
   * by the page when the component or the manifest changes; a run that ends restages the
   * latest wanted one.
   */
  stage(component: PreparedComponent, manifest: Manifest, options: { programName?: string } = {}) {
    this.wanted = { component, manifest, programName: options.programName };
    if (!this.running) this.stageWanted();
  }

  private stageWanted(): void {
    const want = this.wanted;
    if (!want) return;
    const { component, manifest, programName } = want;
    this.prime(component);
    if (this.noStage.has(component.hash)) return;
    let worker = this.primed!;
    const key = stageKey(component.hash, manifest, undefined, programName);
    const previous = worker.staged;
    if (previous?.key === key) return;
    if (previous) {
      if (previous.state !== 'paused') {
        // Not clean for another request (its guest began, ended, or is still instantiating).
        worker = this.replacePrimed(component);
      } else this.dropStaging(previous); // the worker abandons it when it stages this one
    }
    const staging: Staging = {
      key,
      runId: this.nextRunId++,
      channel: new MessageChannel(),
      state: undefined,
      deadline: undefined,
    };
    worker.staged = staging;
    staging.deadline = setTimeout(() => {
      if (staging.state !== undefined || worker.staged !== staging) return;
      this.noStage.add(component.hash);
      if (this.primed === worker) this.replacePrimed(component);
    }, STAGE_DEADLINE_MS);
    const { port2 } = staging.channel;
    void worker.ready
      .then(() =>
        worker.remote.stage(
          {
            runId: staging.runId,
            component: { hash: component.hash, jspi: component.jspi },
            manifest,
            programName,
          },
          Comlink.transfer(port2, [port2]),
        ),
      )
      .then(
        (state) => {
          staging.state = state;
          clearTimeout(staging.deadline);
          if (state === 'touched') this.noStage.add(component.hash);
          // The worker for the run after this one boots now, while the page is idle, so that
          // one can be staged as soon as this one ends (Run, Run again).
          this.runHost?.spare();
        },
        () => {
          staging.state = 'failed';
          clearTimeout(staging.deadline);
        },
      );
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
    options: {
      invoke?: { name: string; args: unknown[] };
      programName?: string;
      /**
       * Instantiate in this run, never from a staged one, and stage nothing for later (the
       * bench: a run timed against bare jco includes its instantiation, as bare jco's does).
       */
      unstaged?: boolean;
    } = {},
  ): RunHandle {
    const { invoke, programName, unstaged } = options;
    if (unstaged) this.wanted = undefined;
    else if (!invoke) this.wanted = { component, manifest, programName };
    this.running = true;
    let primed = this.primed?.hash === component.hash ? this.primed : undefined;
    if (primed) this.primed = undefined;
    // The staged run, if it is this one (whatever its state: a run that began or ended while
    // staged is still this run). A worker staged for another request is reused only if its
    // guest never began (`run` abandons that one first).
    let staging: Staging | undefined;
    if (primed?.staged) {
      const staged = primed.staged;
      if (!unstaged && staged.key === stageKey(component.hash, manifest, invoke, programName)) {
        clearTimeout(staged.deadline);
        staging = staged;
      } else {
        this.dropStaging(staged);
        if (staged.state !== 'paused') {
          this.discard(primed);
          primed = undefined;
        }
      }
    }
    const worker = primed ?? this.spawnWorker();
    const runId = staging ? staging.runId : this.nextRunId++;
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
      this.running = false;
      // The next Run starts warm: staged (the wanted run) or at least primed; a spare loads
      // for another component.
      if (this.wanted) this.stageWanted();
      else {
        this.prime(component);
        this.runHost?.spare();
      }
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
    const stream = staging ? staging.channel : new MessageChannel();
    const decoder = new EventDecoder();
    const text = { stdout: new TextDecoder(), stderr: new TextDecoder() };
    stream.port1.onmessage = (event: MessageEvent<unknown>) => {
      if (finished) return;
      const message = checkRunEvent(event.data);
      if (!message) {
        finish({
          runId,
          status: 'error',
          exitCode: null,
          reason: 'the run worker sent a malformed message, so the run was stopped',
          files: mirror?.entries(),
        });
        return;
      }
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
          // A run that exposed its files sends them as deltas only: the mirror is the final tree.
          finish({ ...message.result, runId, files: message.result.files ?? mirror?.entries() });
          break;
      }
    };

    worker.onError = (message) =>
      finish({ runId, status: 'error', exitCode: null, reason: message });
    void worker.ready.then(() => {
      if (finished) return;
      (staging
        ? remote.go(runId)
        : remote.run(
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
      ).catch((error: unknown) => {
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
    this.wanted = undefined;
    if (this.primed) this.discard(this.primed);
    this.transpileWorker?.terminate();
    this.runHost?.dispose();
  }
}
