/**
 * The workspace as data: what a share link or the IndexedDB autosave carries. The app owns the
 * URL; `src/share/` (links, persistence) plugs in through `setWorkspacePersistence`.
 */
import type { ComponentRef } from './state';

export interface WorkspaceSnapshot {
  version: 1;
  manifestText: string;
  /** A sample id, or an upload known by hash + name + size (its bytes live elsewhere). */
  component: ComponentRef | null;
  /**
   * Seed files that are not written in the manifest (e.g. dropped into the Files pane), by guest
   * path. Empty today: the manifest's `mounts[].files` carry the seed files.
   */
  seedFiles: Record<string, Uint8Array>;
  /** Which sample's lesson is open (usually the sample itself). */
  lessonId: string | null;
}

export interface WorkspacePersistence {
  /** Called (debounced) after every change of the workspace. */
  save?: (snapshot: WorkspaceSnapshot) => void | Promise<void>;
  /** Makes a share URL for the snapshot (the app writes it to the address bar and clipboard). */
  shareUrl?: (snapshot: WorkspaceSnapshot, base: URL) => string | Promise<string>;
  /** Reads a workspace from the page URL (`#s=v1.…`), or null when there is none. */
  load?: (url: URL) => WorkspaceSnapshot | null | Promise<WorkspaceSnapshot | null>;
}

let persistence: WorkspacePersistence = {};
let snapshotFn: (() => WorkspaceSnapshot) | null = null;
let saveTimer: ReturnType<typeof setTimeout> | undefined;

export function setWorkspacePersistence(p: WorkspacePersistence): void {
  persistence = p;
}

export function getWorkspacePersistence(): WorkspacePersistence {
  return persistence;
}

/** The app registers how to take a snapshot of itself. */
export function setSnapshotSource(fn: () => WorkspaceSnapshot): void {
  snapshotFn = fn;
}

export function currentSnapshot(): WorkspaceSnapshot | null {
  return snapshotFn ? snapshotFn() : null;
}

export function notifyWorkspaceChanged(): void {
  if (!persistence.save) return;
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    const snap = currentSnapshot();
    if (snap) void persistence.save?.(snap);
  }, 500);
}
