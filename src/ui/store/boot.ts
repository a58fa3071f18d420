/**
 * Page start: open the workspace from a share link (`#s=v1.…`), else `?sample=<id>` (restoring
 * the autosave when it is that same sample), else the autosave, else the first sample; then run
 * it at once with `?autorun=1`. Keeps `?sample=` in step with the picker and drops a share
 * link's hash once the user edits (so a reload does not undo the edits).
 */
import { decodeSandboxFromLocation } from '../../share/link';
import type { Sandbox } from '../../share/sandbox';
import { samples } from '../../samples/catalog';
import { allowEditorLoad, holdEditorForRun } from '../editor/load-gate';
import {
  markMissingUpload,
  notify,
  openComponentUrl,
  loadGeneration,
  openUploadedBytes,
  prefetchSample,
  run,
  selectSample,
  setManifestText,
  setSeedFiles,
} from './actions';
import { enableAutosave, loadSavedWorkspace, uploads } from './persist';
import { appStore, type PageMode } from './state';

/** Opens a sandbox (from a link, a sandbox file or the autosave). */
export async function applySandbox(
  sandbox: Pick<Sandbox, 'manifestText' | 'component' | 'files'>,
): Promise<void> {
  const ref = sandbox.component;
  if (ref.kind === 'sample') {
    if (!(await selectSample(ref.id, { keepManifest: true }))) return;
  } else if (ref.kind === 'upload') {
    const known = uploads.get(ref.sha256);
    if (known) await openUploadedBytes(known.name, known.bytes);
    else markMissingUpload(ref);
  } else openComponentUrl(ref.url);
  setSeedFiles(sandbox.files ?? {});
  setManifestText(sandbox.manifestText);
}

let started = false;

export async function initWorkspace(mode: PageMode): Promise<void> {
  if (started) return; // StrictMode runs effects twice in development
  started = true;
  let opened = false;
  let autorun = mode.autorun;
  let fromLink = false;

  const link = decodeSandboxFromLocation(window.location);
  if (!link.ok) notify('error', `This link could not be opened: ${link.reason}`);
  else {
    autorun ||= link.autorun;
  }
  // The page was opened to run: the editor's big chunk waits for the run to show something.
  if (autorun) holdEditorForRun();
  if (link.ok) {
    if (link.sandbox) {
      await applySandbox(link.sandbox);
      opened = true;
      fromLink = true;
    }
  }

  if (!opened) {
    const wanted = mode.sample && samples.some((s) => s.id === mode.sample) ? mode.sample : null;
    if (mode.sample && !wanted) notify('error', `There is no sample called "${mode.sample}".`);
    if (wanted) prefetchSample(wanted);
    const generation = loadGeneration();
    const saved = await loadSavedWorkspace().catch(() => ({ workspace: null, problem: undefined }));
    // The user picked a sample or dropped a file while the autosave was read: theirs stands
    // (neither the autosave nor the default sample replaces it, and nothing runs by itself).
    if (loadGeneration() !== generation) {
      enableAutosave();
      keepUrlInStep(false);
      allowEditorLoad();
      return;
    }
    if (saved.problem) notify('error', `${saved.problem} Starting with a fresh workspace.`);
    const ws = saved.workspace;
    const savedSample = ws?.component?.kind === 'sample' ? ws.component.id : null;
    if (ws?.component && (!wanted || savedSample === wanted)) {
      await applySandbox({
        manifestText: ws.manifestText,
        component: ws.component,
        files: ws.files,
      });
    } else {
      const id = wanted ?? samples[0]?.id;
      if (id) await selectSample(id);
    }
  }

  enableAutosave();
  keepUrlInStep(fromLink);
  if (autorun) void run();
}

function keepUrlInStep(fromLink: boolean): void {
  let lastSample: string | null | undefined;
  let linkText = fromLink ? appStore.get().manifestText : null;
  const write = () => {
    const s = appStore.get();
    const url = new URL(window.location.href);
    // Leaving the shared sandbox: forget the link, the autosave has the edits.
    if (linkText !== null && s.manifestText !== linkText) {
      linkText = null;
      url.hash = '';
    }
    const ref = s.component?.ref;
    const id = ref?.kind === 'sample' ? ref.id : null;
    if (id !== lastSample && linkText === null) {
      lastSample = id;
      if (id) url.searchParams.set('sample', id);
      else url.searchParams.delete('sample');
    }
    if (url.href !== window.location.href)
      window.history.replaceState(window.history.state, '', url);
  };
  write();
  appStore.subscribe(write);
}
