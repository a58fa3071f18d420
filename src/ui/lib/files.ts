/**
 * The Files pane's model: a tree built from flat file entries (the manifest's seed files before
 * a run, `RunEnd.files` after one), and how to show a file's bytes (text, or a hex summary). Pure.
 */
import type { FileEntry, FileStatus } from '../../runtime/vfs/diff';

export interface FileNode {
  name: string;
  path: string;
  kind: FileEntry['kind'];
  status: FileStatus;
  size: number;
  entry: FileEntry | null;
  children: FileNode[];
  /** Changes below a directory, for its badge. */
  changesBelow: number;
}

/**
 * Builds the tree. Entries whose parent is not itself an entry (mount roots such as `/data`)
 * become top-level nodes. Directories first, then files, by name.
 */
export function buildFileTree(entries: readonly FileEntry[]): FileNode[] {
  const byPath = new Map<string, FileNode>();
  for (const e of entries) {
    const slash = e.path.lastIndexOf('/');
    byPath.set(e.path, {
      name: e.path.slice(slash + 1) || e.path,
      path: e.path,
      kind: e.kind,
      status: e.status,
      size: e.size,
      entry: e,
      children: [],
      changesBelow: 0,
    });
  }
  const roots: FileNode[] = [];
  for (const node of byPath.values()) {
    const parentPath = findParent(node.path, byPath);
    if (parentPath === null) {
      node.name = node.path;
      roots.push(node);
    } else byPath.get(parentPath)!.children.push(node);
  }
  const order = (a: FileNode, b: FileNode) => {
    const da = a.kind === 'directory' ? 0 : 1;
    const db = b.kind === 'directory' ? 0 : 1;
    return da - db || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  };
  const finish = (n: FileNode): number => {
    n.children.sort(order);
    let changes = 0;
    for (const c of n.children) changes += finish(c) + (c.status !== 'unchanged' ? 1 : 0);
    n.changesBelow = changes;
    return changes;
  };
  roots.sort((a, b) => (a.path < b.path ? -1 : 1));
  roots.forEach(finish);
  return roots;
}

/** The parent that exists in the map (or null for a root); mount roots have no parent entry. */
function findParent(path: string, byPath: Map<string, FileNode>): string | null {
  const slash = path.lastIndexOf('/');
  if (slash <= 0) return null;
  const parent = path.slice(0, slash);
  return byPath.has(parent) ? parent : null;
}

/** Counts per status over the entries (directories included). */
export function countChanges(entries: readonly FileEntry[]): Record<FileStatus, number> {
  const counts: Record<FileStatus, number> = { created: 0, changed: 0, deleted: 0, unchanged: 0 };
  for (const e of entries) counts[e.status]++;
  return counts;
}

/** Decodes bytes as UTF-8 text, or returns null when they look binary. */
export function asText(bytes: Uint8Array): string | null {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of sample) {
    if (b === 0) return null;
    if (b < 9 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  if (sample.length && control / sample.length > 0.1) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** A classic hex dump (offset, 16 bytes, ASCII) of the first `limit` bytes. */
export function hexDump(bytes: Uint8Array, limit = 4096): string {
  const lines: string[] = [];
  const end = Math.min(bytes.length, limit);
  for (let off = 0; off < end; off += 16) {
    const row = bytes.subarray(off, Math.min(off + 16, end));
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0'));
    const left = hex.slice(0, 8).join(' ');
    const right = hex.slice(8).join(' ');
    const ascii = Array.from(row, (b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : '.')).join(
      '',
    );
    lines.push(
      `${off.toString(16).padStart(8, '0')}  ${left.padEnd(23)}  ${right.padEnd(23)}  |${ascii}|`,
    );
  }
  if (bytes.length > end) lines.push(`… ${bytes.length - end} more bytes`);
  return lines.join('\n');
}

/** The seed files of the manifest's mounts as file entries (the Files pane before a run). */
export function seedEntries(
  mounts: readonly {
    guest: string;
    seeds: readonly (
      { kind: 'file'; path: string; bytes: Uint8Array } | { kind: 'directory'; path: string }
    )[];
  }[],
): FileEntry[] {
  const out = new Map<string, FileEntry>();
  const dir = (path: string) => {
    if (!out.has(path)) out.set(path, { path, kind: 'directory', status: 'unchanged', size: 0 });
  };
  for (const m of mounts) {
    const root = m.guest === '/' ? '' : m.guest;
    dir(m.guest);
    for (const seed of m.seeds) {
      const parts = seed.path.split('/').filter(Boolean);
      for (let i = 1; i < parts.length; i++) dir(`${root}/${parts.slice(0, i).join('/')}`);
      const path = `${root}/${parts.join('/')}`;
      if (seed.kind === 'directory') dir(path);
      else
        out.set(path, {
          path,
          kind: 'file',
          status: 'unchanged',
          size: seed.bytes.byteLength,
          bytes: seed.bytes,
        });
    }
  }
  return [...out.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
