/**
 * Runs a guest in its own worker thread and enforces `limits.timeoutMs` by terminating it,
 * as the page does with its run worker. Used by the CLI and by the timeout tests.
 */
import { Worker } from 'node:worker_threads';
import type { Manifest } from '../../manifest/schema';
import { DEFAULT_LIMITS } from '../../manifest/schema';
import type { CallEvent, OutputStreamName } from '../events';
import type { GuestThreadMessage } from './thread-protocol';

export interface ThreadRunOptions {
  component: Uint8Array;
  manifest: Manifest;
  programName?: string;
  onEvents: (events: CallEvent[]) => void;
  onOutput: (stream: OutputStreamName, bytes: Uint8Array) => void;
}

export type ThreadRunResult =
  | {
      status: 'exited' | 'trapped' | 'error';
      exitCode: number | null;
      reason?: string;
      transpileMs?: number;
      instantiateMs?: number;
    }
  | {
      status: 'timeout';
      exitCode: null;
      reason: string;
      transpileMs?: number;
      instantiateMs?: number;
    }
  | { status: 'bad-input'; exitCode: null; reason: string };

export function runInThread(options: ThreadRunOptions): Promise<ThreadRunResult> {
  const timeoutMs = options.manifest.limits?.timeoutMs ?? DEFAULT_LIMITS.timeoutMs;
  const threadUrl = new URL('./guest-thread-boot.mjs', import.meta.url);
  const worker = new Worker(threadUrl, {
    workerData: {
      component: options.component,
      manifest: options.manifest,
      programName: options.programName,
    },
    stdin: false,
  });
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let timings: { transpileMs?: number; instantiateMs?: number } = {};
    let settled = false;
    const settle = (result: ThreadRunResult) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    };
    worker.on('message', (message: GuestThreadMessage) => {
      switch (message.type) {
        case 'started':
          timings = { transpileMs: message.transpileMs, instantiateMs: message.instantiateMs };
          timer = setTimeout(() => {
            const reason = `the guest ran longer than limits.timeoutMs = ${timeoutMs} ms and was stopped`;
            options.onEvents([
              {
                seq: 0,
                t: timeoutMs,
                interface: 'wasi:cli/run',
                function: 'run',
                args: [],
                verdict: 'trapped',
                rule: 'limits.timeoutMs',
                result: `trap: ${reason}`,
                reason,
              },
            ]);
            settle({
              status: 'timeout',
              exitCode: null,
              reason: `the guest ran longer than limits.timeoutMs = ${timeoutMs} ms and was stopped`,
              ...timings,
            });
          }, timeoutMs);
          break;
        case 'events':
          options.onEvents(message.events);
          break;
        case 'output':
          options.onOutput(message.stream, message.bytes);
          break;
        case 'bad-input':
          settle({ status: 'bad-input', exitCode: null, reason: message.reason });
          break;
        case 'done':
          settle({
            status: message.status,
            exitCode: message.exitCode,
            reason: message.reason,
            ...timings,
          });
          break;
      }
    });
    worker.on('error', (error) =>
      settle({ status: 'error', exitCode: null, reason: error.message, ...timings }),
    );
    worker.on('exit', () =>
      settle({
        status: 'error',
        exitCode: null,
        reason: 'the guest thread ended unexpectedly',
        ...timings,
      }),
    );
  });
}
