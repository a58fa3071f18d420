/**
 * Messages of a CLI run: from the guest thread to the broker (both inside the sandboxed guest
 * process), and from the broker to the CLI over IPC. The CLI treats every message as untrusted
 * input (checked with zod in `spawn-sandbox.ts`): the process it comes from runs the guest.
 */
import type { CallEvent, OutputStreamName } from '../events';
import type { Manifest } from '../../manifest/schema';
import type { TranspiledComponent } from '../transpile/options';

/** What the CLI hands the guest process: bindings already transpiled (and name-checked). */
export interface GuestRunInput {
  transpiled: TranspiledComponent;
  manifest: Manifest;
  programName?: string;
  /** Whether stdin is the user's terminal (`--stdin -`): the guest thread reads fd 0. */
  interactive: boolean;
}

export type GuestThreadMessage =
  /** Sent just before instantiation (which may run the guest's start function). */
  | { type: 'instantiating' }
  | { type: 'started'; instantiateMs: number }
  | { type: 'events'; events: CallEvent[] }
  | { type: 'output'; stream: OutputStreamName; bytes: Uint8Array }
  | {
      type: 'done';
      status: 'exited' | 'trapped' | 'error';
      exitCode: number | null;
      reason?: string;
    };

/** The broker's messages to the CLI: the thread's, plus the timeout it enforced. */
export type GuestProcessMessage =
  GuestThreadMessage | { type: 'timeout'; reason: string; instantiateMs?: number };
