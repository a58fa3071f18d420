/**
 * The page's side of running: one long-lived transpile worker, a fresh worker for every run
 * (a spare one is kept warm), run ids so a stale run's messages are dropped, and the timeout and
 * Stop that end a run at once by terminating its worker.
 */
import * as Comlink from 'comlink';
import type { Manifest } from '../../manifest/schema';
import { DEFAULT_LIMITS } from '../../manifest/schema';
import type { CallEvent, OutputStreamName, RunStatus } from '../events';
import type { FileEntry } from '../vfs/diff';
import { hasJspi } from '../transpile/options';
import {
  runResultSchema,
  type PreparedComponent,
  type PrepareResult,
  type RunApi,
  type RunSinkApi,
  type TranspileApi,
} from './protocol';

export interface RunCallbacks {
  onStarted?: (instantiateMs: number) => void;
  onEvents: (events: CallEvent[]) => void;
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

function newRunWorker(): Worker {
  return new Worker(new URL('./run.worker.ts', import.meta.url), {
    type: 'module',
    name: 'airlock-run',
  });
}

export class RunClient {
  private transpileWorker: Worker | undefined;
  private transpiler: Comlink.Remote<TranspileApi> | undefined;
  private spare: Worker | undefined;
  private nextRunId = 1;
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

  prepare(bytes: Uint8Array): Promise<PrepareResult> {
    return this.getTranspiler().prepare(bytes, this.jspi);
  }

  /** Starts a spare run worker now, so the next Run does not wait for one. */
  warm(): void {
    this.spare ??= newRunWorker();
  }

  start(
    component: PreparedComponent,
    manifest: Manifest,
    callbacks: RunCallbacks,
    options: { invoke?: { name: string; args: unknown[] }; programName?: string } = {},
  ): RunHandle {
    const { invoke, programName } = options;
    const runId = this.nextRunId++;
    const worker = this.spare ?? newRunWorker();
    this.spare = undefined;
    const remote = Comlink.wrap<RunApi>(worker);
    const timeoutMs = manifest.limits?.timeoutMs ?? DEFAULT_LIMITS.timeoutMs;
    let finished = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let resolveDone!: (end: RunEnd) => void;
    const done = new Promise<RunEnd>((resolve) => (resolveDone = resolve));
    let lastT = 0;

    const finish = (end: RunEnd) => {
      if (finished) return;
      finished = true;
      if (timer) clearTimeout(timer);
      worker.terminate();
      resolveDone(end);
      this.warm();
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
      finish({ runId, status, exitCode: null, reason });
    };

    const sink: RunSinkApi = {
      started: (id, instantiateMs) => {
        if (id !== runId || finished) return;
        callbacks.onStarted?.(instantiateMs);
        timer = setTimeout(
          () =>
            kill(
              'timeout',
              'limits.timeoutMs',
              `the guest ran longer than limits.timeoutMs = ${timeoutMs} ms and was stopped`,
            ),
          timeoutMs,
        );
      },
      events: (id, events) => {
        if (id !== runId || finished) return;
        const last = events[events.length - 1];
        if (last) lastT = last.t;
        callbacks.onEvents(events);
      },
      output: (id, stream, text) => {
        if (id !== runId || finished) return;
        callbacks.onOutput(stream, text);
      },
      wantsInput: (id) => {
        if (id !== runId || finished) return;
        // Waiting for the user is not running: the timeout restarts when input arrives.
        if (timer) clearTimeout(timer);
        timer = undefined;
        callbacks.onWantsInput?.();
      },
    };

    remote
      .run(
        {
          runId,
          component: { js: component.js, coreModules: component.coreModules, jspi: component.jspi },
          manifest,
          invoke,
          programName,
        },
        Comlink.proxy(sink),
      )
      .then((raw) => {
        const parsed = runResultSchema.safeParse(raw);
        if (!parsed.success) {
          finish({
            runId,
            status: 'error',
            exitCode: null,
            reason: 'the run worker sent a malformed result',
          });
          return;
        }
        finish({ ...parsed.data, runId });
      })
      .catch((error: unknown) => {
        finish({
          runId,
          status: 'error',
          exitCode: null,
          reason: error instanceof Error ? error.message : String(error),
        });
      });
    worker.addEventListener('error', (event) => {
      finish({
        runId,
        status: 'error',
        exitCode: null,
        reason: event.message || 'the run worker crashed',
      });
    });

    return {
      runId,
      stop: () => kill('stopped', 'Stop', 'stopped by the user'),
      input: (text) => {
        if (finished) return;
        if (!timer) {
          timer = setTimeout(
            () =>
              kill(
                'timeout',
                'limits.timeoutMs',
                `the guest ran longer than limits.timeoutMs = ${timeoutMs} ms and was stopped`,
              ),
            timeoutMs,
          );
        }
        void remote.input(text);
      },
      done,
    };
  }

  dispose(): void {
    this.transpileWorker?.terminate();
    this.spare?.terminate();
  }
}
