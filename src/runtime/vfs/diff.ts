/**
 * What a run did to the virtual filesystem: every path in the mounts before and after, marked
 * created, changed, deleted or unchanged, with the final bytes (for viewing and download).
 */
import { fileBytes, isDir, isSymlink, type FsDir, type FsNode } from './tree';

export type FileStatus = 'created' | 'changed' | 'deleted' | 'unchanged';

export interface FileEntry {
  /** Guest path, e.g. `/data/out.txt`. Directories end without a slash. */
  path: string;
  kind: 'file' | 'directory' | 'symlink';
  status: FileStatus;
  size: number;
  /** Final bytes of a file (before-bytes for a deleted one). */
  bytes?: Uint8Array;
  /** Target of a symlink. */
  target?: string;
}

export interface Flat {
  kind: FileEntry['kind'];
  bytes?: Uint8Array;
  /** Size of a file whose bytes were not copied (larger than the memory limit). */
  size?: number;
  target?: string;
}

function flatten(root: FsDir, prefix: string, out: Map<string, Flat>): void {
  for (const [name, node] of Object.entries(root.dir)) {
    const path = `${prefix === '/' ? '' : prefix}/${name}`;
    out.set(path, describe(node));
    if (isDir(node)) flatten(node, path, out);
  }
}

function describe(node: FsNode): Flat {
  if (isDir(node)) return { kind: 'directory' };
  if (isSymlink(node)) return { kind: 'symlink', target: node.symlink };
  if (node.size !== undefined) return { kind: 'file', size: node.size };
  return { kind: 'file', bytes: fileBytes(node) };
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Every path of the mount trees (guest path -> tree), mount roots included. */
export function flattenMounts(trees: Record<string, FsDir>): Map<string, Flat> {
  const out = new Map<string, Flat>();
  for (const [guest, tree] of Object.entries(trees)) {
    out.set(guest, { kind: 'directory' });
    flatten(tree, guest, out);
  }
  return out;
}

/** Compares mount trees (guest path -> tree) before and after a run. Sorted by path. */
export function diffMounts(
  before: Record<string, FsDir>,
  after: Record<string, FsDir>,
): FileEntry[] {
  return diffFlat(flattenMounts(before), flattenMounts(after));
}

/** Compares two flat listings (path -> kind and content). Sorted by path. */
export function diffFlat(was: Map<string, Flat>, now: Map<string, Flat>): FileEntry[] {
  const entries: FileEntry[] = [];
  for (const [path, n] of now) {
    const w = was.get(path);
    let status: FileStatus = 'unchanged';
    if (!w) status = 'created';
    else if (
      w.kind !== n.kind ||
      !sameBytes(w.bytes, n.bytes) ||
      w.target !== n.target ||
      w.size !== n.size
    )
      status = 'changed';
    entries.push({
      path,
      kind: n.kind,
      status,
      size: n.size ?? n.bytes?.byteLength ?? 0,
      bytes: n.bytes,
      target: n.target,
    });
  }
  for (const [path, w] of was) {
    if (!now.has(path)) {
      entries.push({
        path,
        kind: w.kind,
        status: 'deleted',
        size: w.size ?? w.bytes?.byteLength ?? 0,
        bytes: w.bytes,
        target: w.target,
      });
    }
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return entries;
}
