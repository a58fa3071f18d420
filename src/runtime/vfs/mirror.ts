/**
 * The page's copy of a running guest's files: the listing at the start, kept current by the
 * deltas the run worker sends (./journal.ts), so that a run the page has to kill (timeout,
 * Stop) still ends with its files. Applying a change costs what the change carries: a file's
 * bytes grow in place (capacity doubles), a write copies only its bytes.
 */
import { diffFlat, type FileEntry, type Flat } from './diff';
import type { FileChange } from './journal';

interface MirrorFile {
  kind: 'file';
  /** Capacity may exceed `size`; absent for a file too large to copy. */
  buffer?: Uint8Array;
  size: number;
}
type MirrorEntry = MirrorFile | { kind: 'directory' } | { kind: 'symlink'; target: string };

function toFlat(entry: FileEntry): Flat {
  if (entry.kind === 'file')
    return entry.bytes ? { kind: 'file', bytes: entry.bytes } : { kind: 'file', size: entry.size };
  if (entry.kind === 'symlink') return { kind: 'symlink', target: entry.target };
  return { kind: 'directory' };
}

export class FilesMirror {
  private readonly before = new Map<string, Flat>();
  private readonly now = new Map<string, MirrorEntry>();

  /** `initial`: the files as the run starts (every entry's status `unchanged`). */
  constructor(initial: readonly FileEntry[]) {
    for (const entry of initial) {
      if (entry.status === 'deleted') continue;
      this.before.set(entry.path, toFlat(entry));
      if (entry.kind === 'file') {
        this.now.set(entry.path, {
          kind: 'file',
          buffer: entry.bytes?.slice(),
          size: entry.size,
        });
      } else if (entry.kind === 'symlink') {
        this.now.set(entry.path, { kind: 'symlink', target: entry.target ?? '' });
      } else this.now.set(entry.path, { kind: 'directory' });
    }
  }

  apply(changes: readonly FileChange[]): void {
    for (const change of changes) {
      switch (change.op) {
        case 'directory':
          this.now.set(change.path, { kind: 'directory' });
          break;
        case 'symlink':
          this.now.set(change.path, { kind: 'symlink', target: change.target });
          break;
        case 'file':
          this.now.set(change.path, {
            kind: 'file',
            buffer: change.bytes?.slice(),
            size: change.size,
          });
          break;
        case 'write':
          this.write(change.path, change.size, change.offset, change.bytes);
          break;
        case 'remove':
          for (const path of this.below(change.path)) this.now.delete(path);
          break;
        case 'move': {
          const moving = this.below(change.from).map(
            (path) => [path, this.now.get(path)!] as const,
          );
          for (const path of this.below(change.to)) this.now.delete(path);
          for (const [path] of moving) this.now.delete(path);
          for (const [path, entry] of moving)
            this.now.set(change.to + path.slice(change.from.length), entry);
          break;
        }
      }
    }
  }

  /** The files now, with what changed since the start. */
  entries(): FileEntry[] {
    const now = new Map<string, Flat>();
    for (const [path, entry] of this.now) {
      if (entry.kind !== 'file') now.set(path, entry);
      else if (entry.buffer)
        now.set(path, { kind: 'file', bytes: entry.buffer.subarray(0, entry.size) });
      else now.set(path, { kind: 'file', size: entry.size });
    }
    return diffFlat(this.before, now);
  }

  private write(path: string, size: number, offset: number, bytes: Uint8Array): void {
    const entry = this.now.get(path);
    if (!entry || entry.kind !== 'file' || !entry.buffer) {
      this.now.set(path, { kind: 'file', size });
      return;
    }
    let buffer = entry.buffer;
    if (buffer.byteLength < size) {
      const grown = new Uint8Array(Math.max(size, buffer.byteLength * 2));
      grown.set(buffer.subarray(0, Math.min(entry.size, size)));
      buffer = grown;
    } else if (size < entry.size) {
      buffer.fill(0, size, entry.size);
    }
    buffer.set(bytes.subarray(0, Math.max(0, size - offset)), offset);
    entry.buffer = buffer;
    entry.size = size;
  }

  /** `path` and every path below it. */
  private below(path: string): string[] {
    const prefix = `${path}/`;
    return [...this.now.keys()].filter((p) => p === path || p.startsWith(prefix));
  }
}
