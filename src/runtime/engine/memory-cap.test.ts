import { describe, expect, it } from 'vitest';
import { capMemories, pagesForMiB } from './memory-cap';

/** (module (memory 1)) and (module (memory 2 10)) as bytes. */
const memoryNoMax = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 5, 3, 1, 0, 1]);
const memoryWithMax = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 5, 4, 1, 1, 2, 10]);

describe('capMemories', () => {
  it('gives a memory without a maximum the cap, so memory.grow fails beyond it', () => {
    const capped = capMemories(memoryNoMax, 4);
    expect([...capped.subarray(8)]).toEqual([5, 4, 1, 1, 1, 4]);
    // A module exporting its capped memory cannot grow past 4 pages.
    const exporting = new Uint8Array([
      0, 97, 115, 109, 1, 0, 0, 0, 5, 3, 1, 0, 1, 7, 5, 1, 1, 109, 2, 0,
    ]);
    const instance = new WebAssembly.Instance(
      new WebAssembly.Module(capMemories(exporting, 4) as BufferSource),
    );
    const memory = instance.exports.m as WebAssembly.Memory;
    expect(memory.grow(3)).toBe(1);
    expect(() => memory.grow(1)).toThrow(RangeError);
  });

  it('lowers a larger maximum and keeps a smaller one', () => {
    expect([...capMemories(memoryWithMax, 4).subarray(8)]).toEqual([5, 4, 1, 1, 2, 4]);
    expect([...capMemories(memoryWithMax, 64).subarray(8)]).toEqual([5, 4, 1, 1, 2, 10]);
  });

  it('leaves modules without memories and malformed bytes alone', () => {
    const empty = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);
    expect(capMemories(empty, 4)).toBe(empty);
    const truncated = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 5, 40, 1]);
    expect(capMemories(truncated, 4)).toBe(truncated);
  });

  it('converts MiB to 64 KiB pages', () => {
    expect(pagesForMiB(256)).toBe(4096);
    expect(pagesForMiB(1)).toBe(16);
  });
});
