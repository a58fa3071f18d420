/**
 * Messages of a CLI run between the CLI and the sandboxed guest process (over IPC; the guest
 * runs on that process's main thread). The CLI treats every message from it as untrusted input
 * (checked in `run-thread.ts`): the process it comes from runs the guest.
 */
import type { RunEvent } from '../run-event';
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

/**
 * The guest process's messages to the CLI: `ready` once its bundle is loaded, then the run's,
 * the same RunEvents the browser's run worker sends the page (../run-event.ts).
 */
export type GuestProcessMessage = RunEvent | { type: 'ready' };

/** The one run of a guest process (RunEvents carry a run id; the page has many runs). */
export const CLI_RUN_ID = 1;

/**
 * The CLI's messages to the guest process, in this order: the bindings as soon as they are
 * transpiled (or read from the cache), then the run, once the manifest is read.
 */
export type GuestProcessInput =
  | { type: 'bindings'; transpiled: TranspiledComponent }
  | ({ type: 'run' } & Omit<GuestRunInput, 'transpiled'>);
