/**
 * Entry of the sandboxed guest process (bundled to dist-cli/airlock-guest.mjs by
 * scripts/build-cli.mjs; spawned by ./guest-process-spawn.ts under Node's permission model,
 * with no worker threads allowed). The guest runs on this process's main thread: the CLI
 * enforces `limits.timeoutMs` by killing the whole process, counted from the `instantiating`
 * message (a core module's start function runs there).
 *
 * Order: `ready` once this bundle is loaded; the bindings arrive, then the run (manifest):
 * the process locks itself down (./lockdown.ts), then loads the bindings; the run's messages
 * go back; the process ends after `done` has been written.
 */
import { readSync } from 'node:fs';
import { resolveManifest } from '../../../manifest/resolve';
import { sleepSync } from '../../host/timers';
import { compileCoreModules, MAX_RUN_REASON_CHARS, runInNode } from '../run-in-node';
import { guestText } from '../../guest-text';
import { RunStream } from '../../engine/run-stream';
import type { RunResult } from '../../run-event';
import {
  CLI_RUN_ID,
  type GuestProcessInput,
  type GuestProcessMessage,
  type GuestRunInput,
} from '../thread-protocol';
import type { TranspiledComponent } from '../../transpile/options';
import { lockDown } from './lockdown';
import { loadSandboxedBindings } from './load-bindings';
// Bundled from the shim's BROWSER build (scripts/build-cli.mjs resolves without the `node`
// condition): the Node build would give the guest the real disk and network.
import * as shimModules from '@bytecodealliance/preview2-shim';
import type { ShimModules } from '../../host/shim-types';

const shim = shimModules as unknown as ShimModules;

// Captured before any guest code exists: the guest cannot reach `process` (lockdown.ts), so it
// cannot write on the IPC channel, swap this sender or end the run early with a forged `done`.
const proc = process;
const send = proc.send!.bind(proc);
const exit = proc.exit.bind(proc);
const disconnect = proc.disconnect?.bind(proc);
const onMessage = proc.on.bind(proc);
/** Resolves once the last message posted has been written (IPC keeps them in order). */
let lastSent: Promise<void> = Promise.resolve();
const post = (message: GuestProcessMessage) => {
  lastSent = new Promise<void>((resolve) => send(message, undefined, {}, () => resolve()));
};

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

/** The run, sent as RunEvents (../../run-event.ts) by the same emitter as the browser's. */
async function run(input: GuestRunInput, stream: RunStream): Promise<RunResult> {
  try {
    const resolved = resolveManifest(input.manifest);
    // The core modules compile on V8's background threads while this thread parses the
    // bindings; the process is locked down before the bindings exist.
    const compiled = compileCoreModules(input.transpiled, resolved.limits.maxMemoryMiB);
    compiled.catch(() => {}); // reported by runInNode
    lockDown();
    const bindings = loadSandboxedBindings(input.transpiled.js);
    const result = await runInNode({
      transpiled: input.transpiled,
      resolved,
      loadBindings: () => bindings,
      compiled,
      sink: stream.sink,
      interactive: input.interactive ? { readSync: readTerminal } : undefined,
      programName: input.programName,
      shim,
      onInstantiating: stream.instantiating,
      onStart: stream.started,
    });
    return {
      status: result.status,
      exitCode: result.exitCode,
      reason: result.reason && guestText(result.reason, MAX_RUN_REASON_CHARS),
    };
  } catch (error) {
    return {
      status: 'error',
      exitCode: null,
      reason: guestText(
        error instanceof Error ? error.message : String(error),
        MAX_RUN_REASON_CHARS,
      ),
    };
  }
}

let transpiled: TranspiledComponent | undefined;
let running = false;

onMessage('message', (message: GuestProcessInput) => {
  if (message.type === 'bindings' && !transpiled) {
    transpiled = message.transpiled;
  } else if (message.type === 'run' && transpiled && !running) {
    running = true;
    // Every write leaves at once (this thread blocks in a sleep or a terminal read, and what
    // was printed before must not wait), and `--trace` wants every call (no log window).
    const stream = new RunStream({ runId: CLI_RUN_ID, post, outputAtOnce: true, window: Infinity });
    void run({ ...message, transpiled }, stream).then(async (result) => {
      stream.done(result);
      await lastSent;
      disconnect?.();
      exit(0);
    });
  }
});
// The CLI went away (it exited early, or was killed): nobody would read the run.
onMessage('disconnect', () => exit(0));
post({ type: 'ready' });
