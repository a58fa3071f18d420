/**
 * The runs the page has made, as discovery needs them: the manifest each run started with (a
 * grant from the log is computed against it, the determinism badge reads it), and the last two
 * finished runs (for "Compare with previous run"). Filled by watching the page's store: nothing
 * in the run path changes. A new component starts a new history.
 */
import type { Manifest } from '../../manifest/schema';
import type { ResolvedManifest } from '../../manifest/resolve';
import type { CallEvent } from '../../runtime/events';
import type { RunRecord } from '../../discovery';
import { appStore, live } from '../store/state';
import { Store } from '../store/store';

/** One run of the page, from the moment Run was pressed. */
export interface TrackedRun {
  /** The page's run counter (`run.seq`). */
  seq: number;
  /** The events array of that run (`live.current.events`), to tell which run a log row is from. */
  events: CallEvent[];
  manifestText: string;
  manifest: Manifest;
  resolved: ResolvedManifest;
  componentName: string;
  /** An export called instead of `wasi:cli/run`. */
  invoked: string | null;
  /** Filled when the run has ended. */
  record: RunRecord | null;
  /** `Date.now()` at the end. */
  endedAt: number | null;
}

export interface HistoryState {
  /** The run whose events the log shows (running or finished), if Run was pressed. */
  latest: TrackedRun | null;
  /** The finished run before the latest finished one. */
  previous: TrackedRun | null;
}

export const historyStore = new Store<HistoryState>({ latest: null, previous: null });

function componentKey(): string {
  const c = appStore.get().component;
  if (!c) return '';
  const ref = c.ref;
  return ref.kind === 'sample'
    ? `s:${ref.id}`
    : ref.kind === 'upload'
      ? `u:${ref.sha256}`
      : ref.url;
}

let trackedSeq = -1;
let trackedComponent = componentKey();

function onPageChange(): void {
  const s = appStore.get();
  const key = componentKey();
  if (key !== trackedComponent) {
    trackedComponent = key;
    historyStore.set({ latest: null, previous: null });
  }
  const run = s.run;
  if (run.phase !== 'idle' && run.seq !== trackedSeq && s.parsed.ok) {
    // A new run, seen at its first phase (`preparing`, or `running` when the component was
    // ready): `run()` sets its live buffers just before, so they belong to it.
    trackedSeq = run.seq;
    const before = historyStore.get();
    const finished = before.latest?.record ? before.latest : before.previous;
    historyStore.set({
      previous: finished,
      latest: {
        seq: run.seq,
        events: live.current.events,
        manifestText: s.manifestText,
        manifest: s.parsed.manifest,
        resolved: s.parsed.resolved,
        componentName: s.component?.name ?? 'component',
        invoked: run.invoked?.name ?? null,
        record: null,
        endedAt: null,
      },
    });
    return;
  }
  const latest = historyStore.get().latest;
  if (run.phase === 'done' && run.end && latest && latest.seq === run.seq && !latest.record) {
    const current = live.current;
    historyStore.set({
      latest: {
        ...latest,
        endedAt: Date.now(),
        record: {
          events: current.events,
          stdout: current.output.plain('stdout'),
          stderr: current.output.plain('stderr'),
          exitCode: run.end.exitCode,
          status: run.end.status,
          files: run.files ?? [],
        },
      },
    });
  }
}

appStore.subscribe(onPageChange);
