/**
 * "Grant this" from a row of the capability log: the narrowest manifest change that lets that
 * call through, computed against the manifest the run used, applied to the editor text (one
 * undoable edit) and run again.
 */
import { applyChanges, isChange, narrowestGrant, type Change } from '../../discovery';
import type { Manifest } from '../../manifest/schema';
import type { CallEvent } from '../../runtime/events';
import { firstChangedLine, focusManifestEditor } from '../editor/focus';
import { rememberUndoBase } from '../editor/undo-base';
import { notify, run, setManifestText } from '../store/actions';
import { appStore, type AppState } from '../store/state';

type EditorState = Pick<AppState, 'manifestText' | 'parsed'>;
import type { TrackedRun } from './history';

export type GrantOffer =
  /** A change that can be applied to the editor now. */
  | { kind: 'change'; change: Change }
  /** A change, but the manifest was edited after the run: its paths may no longer fit. */
  | { kind: 'stale'; change: Change }
  /** No manifest entry can grant the call: why, in words. */
  | { kind: 'explain'; text: string };

const canonical = new WeakMap<object, string>();
function canonicalJson(manifest: Manifest): string {
  let s = canonical.get(manifest);
  if (s === undefined) {
    s = JSON.stringify(manifest);
    canonical.set(manifest, s);
  }
  return s;
}

/** Whether the editor still holds the manifest of that run (comments and layout aside). */
export function editorMatchesRun(state: EditorState, tracked: TrackedRun): boolean {
  if (state.manifestText === tracked.manifestText) return true;
  return (
    state.parsed.ok && canonicalJson(state.parsed.manifest) === canonicalJson(tracked.manifest)
  );
}

/** What the log offers for a row (null for granted rows and rows of an unknown run). */
export function grantOffer(
  event: CallEvent,
  tracked: TrackedRun | null,
  state: EditorState,
): GrantOffer | null {
  if (event.verdict === 'granted' || !tracked) return null;
  const suggestion = narrowestGrant(event, tracked.manifest);
  if (!isChange(suggestion)) return { kind: 'explain', text: suggestion.explanation };
  return editorMatchesRun(state, tracked)
    ? { kind: 'change', change: suggestion }
    : { kind: 'stale', change: suggestion };
}

/** Puts the change into the editor (Ctrl+Z undoes it) and runs again. */
export function acceptGrant(change: Change): void {
  const s = appStore.get();
  const next = applyChanges(s.manifestText, [change]);
  if (next === s.manifestText) {
    notify('info', `The manifest already says this (${change.description}).`);
    return;
  }
  appStore.set({ manifestFile: null });
  rememberUndoBase(s.manifestText, next);
  setManifestText(next);
  notify('info', `Granted: ${change.description}. Running again; Ctrl+Z in the editor undoes it.`);
  // The button goes away with the old run's rows: focus the edit, where Ctrl+Z undoes it.
  focusManifestEditor(firstChangedLine(s.manifestText, next));
  void run();
}

/**
 * Whether this run's events hold the event. They are in `seq` order, and numbered from 1 until
 * the log starts dropping granted calls (then denied and trapped ones are still kept).
 */
export function holds(events: readonly CallEvent[], event: CallEvent): boolean {
  if (events[event.seq - 1] === event) return true;
  let lo = 0;
  let hi = Math.min(events.length, event.seq) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const seq = events[mid]!.seq;
    if (seq === event.seq) return events[mid] === event;
    if (seq < event.seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
