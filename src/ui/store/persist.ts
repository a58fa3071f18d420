/**
 * The workspace as data, wired to src/share: the IndexedDB autosave (every change is on disk
 * within a second), share links (`#s=v1.…`) and sandbox files. The app owns the URL.
 */
import {
  createAutosaver,
  createIdbKeyValue,
  loadWorkspace,
  workspaceToSandbox,
  type Autosaver,
  type KeyValue,
  type Workspace,
  type WorkspaceDraft,
} from '../../share/storage';
import type { Sandbox } from '../../share/sandbox';
import { appStore } from './state';

/** Bytes of uploaded components seen in this page, by SHA-256. */
export const uploads = new Map<string, { name: string; bytes: Uint8Array }>();

let kv: KeyValue | null = null;
let autosaver: Autosaver | null = null;
let enabled = false;

function store(): KeyValue | null {
  if (typeof indexedDB === 'undefined') return null;
  kv ??= createIdbKeyValue();
  return kv;
}

/** The current workspace as a draft for the autosave. */
export function workspaceDraft(): WorkspaceDraft {
  const s = appStore.get();
  const ref = s.component?.ref ?? null;
  const uploadedComponents: WorkspaceDraft['uploadedComponents'] = {};
  if (ref?.kind === 'upload') {
    const u = uploads.get(ref.sha256);
    if (u)
      uploadedComponents[ref.sha256] = { name: u.name, size: u.bytes.byteLength, bytes: u.bytes };
  }
  return {
    manifestText: s.manifestText,
    component: ref,
    files: s.seedFiles,
    uploadedComponents,
    lessonId: s.lesson?.sampleId ?? null,
  };
}

/** The current workspace as a shareable sandbox (null before a component is chosen). */
export function currentSandbox(): Sandbox | null {
  return workspaceToSandbox(workspaceDraft());
}

/** Starts saving changes (after the page has opened its workspace, so it does not save over it). */
export function enableAutosave(): void {
  const kvs = store();
  if (!kvs || enabled) return;
  enabled = true;
  autosaver = createAutosaver(kvs, {
    onError: (e) => console.warn('Airlock: the workspace could not be saved', e),
  });
  const flush = () => void autosaver?.flush();
  window.addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flush();
  });
}

/** Called after every change of the workspace. */
export function notifyWorkspaceChanged(): void {
  if (!enabled || !autosaver) return;
  const draft = workspaceDraft();
  if (draft.component) autosaver.schedule(draft);
}

/** The saved workspace, or null (none, unreadable, or no IndexedDB). */
export async function loadSavedWorkspace(): Promise<{
  workspace: Workspace | null;
  problem?: string;
}> {
  const kvs = store();
  if (!kvs) return { workspace: null };
  const r = await loadWorkspace(kvs);
  if (r.status === 'loaded') {
    for (const [sha, u] of Object.entries(r.workspace.uploadedComponents))
      uploads.set(sha, { name: u.name, bytes: u.bytes });
    return { workspace: r.workspace };
  }
  if (r.status === 'unreadable') return { workspace: null, problem: r.reason };
  return { workspace: null };
}
