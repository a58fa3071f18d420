/** Messages between the CLI's main thread and the thread that runs the guest. */
import type { CallEvent, OutputStreamName } from '../events';
import type { Manifest } from '../../manifest/schema';

export interface GuestThreadInput {
  component: Uint8Array;
  manifest: Manifest;
  programName?: string;
}

export type GuestThreadMessage =
  | { type: 'started'; transpileMs: number; instantiateMs: number }
  | { type: 'events'; events: CallEvent[] }
  | { type: 'output'; stream: OutputStreamName; bytes: Uint8Array }
  | {
      type: 'done';
      status: 'exited' | 'trapped' | 'error';
      exitCode: number | null;
      reason?: string;
    }
  | { type: 'bad-input'; reason: string };
