/**
 * The one typed protocol between the page and its workers (calls go through comlink; the data
 * that crosses is checked with zod where it enters the page).
 */
import { z } from 'zod';
import type { Manifest } from '../../manifest/schema';
import { countedOnlySchema, MAX_FIELD_CHARS, outputStreamSchema } from '../event-schema';
import type { CountedOnly, OutputStreamName, SettledCall } from '../events';
import type { EncodedEvents } from '../wire/event-codec';
import type { FileEntry } from '../vfs/diff';
import type { FileChange } from '../vfs/journal';
import { relayRequestSchema, type RelayRequest, type RelayResponse } from './http-relay';

/** A component ready to run: transpiled bindings plus facts for the component summary. */
export interface PreparedComponent {
  /** SHA-256 of the bytes the user gave (hex). */
  hash: string;
  size: number;
  kind: 'component' | 'preview1-adapted';
  js: string;
  coreModules: Record<string, Uint8Array>;
  /** WASI interfaces and other imports, versionless (`wasi:filesystem/types`). */
  imports: string[];
  exports: [string, 'function' | 'instance'][];
  jspi: boolean;
  transpileMs: number;
  /** Where the bindings came from this time ('prebuilt': a sample transpiled at build time). */
  source: 'transpiled' | 'memory-cache' | 'disk-cache' | 'prebuilt';
}

export type PrepareResult =
  { ok: true; component: PreparedComponent } | { ok: false; reason: string };

/** Transpile worker (long-lived). */
export interface TranspileApi {
  prepare(bytes: Uint8Array, jspi: boolean): Promise<PrepareResult>;
}

/** The parts of a prepared component a run worker needs (bindings may already be preloaded). */
export type WorkerComponent = Pick<PreparedComponent, 'hash' | 'jspi'> &
  Partial<Pick<PreparedComponent, 'js' | 'coreModules'>>;

export interface RunRequest {
  runId: number;
  /** Without `js`/`coreModules`, the worker uses what `preload` gave it (same hash). */
  component: WorkerComponent;
  manifest: Manifest;
  invoke?: { name: string; args: unknown[] };
  /** argv[0]: the sample id or the uploaded file's name. */
  programName?: string;
}

/**
 * What the run worker streams to the page, one way, on the MessagePort sent with the run
 * request. Events and output travel together in batches (one message per call would cost more
 * than the call); `done` comes last on the same port, so nothing of a run's tail is lost.
 */
export type RunStreamMessage =
  /** Just before instantiation, which may run guest code (a start function): the timeout starts. */
  | { type: 'instantiating'; runId: number }
  | { type: 'started'; runId: number; instantiateMs: number }
  | {
      type: 'batch';
      runId: number;
      /** The calls, encoded (../wire/event-codec.ts); the page decodes and checks them. */
      events: EncodedEvents;
      output: { stream: OutputStreamName; text: string }[];
      /** Granted calls past the log's window: counted, not sent. */
      counted?: CountedOnly;
      /** Calls sent as `pending…` that have settled since (their results). */
      settled?: SettledCall[];
    }
  /** The guest waits for a line of stdin (interactive). */
  | { type: 'wants-input'; runId: number }
  /** The files as the run starts; then `files-delta` after each change (kept if the page kills the run). */
  | { type: 'files'; runId: number; files: FileEntry[] }
  /** What changed since the last message (src/runtime/vfs/journal.ts): the page applies it. */
  | { type: 'files-delta'; runId: number; changes: FileChange[] }
  /** A request the worker's policy granted: the page decides again and does it (http-relay.ts). */
  | { type: 'http-request'; runId: number; request: RelayRequest }
  | { type: 'done'; runId: number; result: RunResultMessage };

export const fileEntrySchema = z.object({
  path: z.string(),
  kind: z.enum(['file', 'directory', 'symlink']),
  status: z.enum(['created', 'changed', 'deleted', 'unchanged']),
  size: z.number(),
  bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array).optional(),
  target: z.string().optional(),
});

export const runResultSchema = z.object({
  runId: z.number(),
  status: z.enum(['exited', 'trapped', 'error']),
  exitCode: z.number().nullable(),
  reason: z.string().optional(),
  instantiateMs: z.number(),
  files: z.array(fileEntrySchema),
  returned: z.string().optional(),
});
export type RunResultMessage = z.infer<typeof runResultSchema>;

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
/**
 * Every message of a run, checked where it enters the page: the worker runs the guest, so what
 * it sends is untrusted input (caps on every list and string, no unknown shapes).
 */
export const runStreamMessageSchema: z.ZodType<RunStreamMessage> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('instantiating'), runId }),
  z.object({ type: z.literal('started'), runId, instantiateMs: z.number().finite() }),
  z.object({
    type: z.literal('batch'),
    runId,
    // Shape only: the run's EventDecoder checks every event (ids, caps, kinds) as it decodes.
    events: z.custom<EncodedEvents>(
      (v) =>
        !!v &&
        typeof v === 'object' &&
        Array.isArray((v as EncodedEvents).strings) &&
        (v as EncodedEvents).ints instanceof Int32Array &&
        (v as EncodedEvents).times instanceof Float64Array,
      { message: 'malformed call events' },
    ),
    output: z
      .array(z.object({ stream: outputStreamSchema, text: z.string().max(64 * 1024 * 1024) }))
      .max(100_000),
    counted: countedOnlySchema.optional(),
    settled: z
      .array(
        z.object({ seq: z.number().int().nonnegative(), result: z.string().max(MAX_FIELD_CHARS) }),
      )
      .max(100_000)
      .optional(),
  }),
  z.object({ type: z.literal('wants-input'), runId }),
  z.object({ type: z.literal('files'), runId, files: z.array(fileEntrySchema).max(1_000_000) }),
  z.object({
    type: z.literal('files-delta'),
    runId,
    changes: z.array(fileChangeSchema).max(1_000_000),
  }),
  z.object({ type: z.literal('http-request'), runId, request: relayRequestSchema }),
  z.object({ type: z.literal('done'), runId, result: runResultSchema }),
]);

/** Run worker (one per run, terminated at the end, on Stop and on timeout). */
export interface RunApi {
  /**
   * Loads the bindings and compiles the core modules before Run is pressed, so a warm Run only
   * instantiates and starts the guest.
   */
  preload(
    component: Pick<PreparedComponent, 'hash' | 'js' | 'coreModules' | 'jspi'>,
  ): Promise<void>;
  /** Runs; everything the page sees arrives on `stream` (see RunStreamMessage). */
  run(request: RunRequest, stream: MessagePort): Promise<void>;
  /** A line the user typed for an interactive stdin; null means end of input (Ctrl+D). */
  input(text: string | null): void;
  /** The page's answer to an `http-request` message. */
  httpResponse(requestId: number, response: RelayResponse): void;
}
