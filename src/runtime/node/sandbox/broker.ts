/**
 * The main thread of the sandboxed guest process: takes the run from the CLI over IPC, starts
 * the guest thread, relays its messages, and terminates it at `limits.timeoutMs`, counted from
 * just before instantiation (a core module's start function runs there). Then the process ends.
 */
import { Worker } from 'node:worker_threads';
import { DEFAULT_LIMITS } from '../../../manifest/schema';
import type { GuestProcessMessage, GuestRunInput, GuestThreadMessage } from '../thread-protocol';

export function brokerMain(entry: URL): void {
  const send = process.send!.bind(process);
  const post = (message: GuestProcessMessage) =>
    new Promise<void>((resolve) => send(message, undefined, {}, () => resolve()));
  const end = async (message: GuestProcessMessage) => {
    await post(message);
    process.disconnect?.();
    process.exit(0);
  };

  process.once('message', (input: GuestRunInput) => {
    const timeoutMs = input.manifest.limits?.timeoutMs ?? DEFAULT_LIMITS.timeoutMs;
    const thread = new Worker(entry, { workerData: input, stdin: false });
    let timer: ReturnType<typeof setTimeout> | undefined;
    let instantiateMs: number | undefined;
    let ended = false;
    const finish = (message: GuestProcessMessage) => {
      if (ended) return;
      ended = true;
      if (timer) clearTimeout(timer);
      void thread.terminate();
      void end(message);
    };
    thread.on('message', (message: GuestThreadMessage) => {
      if (ended) return;
      switch (message.type) {
        case 'instantiating':
          timer = setTimeout(
            () =>
              finish({
                type: 'timeout',
                reason: `the guest ran longer than limits.timeoutMs = ${timeoutMs} ms and was stopped`,
                instantiateMs,
              }),
            timeoutMs,
          );
          break;
        case 'started':
          instantiateMs = message.instantiateMs;
          void post(message);
          break;
        case 'done':
          finish(message);
          break;
        default:
          void post(message);
      }
    });
    thread.on('error', (error) =>
      finish({ type: 'done', status: 'error', exitCode: null, reason: error.message }),
    );
    thread.on('exit', () =>
      finish({
        type: 'done',
        status: 'error',
        exitCode: null,
        reason: 'the guest thread ended unexpectedly',
      }),
    );
  });
}
