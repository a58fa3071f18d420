/**
 * What a run produces, as the page and the CLI see it: one event per WASI call (product spec
 * section 2), output chunks, and the outcome. Plain data: it crosses worker boundaries.
 */

export type Verdict = 'granted' | 'denied' | 'trapped';

export interface CallEvent {
  /** 1-based position of the call in this run. */
  seq: number;
  /** Milliseconds since the guest started. */
  t: number;
  /** WIT interface without version, e.g. `wasi:filesystem/types`. */
  interface: string;
  /** WIT function name, e.g. `[method]descriptor.open-at`. */
  function: string;
  /** Readable summaries of the arguments. */
  args: string[];
  verdict: Verdict;
  /** The manifest entry that decided, or `default deny`. */
  rule: string;
  /** Readable summary of what the guest got back (a value, `err(access)`, or the trap). */
  result: string;
  /** Why a call was denied or trapped, in words. */
  reason?: string;
  /** What the call touched, in full (args are shortened for display). */
  facts?: CallFacts;
}

/** Structured facts about a call, for tools (least-privilege proposals, grants from the log). */
export interface CallFacts {
  /** The guest path the call reaches (resolved against its descriptor). */
  path?: string;
  /** The second path of a rename or link, or a symlink's target text. */
  target?: string;
  /** Index of the mount the path lies in. */
  mount?: number;
  /** Whether the call would change the filesystem. */
  mutates?: boolean;
  /** The URL of an HTTP request. */
  url?: string;
  method?: string;
}

export type OutputStreamName = 'stdout' | 'stderr';

export interface OutputChunk {
  stream: OutputStreamName;
  text: string;
}

/**
 * How a run ended.
 * - exited: the guest returned or called exit (exitCode says how).
 * - trapped: a wasm trap, a denied call under `onDenied: "trap"`, a denied clock or random call,
 *   the output or memory limit.
 * - timeout: `limits.timeoutMs` passed.
 * - stopped: the user pressed Stop.
 * - error: the component could not be prepared (bad bytes, transpile error, missing import).
 */
export type RunStatus = 'exited' | 'trapped' | 'timeout' | 'stopped' | 'error';

export interface RunTimings {
  /** Transpiling (or fetching from the cache) the component, ms. */
  transpileMs?: number;
  /** Compiling core modules and instantiating, ms. */
  instantiateMs?: number;
  /** From the guest's start to its first output byte, ms. */
  firstOutputMs?: number;
  /** From Run to the verdict, ms. */
  totalMs?: number;
}

export interface RunOutcome {
  status: RunStatus;
  /** The guest's exit code when it exited; 124 on timeout, 134 on a trap (as the CLI reports). */
  exitCode: number | null;
  /** One line saying why the run ended, when it did not simply exit. */
  reason?: string;
  timings: RunTimings;
  /** Totals, also counting events not kept in a bounded window. */
  counts: EventCounts;
}

export interface EventCounts {
  total: number;
  granted: number;
  denied: number;
  trapped: number;
  byInterface: Record<string, number>;
}

/**
 * How many granted calls of a run are sent to the page and listed. Past it, granted calls are
 * only counted (denied and trapped ones are always sent): a guest making millions of calls
 * cannot flood the page, and the counts stay exact.
 */
export const LOG_GRANTED_WINDOW = 100_000;

/** The result a call that returned a promise has until it settles (see SettledCall). */
export const PENDING = 'pending…';

/** The result of a call logged as `pending…` (it waited: a read, a sleep, a fetch), once known. */
export interface SettledCall {
  seq: number;
  result: string;
}

/** Calls counted but not listed: what a run sends instead of events past LOG_GRANTED_WINDOW. */
export interface CountedOnly {
  granted: number;
  byInterface: Record<string, number>;
}

export function emptyCounts(): EventCounts {
  return { total: 0, granted: 0, denied: 0, trapped: 0, byInterface: {} };
}

export function addToCounts(
  counts: EventCounts,
  event: Pick<CallEvent, 'verdict' | 'interface'>,
): void {
  counts.total++;
  counts[event.verdict]++;
  counts.byInterface[event.interface] = (counts.byInterface[event.interface] ?? 0) + 1;
}

/** Exit codes the CLI uses (product spec section 4). */
export const EXIT_TIMEOUT = 124;
export const EXIT_TRAP = 134;
export const EXIT_BAD_INPUT = 2;
