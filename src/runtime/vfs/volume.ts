/**
 * One in-memory tree for every mount (nested mounts are directories inside their parent mount),
 * with the path rules of Linux as wasmtime shows them to a guest: `..` never above the
 * descriptor's preopen, absolute paths and absolute symlink targets refused (`not-permitted`),
 * at most 40 symlinks per lookup (`loop`), trailing slashes only on directories. Operations take
 * a start directory and the preopen directory it belongs to, and throw `VfsError`s.
 */
import { ENTRY_COST, INODE_COST, MemoryBudget, stringCost } from './budget';
import { VfsError } from './errors';
import { InodeFactory, nowNs, type DirNode, type FileNode, type Inode } from './inode';
import { ChangeJournal } from './journal';
import { utf8Length, MAX_NAME_BYTES, MAX_PATH_BYTES } from '../../manifest/guest-path';
import { fileBytes, isDir, isFile, isSymlink, type FsDir, type FsNode } from './tree';

const MAX_SYMLINK_HOPS = 40;

/** Where a path leads: the entry `name` in `parent` (maybe missing), or a directory itself. */
export type Location =
  | { parent: DirNode; name: string; node: Inode | undefined; trailingSlash: boolean }
  | { parent: undefined; name: '.' | '..'; node: DirNode; trailingSlash: boolean };

/** How the last component is treated: followed if a symlink, or taken as the entry itself. */
export type LastComponent = 'follow' | 'no-follow' | 'entry';

export interface OpenOptions {
  follow: boolean;
  create: boolean;
  exclusive: boolean;
  truncate: boolean;
  directory: boolean;
  write: boolean;
}

/** A timestamp change: leave it, set it to now, or set it to nanoseconds since the epoch. */
export type TimeChange = { kind: 'no-change' } | { kind: 'now' } | { kind: 'at'; ns: bigint };

export class Volume {
  readonly budget: MemoryBudget;
  readonly root: DirNode;
  readonly journal = new ChangeJournal(this);
  private readonly factory: InodeFactory;
  private readonly mountPoints = new Set<DirNode>();
  /**
   * Directories' guest paths as last computed (every descriptor call asks for its directory's).
   * Dropped whenever a directory's parent, name or link count changes (`movedDirs`).
   */
  private dirPaths = new WeakMap<DirNode, string>();

  constructor(limitBytes: number) {
    this.budget = new MemoryBudget(limitBytes);
    this.factory = new InodeFactory(this.budget);
    this.root = this.factory.dir(undefined, '');
    this.root.nlink = 1;
    this.budget.charge(INODE_COST, true);
  }

  // ------------------------------------------------------------------ mounts and guest paths

  /** The directory at an absolute guest path, made (with its parents) if missing: a mount. */
  mountAt(guestPath: string): DirNode {
    let dir = this.root;
    for (const part of guestPath.split('/')) {
      if (!part || part === '.') continue;
      const next = dir.entries.get(part);
      if (next?.kind === 'dir') dir = next;
      else {
        const made = this.factory.dir(dir, part);
        this.budget.charge(INODE_COST, true);
        this.attach(dir, part, made, true);
        dir = made;
      }
    }
    this.mountPoints.add(dir);
    return dir;
  }

  isMountPoint(node: Inode): boolean {
    return node.kind === 'dir' && this.mountPoints.has(node);
  }

  /** Current absolute guest path of a directory, or undefined once it is removed. */
  pathOf(dir: DirNode): string | undefined {
    const known = this.dirPaths.get(dir);
    if (known !== undefined) return known;
    const path = this.computePathOf(dir);
    if (path !== undefined) this.dirPaths.set(dir, path);
    return path;
  }

  /** A directory moved, was removed or was attached: the paths remembered may be stale. */
  private movedDirs(): void {
    this.dirPaths = new WeakMap();
  }

  private computePathOf(dir: DirNode): string | undefined {
    const names: string[] = [];
    let at: DirNode | undefined = dir;
    while (at && at !== this.root) {
      if (at.nlink === 0 || !at.parent) return undefined;
      names.push(at.name);
      at = at.parent;
    }
    return `/${names.reverse().join('/')}`;
  }

  /** Guest path of an entry in a directory. */
  entryPath(parent: DirNode, name: string): string | undefined {
    const base = this.pathOf(parent);
    if (base === undefined) return undefined;
    return base === '/' ? `/${name}` : `${base}/${name}`;
  }

  /** The node at an absolute guest path, following no symlink (for the policy's readlink). */
  nodeAtGuestPath(guestPath: string): Inode | undefined {
    let node: Inode = this.root;
    for (const part of guestPath.split('/')) {
      if (!part || part === '.') continue;
      if (node.kind !== 'dir') return undefined;
      const next: Inode | undefined = node.entries.get(part);
      if (!next) return undefined;
      node = next;
    }
    return node;
  }

  /**
   * The absolute guest path a descriptor-relative path reaches, resolved as the filesystem
   * will resolve it (symlinks in directories followed, `..` after a symlink taken physically).
   * Undefined when the path does not resolve (the call will fail in the filesystem).
   */
  guestPathOf(start: DirNode, top: DirNode, path: string, last: LastComponent): string | undefined {
    try {
      const at = this.locate(start, top, path, last);
      if (at.parent === undefined) return this.pathOf(at.node);
      return this.entryPath(at.parent, at.name);
    } catch {
      return undefined;
    }
  }

  /**
   * Whether resolving the path leaves the directory `top` (`..` above it, or a symlink to an
   * absolute path): the filesystem refuses it with not-permitted, as cap-std does in wasmtime.
   */
  escapes(start: DirNode, top: DirNode, path: string, last: LastComponent): boolean {
    try {
      this.locate(start, top, path, last);
      return false;
    } catch (error) {
      return error instanceof VfsError && error.code === 'not-permitted';
    }
  }

  /** Loads seed files into a directory (charged to the budget, never refused). */
  seed(dir: DirNode, tree: FsDir): void {
    this.budget.unlimited(() => this.seedInto(dir, tree));
  }

  private seedInto(dir: DirNode, tree: FsDir): void {
    for (const [name, child] of Object.entries(tree.dir)) {
      const existing = dir.entries.get(name);
      if (isDir(child)) {
        let sub = existing;
        if (sub?.kind !== 'dir') {
          if (sub) this.detach(dir, name, sub);
          sub = this.newNode(() => this.factory.dir(dir, name));
          this.attach(dir, name, sub);
        }
        this.seedInto(sub, child);
        continue;
      }
      if (existing) this.detach(dir, name, existing);
      if (isSymlink(child)) {
        const link = this.newNode(
          () => this.factory.symlink(child.symlink),
          stringCost(child.symlink),
        );
        this.attach(dir, name, link);
      } else if (isFile(child)) {
        const file = this.newNode(() => this.factory.file());
        file.data.write(0, fileBytes(child));
        this.attach(dir, name, file);
      }
    }
  }

  /**
   * The tree below a directory in the shape of ./tree.ts (for the diff). Directory objects have
   * no prototype, so a name such as `__proto__` is an ordinary key.
   */
  snapshot(dir: DirNode): FsDir {
    const out: Record<string, FsNode> = Object.create(null) as Record<string, FsNode>;
    for (const [name, node] of dir.entries) {
      if (node.kind === 'dir') out[name] = this.snapshot(node);
      else if (node.kind === 'symlink') out[name] = { symlink: node.target };
      else if (node.data.size > this.budget.limit)
        out[name] = { source: new Uint8Array(0), size: node.data.size };
      else out[name] = { source: node.data.bytes() };
    }
    return { dir: out };
  }

  // ------------------------------------------------------------------ lookup

  locate(start: DirNode, top: DirNode, path: string, last: LastComponent): Location {
    if (path === '') throw new VfsError('no-entry');
    if (path.includes('\0')) throw new VfsError('invalid');
    if (path.startsWith('/')) throw new VfsError('not-permitted');
    let trailingSlash = path.endsWith('/');
    const queue = path.split('/').filter((p) => p !== '');
    let dir = start;
    let hops = 0;
    const expand = (target: string, isLast: boolean) => {
      if (++hops > MAX_SYMLINK_HOPS) throw new VfsError('loop');
      if (target === '') throw new VfsError('no-entry');
      if (target.startsWith('/')) throw new VfsError('not-permitted');
      if (isLast && target.endsWith('/')) trailingSlash = true;
      queue.unshift(...target.split('/').filter((p) => p !== ''));
    };
    while (queue.length > 0) {
      const part = queue.shift()!;
      const isLast = queue.length === 0;
      if (part === '.' || part === '..') {
        if (part === '..') {
          if (dir === top || !dir.parent) throw new VfsError('not-permitted');
          dir = dir.parent;
        }
        if (isLast) return { parent: undefined, name: part, node: dir, trailingSlash };
        continue;
      }
      if (utf8Length(part) > MAX_NAME_BYTES) throw new VfsError('name-too-long');
      const node = dir.entries.get(part);
      if (isLast) {
        const follow = last === 'follow' || (last === 'no-follow' && trailingSlash);
        if (node?.kind === 'symlink' && follow) {
          expand(node.target, true);
          continue;
        }
        return { parent: dir, name: part, node, trailingSlash };
      }
      if (!node) throw new VfsError('no-entry');
      if (node.kind === 'symlink') {
        expand(node.target, false);
        continue;
      }
      if (node.kind !== 'dir') throw new VfsError('not-directory');
      dir = node;
    }
    // Only reached for a path made of slashes after a symlink: the directory itself.
    return { parent: undefined, name: '.', node: dir, trailingSlash };
  }

  /** stat-at and friends: the node a path names. */
  lookup(start: DirNode, top: DirNode, path: string, follow: boolean): Inode {
    const at = this.locate(start, top, path, follow ? 'follow' : 'no-follow');
    if (!at.node) throw new VfsError('no-entry');
    if (at.trailingSlash && at.node.kind !== 'dir') throw new VfsError('not-directory');
    return at.node;
  }

  // ------------------------------------------------------------------ entries

  private attach(dir: DirNode, name: string, node: Inode, force = false): void {
    this.budget.charge(ENTRY_COST + stringCost(name), force);
    dir.entries.set(name, node);
    node.nlink++;
    if (node.kind === 'file') {
      let names = node.links.get(dir);
      if (!names) node.links.set(dir, (names = new Set()));
      names.add(name);
    } else if (node.kind === 'dir') {
      node.parent = dir;
      node.name = name;
      this.movedDirs();
    }
    const t = nowNs();
    dir.mtime = t;
    dir.ctime = t;
    node.ctime = t;
    this.journal.added(dir, name, node);
  }

  private detach(dir: DirNode, name: string, node: Inode): void {
    this.journal.removed(dir, name);
    dir.entries.delete(name);
    this.budget.release(ENTRY_COST + stringCost(name));
    node.nlink--;
    if (node.kind === 'dir') this.movedDirs();
    if (node.kind === 'file') {
      const names = node.links.get(dir);
      names?.delete(name);
      if (names && names.size === 0) node.links.delete(dir);
    }
    const t = nowNs();
    dir.mtime = t;
    dir.ctime = t;
    node.ctime = t;
    if (node.nlink === 0) this.release(node);
  }

  /** Frees what a node holds once nothing names it and no descriptor has it open. */
  release(node: Inode): void {
    if (node.nlink > 0 || openCount(node) > 0) return;
    if (node.kind === 'file') node.data.free();
    if (node.kind === 'symlink') this.budget.release(stringCost(node.target));
    if (node.kind === 'dir') {
      node.nlink = 0;
      this.movedDirs();
    }
    this.budget.release(INODE_COST);
  }

  private newNode<T extends Inode>(make: () => T, extra = 0): T {
    this.budget.charge(INODE_COST + extra);
    return make();
  }

  private checkParent(dir: DirNode): void {
    if (dir.nlink === 0) throw new VfsError('no-entry');
  }

  // ------------------------------------------------------------------ operations

  open(
    start: DirNode,
    top: DirNode,
    path: string,
    o: OpenOptions,
  ): { node: Inode; created: boolean } {
    if (o.directory && (o.create || o.exclusive || o.truncate)) throw new VfsError('invalid');
    const at = this.locate(start, top, path, o.follow ? 'follow' : 'no-follow');
    const node = at.node;
    if (!node) {
      if (!o.create || at.parent === undefined) throw new VfsError('no-entry');
      if (at.trailingSlash) throw new VfsError('is-directory');
      this.checkParent(at.parent);
      this.budget.charge(INODE_COST);
      const file = this.factory.file();
      this.attach(at.parent, at.name, file);
      return { node: file, created: true };
    }
    if (o.create && o.exclusive) throw new VfsError('exist');
    if (node.kind === 'symlink') throw new VfsError(o.directory ? 'not-directory' : 'loop');
    if (node.kind !== 'dir' && (at.trailingSlash || o.directory))
      throw new VfsError('not-directory');
    if (node.kind === 'dir') {
      if (o.write || o.truncate || o.create) throw new VfsError('is-directory');
      return { node, created: false };
    }
    if (o.truncate) this.setSize(node, 0);
    return { node, created: false };
  }

  createDirectory(start: DirNode, top: DirNode, path: string): void {
    const at = this.locate(start, top, path, 'entry');
    if (at.parent === undefined || at.node) throw new VfsError('exist');
    this.checkParent(at.parent);
    const dir = this.newNode(() => this.factory.dir(at.parent, at.name));
    this.attach(at.parent, at.name, dir);
  }

  removeDirectory(start: DirNode, top: DirNode, path: string): void {
    const at = this.locate(start, top, path, 'entry');
    if (at.parent === undefined) throw new VfsError(at.name === '.' ? 'invalid' : 'not-empty');
    const node = at.node;
    if (!node) throw new VfsError('no-entry');
    if (node.kind !== 'dir') throw new VfsError('not-directory');
    if (this.mountPoints.has(node)) throw new VfsError('busy');
    if (node.entries.size > 0) throw new VfsError('not-empty');
    this.detach(at.parent, at.name, node);
    node.nlink = 0;
    this.movedDirs();
  }

  unlinkFile(start: DirNode, top: DirNode, path: string): void {
    const at = this.locate(start, top, path, 'entry');
    if (at.parent === undefined) throw new VfsError('is-directory');
    const node = at.node;
    if (!node) throw new VfsError('no-entry');
    if (node.kind === 'dir') throw new VfsError('is-directory');
    if (at.trailingSlash) throw new VfsError('not-directory');
    this.detach(at.parent, at.name, node);
  }

  symlink(start: DirNode, top: DirNode, target: string, path: string): void {
    if (target === '') throw new VfsError('no-entry');
    if (target.includes('\0')) throw new VfsError('invalid');
    // Linux refuses a target of PATH_MAX bytes or more (ENAMETOOLONG).
    if (utf8Length(target) >= MAX_PATH_BYTES) throw new VfsError('name-too-long');
    if (target.startsWith('/')) throw new VfsError('not-permitted');
    const at = this.locate(start, top, path, 'entry');
    if (at.parent === undefined) throw new VfsError('exist');
    if (at.node) {
      if (at.trailingSlash && at.node.kind !== 'dir') throw new VfsError('not-directory');
      throw new VfsError('exist');
    }
    if (at.trailingSlash) throw new VfsError('no-entry');
    this.checkParent(at.parent);
    const link = this.newNode(() => this.factory.symlink(target), stringCost(target));
    this.attach(at.parent, at.name, link);
  }

  readlink(start: DirNode, top: DirNode, path: string): string {
    const at = this.locate(start, top, path, 'entry');
    if (at.parent === undefined) throw new VfsError('invalid');
    if (!at.node) throw new VfsError('no-entry');
    if (at.node.kind !== 'symlink') throw new VfsError('invalid');
    return at.node.target;
  }

  /**
   * The entry a link or rename starts from: it must exist (`no-entry`) and not be a mount's
   * top (`atTop`: a mount cannot be linked, `busy` to rename).
   */
  private sourceEntry(
    from: { start: DirNode; top: DirNode; path: string },
    atTop: 'not-permitted' | 'busy',
  ) {
    const src = this.locate(from.start, from.top, from.path, 'entry');
    if (src.parent === undefined) throw new VfsError(atTop);
    const node = src.node;
    if (!node) throw new VfsError('no-entry');
    return { src, node };
  }

  link(
    from: { start: DirNode; top: DirNode; path: string },
    to: { start: DirNode; top: DirNode; path: string },
  ): void {
    const { src, node } = this.sourceEntry(from, 'not-permitted');
    if (node.kind === 'dir') throw new VfsError('not-permitted');
    if (src.trailingSlash) throw new VfsError('not-directory');
    const dst = this.locate(to.start, to.top, to.path, 'entry');
    if (dst.parent === undefined || dst.node) throw new VfsError('exist');
    if (dst.trailingSlash) throw new VfsError('no-entry');
    this.checkParent(dst.parent);
    this.attach(dst.parent, dst.name, node);
    if (node.kind === 'file') this.journal.fileChanged(node);
  }

  rename(
    from: { start: DirNode; top: DirNode; path: string },
    to: { start: DirNode; top: DirNode; path: string },
  ): void {
    const { src, node } = this.sourceEntry(from, 'busy');
    if (src.trailingSlash && node.kind !== 'dir') throw new VfsError('not-directory');
    if (this.mountPoints.has(node as DirNode)) throw new VfsError('busy');
    const dst = this.locate(to.start, to.top, to.path, 'entry');
    if (dst.parent === undefined) throw new VfsError('busy');
    if (dst.trailingSlash && node.kind !== 'dir') throw new VfsError('not-directory');
    const existing = dst.node;
    if (existing === node) return; // the same object: POSIX does nothing
    if (node.kind === 'dir') {
      for (let at: DirNode | undefined = dst.parent; at; at = at.parent) {
        if (at === node) throw new VfsError('invalid'); // into its own subtree
      }
      if (existing) {
        if (existing.kind !== 'dir') throw new VfsError('not-directory');
        if (this.mountPoints.has(existing)) throw new VfsError('busy');
        if (existing.entries.size > 0) throw new VfsError('not-empty');
      }
    } else if (existing?.kind === 'dir') {
      throw new VfsError('is-directory');
    }
    this.checkParent(dst.parent);
    // Charge the new name before changing anything: a refused rename changes nothing.
    this.budget.charge(ENTRY_COST + stringCost(dst.name));
    const fromPath = this.entryPath(src.parent, src.name);
    if (existing) {
      this.detach(dst.parent, dst.name, existing);
      if (existing.kind === 'dir') {
        existing.nlink = 0;
        this.movedDirs();
      }
    }
    src.parent.entries.delete(src.name);
    this.budget.release(ENTRY_COST + stringCost(src.name));
    dst.parent.entries.set(dst.name, node);
    if (node.kind === 'file') {
      const names = node.links.get(src.parent);
      names?.delete(src.name);
      if (names && names.size === 0) node.links.delete(src.parent);
      let now = node.links.get(dst.parent);
      if (!now) node.links.set(dst.parent, (now = new Set()));
      now.add(dst.name);
    } else if (node.kind === 'dir') {
      node.parent = dst.parent;
      node.name = dst.name;
      this.movedDirs();
    }
    const t = nowNs();
    for (const dir of [src.parent, dst.parent]) {
      dir.mtime = t;
      dir.ctime = t;
    }
    node.ctime = t;
    this.journal.moved(fromPath, this.entryPath(dst.parent, dst.name), node);
  }

  // ------------------------------------------------------------------ data and metadata

  read(file: FileNode, offset: number, length: number): Uint8Array {
    const bytes = file.data.read(offset, length);
    file.atime = nowNs();
    return bytes;
  }

  write(file: FileNode, offset: number, bytes: Uint8Array): void {
    file.data.write(offset, bytes);
    const t = nowNs();
    file.mtime = t;
    file.ctime = t;
    this.journal.fileChanged(file, offset, offset + bytes.byteLength);
  }

  setSize(file: FileNode, size: number): void {
    const end = Math.min(size, file.data.size);
    file.data.truncate(size);
    const t = nowNs();
    file.mtime = t;
    file.ctime = t;
    this.journal.fileChanged(file, end, end);
  }

  setTimes(node: Inode, atime: TimeChange, mtime: TimeChange): void {
    const t = nowNs();
    if (atime.kind !== 'no-change') node.atime = atime.kind === 'now' ? t : atime.ns;
    if (mtime.kind !== 'no-change') node.mtime = mtime.kind === 'now' ? t : mtime.ns;
    node.ctime = t;
  }

  readDirectory(dir: DirNode): [string, Inode][] {
    dir.atime = nowNs();
    return [...dir.entries];
  }
}

/** Open descriptors per node, so an unlinked file that is still open keeps its bytes. */
const opens = new WeakMap<Inode, number>();
export function openCount(node: Inode): number {
  return opens.get(node) ?? 0;
}
export function retain(node: Inode): void {
  opens.set(node, openCount(node) + 1);
}
export function unretain(volume: Volume, node: Inode): void {
  const n = openCount(node) - 1;
  if (n > 0) opens.set(node, n);
  else {
    opens.delete(node);
    if (node.nlink === 0) volume.release(node);
  }
}
