/**
 * The bytes a guest makes the host hold through the filesystem (file data as allocated, symlink
 * targets, names, directory entries, inodes), counted against `limits.maxMemoryMiB`. A charge
 * that would pass the limit is refused before anything is allocated.
 */
import { VfsError } from './errors';

/** What one inode costs besides its data (object, maps, timestamps). */
export const INODE_COST = 96;
/** What one directory entry costs besides its name. */
export const ENTRY_COST = 48;

/** Bytes a JS string holds (two per UTF-16 code unit). */
export function stringCost(s: string): number {
  return s.length * 2;
}

export class MemoryBudget {
  used = 0;
  constructor(public limit: number) {}

  /** Takes `bytes` from the budget, or throws `insufficient-space` and takes nothing. */
  /** `force`: the manifest's own seed files, which are charged but never refused. */
  charge(bytes: number, force = false): void {
    if (bytes <= 0) return;
    if (!force && this.used + bytes > this.limit) throw new VfsError('insufficient-space');
    this.used += bytes;
  }

  /** Runs `body` with every charge forced (the manifest's seed files). */
  unlimited<T>(body: () => T): T {
    const limit = this.limit;
    this.limit = Infinity;
    try {
      return body();
    } finally {
      this.limit = limit;
    }
  }

  release(bytes: number): void {
    if (bytes > 0) this.used = Math.max(0, this.used - bytes);
  }
}
