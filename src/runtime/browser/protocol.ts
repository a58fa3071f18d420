/**
 * The page's calls to its workers (through comlink). What a run streams back is a RunEvent
 * (../run-event.ts), checked with zod where it enters the page (run-client.ts).
 */
import type { Manifest } from '../../manifest/schema';
import type { RelayResponse } from './http-relay';

/** A component ready to run: transpiled bindings plus facts for the component summary. */
export interface PreparedComponent {
  /** SHA-256 of the bytes the user gave (hex). */
  hash: string;
  size: number;
  kind: 'component' | 'preview1-adapted';
  js: string;
  coreModules: Record<string, Uint8Array>;
  /** WASI interfaces and other imports, versionless (`wasi:filesystem/types`). */
  imports: string[];
  exports: [string, 'function' | 'instance'][];
  jspi: boolean;
  transpileMs: number;
  /** Where the bindings came from this time ('prebuilt': a sample transpiled at build time). */
  source: 'transpiled' | 'memory-cache' | 'disk-cache' | 'prebuilt';
}

export type PrepareResult =
  { ok: true; component: PreparedComponent } | { ok: false; reason: string };

/** Transpile worker (long-lived). */
export interface TranspileApi {
  prepare(bytes: Uint8Array, jspi: boolean): Promise<PrepareResult>;
}

/** The parts of a prepared component a run worker needs (bindings may already be preloaded). */
export type WorkerComponent = Pick<PreparedComponent, 'hash' | 'jspi'> &
  Partial<Pick<PreparedComponent, 'js' | 'coreModules'>>;

export interface RunRequest {
  runId: number;
  /** Without `js`/`coreModules`, the worker uses what `preload` gave it (same hash). */
  component: WorkerComponent;
  manifest: Manifest;
  invoke?: { name: string; args: unknown[] };
  /** argv[0]: the sample id or the uploaded file's name. */
  programName?: string;
}

export type StageState = 'paused' | 'touched' | 'ended';

/** Run worker (one per run, terminated at the end, on Stop and on timeout). */
export interface RunApi {
  /**
   * Loads the bindings and compiles the core modules before Run is pressed, so a warm Run only
   * instantiates and starts the guest.
   */
  preload(
    component: Pick<PreparedComponent, 'hash' | 'js' | 'coreModules' | 'jspi'>,
  ): Promise<void>;
  /**
   * Runs; everything the page sees arrives on `stream`, as RunEvents (../run-event.ts). A run
   * staged in this worker and not started is abandoned first.
   */
  run(request: RunRequest, stream: MessagePort): Promise<void>;
  /**
   * A warm Run: does everything `run` does up to the guest's start (host, files, instantiate)
   * and waits there for `go`. What it sends waits on `stream` until the page listens. Resolves
   * once the guest waits (`paused`), or waits having called the host while it was instantiated
   * (`touched`: a start function ran; this worker is then not reused for another request), or
   * the run ended (`ended`: instantiation failed). A previous staged run is abandoned first.
   */
  stage(request: RunRequest, stream: MessagePort): Promise<StageState>;
  /** Starts the staged run `runId`; resolves when it has ended. */
  go(runId: number): Promise<void>;
  /** A line the user typed for an interactive stdin; null means end of input (Ctrl+D). */
  input(text: string | null): void;
  /** The page's answer to an `http-request` message. */
  httpResponse(requestId: number, response: RelayResponse): void;
}
