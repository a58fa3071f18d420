/**
 * The guest's own thread inside the sandboxed guest process: it can block (stdin, sleep)
 * without stalling the broker, and the broker terminates it at the timeout. Denied and trapped
 * events leave at once, so a guest that loops right after them cannot take them along when it
 * is killed; granted events travel in batches.
 */
import { readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { resolveManifest } from '../../../manifest/resolve';
import type { CallEvent } from '../../events';
import { sleepSync } from '../../host/timers';
import { MAX_RUN_REASON_CHARS, runInNode } from '../run-in-node';
import { guestText } from '../../guest-text';
import type { GuestRunInput, GuestThreadMessage } from '../thread-protocol';
import { lockDown } from './lockdown';
// Bundled from the shim's BROWSER build (scripts/build-cli.mjs resolves without the `node`
// condition): the Node build would give the guest the real disk and network.
import * as shimModules from '@bytecodealliance/preview2-shim';
import type { ShimModules } from '../../host/shim-types';

const shim = shimModules as unknown as ShimModules;

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

export async function guestThreadMain(): Promise<void> {
  const port = parentPort!;
  // Captured before any guest code exists: a guest cannot swap the transport under us.
  const postMessage = port.postMessage.bind(port);
  const post = (message: GuestThreadMessage) => postMessage(message);
  const input = workerData as GuestRunInput;
  lockDown();

  let batch: CallEvent[] = [];
  let lastFlush = performance.now();
  const flush = () => {
    if (batch.length) post({ type: 'events', events: batch });
    batch = [];
    lastFlush = performance.now();
  };
  try {
    const result = await runInNode({
      transpiled: input.transpiled,
      resolved: resolveManifest(input.manifest),
      sink: {
        event: (event) => {
          batch.push(event);
          if (
            event.verdict !== 'granted' ||
            batch.length >= 256 ||
            performance.now() - lastFlush > 20
          )
            flush();
        },
        output: (stream, bytes) => {
          flush();
          post({ type: 'output', stream, bytes });
        },
      },
      interactive: input.interactive ? { readSync: readTerminal } : undefined,
      programName: input.programName,
      shim,
      onInstantiating: () => post({ type: 'instantiating' }),
      onStart: (instantiateMs: number) => post({ type: 'started', instantiateMs }),
    });
    flush();
    post({
      type: 'done',
      status: result.status,
      exitCode: result.exitCode,
      reason: result.reason && guestText(result.reason, MAX_RUN_REASON_CHARS),
    });
  } catch (error) {
    flush();
    post({
      type: 'done',
      status: 'error',
      exitCode: null,
      reason: guestText(
        error instanceof Error ? error.message : String(error),
        MAX_RUN_REASON_CHARS,
      ),
    });
  }
}
