/**
 * The guest's own thread in the CLI: it can block (stdin, sleep) without stalling the main
 * thread, and the main thread can terminate it at the timeout.
 */
import { readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { resolveManifest } from '../../manifest/resolve';
import type { CallEvent } from '../events';
import { sleepSync } from '../host/timers';
import { runInNode } from './run-in-node';
import type { GuestThreadInput, GuestThreadMessage } from './thread-protocol';
import { BadComponentError, toComponent, transpileInNode } from './transpile';

const port = parentPort!;
const post = (message: GuestThreadMessage) => port.postMessage(message);

function readTerminal(): Uint8Array | null {
  const buffer = Buffer.alloc(65536);
  for (;;) {
    try {
      const n = readSync(0, buffer, 0, buffer.length, null);
      return n === 0 ? null : new Uint8Array(buffer.subarray(0, n));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        sleepSync(10);
        continue;
      }
      if (code === 'EOF') return null;
      throw error;
    }
  }
}

async function main(): Promise<void> {
  const input = workerData as GuestThreadInput;
  const started = performance.now();
  let transpiled;
  try {
    const { component } = await toComponent(input.component);
    transpiled = await transpileInNode(component);
  } catch (error) {
    if (error instanceof BadComponentError)
      return post({ type: 'bad-input', reason: error.message });
    throw error;
  }
  const transpileMs = performance.now() - started;
  let batch: CallEvent[] = [];
  let lastFlush = performance.now();
  const flush = () => {
    if (batch.length) post({ type: 'events', events: batch });
    batch = [];
    lastFlush = performance.now();
  };
  const result = await runInNode({
    transpiled,
    resolved: resolveManifest(input.manifest),
    sink: {
      event: (event) => {
        batch.push(event);
        if (batch.length >= 256 || performance.now() - lastFlush > 20) flush();
      },
      output: (stream, bytes) => {
        flush();
        post({ type: 'output', stream, bytes });
      },
    },
    interactive: { readSync: readTerminal },
    programName: input.programName,
    onStart: (instantiateMs: number) => post({ type: 'started', transpileMs, instantiateMs }),
  });
  flush();
  post({ type: 'done', status: result.status, exitCode: result.exitCode, reason: result.reason });
}

main().catch((error: unknown) => {
  post({
    type: 'done',
    status: 'error',
    exitCode: null,
    reason: error instanceof Error ? error.message : String(error),
  });
});
