/**
 * Keeps the next run staged (a warm Run): whenever what Run would send changes (the prepared
 * component, the manifest, the seed files), and nothing runs, the run client gets that request
 * ahead of the click, so its worker has instantiated the guest and Run only starts it.
 * Debounced: typing in the editor restages once the text rests.
 */
import { mergeSeedFiles } from '../lib/seed-merge';
import { isRunning, onStageNextRun, preparedComponent, runBlocker, runClient } from './actions';
import { appStore, type AppState } from './state';

const REST_MS = 150;

/** Starts keeping the next run staged; returns the function that stops it. */
export function keepNextRunStaged(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stageNow = () => {
    timer = undefined;
    const s = appStore.get();
    const prepared = preparedComponent();
    if (!prepared || isRunning(s) || runBlocker(s) !== null || !s.parsed.ok || !s.component) return;
    const manifest = mergeSeedFiles(s.parsed.manifest, s.seedFiles).manifest;
    runClient().stage(prepared, manifest, { programName: s.component.name });
  };
  const soon = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(stageNow, REST_MS);
  };
  let seen = inputs(appStore.get());
  const unsubscribe = appStore.subscribe(() => {
    const next = inputs(appStore.get());
    if (next.every((value, i) => value === seen[i])) return;
    seen = next;
    soon();
  });
  onStageNextRun(soon);
  soon();
  return () => {
    unsubscribe();
    onStageNextRun(() => undefined);
    if (timer !== undefined) clearTimeout(timer);
  };
}

/** What decides the run Run would start (compared by identity: the store replaces, never mutates). */
function inputs(s: AppState): unknown[] {
  return [s.parsed, s.seedFiles, s.component, s.reading, s.manifestLoading];
}
