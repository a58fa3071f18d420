/**
 * The virtual filesystem: the manifest's mounts as in-memory trees in the shape the WASI shim's
 * in-memory adapter uses (`{ dir: { name: { source } | { dir } | { symlink } } }`). The guest
 * mutates these objects in place, so after a run (also after a trap or a timeout) the final tree
 * is read back from them.
 */

export type FsNode = FsFile | FsDir | FsSymlink;
export interface FsFile {
  source: Uint8Array | string;
  /**
   * The file's size when `source` is left empty: a sparse file larger than the memory limit is
   * never copied out whole (its gap would cost what the guest never paid for).
   */
  size?: number;
}
export interface FsDir {
  dir: Record<string, FsNode>;
}
export interface FsSymlink {
  symlink: string;
}

export interface MountSeed {
  guest: string;
  files?: Record<string, string | { base64: string } | Record<string, never>>;
}

export function isDir(node: FsNode | undefined): node is FsDir {
  return !!node && 'dir' in node;
}
export function isSymlink(node: FsNode | undefined): node is FsSymlink {
  return !!node && 'symlink' in node;
}
export function isFile(node: FsNode | undefined): node is FsFile {
  return !!node && 'source' in node;
}

const encoder = new TextEncoder();

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** Builds one mount's tree from its seed files (`"a/b.txt": "text"`, `"sub/dir/": {}`). */
export function buildMountTree(files: MountSeed['files']): FsDir {
  const root: FsDir = { dir: {} };
  for (const [rawPath, content] of Object.entries(files ?? {})) {
    const isDirectory =
      rawPath.endsWith('/') || (typeof content === 'object' && !('base64' in content));
    const parts = rawPath.split('/').filter((p) => p && p !== '.');
    if (parts.length === 0 || parts.includes('..')) continue; // rejected by the manifest validator
    let parent = root;
    const last = isDirectory ? parts.length : parts.length - 1;
    for (let i = 0; i < last; i++) {
      const name = parts[i]!;
      const next = parent.dir[name];
      if (isDir(next)) parent = next;
      else {
        const created: FsDir = { dir: {} };
        parent.dir[name] = created;
        parent = created;
      }
    }
    if (!isDirectory) {
      const name = parts[parts.length - 1]!;
      parent.dir[name] = {
        source:
          typeof content === 'string'
            ? encoder.encode(content)
            : base64ToBytes((content as { base64: string }).base64),
      };
    }
  }
  return root;
}

export function fileBytes(node: FsFile): Uint8Array {
  return typeof node.source === 'string' ? encoder.encode(node.source) : node.source;
}

/** The node at `relative` inside `root` (no symlink following), or undefined. */
export function lookup(root: FsDir, relative: string): FsNode | undefined {
  let node: FsNode = root;
  for (const part of relative.split('/')) {
    if (!part || part === '.') continue;
    if (!isDir(node)) return undefined;
    const next: FsNode | undefined = node.dir[part];
    if (!next) return undefined;
    node = next;
  }
  return node;
}

/** Deep copy, so a record-mode run or a before-snapshot never shares objects with a live run. */
export function cloneTree<T extends FsNode>(node: T): T {
  if (isDir(node)) {
    const dir: Record<string, FsNode> = {};
    for (const [name, child] of Object.entries(node.dir)) dir[name] = cloneTree(child);
    return { dir } as T;
  }
  if (isSymlink(node)) return { symlink: node.symlink } as T;
  return { source: fileBytes(node as FsFile).slice() } as T;
}

/** Bytes held by the files of a tree. */
export function treeBytes(node: FsNode): number {
  if (isDir(node)) {
    let total = 0;
    for (const child of Object.values(node.dir)) total += treeBytes(child);
    return total;
  }
  if (isFile(node))
    return typeof node.source === 'string' ? node.source.length : node.source.byteLength;
  return 0;
}
