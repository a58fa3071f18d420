/**
 * The one wasm binary reader. The three old copies (check-names.ts, main-realloc.ts,
 * memory-cap.ts) disagreed on how long a LEB128 may be, on values past 2^32 - 1, on typed
 * references in table imports and on the custom-page-size limits flag: pinned here.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { capMemories } from './engine/memory-cap';
import { coreSections, nameBytesOf, u32Leb, WasmReadError, WasmReader } from './wasm-binary';

const reader = (...bytes: number[]) => new WasmReader(new Uint8Array(bytes));
const HEADER = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];

describe('u32', () => {
  it('round-trips every u32 through u32Leb, in at most 5 bytes', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), (n) => {
        const bytes = u32Leb(n);
        return bytes.length <= 5 && reader(...bytes).u32() === n;
      }),
    );
    expect(u32Leb(0)).toEqual([0]);
    expect(u32Leb(624485)).toEqual([0xe5, 0x8e, 0x26]);
  });

  it('accepts a padded (non-minimal) encoding', () => {
    expect(reader(0x80, 0x80, 0x00).u32()).toBe(0);
  });

  it('refuses more than 5 bytes (memory-cap read up to 10, main-realloc 6)', () => {
    expect(() => reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x00).u32()).toThrow(
      /malformed integer at byte 5/,
    );
  });

  it('refuses a value past 2^32 - 1 (the old memory-cap and main-realloc took it)', () => {
    expect(() => reader(0xff, 0xff, 0xff, 0xff, 0x1f).u32()).toThrow(/integer too large/);
    expect(reader(0xff, 0xff, 0xff, 0xff, 0x0f).u32()).toBe(0xffffffff);
  });

  it('refuses to read past the end, with the position', () => {
    const r = reader(0x80);
    expect(() => r.u32()).toThrow(WasmReadError);
    expect(() => reader(0x80).u32()).toThrow('unexpected end at byte 1');
  });
});

describe('s33, names, limits', () => {
  it('reads signed values', () => {
    expect(reader(0x7f).s33()).toBe(-1);
    expect(reader(0x40).s33()).toBe(-64);
    expect(reader(0x3f).s33()).toBe(63);
  });

  it('reads names as written, and refuses one longer than the bytes left', () => {
    const r = reader(...nameBytesOf('héllo'), 0x01);
    expect(r.name()).toBe('héllo');
    expect(r.byte()).toBe(1);
    expect(() => reader(5, 0x61).name()).toThrow(/unexpected end/);
  });

  it('reads limits with a maximum and a custom page size', () => {
    expect(reader(0x00, 1).limits()).toEqual({ flags: 0, min: 1 });
    expect(reader(0x01, 1, 10).limits()).toEqual({ flags: 1, min: 1, max: 10 });
    expect(reader(0x09, 1, 10, 0).limits()).toEqual({
      flags: 9,
      min: 1,
      max: 10,
      pageSizeLog2: 0,
    });
    expect(() => reader(0x10, 1).limits()).toThrow(/unknown limits/);
  });

  it('skips a table import of a typed reference (main-realloc took the type as one byte)', () => {
    // table: (ref null 0) = 0x63 0x00, limits 0 1; then a function import's kind byte follows.
    const r = reader(0x01, 0x63, 0x00, 0x00, 0x01, 0x00, 0x05);
    expect(r.skipImportDesc()).toBe(1);
    expect(r.skipImportDesc()).toBe(0);
    expect(r.done).toBe(true);
    expect(() => reader(0x07).skipImportDesc()).toThrow(/unknown import kind/);
  });
});

describe('sections', () => {
  it('lists sections with their bounds', () => {
    const bytes = new Uint8Array([...HEADER, 1, 2, 0xaa, 0xbb, 0, 0]);
    expect(coreSections(bytes)).toEqual([
      { id: 1, start: 8, payloadStart: 10, end: 12 },
      { id: 0, start: 12, payloadStart: 14, end: 14 },
    ]);
    const r = new WasmReader(bytes, 8);
    const [first] = r.sections();
    expect(r.section(first!).byte()).toBe(0xaa);
  });

  it('refuses a section that claims more bytes than the binary has', () => {
    expect(() => coreSections(new Uint8Array([...HEADER, 5, 40, 1]))).toThrow(
      /section past the end/,
    );
  });

  it('fails the way its owner asks', () => {
    const r = new WasmReader(new Uint8Array([]), 0, 0, (what, pos) => {
      throw new RangeError(`${what}@${pos}`);
    });
    expect(() => r.sub(0, 0).byte()).toThrow(new RangeError('unexpected end@0'));
  });
});

describe('the memory cap on what the old reader got wrong', () => {
  it('leaves a module with a truncated section size alone (it used to throw)', () => {
    const bytes = new Uint8Array([...HEADER, 5, 0x80]);
    expect(capMemories(bytes, 4)).toBe(bytes);
  });

  it('caps a memory with a custom page size and keeps the page size (it used to skip it)', () => {
    const bytes = new Uint8Array([...HEADER, 5, 4, 1, 0x08, 1, 0]);
    expect([...capMemories(bytes, 4).subarray(8)]).toEqual([5, 5, 1, 0x09, 1, 4, 0]);
  });
});
