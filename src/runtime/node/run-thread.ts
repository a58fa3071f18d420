/**
 * Runs a guest as the CLI does: the component is adapted, name-checked and transpiled here
 * (trusted code), then runs in a separate, sandboxed Node process (./sandbox/): Node's
 * permission model lets it read only its own bundle, write nothing, start no process; it gets
 * an empty environment, and its guest thread loses `fetch` and every Node module before the
 * bindings load. Everything it sends back is checked as untrusted input. `limits.timeoutMs` is
 * enforced inside it (from just before instantiation) and, as a backstop, here by killing it.
 */
import { spawn } from 'node:child_process';
import { z } from 'zod';
import type { Manifest } from '../../manifest/schema';
import { DEFAULT_LIMITS } from '../../manifest/schema';
import { outputStreamSchema } from '../event-schema';
import { isCallEventList } from '../event-check';
import type { CallEvent, OutputStreamName } from '../events';
import { guestText } from '../guest-text';
import { ensureGuestBundle } from './sandbox/bundle';
import type { GuestRunInput } from './thread-protocol';
import { BadComponentError, prepareInNode } from './transpile';

/** Up to 100,000 call events per message, checked as callEventSchema says (event-check.ts). */
const callEventList = z.custom<CallEvent[]>((v) => isCallEventList(v, 100_000), {
  message: 'malformed call events',
});

export interface ThreadRunOptions {
  component: Uint8Array;
  manifest: Manifest;
  programName?: string;
  /** Feed the guest the terminal's stdin (`--stdin -`). */
  interactive?: boolean;
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

/** How long the guest process may take to start and instantiate before the backstop fires. */
const PREPARE_BOUND_MS = 60_000;
/** How long after the timeout the backstop waits for the guest process's own report. */
const BACKSTOP_GRACE_MS = 5_000;

const reasonText = z.string().max(4096).optional();
const processMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('instantiating') }),
  z.object({ type: z.literal('started'), instantiateMs: z.number().finite() }),
  z.object({ type: z.literal('events'), events: callEventList }),
  z.object({
    type: z.literal('output'),
    stream: outputStreamSchema,
    bytes: z.instanceof(Uint8Array),
  }),
  z.object({
    type: z.literal('done'),
    status: z.enum(['exited', 'trapped', 'error']),
    exitCode: z.number().int().nullable(),
    reason: reasonText,
  }),
  z.object({
    type: z.literal('timeout'),
    reason: z.string().max(4096),
    instantiateMs: z.number().finite().optional(),
  }),
]);

/** Node's permission flag: `--permission` from Node 22.13/23.5, experimental before. */
function permissionFlag(): string {
  return process.allowedNodeEnvironmentFlags.has('--permission')
    ? '--permission'
    : '--experimental-permission';
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
  options: Pick<ThreadRunOptions, 'onEvents' | 'onOutput' | 'interactive'>,
  transpileMs?: number,
): Promise<ThreadRunResult> {
  const timeoutMs = input.manifest.limits?.timeoutMs ?? DEFAULT_LIMITS.timeoutMs;
  const bundle = await ensureGuestBundle();

  const child = spawn(
    process.execPath,
    ['--no-warnings', permissionFlag(), `--allow-fs-read=${bundle}`, '--allow-worker', bundle],
    {
      env: {},
      stdio: [options.interactive ? 'inherit' : 'ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    },
  );
  let childStderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (childStderr.length < 4096) childStderr += chunk.toString('utf8');
  });

  return new Promise((resolve) => {
    let instantiateMs: number | undefined;
    let settled = false;
    let backstop: ReturnType<typeof setTimeout> | undefined;
    const timeoutReason = `the guest ran longer than limits.timeoutMs = ${timeoutMs} ms and was stopped`;
    const settle = (result: ThreadRunResult) => {
      if (settled) return;
      settled = true;
      if (backstop) clearTimeout(backstop);
      child.kill('SIGKILL');
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
    armBackstop(PREPARE_BOUND_MS);

    child.on('message', (raw: unknown) => {
      if (settled) return;
      const parsed = processMessageSchema.safeParse(raw);
      if (!parsed.success) {
        settle({
          status: 'error',
          exitCode: null,
          reason: `the guest process sent a malformed message (${parsed.error.issues[0]?.path.join('.') ?? '?'}), so the run was stopped`,
          transpileMs,
          instantiateMs,
        });
        return;
      }
      const message = parsed.data;
      switch (message.type) {
        case 'instantiating':
          armBackstop(timeoutMs + BACKSTOP_GRACE_MS);
          break;
        case 'started':
          instantiateMs = message.instantiateMs;
          break;
        case 'events':
          options.onEvents(message.events);
          break;
        case 'output':
          options.onOutput(message.stream, message.bytes);
          break;
        case 'timeout':
          timedOut(message.reason);
          break;
        case 'done':
          settle({
            status: message.status,
            exitCode: message.exitCode,
            reason: message.reason,
            transpileMs,
            instantiateMs,
          });
          break;
      }
    });
    child.on('error', (error) =>
      settle({ status: 'error', exitCode: null, reason: error.message, transpileMs }),
    );
    child.on('exit', (code, signal) => {
      // Let messages already received be handled first.
      setImmediate(() =>
        settle({
          status: 'error',
          exitCode: null,
          reason: `the guest process ended unexpectedly (${signal ?? `code ${code}`})${
            childStderr ? `: ${guestText(childStderr.trim().split('\n').pop() ?? '', 300)}` : ''
          }`,
          transpileMs,
          instantiateMs,
        }),
      );
    });
    child.send(input);
  });
}
