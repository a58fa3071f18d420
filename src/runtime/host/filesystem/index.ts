/**
 * Airlock's wasi:filesystem (types + preopens) for one run: every mount is a directory of one
 * volume, and each preopen is named exactly as the manifest or `--dir` gave it (`fs-tests.dir`,
 * `.`, `/data`), as wasmtime names them.
 */
import type { ResolvedMount } from '../../../manifest/resolve';
import type { Volume } from '../../vfs/volume';
import {
  Descriptor,
  DirectoryEntryStream,
  filesystemErrorCode,
  type StreamFactories,
} from './descriptor';

export { Descriptor, DirectoryEntryStream, descriptorState } from './descriptor';
export type { StreamFactories } from './descriptor';

export interface Filesystem {
  types: Record<string, unknown>;
  preopens: Record<string, unknown>;
  /** The preopen descriptors with the guest path each stands for (for the log). */
  preopenPaths: Map<object, string>;
}

export function createFilesystem(
  volume: Volume,
  mounts: readonly ResolvedMount[],
  io: StreamFactories,
): Filesystem {
  const preopenPaths = new Map<object, string>();
  const entries: [Descriptor, string][] = mounts.map((mount) => {
    const node = volume.mountAt(mount.guest);
    const writable = mount.access === 'read-write';
    const descriptor = Descriptor.create({
      volume,
      node,
      top: node,
      preopen: true,
      flags: { read: true, mutateDirectory: writable },
      canRead: true,
      canWrite: false,
      io,
    });
    preopenPaths.set(descriptor, mount.guest);
    return [descriptor, mount.preopen ?? mount.guest];
  });
  return {
    types: {
      Descriptor,
      DirectoryEntryStream,
      filesystemErrorCode: (error: object) => filesystemErrorCode(error),
    },
    preopens: { getDirectories: () => [...entries] },
    preopenPaths,
  };
}
