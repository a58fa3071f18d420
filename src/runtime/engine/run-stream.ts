/**
 * The sending side of a run's lifecycle (../run-event.ts), shared by the browser's run worker
 * and the CLI's guest thread: it is the run's sink (calls, output, settled results), batches
 * what the guest does and posts `batch` messages, and posts the other messages of the union.
 *
 * Batching: one message per call would cost more than the call. A batch leaves when it is big
 * (BATCH_SIZE), old (BATCH_MS), or at once for what must not wait: a denied or trapped call
 * (a guest that loops right after it is killed at the timeout, and what is still batched dies
 * with it), the run's first output, anything before the guest waits (input, a request).
 * Granted calls past the log's window (LOG_GRANTED_WINDOW) are only counted.
 */
import {
  LOG_GRANTED_WINDOW,
  PENDING,
  type CountedOnly,
  type OutputStreamName,
  type SettledCall,
} from '../events';
import type { RunEvent, RunResult, OutputBytes } from '../run-event';
import { EventEncoder } from '../wire/event-codec';
import type { FileFeed, RunSink } from './run-guest';

export const BATCH_SIZE = 512;
export const BATCH_MS = 16;
/** File deltas: this many batches may leave for files alone at once, then one per FILES_REFILL_MS. */
const FILES_BURST = 64;
const FILES_REFILL_MS = 4;

export interface RunStreamOptions {
  runId: number;
  /** Posts one message; `transfer` lists the buffers it may move instead of copying. */
  post: (message: RunEvent, transfer: ArrayBuffer[]) => void;
  /**
   * Every write leaves at once (the CLI: its guest thread blocks in a sleep or a read, and what
   * was printed before must not wait for it).
   */
  outputAtOnce?: boolean;
  /**
   * Granted calls sent in full before the rest are only counted (the page's log window,
   * LOG_GRANTED_WINDOW; the CLI's `--trace` wants every call: Infinity).
   */
  window?: number;
}

/** Consecutive writes to one stream, gathered into one growing buffer. */
class OutputRun {
  bytes: Uint8Array;
  length = 0;
  constructor(
    readonly stream: OutputStreamName,
    first: Uint8Array,
  ) {
    this.bytes = new Uint8Array(Math.max(256, first.byteLength));
    this.append(first);
  }
  append(chunk: Uint8Array): void {
    if (this.length + chunk.byteLength > this.bytes.byteLength) {
      const grown = new Uint8Array(
        Math.max(this.bytes.byteLength * 2, this.length + chunk.byteLength),
      );
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(chunk, this.length);
    this.length += chunk.byteLength;
  }
}

export class RunStream {
  private readonly events = new EventEncoder();
  private sentGranted = 0;
  private counted: CountedOnly | undefined;
  private settledCalls: SettledCall[] = [];
  /** Calls sent as `pending…`: their results follow when they settle. */
  private readonly sentPending = new WeakSet<object>();
  private output: OutputRun[] = [];
  private sentOutput = false;
  private lastFlush = performance.now();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private fileFeed: FileFeed | undefined;
  private filesDirty = false;
  private fileTokens = FILES_BURST;
  private tokensAt = performance.now();

  private readonly window: number;

  constructor(private readonly options: RunStreamOptions) {
    this.window = options.window ?? LOG_GRANTED_WINDOW;
  }

  private post(message: RunEvent, transfer: ArrayBuffer[] = []): void {
    this.options.post(message, transfer);
  }

  /** The run's sink (RunGuestOptions.sink / runInNode's sink). */
  readonly sink: RunSink = {
    event: (event) => {
      if (event.verdict === 'granted' && this.sentGranted >= this.window) {
        const counted = (this.counted ??= { granted: 0, byInterface: {} });
        counted.granted++;
        counted.byInterface[event.interface] = (counted.byInterface[event.interface] ?? 0) + 1;
      } else {
        this.events.push(event);
        if (event.verdict === 'granted') this.sentGranted++;
        if (event.result === PENDING) this.sentPending.add(event);
      }
      if (event.verdict !== 'granted') {
        this.flush();
        return;
      }
      if (event.facts?.mutates) this.filesDirty = true;
      // One clock reading serves the file token and the batch's age.
      const now = performance.now();
      if (this.filesDirty && this.takeFileToken(now)) this.flush();
      else this.maybeFlush(now);
    },
    // Past the window granted calls are only counted: not worth summarising.
    detailed: (verdict) => verdict !== 'granted' || this.sentGranted < this.window,
    settled: (event) => {
      if (!this.sentPending.has(event)) return;
      this.sentPending.delete(event);
      this.settledCalls.push({ seq: event.seq, result: event.result });
      this.maybeFlush();
    },
    output: (stream, bytes) => {
      const last = this.output[this.output.length - 1];
      if (last && last.stream === stream) last.append(bytes);
      else this.output.push(new OutputRun(stream, bytes));
      // The first output goes at once: it is what the user waits for.
      if (!this.sentOutput || this.options.outputAtOnce) {
        this.sentOutput = true;
        this.flush();
      } else this.maybeFlush();
    },
  };

  /** A change to the files leaves at once while the budget lasts, then with the next batch. */
  private takeFileToken(now: number): boolean {
    this.fileTokens = Math.min(
      FILES_BURST,
      this.fileTokens + (now - this.tokensAt) / FILES_REFILL_MS,
    );
    this.tokensAt = now;
    if (this.fileTokens < 1) return false;
    this.fileTokens -= 1;
    return true;
  }

  /** Flush on size or age; a timer covers a guest that waits (sleep, stdin) after a write. */
  private maybeFlush(now = performance.now()): void {
    const pending = this.events.count + this.output.length + this.settledCalls.length;
    if (pending >= BATCH_SIZE || now - this.lastFlush > BATCH_MS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  /** Sends everything gathered so far as one batch (nothing when there is nothing). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.lastFlush = performance.now();
    const files = this.filesDirty && this.fileFeed ? this.fileFeed.changes() : [];
    this.filesDirty = false;
    const events = this.events.take();
    if (
      !events &&
      !this.output.length &&
      !this.counted &&
      !this.settledCalls.length &&
      !files.length
    )
      return;
    const encoded = events ?? {
      strings: [],
      ints: new Int32Array(0),
      times: new Float64Array(0),
    };
    // Exact lengths: a view is cloned with its whole buffer when the post copies.
    const output: OutputBytes[] = this.output.map((run) => ({
      stream: run.stream,
      bytes: run.length === run.bytes.byteLength ? run.bytes : run.bytes.slice(0, run.length),
    }));
    const message: RunEvent = {
      type: 'batch',
      runId: this.options.runId,
      events: encoded,
      output,
      ...(this.counted ? { counted: this.counted } : {}),
      ...(this.settledCalls.length ? { settled: this.settledCalls } : {}),
      ...(files.length ? { files } : {}),
    };
    this.output = [];
    this.settledCalls = [];
    this.counted = undefined;
    // Buffers made here for this message alone (the encoder's and the output runs'): moved.
    this.post(
      message,
      [encoded.ints, encoded.times, ...output.map((chunk) => chunk.bytes)].map(
        (view) => view.buffer as ArrayBuffer,
      ),
    );
  }

  /** The guest's files as the run starts; their changes go with the batches from now on. */
  exposeFiles = (feed: FileFeed): void => {
    this.fileFeed = feed;
    this.post({ type: 'files', runId: this.options.runId, files: feed.initial });
  };

  instantiating = (): void => this.post({ type: 'instantiating', runId: this.options.runId });

  started = (instantiateMs: number): void =>
    this.post({ type: 'started', runId: this.options.runId, instantiateMs });

  /** The guest waits for input: what it did before goes first. */
  wantsInput(): void {
    this.flush();
    this.post({ type: 'wants-input', runId: this.options.runId });
  }

  /** Sends a message of the union that is not the stream's own (an HTTP request), in order. */
  send(message: RunEvent): void {
    this.flush();
    this.post(message);
  }

  /**
   * The end. When the files were exposed, the page has them already (the start and every delta,
   * the last ones sent here): the final tree is not sent again (the page's FilesMirror is it).
   */
  done(result: RunResult): void {
    if (this.fileFeed) this.filesDirty = true;
    this.flush();
    const sent: RunResult = { ...result };
    if (this.fileFeed) delete sent.files;
    this.post({ type: 'done', runId: this.options.runId, result: sent });
  }
}
