import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { exportReallocFromMalloc } from './main-realloc';

const exportsOf = (bytes: Uint8Array) =>
  WebAssembly.Module.exports(new WebAssembly.Module(bytes as BufferSource)).map((e) => e.name);

describe('exportReallocFromMalloc', () => {
  test('a wasi-libc program with names gets a cabi_realloc export and stays valid', () => {
    const bytes = new Uint8Array(readFileSync('conformance/real-programs/heap-after-io.wasm'));
    expect(exportsOf(bytes)).not.toContain('cabi_realloc');
    const patched = exportReallocFromMalloc(bytes);
    expect(patched.patched).toBe(true);
    expect(WebAssembly.validate(patched.bytes as BufferSource)).toBe(true);
    expect(exportsOf(patched.bytes)).toEqual([...exportsOf(bytes), 'cabi_realloc']);
  });

  test('the export allocates through malloc, aligned, and never returns memory twice', () => {
    // A stand-in module: `malloc` is a bump allocator over its own counter, named in the
    // name section as wasm-ld names it.
    const patched = exportReallocFromMalloc(bumpModule());
    expect(patched.patched).toBe(true);
    const instance = new WebAssembly.Instance(
      new WebAssembly.Module(patched.bytes as BufferSource),
    );
    const realloc = instance.exports.cabi_realloc as (
      a: number,
      b: number,
      c: number,
      d: number,
    ) => number;
    const first = realloc(0, 0, 8, 65536);
    const second = realloc(0, 0, 16, 100);
    expect(first % 8).toBe(0);
    expect(second % 16).toBe(0);
    expect(second).toBeGreaterThanOrEqual(first + 65536);
    expect(() => realloc(first, 65536, 8, 131072)).toThrow(); // never asked to grow: trap
  });

  test('a module without a named malloc is left as it was, with the reason', () => {
    const bytes = new Uint8Array(
      readFileSync('conformance/wasi-testsuite/assemblyscript/environ_get-multiple-variables.wasm'),
    );
    const result = exportReallocFromMalloc(bytes);
    expect(result).toMatchObject({ patched: false, reason: 'its name section names no malloc' });
    expect(result.bytes).toBe(bytes);
  });
});

/** (module (global (mut i32) 1000) (func $malloc (param i32) (result i32) ...) (export "_start")) */
function bumpModule(): Uint8Array {
  const name = (s: string) => [s.length, ...new TextEncoder().encode(s)];
  const section = (id: number, payload: number[]) => [id, payload.length, ...payload];
  const mallocBody = [
    0x00, // no locals
    ...[0x23, 0x00], // global.get 0 (returned)
    ...[0x23, 0x00, 0x20, 0x00, 0x6a, 0x24, 0x00], // global 0 += size
    0x0b,
  ];
  const startBody = [0x00, 0x0b];
  const nameSection = [
    ...name('name'),
    1,
    ...(() => {
      const sub = [1, 0, ...name('malloc')];
      return [sub.length, ...sub];
    })(),
  ];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [2, 0x60, 1, 0x7f, 1, 0x7f, 0x60, 0, 0]),
    ...section(3, [2, 0, 1]),
    ...section(6, [1, 0x7f, 1, 0x41, 0xe8, 0x07, 0x0b]),
    ...section(7, [1, ...name('_start'), 0, 1]),
    ...section(10, [2, mallocBody.length, ...mallocBody, startBody.length, ...startBody]),
    ...section(0, nameSection),
  ]);
}
