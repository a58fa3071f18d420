/**
 * Record mode: runs the current component once under `recordingManifest` (every mount
 * read-write in throwaway in-memory copies, clocks and random real, HTTP answered only by
 * mocks), through the page's RunClient but apart from the page's own run (the log, the output
 * and the Files view stay as they were), then proposes the least-privilege manifest.
 */
import {
  applyChanges,
  httpRequests,
  proposeManifest,
  recordingManifest,
  type Proposal,
} from '../../discovery';
import type { Manifest } from '../../manifest/schema';
import type { RunEnd, RunHandle } from '../../runtime/browser/run-client';
import type { CallEvent } from '../../runtime/events';
import { mergeSeedFiles } from '../lib/seed-merge';
import { notify, runBlocker, runClient, setManifestText } from '../store/actions';
import { appStore } from '../store/state';
import { Store } from '../store/store';

/** Output kept from the recording (the start of each stream). */
const KEEP_OUTPUT_CHARS = 64 * 1024;
/** Calls kept from the recording (a flood must not exhaust the page); the rest are counted. */
export const MAX_RECORDED_EVENTS = 300_000;

/** A call refused during the recording, grouped: what the guest still could not do. */
export interface RecordedDenial {
  /** `GET https://api.example.com/x` or `open-at(descriptor(/data), "../x")`. */
  what: string;
  verdict: 'denied' | 'trapped';
  rule: string;
  count: number;
  /** An HTTP request (recorded, then refused: the recording never sends one). */
  request: boolean;
}

export interface Recording {
  phase: 'recording' | 'done' | 'error';
  /** Bumped for every recording, so a stale one never overwrites a newer one. */
  id: number;
  componentName: string;
  /** The editor text and manifest the proposal's changes refer to. */
  manifestText: string;
  manifest: Manifest;
  /** stdin was interactive: the recording gave the guest end of input at once. */
  stdinClosed: boolean;
  events: CallEvent[];
  /**
   * Calls not in `events` (past MAX_RECORDED_EVENTS, or granted calls the run worker only
   * counted past its window), so not in the proposal.
   */
  dropped: number;
  stdout: string;
  stderr: string;
  end: RunEnd | null;
  proposal: Proposal | null;
  denials: RecordedDenial[];
  error?: string;
  /** Ids of the changes applied to the editor from this proposal, once applied. */
  applied: string[] | null;
}

export const recordStore = new Store<{ recording: Recording | null }>({ recording: null });

let nextId = 1;
let handle: RunHandle | null = null;

function patch(id: number, update: Partial<Recording>): void {
  const r = recordStore.get().recording;
  if (r?.id === id) recordStore.set({ recording: { ...r, ...update } });
}

function callText(e: CallEvent): string {
  const name = e.function.replace(/^\[(?:method|static|constructor)\]/, '');
  const args = e.args.join(', ');
  return `${name}(${args.length > 120 ? `${args.slice(0, 117)}…` : args})`;
}

/** The calls refused during the recording, grouped by what they asked and the rule. */
export function recordedDenials(events: readonly CallEvent[]): RecordedDenial[] {
  const out = new Map<string, RecordedDenial>();
  const requests = new Map(httpRequests(events).map((r) => [r.event, r]));
  for (const e of events) {
    if (e.verdict === 'granted') continue;
    const request = requests.get(e);
    const what = request
      ? `${e.facts?.method ?? 'request to'} ${request.url ?? request.origin ?? e.facts?.url ?? '(unknown URL)'}`
      : callText(e);
    const key = `${e.verdict}\u0000${what}\u0000${e.rule}`;
    const seen = out.get(key);
    if (seen) seen.count++;
    else out.set(key, { what, verdict: e.verdict, rule: e.rule, count: 1, request: !!request });
  }
  return [...out.values()];
}

export function isRecording(): boolean {
  return recordStore.get().recording?.phase === 'recording';
}

/** Records the current component under the current manifest, then proposes least privilege. */
export async function discoverLeastPrivilege(): Promise<void> {
  const s = appStore.get();
  if (isRecording() || runBlocker(s) || !s.parsed.ok || !s.component?.prepared) return;
  const prepared = s.component.prepared;
  const id = nextId++;
  const current = s.parsed.manifest;
  const record = recordingManifest(mergeSeedFiles(current, s.seedFiles).manifest);
  const stdinClosed = s.parsed.resolved.stdin.kind === 'interactive';
  if (stdinClosed) delete record.stdin;
  const events: CallEvent[] = [];
  let dropped = 0;
  const out = { stdout: '', stderr: '' };
  recordStore.set({
    recording: {
      phase: 'recording',
      id,
      componentName: s.component.name,
      manifestText: s.manifestText,
      manifest: current,
      stdinClosed,
      events,
      dropped: 0,
      stdout: '',
      stderr: '',
      end: null,
      proposal: null,
      denials: [],
      applied: null,
    },
  });
  try {
    const h = runClient().start(
      prepared,
      record,
      {
        onStarted: () => undefined,
        onEvents: (batch) => {
          for (const e of batch) {
            if (events.length < MAX_RECORDED_EVENTS) events.push(e);
            else dropped++;
          }
        },
        // Past the log's window the worker sends granted calls as counts only.
        onCounted: (counted) => {
          dropped += counted.granted;
        },
        onOutput: (stream, text) => {
          if (out[stream].length < KEEP_OUTPUT_CHARS)
            out[stream] = (out[stream] + text).slice(0, KEEP_OUTPUT_CHARS);
        },
        onWantsInput: () => handle?.input(null),
      },
      { programName: s.component.name },
    );
    handle = h;
    const end = await h.done;
    if (handle === h) handle = null;
    const proposal = proposeManifest(current, events);
    patch(id, {
      phase: 'done',
      end,
      dropped,
      stdout: out.stdout,
      stderr: out.stderr,
      proposal,
      denials: recordedDenials(events),
    });
  } catch (error) {
    handle = null;
    patch(id, { phase: 'error', error: error instanceof Error ? error.message : String(error) });
  }
}

export function stopRecording(): void {
  handle?.stop();
}

export function dismissRecording(): void {
  if (isRecording()) stopRecording();
  recordStore.set({ recording: null });
}

/** Sets the editor text to the recorded manifest with these changes (one undoable edit). */
export function applyProposal(ids: readonly string[]): void {
  const r = recordStore.get().recording;
  if (!r?.proposal) return;
  const chosen = r.proposal.changes.filter((c) => ids.includes(c.id));
  if (chosen.length === 0) return;
  const next = applyChanges(r.manifestText, chosen);
  appStore.set({ manifestFile: null });
  setManifestText(next);
  patch(r.id, { applied: chosen.map((c) => c.id) });
  notify(
    'info',
    `Applied ${chosen.length} change${chosen.length > 1 ? 's' : ''} to the manifest. Run to check the program still does its job; Ctrl+Z in the editor undoes it.`,
  );
}
