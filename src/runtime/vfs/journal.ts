/**
 * What changed in the volume since the page last heard, as a list of changes (a delta), so the
 * page can keep its own copy of the files while a run goes on and keep it after a timeout or
 * Stop. A change costs in proportion to what it changed: an entry added or removed is one
 * change, a directory moved is one change, and a file's bytes travel once per flush however
 * many writes it took.
 */
import type { DirNode, FileNode, Inode } from './inode';
import type { Volume } from './volume';

export type FileChange =
  /** A file's bytes now (`bytes` absent for a sparse file larger than the memory limit). */
  | { op: 'file'; path: string; size: number; bytes?: Uint8Array }
  | { op: 'directory'; path: string }
  | { op: 'symlink'; path: string; target: string }
  /** The entry at `path` and everything below it are gone. */
  | { op: 'remove'; path: string }
  /** The entry at `from` (and everything below) is now at `to`. */
  | { op: 'move'; from: string; to: string };

export class ChangeJournal {
  /** Off until someone reads the changes (the CLI never does). */
  enabled = false;
  private changes: FileChange[] = [];
  private readonly dirty = new Set<FileNode>();
  constructor(private readonly volume: Volume) {}

  get pending(): boolean {
    return this.changes.length > 0 || this.dirty.size > 0;
  }

  added(dir: DirNode, name: string, node: Inode): void {
    if (!this.enabled) return;
    const path = this.volume.entryPath(dir, name);
    if (path === undefined) return;
    if (node.kind === 'dir') this.changes.push({ op: 'directory', path });
    else if (node.kind === 'symlink')
      this.changes.push({ op: 'symlink', path, target: node.target });
    else this.dirty.add(node);
  }

  removed(dir: DirNode, name: string): void {
    if (!this.enabled) return;
    const path = this.volume.entryPath(dir, name);
    if (path !== undefined) this.changes.push({ op: 'remove', path });
  }

  moved(from: string | undefined, to: string | undefined, node: Inode): void {
    if (!this.enabled) return;
    if (from !== undefined && to !== undefined) this.changes.push({ op: 'move', from, to });
    if (node.kind === 'file') this.dirty.add(node);
  }

  fileChanged(file: FileNode): void {
    if (this.enabled) this.dirty.add(file);
  }

  /** The changes since the last call, files last with their current bytes. */
  take(): FileChange[] {
    const out = this.changes;
    this.changes = [];
    for (const file of this.dirty) {
      const size = file.data.size;
      const bytes = size <= this.volume.budget.limit ? file.data.bytes() : undefined;
      for (const [dir, names] of file.links) {
        for (const name of names) {
          const path = this.volume.entryPath(dir, name);
          if (path !== undefined) out.push({ op: 'file', path, size, ...(bytes ? { bytes } : {}) });
        }
      }
    }
    this.dirty.clear();
    return out;
  }
}
