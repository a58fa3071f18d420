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
import type { CallEvent } from '../../events';
import { sleepSync } from '../../host/timers';
import { compileCoreModules, MAX_RUN_REASON_CHARS, runInNode } from '../run-in-node';
import { guestText } from '../../guest-text';
import type { GuestProcessInput, GuestProcessMessage, GuestRunInput } from '../thread-protocol';
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
const post = (message: GuestProcessMessage) =>
  new Promise<void>((resolve) => send(message, undefined, {}, () => resolve()));

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

async function run(input: GuestRunInput): Promise<GuestProcessMessage> {
  let batch: CallEvent[] = [];
  let lastFlush = performance.now();
  const flush = () => {
    if (batch.length) void post({ type: 'events', events: batch });
    batch = [];
    lastFlush = performance.now();
  };
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
          void post({ type: 'output', stream, bytes });
        },
      },
      interactive: input.interactive ? { readSync: readTerminal } : undefined,
      programName: input.programName,
      shim,
      onInstantiating: () => void post({ type: 'instantiating' }),
      onStart: (instantiateMs: number) => void post({ type: 'started', instantiateMs }),
    });
    flush();
    return {
      type: 'done',
      status: result.status,
      exitCode: result.exitCode,
      reason: result.reason && guestText(result.reason, MAX_RUN_REASON_CHARS),
    };
  } catch (error) {
    flush();
    return {
      type: 'done',
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
    void run({ ...message, transpiled }).then(async (done) => {
      await post(done);
      disconnect?.();
      exit(0);
    });
  }
});
// The CLI went away (it exited early, or was killed): nobody would read the run.
onMessage('disconnect', () => exit(0));
void post({ type: 'ready' });
