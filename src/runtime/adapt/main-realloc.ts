/**
 * Gives a preview1 module a `cabi_realloc` export built on its own `malloc`, before the preview1
 * adapter is attached.
 *
 * Why: the adapter keeps its state (one 64 KiB page) and its stack (another) in the guest's
 * linear memory. When the module exports no `cabi_realloc`, wit-component lets the adapter take
 * them with `memory.grow` at its first call, which happens before the guest's first `malloc`
 * (wasi-libc reads its preopens in a constructor). An allocator that claims all memory present
 * at its first call as heap (wasi-libc's dlmalloc before `__heap_end`, i.e. wasi-sdk up to 19 and
 * Debian's wasi-libc; AssemblyScript's TLSF) then hands the adapter's pages out to the program,
 * which overwrites them: the adapter's canary check fails ("assertion failed at adapter line
 * 2857/2858"). wasmtime runs preview1 modules natively, without an adapter, so it never meets
 * this. With a `cabi_realloc` export, wit-component has the adapter allocate through it: the
 * pages come from the guest's own heap and nothing else writes there.
 *
 * Only modules whose name section names a `malloc` of type (i32) -> i32 are changed; anything
 * else is returned as it was.
 */

import { nameBytesOf, replaceSections, u32Leb, WasmReader, type Section } from '../wasm-binary';

const SECTION = { custom: 0, type: 1, import: 2, function: 3, export: 7, code: 10 } as const;
const I32 = 0x7f;

/** Function types as [params, results] value-type lists. */
function readTypes(r: WasmReader): [number[], number[]][] {
  const types: [number[], number[]][] = [];
  for (let count = r.u32(); count > 0; count--) {
    if (r.byte() !== 0x60) r.fail('not a function type');
    const params = [...r.take(r.u32())];
    const results = [...r.take(r.u32())];
    types.push([params, results]);
  }
  return types;
}

function importedFunctionCount(r: WasmReader | undefined): number {
  if (!r) return 0;
  let functions = 0;
  for (let count = r.u32(); count > 0; count--) {
    r.nameBytes();
    r.nameBytes();
    if (r.skipImportDesc() === 0) functions++;
  }
  return functions;
}

function exportNames(r: WasmReader): string[] {
  const names: string[] = [];
  for (let count = r.u32(); count > 0; count--) {
    names.push(r.name());
    r.byte();
    r.u32();
  }
  return names;
}

/** The index the name section gives a function called `wanted`, if any. */
function functionNamed(reader: WasmReader, list: Section[], wanted: string): number | undefined {
  for (const s of list) {
    if (s.id !== SECTION.custom) continue;
    const r = reader.section(s);
    if (r.name() !== 'name') continue;
    while (!r.done) {
      const subId = r.byte();
      const size = r.u32();
      if (subId === 1) {
        for (let count = r.u32(); count > 0; count--) {
          const index = r.u32();
          if (r.name() === wanted) return index;
        }
        return undefined;
      }
      r.skip(size);
    }
  }
  return undefined;
}

/** A section with its count raised by one and `entry` appended. */
function appendEntry(reader: WasmReader, s: Section, entry: number[]): number[] {
  const r = reader.section(s);
  const count = r.u32();
  const payload = [...u32Leb(count + 1), ...r.bytes.subarray(r.pos, s.end), ...entry];
  return [s.id, ...u32Leb(payload.length), ...payload];
}

export type ReallocPatch =
  { patched: true; bytes: Uint8Array } | { patched: false; bytes: Uint8Array; reason: string };

export function exportReallocFromMalloc(bytes: Uint8Array): ReallocPatch {
  const unchanged = (reason: string): ReallocPatch => ({ patched: false, bytes, reason });
  let list: Section[];
  try {
    const reader = new WasmReader(bytes, 8);
    list = reader.sections();
    const find = (id: number) => list.find((s) => s.id === id);
    const typeSection = find(SECTION.type);
    const functionSection = find(SECTION.function);
    const exportSection = find(SECTION.export);
    const codeSection = find(SECTION.code);
    if (!typeSection || !functionSection || !exportSection || !codeSection)
      return unchanged('no functions or exports');
    if (exportNames(reader.section(exportSection)).includes('cabi_realloc'))
      return unchanged('it exports cabi_realloc already');
    const malloc = functionNamed(reader, list, 'malloc');
    if (malloc === undefined) return unchanged('its name section names no malloc');
    const importSection = find(SECTION.import);
    const imported = importedFunctionCount(importSection && reader.section(importSection));
    if (malloc < imported) return unchanged('malloc is imported');
    const types = readTypes(reader.section(typeSection));
    const functions = reader.section(functionSection);
    const definedCount = functions.u32();
    let mallocType = -1;
    for (let i = 0; i < definedCount; i++) {
      const t = functions.u32();
      if (i === malloc - imported) mallocType = t;
    }
    const signature = types[mallocType];
    if (!signature || signature[0].join() !== `${I32}` || signature[1].join() !== `${I32}`)
      return unchanged('malloc is not (i32) -> i32');

    const reallocType = types.length;
    const reallocIndex = imported + definedCount;
    // cabi_realloc(old_ptr, old_len, align, new_len): fresh memory only (the adapter never
    // grows what it got), aligned by over-allocating; a NULL from malloc traps.
    const body = [
      ...[0x01, 0x01, I32], // one i32 local ($p = local 4)
      ...[0x20, 0x00, 0x04, 0x40, 0x00, 0x0b], // if old_ptr != 0: unreachable
      ...[0x20, 0x03, 0x20, 0x02, 0x6a], // new_len + align
      ...[0x10, ...u32Leb(malloc)], // call malloc
      ...[0x22, 0x04, 0x45, 0x04, 0x40, 0x00, 0x0b], // $p = ...; if !$p: unreachable
      ...[0x20, 0x04, 0x20, 0x02, 0x6a, 0x41, 0x01, 0x6b], // $p + align - 1
      ...[0x41, 0x00, 0x20, 0x02, 0x6b, 0x71], // & -align
      0x0b,
    ];
    const replaced = new Map<Section, number[]>([
      [typeSection, appendEntry(reader, typeSection, [0x60, 4, I32, I32, I32, I32, 1, I32])],
      [functionSection, appendEntry(reader, functionSection, u32Leb(reallocType))],
      [
        exportSection,
        appendEntry(reader, exportSection, [
          ...nameBytesOf('cabi_realloc'),
          0x00,
          ...u32Leb(reallocIndex),
        ]),
      ],
      [codeSection, appendEntry(reader, codeSection, [...u32Leb(body.length), ...body])],
    ]);
    return { patched: true, bytes: replaceSections(bytes, list, replaced) };
  } catch (error) {
    return unchanged(`unreadable: ${(error as Error).message}`);
  }
}
