/**
 * Mount trees as plain data (`{ dir: { name: { source } | { dir } | { symlink } } }`): the
 * manifest's seed files going into the volume (./volume.ts) and the snapshots coming out of it
 * for the diff after a run.
 */
import { base64ToBytes } from '../../share/base64';

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

/** Builds one mount's tree from its seed files (`"a/b.txt": "text"`, `"sub/dir/": {}`). */
export function buildMountTree(files: MountSeed['files']): FsDir {
  // Directory objects without a prototype: a seed named `__proto__` is an ordinary name.
  const root: FsDir = { dir: Object.create(null) as FsDir['dir'] };
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
        const created: FsDir = { dir: Object.create(null) as FsDir['dir'] };
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
