/**
 * Runs a guest as the CLI does: the component is adapted, name-checked and transpiled here
 * (trusted code), then runs in a separate, sandboxed Node process (./sandbox/): Node's
 * permission model lets it read only its own bundle, write nothing, start no process or
 * thread; it gets an empty environment, no `eval`, and loses `process`, `fetch` and every Node
 * module before the bindings load (sandbox/lockdown.ts). Everything it sends back is checked
 * as untrusted input. `limits.timeoutMs` is enforced here, from the guest's `instantiating`
 * message, by killing the process.
 */
import { DEFAULT_LIMITS } from '../../manifest/limits';
import type { Manifest } from '../../manifest/schema';
import type { CallEvent, OutputStreamName } from '../events';
import { guestText } from '../guest-text';
import { EventDecoder } from '../wire/event-codec';
import type { TranspiledComponent } from '../transpile/options';
import { ensureGuestBundle } from './sandbox/bundle';
import { spawnGuestProcess, type GuestProcess } from './sandbox/guest-process-spawn';
import { checkGuestMessage } from './sandbox/check-message';
import { CLI_RUN_ID, type GuestProcessInput, type GuestRunInput } from './thread-protocol';
import { BadComponentError, prepareInNode } from './transpile';
import { timing } from './timing';

export interface ThreadRunOptions {
  component: Uint8Array;
  manifest: Manifest;
  programName?: string;
  /** Feed the guest the terminal's stdin (`--stdin -`). */
  interactive?: boolean;
  onEvents: (events: CallEvent[]) => void;
  onOutput: (stream: OutputStreamName, bytes: Uint8Array) => void;
  /** A guest process started ahead (the CLI spawns it right after parsing its arguments). */
  guest?: GuestProcess;
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

/** How long the guest process may take to start and instantiate before the backstop fires. */
const PREPARE_BOUND_MS = 60_000;

/** Hands the bindings to the guest process ahead of the run (once). */
export function sendBindings(guest: GuestProcess, transpiled: TranspiledComponent): void {
  if (guest.bindingsSent) return;
  guest.bindingsSent = true;
  const message: GuestProcessInput = { type: 'bindings', transpiled };
  guest.child.send(message, (error) => error && guest.kill());
}

export async function runInThread(options: ThreadRunOptions): Promise<ThreadRunResult> {
  const started = performance.now();
  let input: GuestRunInput;
  try {
    input = {
      transpiled: (await prepareInNode(options.component)).transpiled,
      manifest: options.manifest,
      programName: options.programName,
      interactive: options.interactive ?? false,
    };
  } catch (error) {
    if (error instanceof BadComponentError)
      return { status: 'bad-input', exitCode: null, reason: error.message };
    throw error;
  }
  return runSandboxed(input, options, performance.now() - started);
}

/**
 * Runs bindings that are already transpiled in the sandboxed guest process. Exported for the
 * tests that hand it bindings of their own, as a crafted component would if the name check
 * ever let one through.
 */
export async function runSandboxed(
  input: GuestRunInput,
  options: Pick<ThreadRunOptions, 'onEvents' | 'onOutput' | 'interactive' | 'guest'>,
  transpileMs?: number,
): Promise<ThreadRunResult> {
  const timeoutMs = input.manifest.limits?.timeoutMs ?? DEFAULT_LIMITS.timeoutMs;
  const guest =
    options.guest ?? spawnGuestProcess(await ensureGuestBundle(), options.interactive ?? false);
  const child = guest.child;

  return new Promise((resolve) => {
    let instantiateMs: number | undefined;
    let settled = false;
    let backstop: ReturnType<typeof setTimeout> | undefined;
    const timeoutReason = `the guest ran longer than limits.timeoutMs = ${timeoutMs} ms and was stopped`;
    const settle = (result: ThreadRunResult) => {
      if (settled) return;
      settled = true;
      if (backstop) clearTimeout(backstop);
      guest.kill();
      resolve(result);
    };
    const timedOut = (reason: string) => {
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
      settle({ status: 'timeout', exitCode: null, reason, transpileMs, instantiateMs });
    };
    const armBackstop = (ms: number) => {
      if (backstop) clearTimeout(backstop);
      backstop = setTimeout(() => timedOut(timeoutReason), ms);
    };
    // Until the guest starts instantiating, a bound on starting up; from then on the timeout
    // itself: the guest runs on the guest process's main thread, so the process is killed.
    armBackstop(PREPARE_BOUND_MS);

    const decoder = new EventDecoder();
    const malformed = (what: string) =>
      settle({
        status: 'error',
        exitCode: null,
        reason: `the guest process sent a malformed message (${what}), so the run was stopped`,
        transpileMs,
        instantiateMs,
      });
    child.on('message', (raw: unknown) => {
      if (settled) return;
      const message = checkGuestMessage(raw);
      if (typeof message === 'string') {
        malformed(message);
        return;
      }
      if (message.type !== 'ready' && message.runId !== CLI_RUN_ID) {
        malformed('runId');
        return;
      }
      switch (message.type) {
        case 'ready':
          timing('guest process ready');
          break;
        case 'instantiating':
          timing('instantiating');
          armBackstop(timeoutMs);
          break;
        case 'started':
          timing('started');
          instantiateMs = message.instantiateMs;
          break;
        case 'batch': {
          const events = decoder.tryDecode(message.events);
          if ('malformed' in events) {
            malformed(events.malformed);
            return;
          }
          if (events.length) options.onEvents(events);
          for (const chunk of message.output) options.onOutput(chunk.stream, chunk.bytes);
          break;
        }
        case 'done':
          timing('done');
          settle({
            status: message.result.status,
            exitCode: message.result.exitCode,
            reason: message.result.reason,
            transpileMs,
            instantiateMs,
          });
          break;
        default:
          // The rest of the union (files, wants-input, http-request) is the page's: a guest
          // process does not send it (check-message.ts refuses it).
          break;
      }
    });
    child.on('error', (error: Error) =>
      settle({ status: 'error', exitCode: null, reason: error.message, transpileMs }),
    );
    const ended = (code: number | null, signal: NodeJS.Signals | null) => {
      // Let messages already received be handled first.
      setImmediate(() =>
        settle({
          status: 'error',
          exitCode: null,
          reason: `the guest process ended unexpectedly (${signal ?? `code ${code}`})${
            guest.stderr()
              ? `: ${guestText(guest.stderr().trim().split('\n').pop() ?? '', 300)}`
              : ''
          }`,
          transpileMs,
          instantiateMs,
        }),
      );
    };
    child.on('exit', ended);
    // A process spawned ahead may have died already (then its 'exit' has been and gone).
    if (child.exitCode !== null || child.signalCode !== null)
      ended(child.exitCode, child.signalCode);
    sendBindings(guest, input.transpiled);
    const run: GuestProcessInput = {
      type: 'run',
      manifest: input.manifest,
      programName: input.programName,
      interactive: input.interactive,
    };
    // A failed send means the process is gone: its 'exit' settles the run.
    child.send(run, () => {});
    timing('run sent');
  });
}
