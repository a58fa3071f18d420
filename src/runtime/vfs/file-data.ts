/**
 * A file's bytes, sparse: fixed-size chunks that exist only where something was written. A gap
 * (seek past the end, set-size up) reads as zeros and costs nothing until written. Each chunk
 * is only as long as its written extent (grown by doubling), so a small file holds a small
 * array. Every allocation is charged to the budget first.
 */
import type { MemoryBudget } from './budget';
import { VfsError } from './errors';

export const CHUNK = 65536;
/** Largest file size a guest may set (wasmtime: the host's limit; here 2^53 - 1 bytes). */
export const MAX_FILE_SIZE = Number.MAX_SAFE_INTEGER;

export class FileData {
  size = 0;
  private readonly chunks = new Map<number, Uint8Array>();
  constructor(private readonly budget: MemoryBudget) {}

  /** Bytes held by the chunks (what the budget was charged). */
  held(): number {
    let n = 0;
    for (const chunk of this.chunks.values()) n += chunk.byteLength;
    return n;
  }

  read(offset: number, length: number): Uint8Array {
    if (offset >= this.size || length <= 0) return new Uint8Array(0);
    const end = Math.min(this.size, offset + length);
    const out = new Uint8Array(end - offset);
    let pos = offset;
    while (pos < end) {
      const index = Math.floor(pos / CHUNK);
      const inChunk = pos - index * CHUNK;
      const n = Math.min(CHUNK - inChunk, end - pos);
      const chunk = this.chunks.get(index);
      if (chunk && inChunk < chunk.byteLength) {
        out.set(chunk.subarray(inChunk, Math.min(chunk.byteLength, inChunk + n)), pos - offset);
      }
      pos += n;
    }
    return out;
  }

  write(offset: number, bytes: Uint8Array): void {
    const end = offset + bytes.byteLength;
    if (!Number.isSafeInteger(end) || end > MAX_FILE_SIZE) throw new VfsError('file-too-large');
    if (bytes.byteLength === 0) return;
    // Charge every chunk's growth before touching any, so a refused write changes nothing.
    const growth: [number, number][] = [];
    let extra = 0;
    for (let pos = offset; pos < end;) {
      const index = Math.floor(pos / CHUNK);
      const inChunk = pos - index * CHUNK;
      const n = Math.min(CHUNK - inChunk, end - pos);
      const have = this.chunks.get(index)?.byteLength ?? 0;
      const need = inChunk + n;
      if (need > have) {
        const length = Math.min(CHUNK, Math.max(need, have * 2, 64));
        growth.push([index, length]);
        extra += length - have;
      }
      pos += n;
    }
    this.budget.charge(extra);
    for (const [index, length] of growth) {
      const old = this.chunks.get(index);
      const grown = new Uint8Array(length);
      if (old) grown.set(old);
      this.chunks.set(index, grown);
    }
    for (let pos = offset; pos < end;) {
      const index = Math.floor(pos / CHUNK);
      const inChunk = pos - index * CHUNK;
      const n = Math.min(CHUNK - inChunk, end - pos);
      this.chunks.get(index)!.set(bytes.subarray(pos - offset, pos - offset + n), inChunk);
      pos += n;
    }
    if (end > this.size) this.size = end;
  }

  /** set-size: shrinking frees the chunks past the end; growing adds a gap of zeros. */
  truncate(size: number): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > MAX_FILE_SIZE)
      throw new VfsError('file-too-large');
    if (size < this.size) {
      const lastIndex = Math.floor(size / CHUNK);
      for (const [index, chunk] of [...this.chunks]) {
        if (index > lastIndex || (index === lastIndex && size % CHUNK === 0)) {
          this.budget.release(chunk.byteLength);
          this.chunks.delete(index);
        } else if (index === lastIndex) {
          chunk.fill(0, size - index * CHUNK);
        }
      }
    }
    this.size = size;
  }

  /** Frees everything (the file's last link and last descriptor are gone). */
  free(): void {
    this.budget.release(this.held());
    this.chunks.clear();
  }

  /** The whole file as one array (for the page and the diff). */
  bytes(): Uint8Array {
    return this.read(0, this.size);
  }
}
