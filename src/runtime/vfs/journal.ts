/**
 * What changed in the volume since the page last heard, as a list of changes (a delta), so the
 * page can keep its own copy of the files while a run goes on and keep it after a timeout or
 * Stop. A change costs in proportion to what it changed: an entry added, removed or moved is
 * one change; a write sends the bytes written (one merged range per file per delta), a new or
 * moved file its bytes once.
 */
import type { DirNode, FileNode, Inode } from './inode';
import type { Volume } from './volume';

export type FileChange =
  /** A file's whole content (`bytes` absent for a sparse file larger than the memory limit). */
  | { op: 'file'; path: string; size: number; bytes?: Uint8Array }
  /** The file is now `size` bytes long, with `bytes` at `offset`. */
  | { op: 'write'; path: string; size: number; offset: number; bytes: Uint8Array }
  | { op: 'directory'; path: string }
  | { op: 'symlink'; path: string; target: string }
  /** The entry at `path` and everything below it are gone. */
  | { op: 'remove'; path: string }
  /** The entry at `from` (and everything below) is now at `to`. */
  | { op: 'move'; from: string; to: string };

/** What of a file changed: all of it, or one range (merged). */
interface Dirty {
  full: boolean;
  from: number;
  to: number;
}

export class ChangeJournal {
  /** Off until someone reads the changes (the CLI never does). */
  enabled = false;
  private changes: FileChange[] = [];
  private readonly dirty = new Map<FileNode, Dirty>();
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
    else this.fileChanged(node);
  }

  removed(dir: DirNode, name: string): void {
    if (!this.enabled) return;
    const path = this.volume.entryPath(dir, name);
    if (path !== undefined) this.changes.push({ op: 'remove', path });
  }

  moved(from: string | undefined, to: string | undefined, node: Inode): void {
    if (!this.enabled) return;
    if (from !== undefined && to !== undefined) this.changes.push({ op: 'move', from, to });
    if (node.kind === 'file') this.fileChanged(node);
  }

  /** A file changed: in `[from, to)` only, or (without a range) as a whole. */
  fileChanged(file: FileNode, from?: number, to?: number): void {
    if (!this.enabled) return;
    // Changes before this one must reach the page first (a write to a file made just now).
    const was = this.dirty.get(file);
    if (from === undefined || to === undefined) {
      this.dirty.set(file, { full: true, from: 0, to: 0 });
    } else if (!was) {
      this.dirty.set(file, { full: false, from, to });
    } else if (!was.full) {
      was.from = Math.min(was.from, from);
      was.to = Math.max(was.to, to);
    }
  }

  /** The changes since the last call: entries in order, then the files' bytes. */
  take(): FileChange[] {
    const out = this.changes;
    this.changes = [];
    const limit = this.volume.budget.limit;
    for (const [file, dirty] of this.dirty) {
      const size = file.data.size;
      let change:
        | { op: 'file'; size: number; bytes?: Uint8Array }
        | { op: 'write'; size: number; offset: number; bytes: Uint8Array };
      if (size > limit) change = { op: 'file', size };
      else if (dirty.full) change = { op: 'file', size, bytes: file.data.bytes() };
      else {
        const to = Math.min(dirty.to, size);
        const offset = Math.min(dirty.from, to);
        change = { op: 'write', size, offset, bytes: file.data.read(offset, to - offset) };
      }
      for (const [dir, names] of file.links) {
        for (const name of names) {
          const path = this.volume.entryPath(dir, name);
          if (path !== undefined) out.push({ ...change, path } as FileChange);
        }
      }
    }
    this.dirty.clear();
    return out;
  }
}
