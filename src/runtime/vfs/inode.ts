/**
 * Inodes of the virtual filesystem: files, directories and symlinks, each with a number of its
 * own (the metadata-hash), a link count and nanosecond timestamps. Directory entries are a Map
 * (a name such as `__proto__` is just a key); a directory knows its one parent and its name
 * there, so its guest path is always its current one.
 */
import type { MemoryBudget } from './budget';
import { FileData } from './file-data';

interface InodeBase {
  /** Unique per object for the volume's life: hard links share it. */
  readonly ino: number;
  nlink: number;
  /** Nanoseconds since the Unix epoch. */
  atime: bigint;
  mtime: bigint;
  ctime: bigint;
}
export interface FileNode extends InodeBase {
  readonly kind: 'file';
  readonly data: FileData;
  /** Where the file is linked: directory → names (hard links), for paths in deltas. */
  readonly links: Map<DirNode, Set<string>>;
}
export interface DirNode extends InodeBase {
  readonly kind: 'dir';
  readonly entries: Map<string, Inode>;
  parent: DirNode | undefined;
  name: string;
}
export interface SymlinkNode extends InodeBase {
  readonly kind: 'symlink';
  readonly target: string;
}
export type Inode = FileNode | DirNode | SymlinkNode;

let lastNs = 0n;
/** Wall-clock nanoseconds, strictly increasing (two changes never share a timestamp). */
export function nowNs(): bigint {
  // Microseconds fit a double exactly; nanoseconds come from the strictly-increasing step.
  let ns = BigInt(Math.floor((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
  if (ns <= lastNs) ns = lastNs + 1n;
  lastNs = ns;
  return ns;
}

export class InodeFactory {
  private next = 1;
  constructor(private readonly budget: MemoryBudget) {}

  // Each kind is one object literal (no spread of a shared base): a file is made per open-at
  // with `create`, and a literal of fixed shape is what the engine makes fastest.
  file(): FileNode {
    const t = nowNs();
    return {
      ino: this.next++,
      nlink: 0,
      atime: t,
      mtime: t,
      ctime: t,
      kind: 'file',
      data: new FileData(this.budget),
      links: new Map(),
    };
  }
  dir(parent: DirNode | undefined, name: string): DirNode {
    const t = nowNs();
    return {
      ino: this.next++,
      nlink: 0,
      atime: t,
      mtime: t,
      ctime: t,
      kind: 'dir',
      entries: new Map(),
      parent,
      name,
    };
  }
  symlink(target: string): SymlinkNode {
    const t = nowNs();
    return { ino: this.next++, nlink: 0, atime: t, mtime: t, ctime: t, kind: 'symlink', target };
  }
}

/** The size stat reports: file length, symlink target bytes, 4096 for a directory (ext4). */
export function sizeOf(node: Inode): number {
  if (node.kind === 'file') return node.data.size;
  if (node.kind === 'symlink') return new TextEncoder().encode(node.target).byteLength;
  return 4096;
}

/** Link count as POSIX reports it: a directory has 2 plus one per subdirectory. */
export function linkCount(node: Inode): number {
  if (node.kind !== 'dir') return node.nlink;
  if (node.nlink === 0) return 0;
  let n = 2;
  for (const child of node.entries.values()) if (child.kind === 'dir') n++;
  return n;
}
