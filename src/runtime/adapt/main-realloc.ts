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

const SECTION = { custom: 0, type: 1, import: 2, function: 3, export: 7, code: 10 } as const;
const I32 = 0x7f;

function readLeb(bytes: Uint8Array, offset: number): [value: number, next: number] {
  let result = 0;
  let shift = 0;
  let pos = offset;
  for (;;) {
    const byte = bytes[pos++];
    if (byte === undefined) throw new Error('truncated LEB128');
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if ((byte & 0x80) === 0) return [result, pos];
    if (shift > 35) throw new Error('LEB128 too long');
  }
}

function leb(value: number): number[] {
  const out: number[] = [];
  let v = value;
  do {
    let byte = v % 128;
    v = Math.floor(v / 128);
    if (v > 0) byte |= 0x80;
    out.push(byte);
  } while (v > 0);
  return out;
}

function readName(bytes: Uint8Array, offset: number): [name: string, next: number] {
  const [len, start] = readLeb(bytes, offset);
  return [new TextDecoder().decode(bytes.subarray(start, start + len)), start + len];
}

interface Section {
  id: number;
  /** The whole section, id and size included. */
  start: number;
  end: number;
  payloadStart: number;
}

function sections(bytes: Uint8Array): Section[] {
  const list: Section[] = [];
  let pos = 8;
  while (pos < bytes.byteLength) {
    const id = bytes[pos]!;
    const [size, payloadStart] = readLeb(bytes, pos + 1);
    const end = payloadStart + size;
    if (end > bytes.byteLength) throw new Error('section past the end');
    list.push({ id, start: pos, end, payloadStart });
    pos = end;
  }
  return list;
}

/** Function types as [params, results] value-type lists. */
function readTypes(bytes: Uint8Array, s: Section): [number[], number[]][] {
  const types: [number[], number[]][] = [];
  let [count, p] = readLeb(bytes, s.payloadStart);
  while (count-- > 0) {
    if (bytes[p] !== 0x60) throw new Error('not a function type');
    p++;
    const [np, a] = readLeb(bytes, p);
    const params = [...bytes.subarray(a, a + np)];
    p = a + np;
    const [nr, b] = readLeb(bytes, p);
    const results = [...bytes.subarray(b, b + nr)];
    p = b + nr;
    types.push([params, results]);
  }
  return types;
}

function importedFunctionCount(bytes: Uint8Array, s: Section | undefined): number {
  if (!s) return 0;
  let functions = 0;
  let [count, p] = readLeb(bytes, s.payloadStart);
  while (count-- > 0) {
    p = readName(bytes, p)[1];
    p = readName(bytes, p)[1];
    const kind = bytes[p++];
    switch (kind) {
      case 0: // function: type index
        functions++;
        p = readLeb(bytes, p)[1];
        break;
      case 1: // table: reftype + limits
        p++;
        p = skipLimits(bytes, p);
        break;
      case 2: // memory: limits
        p = skipLimits(bytes, p);
        break;
      case 3: // global: valtype + mutability
        p += 2;
        break;
      case 4: // tag: attribute + type index
        p = readLeb(bytes, p + 1)[1];
        break;
      default:
        throw new Error(`unknown import kind ${kind}`);
    }
  }
  return functions;
}

function skipLimits(bytes: Uint8Array, p: number): number {
  const flags = bytes[p++]!;
  p = readLeb(bytes, p)[1];
  if (flags & 1) p = readLeb(bytes, p)[1];
  return p;
}

function exportNames(bytes: Uint8Array, s: Section): string[] {
  const names: string[] = [];
  let [count, p] = readLeb(bytes, s.payloadStart);
  while (count-- > 0) {
    const [name, next] = readName(bytes, p);
    names.push(name);
    p = readLeb(bytes, next + 1)[1];
  }
  return names;
}

/** The index the name section gives a function called `wanted`, if any. */
function functionNamed(bytes: Uint8Array, list: Section[], wanted: string): number | undefined {
  for (const s of list) {
    if (s.id !== SECTION.custom) continue;
    const [name, subStart] = readName(bytes, s.payloadStart);
    if (name !== 'name') continue;
    let p = subStart;
    while (p < s.end) {
      const subId = bytes[p]!;
      const [size, start] = readLeb(bytes, p + 1);
      if (subId === 1) {
        let [count, q] = readLeb(bytes, start);
        while (count-- > 0) {
          const [index, afterIndex] = readLeb(bytes, q);
          const [fname, next] = readName(bytes, afterIndex);
          if (fname === wanted) return index;
          q = next;
        }
        return undefined;
      }
      p = start + size;
    }
  }
  return undefined;
}

/** A section with `count` raised by one and `entry` appended. */
function appendEntry(bytes: Uint8Array, s: Section, entry: number[]): number[] {
  const [count, afterCount] = readLeb(bytes, s.payloadStart);
  const payload = [...leb(count + 1), ...bytes.subarray(afterCount, s.end), ...entry];
  return [s.id, ...leb(payload.length), ...payload];
}

export type ReallocPatch =
  { patched: true; bytes: Uint8Array } | { patched: false; bytes: Uint8Array; reason: string };

export function exportReallocFromMalloc(bytes: Uint8Array): ReallocPatch {
  const unchanged = (reason: string): ReallocPatch => ({ patched: false, bytes, reason });
  let list: Section[];
  try {
    list = sections(bytes);
    const find = (id: number) => list.find((s) => s.id === id);
    const typeSection = find(SECTION.type);
    const functionSection = find(SECTION.function);
    const exportSection = find(SECTION.export);
    const codeSection = find(SECTION.code);
    if (!typeSection || !functionSection || !exportSection || !codeSection)
      return unchanged('no functions or exports');
    if (exportNames(bytes, exportSection).includes('cabi_realloc'))
      return unchanged('it exports cabi_realloc already');
    const malloc = functionNamed(bytes, list, 'malloc');
    if (malloc === undefined) return unchanged('its name section names no malloc');
    const imported = importedFunctionCount(bytes, find(SECTION.import));
    if (malloc < imported) return unchanged('malloc is imported');
    const types = readTypes(bytes, typeSection);
    const [definedCount, firstType] = readLeb(bytes, functionSection.payloadStart);
    let p = firstType;
    let mallocType = -1;
    for (let i = 0; i < definedCount; i++) {
      const [t, next] = readLeb(bytes, p);
      if (i === malloc - imported) mallocType = t;
      p = next;
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
      ...[0x10, ...leb(malloc)], // call malloc
      ...[0x22, 0x04, 0x45, 0x04, 0x40, 0x00, 0x0b], // $p = ...; if !$p: unreachable
      ...[0x20, 0x04, 0x20, 0x02, 0x6a, 0x41, 0x01, 0x6b], // $p + align - 1
      ...[0x41, 0x00, 0x20, 0x02, 0x6b, 0x71], // & -align
      0x0b,
    ];
    const name = [...new TextEncoder().encode('cabi_realloc')];
    const replaced = new Map<Section, number[]>([
      [typeSection, appendEntry(bytes, typeSection, [0x60, 4, I32, I32, I32, I32, 1, I32])],
      [functionSection, appendEntry(bytes, functionSection, leb(reallocType))],
      [
        exportSection,
        appendEntry(bytes, exportSection, [
          ...leb(name.length),
          ...name,
          0x00,
          ...leb(reallocIndex),
        ]),
      ],
      [codeSection, appendEntry(bytes, codeSection, [...leb(body.length), ...body])],
    ]);
    let total = 8;
    for (const s of list) total += replaced.get(s)?.length ?? s.end - s.start;
    const out = new Uint8Array(total);
    out.set(bytes.subarray(0, 8));
    let at = 8;
    for (const s of list) {
      const part = replaced.get(s);
      if (part) out.set(part, at);
      else out.set(bytes.subarray(s.start, s.end), at);
      at += part ? part.length : s.end - s.start;
    }
    return { patched: true, bytes: out };
  } catch (error) {
    return unchanged(`unreadable: ${(error as Error).message}`);
  }
}
