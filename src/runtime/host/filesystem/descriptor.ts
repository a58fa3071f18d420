/**
 * wasi:filesystem/types over the virtual filesystem (src/runtime/vfs): the `descriptor` and
 * `directory-entry-stream` resources, with wasmtime's errors for each misuse. File streams are
 * the shim's own wasi:io InputStream/OutputStream instances (made with its factories), since the
 * generated bindings check `instanceof` against the shim's classes.
 */
import { isVfsError, VfsError, type FsErrorCode } from '../../vfs/errors';
import type { DirNode, FileNode, Inode } from '../../vfs/inode';
import { linkCount, sizeOf } from '../../vfs/inode';
import { retain, unretain, type TimeChange, type Volume } from '../../vfs/volume';
import type {
  Datetime,
  DescriptorFlags,
  DescriptorStat,
  DescriptorType,
  MetadataHashValue,
  NewTimestamp,
  OpenFlags,
  PathFlags,
} from './wasi-types';

/** The parts of the shim's wasi:io the filesystem needs (injected: only workers import it). */
export interface StreamFactories {
  inputStreamCreate: (handler: {
    blockingRead: (len: bigint) => Uint8Array;
    drop?: () => void;
  }) => object;
  outputStreamCreate: (handler: {
    write: (bytes: Uint8Array) => void;
    flush?: () => void;
    blockingFlush?: () => void;
    checkWrite?: () => bigint;
    drop?: () => void;
  }) => object;
  ioErrorCreate: (message: string) => object;
}

/** Largest read the host allocates for one call: wasmtime's MAX_READ_SIZE_ALLOC. */
const MAX_READ = 64 * 1024;
/** What a file stream's check-write allows at once. */
const WRITE_PERMIT = 1024n * 1024n;

interface State {
  volume: Volume;
  node: Inode;
  /**
   * The directory `..` never climbs above: the descriptor's own directory (a preopen's root, or
   * a directory opened by open-at), as cap-std sandboxes every directory handle in wasmtime.
   */
  top: DirNode;
  flags: DescriptorFlags;
  /** A preopen: the same object for every get-directories, never released. */
  preopen?: boolean;
  canRead: boolean;
  canWrite: boolean;
  io: StreamFactories;
}

/** The key jco calls when the guest drops a handle (Symbol.dispose where it exists, as jco). */
const symbolDispose: typeof Symbol.dispose =
  (Symbol as { dispose?: typeof Symbol.dispose }).dispose ??
  (Symbol.for('dispose') as typeof Symbol.dispose);

const states = new WeakMap<object, State>();
const released = new WeakSet<object>();
/** The io-errors made for failed stream operations, with their filesystem error code. */
const streamErrorCodes = new WeakMap<object, FsErrorCode>();

/** What the gates may know about a descriptor: its node and its preopen. */
export function descriptorState(
  value: unknown,
): { volume: Volume; node: Inode; top: DirNode } | undefined {
  return value && typeof value === 'object' ? states.get(value) : undefined;
}

function fail(code: FsErrorCode): never {
  throw new VfsError(code);
}

/** Runs a filesystem operation and turns a VfsError into the WIT error-code jco expects. */
function wasi<T>(body: () => T): T {
  try {
    return body();
  } catch (error) {
    if (isVfsError(error)) throw error.code;
    throw error;
  }
}

function toNumber(value: bigint | number): number {
  const n = typeof value === 'bigint' ? Number(value) : value;
  return Number.isSafeInteger(n) ? n : Number.MAX_SAFE_INTEGER;
}

function datetime(ns: bigint): Datetime {
  return { seconds: ns / 1_000_000_000n, nanoseconds: Number(ns % 1_000_000_000n) };
}

function typeOf(node: Inode): DescriptorType {
  return node.kind === 'file'
    ? 'regular-file'
    : node.kind === 'dir'
      ? 'directory'
      : 'symbolic-link';
}

function statOf(node: Inode): DescriptorStat {
  return {
    type: typeOf(node),
    linkCount: BigInt(linkCount(node)),
    size: BigInt(sizeOf(node)),
    dataAccessTimestamp: datetime(node.atime),
    dataModificationTimestamp: datetime(node.mtime),
    statusChangeTimestamp: datetime(node.ctime),
  };
}

/** A 64-bit mix of the inode number (splitmix64), upper half as wasmtime makes it. */
function hashOf(node: Inode): MetadataHashValue {
  const mask = (1n << 64n) - 1n;
  let z = (BigInt(node.ino) + 0x9e3779b97f4a7c15n) & mask;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & mask;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & mask;
  const lower = z ^ (z >> 31n);
  return { lower, upper: lower ^ 4614256656552045848n };
}

function timeChange(t: NewTimestamp): TimeChange {
  if (t.tag === 'now') return { kind: 'now' };
  if (t.tag === 'no-change') return { kind: 'no-change' };
  // As wasmtime (Duration::new): nanoseconds past a second carry into the seconds.
  return { kind: 'at', ns: t.val.seconds * 1_000_000_000n + BigInt(t.val.nanoseconds) };
}

export class DirectoryEntryStream {
  #entries: [string, Inode][] = [];
  #next = 0;
  static create(entries: [string, Inode][]): DirectoryEntryStream {
    const stream = new DirectoryEntryStream();
    stream.#entries = entries;
    return stream;
  }
  readDirectoryEntry(): { type: DescriptorType; name: string } | undefined {
    const entry = this.#entries[this.#next];
    if (!entry) return undefined;
    this.#next++;
    return { type: typeOf(entry[1]), name: entry[0] };
  }
}

export class Descriptor {
  /** A descriptor for a node (the preopens, and every open-at). */
  static create(state: State): Descriptor {
    const descriptor = new Descriptor();
    states.set(descriptor, state);
    retain(state.node);
    return descriptor;
  }

  #state(): State {
    const s = states.get(this);
    if (!s) throw 'bad-descriptor';
    return s;
  }
  #file(): State & { node: FileNode } {
    const s = this.#state();
    if (s.node.kind !== 'file') fail('bad-descriptor');
    return s as State & { node: FileNode };
  }
  #dir(): State & { node: DirNode } {
    const s = this.#state();
    if (s.node.kind !== 'dir') fail('not-directory');
    return s as State & { node: DirNode };
  }

  readViaStream(offset: bigint): object {
    return wasi(() => {
      const s = this.#state();
      if (s.node.kind === 'dir') fail('is-directory');
      const { volume, io } = s;
      const file = this.#file().node;
      let pos = toNumber(offset);
      return io.inputStreamCreate({
        blockingRead: (len: bigint) => {
          if (!s.canRead) throw streamError(io, 'bad-descriptor');
          if (pos >= file.data.size) throw { tag: 'closed' };
          const bytes = volume.read(file, pos, Math.min(toNumber(len), MAX_READ));
          pos += bytes.byteLength;
          return bytes;
        },
      });
    });
  }

  writeViaStream(offset: bigint): object {
    return wasi(() => {
      const s = this.#file();
      let pos = toNumber(offset);
      return fileOutput(
        s,
        () => pos,
        (n) => (pos += n),
      );
    });
  }

  appendViaStream(): object {
    return wasi(() => {
      const s = this.#file();
      return fileOutput(
        s,
        () => s.node.data.size,
        () => undefined,
      );
    });
  }

  advise(_offset: bigint, _length: bigint, _advice: string): void {
    wasi(() => this.#file());
  }

  syncData(): void {
    wasi(() => this.#state());
  }

  sync(): void {
    wasi(() => this.#state());
  }

  getFlags(): DescriptorFlags {
    return wasi(() => ({ ...this.#state().flags }));
  }

  getType(): DescriptorType {
    return wasi(() => typeOf(this.#state().node));
  }

  setSize(size: bigint): void {
    wasi(() => {
      const s = this.#file();
      if (!s.canWrite) fail('invalid');
      s.volume.setSize(s.node, toNumber(size));
    });
  }

  setTimes(atime: NewTimestamp, mtime: NewTimestamp): void {
    wasi(() => {
      const s = this.#state();
      s.volume.setTimes(s.node, timeChange(atime), timeChange(mtime));
    });
  }

  read(length: bigint, offset: bigint): [Uint8Array, boolean] {
    return wasi(() => {
      const s = this.#file();
      if (!s.canRead) fail('bad-descriptor');
      const bytes = s.volume.read(s.node, toNumber(offset), Math.min(toNumber(length), MAX_READ));
      return [bytes, bytes.byteLength === 0];
    });
  }

  write(buffer: Uint8Array, offset: bigint): bigint {
    return wasi(() => {
      const s = this.#file();
      if (!s.canWrite) fail('bad-descriptor');
      s.volume.write(s.node, toNumber(offset), buffer);
      return BigInt(buffer.byteLength);
    });
  }

  readDirectory(): DirectoryEntryStream {
    return wasi(() => {
      const s = this.#dir();
      return DirectoryEntryStream.create(s.volume.readDirectory(s.node));
    });
  }

  createDirectoryAt(path: string): void {
    wasi(() => {
      const s = this.#dir();
      s.volume.createDirectory(s.node, s.top, path);
    });
  }

  /** The node at `path` below this directory (its last symlink followed when asked). */
  #lookupAt(pathFlags: PathFlags, path: string) {
    const s = this.#dir();
    return s.volume.lookup(s.node, s.top, path, !!pathFlags.symlinkFollow);
  }

  stat(): DescriptorStat {
    return wasi(() => statOf(this.#state().node));
  }

  statAt(pathFlags: PathFlags, path: string): DescriptorStat {
    return wasi(() => statOf(this.#lookupAt(pathFlags, path)));
  }

  setTimesAt(pathFlags: PathFlags, path: string, atime: NewTimestamp, mtime: NewTimestamp): void {
    wasi(() => {
      const s = this.#dir();
      const node = s.volume.lookup(s.node, s.top, path, !!pathFlags.symlinkFollow);
      s.volume.setTimes(node, timeChange(atime), timeChange(mtime));
    });
  }

  linkAt(
    oldPathFlags: PathFlags,
    oldPath: string,
    newDescriptor: Descriptor,
    newPath: string,
  ): void {
    wasi(() => {
      const s = this.#dir();
      const to = newDescriptor.#dir();
      if (oldPathFlags.symlinkFollow) fail('invalid');
      s.volume.link(
        { start: s.node, top: s.top, path: oldPath },
        { start: to.node, top: to.top, path: newPath },
      );
    });
  }

  openAt(
    pathFlags: PathFlags,
    path: string,
    openFlags: OpenFlags,
    flags: DescriptorFlags,
  ): Descriptor {
    return wasi(() => {
      const s = this.#dir();
      const write = !!openFlags.create || !!openFlags.truncate || !!flags.write;
      const { node } = s.volume.open(s.node, s.top, path, {
        follow: !!pathFlags.symlinkFollow,
        create: !!openFlags.create,
        exclusive: !!openFlags.exclusive,
        truncate: !!openFlags.truncate,
        directory: !!openFlags.directory,
        write: !!flags.write,
      });
      const canRead = !!flags.read || !flags.write;
      const isDir = node.kind === 'dir';
      const kept: DescriptorFlags = {
        read: canRead,
        write: !isDir && write,
        fileIntegritySync: !!flags.fileIntegritySync,
        dataIntegritySync: !!flags.dataIntegritySync,
        requestedWriteSync: !!flags.requestedWriteSync,
        mutateDirectory: isDir && !!flags.mutateDirectory,
      };
      return Descriptor.create({
        volume: s.volume,
        node,
        top: node.kind === 'dir' ? node : s.top,
        flags: kept,
        canRead,
        canWrite: !isDir && write,
        io: s.io,
      });
    });
  }

  readlinkAt(path: string): string {
    return wasi(() => {
      const s = this.#dir();
      return s.volume.readlink(s.node, s.top, path);
    });
  }

  removeDirectoryAt(path: string): void {
    wasi(() => {
      const s = this.#dir();
      s.volume.removeDirectory(s.node, s.top, path);
    });
  }

  renameAt(oldPath: string, newDescriptor: Descriptor, newPath: string): void {
    wasi(() => {
      const s = this.#dir();
      const to = newDescriptor.#dir();
      s.volume.rename(
        { start: s.node, top: s.top, path: oldPath },
        { start: to.node, top: to.top, path: newPath },
      );
    });
  }

  symlinkAt(oldPath: string, newPath: string): void {
    wasi(() => {
      const s = this.#dir();
      s.volume.symlink(s.node, s.top, oldPath, newPath);
    });
  }

  unlinkFileAt(path: string): void {
    wasi(() => {
      const s = this.#dir();
      s.volume.unlinkFile(s.node, s.top, path);
    });
  }

  isSameObject(other: Descriptor): boolean {
    return this.#state().node === other.#state().node;
  }

  metadataHash(): MetadataHashValue {
    return wasi(() => hashOf(this.#state().node));
  }

  metadataHashAt(pathFlags: PathFlags, path: string): MetadataHashValue {
    return wasi(() => hashOf(this.#lookupAt(pathFlags, path)));
  }

  /**
   * The guest dropped its handle: an unlinked file's bytes may go. The state stays (a preopen
   * object is handed out again by every get-directories, so it is never released).
   */
  [symbolDispose](): void {
    const s = states.get(this);
    if (!s || s.preopen || released.has(this)) return;
    released.add(this);
    unretain(s.volume, s.node);
  }
}

function streamError(io: StreamFactories, code: FsErrorCode): unknown {
  const error = io.ioErrorCreate(code);
  streamErrorCodes.set(error, code);
  return { tag: 'last-operation-failed', val: error };
}

function fileOutput(
  s: State & { node: FileNode },
  position: () => number,
  advance: (n: number) => void,
): object {
  const { volume, io, node } = s;
  return io.outputStreamCreate({
    write: (bytes: Uint8Array) => {
      if (!s.canWrite) throw streamError(io, 'bad-descriptor');
      try {
        volume.write(node, position(), bytes);
      } catch (error) {
        if (isVfsError(error)) throw streamError(io, error.code);
        throw error;
      }
      advance(bytes.byteLength);
    },
    flush: () => undefined,
    blockingFlush: () => undefined,
    checkWrite: () => WRITE_PERMIT,
  });
}

/** `filesystem-error-code`: the code behind a stream's io-error, if the filesystem made it. */
export function filesystemErrorCode(error: object): FsErrorCode | undefined {
  return streamErrorCodes.get(error);
}
