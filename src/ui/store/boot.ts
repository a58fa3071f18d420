/**
 * Page start: read the workspace from the URL (a share link via the persistence hooks, or
 * `?sample=<id>`), open it, and run it at once with `?autorun=1`. Also keeps `?sample=` in the
 * address bar in step with the picker (the app owns URL writes).
 */
import { samples } from '../../samples/catalog';
import { run, selectSample, setManifestText, openUploadedBytes, uploadedBytes } from './actions';
import { appStore, type PageMode } from './state';
import { getWorkspacePersistence, setSnapshotSource, type WorkspaceSnapshot } from './workspace';

export function snapshotWorkspace(): WorkspaceSnapshot {
  const s = appStore.get();
  return {
    version: 1,
    manifestText: s.manifestText,
    component: s.component?.ref ?? null,
    seedFiles: {},
    lessonId: s.lesson?.sampleId ?? null,
  };
}

/** Opens a snapshot (from a link or the autosave). */
export async function applyWorkspace(snap: WorkspaceSnapshot): Promise<void> {
  const ref = snap.component;
  if (ref?.kind === 'sample') {
    await selectSample(ref.id, { keepManifest: true });
  } else if (ref?.kind === 'upload') {
    const known = uploadedBytes(ref.hash);
    if (known) openUploadedBytes(known.name, known.bytes);
  }
  setManifestText(snap.manifestText);
}

let started = false;

export async function initWorkspace(mode: PageMode): Promise<void> {
  if (started) return; // StrictMode mounts effects twice in development
  started = true;
  setSnapshotSource(snapshotWorkspace);
  let opened = false;
  const load = getWorkspacePersistence().load;
  if (load) {
    try {
      const snap = await load(new URL(window.location.href));
      if (snap) {
        await applyWorkspace(snap);
        opened = true;
      }
    } catch (error) {
      console.warn('Airlock: could not open the workspace from the link', error);
    }
  }
  if (!opened) {
    const wanted =
      mode.sample && samples.some((s) => s.id === mode.sample) ? mode.sample : samples[0]?.id;
    if (wanted) await selectSample(wanted);
  }
  keepUrlInStep();
  if (mode.autorun) void run();
}

function keepUrlInStep(): void {
  let last: string | null = null;
  const write = () => {
    const ref = appStore.get().component?.ref;
    const id = ref?.kind === 'sample' ? ref.id : null;
    if (id === last) return;
    last = id;
    const url = new URL(window.location.href);
    if (id) url.searchParams.set('sample', id);
    else url.searchParams.delete('sample');
    if (url.href !== window.location.href)
      window.history.replaceState(window.history.state, '', url);
  };
  write();
  appStore.subscribe(write);
}
