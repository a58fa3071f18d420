/**
 * The page's state: one store for everything that changes at human speed (manifest text,
 * component, lesson, run phase), and the live buffers for what changes at machine speed (the
 * capability log and the output), which views read when the frame ticker says so.
 */
import { parseManifest, type ParseResult } from '../../manifest/parse';
import type { RunEnd } from '../../runtime/browser/run-client';
import type { PreparedComponent } from '../../runtime/browser/protocol';
import {
  addToCounts,
  emptyCounts,
  LOG_GRANTED_WINDOW,
  type CallEvent,
  type CountedOnly,
  type EventCounts,
  type SettledCall,
} from '../../runtime/events';
import type { FileEntry } from '../../runtime/vfs/diff';
import type { ChallengeResult } from '../../samples/challenge';
import type { ComponentRef, SeedFiles } from '../../share/sandbox';
import { urlFlag } from '../../share/url-flags';
import { OutputBuffer } from '../lib/output';
import { FrameTicker, Store, TrailingTicker } from './store';

/**
 * Which component the workspace uses: a curated sample, an upload (known by its SHA-256), or an
 * https URL. The same shape as share links and the autosave (src/share).
 */
export type { ComponentRef, SeedFiles };

export interface ComponentState {
  ref: ComponentRef;
  /** File name shown in the summary (`hello.wasm`). */
  name: string;
  status: 'loading' | 'ready' | 'error';
  prepared?: PreparedComponent;
  error?: string;
  /** A shared sandbox names an upload this browser does not have: the user must provide it. */
  missingUpload?: boolean;
}

export interface LessonState {
  sampleId: string;
  /** Markdown, or null while loading / when the sample has none. */
  text: string | null;
  status: 'loading' | 'ready' | 'missing';
}

export type RunPhase = 'idle' | 'preparing' | 'running' | 'done';

export interface RunTimingsView {
  transpileMs?: number;
  transpileSource?: PreparedComponent['source'];
  instantiateMs?: number;
  /** From the guest's start to its first output on screen. */
  firstOutputMs?: number;
  /** From Run to the verdict on screen. */
  totalMs?: number;
}

export interface RunState {
  phase: RunPhase;
  /** Increments with every Run press (not the engine's run id). */
  seq: number;
  interactive: boolean;
  waitingInput: boolean;
  /** How the run ended (after `done`). */
  end: RunEnd | null;
  timings: RunTimingsView;
  /** performance.now() at Run, and when the guest started. */
  startedAt: number;
  guestStartedAt: number | null;
  /** The filesystem after the run (null before any run, or when the run was killed). */
  files: FileEntry[] | null;
  challenge: ChallengeResult | null;
  /** Whether `airlock:run-end` was marked for this run. */
  endMarked: boolean;
  /** An export called instead of `wasi:cli/run`. */
  invoked: { name: string; args: unknown[] } | null;
}

export interface AppState {
  manifestText: string;
  /** Extra seed files by guest path (from a link or sandbox file), merged into the mounts. */
  seedFiles: SeedFiles;
  parsed: ParseResult;
  component: ComponentState | null;
  lesson: LessonState | null;
  run: RunState;
  presenter: boolean;
  /** A short message for the user (upload refused, link copied…), with a kind. */
  notice: {
    kind: 'info' | 'error';
    text: string;
    id: number;
    /** A button in the notice (e.g. restore the previous manifest). */
    action?: { label: string; run: () => void };
  } | null;
  /** The name of a file being read (a big upload takes a moment), or null. */
  reading: string | null;
  /** The sample whose starting manifest is still on its way: Run waits for it. */
  manifestLoading: string | null;
  /** The last manifest change refines the page's own previous one (same undo step). */
  manifestAmend: boolean;
  /** The editor's "Load manifest" choice (file name in the sample), for the select. */
  manifestFile: string | null;
}

export const IDLE_RUN: RunState = {
  phase: 'idle',
  seq: 0,
  interactive: false,
  waitingInput: false,
  end: null,
  timings: {},
  startedAt: 0,
  guestStartedAt: null,
  files: null,
  challenge: null,
  endMarked: false,
  invoked: null,
};

export const appStore = new Store<AppState>({
  manifestText: '{}',
  seedFiles: {},
  parsed: parseManifest('{}'),
  component: null,
  lesson: null,
  run: IDLE_RUN,
  presenter: false,
  notice: null,
  reading: null,
  manifestLoading: null,
  manifestAmend: false,
  manifestFile: null,
});

/**
 * How many granted calls the log keeps per run. Counts stay exact past it; denied and trapped
 * calls are always kept (up to MAX_KEPT_EVENTS), so a flood cannot push out the rows that
 * matter, and the page's memory stays bounded whatever the guest does.
 */
export const MAX_GRANTED_EVENTS = LOG_GRANTED_WINDOW;
export const MAX_KEPT_EVENTS = 200_000;

/** The high-rate data of the current run. Replaced (new arrays) when a run starts. */
export interface LiveRun {
  events: CallEvent[];
  counts: EventCounts;
  /** Calls counted but not kept in `events` (see MAX_GRANTED_EVENTS). */
  dropped: number;
  keptGranted: number;
  output: OutputBuffer;
  /** Whether `airlock:first-output` was marked for this run. */
  firstOutputMarked: boolean;
}

export function newLiveRun(): LiveRun {
  return {
    events: [],
    counts: emptyCounts(),
    dropped: 0,
    keptGranted: 0,
    output: new OutputBuffer(),
    firstOutputMarked: false,
  };
}

export const live: { current: LiveRun } = { current: newLiveRun() };

/** Bumped at most once per frame (and at most ~30 times a second) while events or output arrive. */
export const liveTicker = new FrameTicker(32);
/** The log's redraws: a frame after the output's and the status line's (store.ts TrailingTicker). */
export const logTicker = new TrailingTicker(liveTicker);

/** Page mode, read once from the URL. */
export interface PageMode {
  embed: boolean;
  autorun: boolean;
  sample: string | null;
}

export function readPageMode(search: string): PageMode {
  const params = new URLSearchParams(search);
  const flag = (name: string) => urlFlag(params, name);
  return { embed: flag('embed'), autorun: flag('autorun'), sample: params.get('sample') };
}

/** Adds a batch to a run: every call is counted, the log keeps a bounded set (see above). */
export function keepEvents(run: LiveRun, events: CallEvent[]): void {
  for (const event of events) {
    // The run's own last row (a timeout, a stop, a trap of run) comes unnumbered: it is last.
    const e = event.seq === 0 ? { ...event, seq: run.counts.total + 1 } : event;
    addToCounts(run.counts, e);
    const granted = e.verdict === 'granted';
    if (run.events.length < MAX_KEPT_EVENTS && (!granted || run.keptGranted < MAX_GRANTED_EVENTS)) {
      run.events.push(e);
      if (granted) run.keptGranted++;
    } else run.dropped++;
  }
}

/** A call that waited (`pending…`) has settled: its row shows what it returned. */
export function settleEvents(run: LiveRun, settled: readonly SettledCall[]): void {
  const events = run.events;
  for (const { seq, result } of settled) {
    // Kept events are in seq order: binary search.
    let lo = 0;
    let hi = events.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const e = events[mid]!;
      if (e.seq === seq) {
        events[mid] = { ...e, result };
        break;
      }
      if (e.seq < seq) lo = mid + 1;
      else hi = mid - 1;
    }
  }
}

/** Granted calls the run only counted (past the window): into the counts, not the list. */
export function keepCounted(run: LiveRun, counted: CountedOnly): void {
  run.counts.total += counted.granted;
  run.counts.granted += counted.granted;
  for (const [iface, n] of Object.entries(counted.byInterface)) {
    run.counts.byInterface[iface] = (run.counts.byInterface[iface] ?? 0) + n;
  }
  run.dropped += counted.granted;
}
