/**
 * The one reader of WebAssembly binaries (core modules and components) in Airlock: LEB128
 * integers, names, limits and sections, read strictly and within bounds. Used by the name check
 * before transpiling (transpile/check-names.ts), the preview1 `cabi_realloc` patch
 * (adapt/main-realloc.ts) and the memory cap (engine/memory-cap.ts).
 *
 * Strict means: a u32 is at most 5 bytes and at most 2^32 - 1; nothing is read past `end`; a
 * section that claims more bytes than its binary has is an error. Every failure goes through
 * `fail` (a WasmReadError by default; the name check gives its own message).
 *
 * Pure: no I/O, no browser or Node API.
 */

export class WasmReadError extends Error {}

/** What a reader throws when it cannot go on: `what` went wrong at byte `pos`. */
export type ReadFailure = (what: string, pos: number) => never;

const defaultFailure: ReadFailure = (what, pos) => {
  throw new WasmReadError(`${what} at byte ${pos}`);
};

const utf8 = new TextDecoder();

/** The binary's first 8 bytes: `\0asm`, then a version (core: 1 0, component: 0x0d 0) and layer. */
export const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d] as const;

/** A section: `start` is its id byte, `payloadStart` the first byte after its size, `end` its end. */
export interface Section {
  id: number;
  start: number;
  payloadStart: number;
  end: number;
}

export class WasmReader {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
    private readonly onFail: ReadFailure = defaultFailure,
  ) {
    this.pos = start;
  }

  fail(what: string): never {
    return this.onFail(what, this.pos);
  }

  /** A reader of `start..end` of the same bytes, failing the same way. */
  sub(start: number, end: number): WasmReader {
    return new WasmReader(this.bytes, start, end, this.onFail);
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  byte(): number {
    if (this.pos >= this.end) this.fail('unexpected end');
    return this.bytes[this.pos++]!;
  }

  /** An unsigned LEB128 u32: at most 5 bytes, at most 2^32 - 1. */
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) break;
      shift += 7;
      if (shift > 28) this.fail('malformed integer');
    }
    if (result > 0xffffffff) this.fail('integer too large');
    return result;
  }

  /** A signed LEB128 of up to 33 bits (heap types, component value types). */
  s33(): number {
    let shift = 0;
    let result = 0;
    let b: number;
    do {
      b = this.byte();
      result |= (b & 0x7f) << Math.min(shift, 28);
      shift += 7;
      if (shift > 35) this.fail('malformed integer');
    } while (b & 0x80);
    if (shift < 32 && b & 0x40) result |= -1 << shift;
    return result;
  }

  skip(n: number): void {
    if (this.pos + n > this.end) this.fail('unexpected end');
    this.pos += n;
  }

  /** `n` bytes as they are (a view, not a copy). */
  take(n: number): Uint8Array {
    const start = this.pos;
    this.skip(n);
    return this.bytes.subarray(start, start + n);
  }

  /** A name's raw bytes (length-prefixed). */
  nameBytes(): Uint8Array {
    return this.take(this.u32());
  }

  /** A name as text (UTF-8; invalid sequences become U+FFFD). */
  name(): string {
    return utf8.decode(this.nameBytes());
  }

  /**
   * Table or memory limits: flags, minimum, the maximum when flag bit 0 is set, and the custom
   * page size (log2, flag bit 3, a proposal). Memory64 limits are u64; a u32 reader covers the
   * values toolchains emit, larger ones fail.
   */
  limits(): { flags: number; min: number; max?: number; pageSizeLog2?: number } {
    const flags = this.byte();
    if (flags > 0x0f) this.fail('unknown limits');
    const min = this.u32();
    const max = flags & 0x01 ? this.u32() : undefined;
    const pageSizeLog2 = flags & 0x08 ? this.u32() : undefined;
    return { flags, min, max, pageSizeLog2 };
  }

  /** A reference type (`funcref`, `externref`, `(ref null? $t)`, ...). */
  skipRefType(): void {
    this.skipType(0x74, 'unknown reference type');
  }

  /** A value type (numbers, vectors, references). */
  skipValType(): void {
    this.skipType(0x7f, 'unknown value type');
  }

  /** An indexed reference (0x63/0x64, then an s33) or a one-byte type code in 0x69..`last`. */
  private skipType(last: number, unknown: string): void {
    const t = this.byte();
    if (t === 0x63 || t === 0x64) this.s33();
    else if (t < 0x69 || t > last) this.fail(unknown);
  }

  /** A core import's description after its two names; returns its kind (0 = function). */
  skipImportDesc(): number {
    const kind = this.byte();
    if (kind > 0x04) this.fail('unknown import kind');
    if (kind === 0x01) this.skipRefType(); // table: reference type, then limits
    if (kind === 0x03) this.skipValType(); // global: value type, then mutability
    if (kind === 0x01 || kind === 0x02)
      this.limits(); // table, memory: limits
    else if (kind === 0x03 || kind === 0x04) this.byte(); // global: mutability; tag: attribute
    if (kind === 0x00 || kind === 0x04) this.u32(); // function, tag: type index
    return kind;
  }

  /** The sections from here to `end` (the reader is left at `end`). */
  sections(): Section[] {
    const list: Section[] = [];
    while (this.pos < this.end) {
      const start = this.pos;
      const id = this.byte();
      const size = this.u32();
      const payloadStart = this.pos;
      if (payloadStart + size > this.end) this.fail('section past the end');
      list.push({ id, start, payloadStart, end: payloadStart + size });
      this.pos = payloadStart + size;
    }
    return list;
  }

  /** A reader of one section's payload. */
  section(s: Section): WasmReader {
    return this.sub(s.payloadStart, s.end);
  }
}

/** The sections of a core module (after its 8-byte header). Throws WasmReadError. */
export function coreSections(bytes: Uint8Array): Section[] {
  return new WasmReader(bytes, 8).sections();
}

/**
 * The binary with some sections replaced (each by its whole new bytes, id and size included) and
 * the others copied as they are. `sections` are all of its sections, in order.
 */
export function replaceSections(
  bytes: Uint8Array,
  sections: readonly Section[],
  replaced: ReadonlyMap<Section, ArrayLike<number>>,
): Uint8Array {
  const first = sections[0]?.start ?? bytes.length;
  let total = first;
  for (const s of sections) total += replaced.get(s)?.length ?? s.end - s.start;
  const out = new Uint8Array(total);
  out.set(bytes.subarray(0, first));
  let at = first;
  for (const s of sections) {
    const part = replaced.get(s) ?? bytes.subarray(s.start, s.end);
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** `value` (0 .. 2^32 - 1) as an unsigned LEB128, shortest form. */
export function u32Leb(value: number): number[] {
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

/** A name as the binary writes it: its UTF-8 length, then its bytes. */
export function nameBytesOf(name: string): number[] {
  const bytes = new TextEncoder().encode(name);
  return [...u32Leb(bytes.length), ...bytes];
}
