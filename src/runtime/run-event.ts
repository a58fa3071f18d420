/**
 * A run's lifecycle as its engine tells it: the one union of messages that the browser's run
 * worker sends to the page and the CLI's guest thread sends to the CLI (through its broker).
 * Both build them with the same emitter (engine/run-stream.ts); both receivers check them here
 * with `runEventSchema` where they enter, because the sender runs the guest.
 *
 *   instantiating → started → batch* (wants-input, http-request between) → done
 *
 * A `batch` carries everything that happened since the last one, in order: call events (encoded,
 * see wire/event-codec.ts), output bytes, the results of calls sent as `pending…`, counts past
 * the log's window, and what changed in the guest's files.
 */
import { z } from 'zod';
import { countedOnlySchema, MAX_FIELD_CHARS, outputStreamSchema } from './event-schema';
import type { CountedOnly, OutputStreamName, SettledCall } from './events';
import type { EncodedEvents } from './wire/event-codec';
import type { FileEntry } from './vfs/diff';
import type { FileChange } from './vfs/journal';
import { relayRequestSchema, type RelayRequest } from './browser/http-relay';

/** Bytes the guest wrote to one stream (consecutive writes to one stream travel as one chunk). */
export interface OutputBytes {
  stream: OutputStreamName;
  bytes: Uint8Array;
}

export interface RunResult {
  status: 'exited' | 'trapped' | 'error';
  exitCode: number | null;
  reason?: string;
  instantiateMs?: number;
  /** The guest's files at the end (the browser's files pane). */
  files?: FileEntry[];
  /** What an invoked export returned, as text. */
  returned?: string;
}

export type RunEvent =
  /** Just before instantiation, which may run guest code (a start function): the timeout starts. */
  | { type: 'instantiating'; runId: number }
  | { type: 'started'; runId: number; instantiateMs: number }
  | {
      type: 'batch';
      runId: number;
      events: EncodedEvents;
      output: OutputBytes[];
      /** Granted calls past the log's window: counted, not sent. */
      counted?: CountedOnly;
      /** Calls sent as `pending…` that have settled since (their results). */
      settled?: SettledCall[];
      /** What changed in the guest's files since the last batch (vfs/journal.ts). */
      files?: FileChange[];
    }
  /** The guest's files as the run starts (the deltas in each batch apply to these). */
  | { type: 'files'; runId: number; files: FileEntry[] }
  /** The guest waits for a line of stdin (interactive, in the browser). */
  | { type: 'wants-input'; runId: number }
  /** A request the worker's policy granted: the page decides again and does it (http-relay.ts). */
  | { type: 'http-request'; runId: number; request: RelayRequest }
  | { type: 'done'; runId: number; result: RunResult };

export type RunEventOf<T extends RunEvent['type']> = Extract<RunEvent, { type: T }>;

export const fileEntrySchema = z.object({
  path: z.string().max(1 << 20),
  kind: z.enum(['file', 'directory', 'symlink']),
  status: z.enum(['created', 'changed', 'deleted', 'unchanged']),
  size: z.number(),
  bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array).optional(),
  target: z
    .string()
    .max(1 << 20)
    .optional(),
});

const runId = z.number().int();
const guestPath = z.string().max(1 << 20);
const bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array);
const size = z.number().int().nonnegative();
const fileChangeSchema: z.ZodType<FileChange> = z.discriminatedUnion('op', [
  z.object({ op: z.literal('file'), path: guestPath, size, bytes: bytes.optional() }),
  z.object({ op: z.literal('write'), path: guestPath, size, offset: size, bytes }),
  z.object({ op: z.literal('directory'), path: guestPath }),
  z.object({ op: z.literal('symlink'), path: guestPath, target: z.string().max(1 << 20) }),
  z.object({ op: z.literal('remove'), path: guestPath }),
  z.object({ op: z.literal('move'), from: guestPath, to: guestPath }),
]);

export const runResultSchema: z.ZodType<RunResult> = z.object({
  status: z.enum(['exited', 'trapped', 'error']),
  exitCode: z.number().int().nullable(),
  reason: z.string().max(4096).optional(),
  instantiateMs: z.number().finite().optional(),
  files: z.array(fileEntrySchema).max(1_000_000).optional(),
  returned: z.string().max(MAX_FIELD_CHARS).optional(),
});

/** Shape only: the receiver's EventDecoder checks every event (ids, caps, kinds) as it decodes. */
const encodedEventsSchema = z.custom<EncodedEvents>(
  (v) =>
    !!v &&
    typeof v === 'object' &&
    Array.isArray((v as EncodedEvents).strings) &&
    (v as EncodedEvents).ints instanceof Int32Array &&
    (v as EncodedEvents).times instanceof Float64Array,
  { message: 'malformed call events' },
);

/**
 * Every message of a run, checked where it enters the page or the CLI: caps on every list and
 * string, no unknown shapes.
 */
export const runEventSchema: z.ZodType<RunEvent> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('instantiating'), runId }),
  z.object({ type: z.literal('started'), runId, instantiateMs: z.number().finite() }),
  z.object({
    type: z.literal('batch'),
    runId,
    events: encodedEventsSchema,
    output: z
      .array(
        z
          .object({ stream: outputStreamSchema, bytes })
          .refine((c) => c.bytes.byteLength <= 64 << 20),
      )
      .max(100_000),
    counted: countedOnlySchema.optional(),
    settled: z
      .array(
        z.object({ seq: z.number().int().nonnegative(), result: z.string().max(MAX_FIELD_CHARS) }),
      )
      .max(100_000)
      .optional(),
    files: z.array(fileChangeSchema).max(1_000_000).optional(),
  }),
  z.object({ type: z.literal('files'), runId, files: z.array(fileEntrySchema).max(1_000_000) }),
  z.object({ type: z.literal('wants-input'), runId }),
  z.object({ type: z.literal('http-request'), runId, request: relayRequestSchema }),
  z.object({ type: z.literal('done'), runId, result: runResultSchema }),
]);
