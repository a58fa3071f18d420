/**
 * `limits.maxMemoryMiB` as a hard cap: every memory a core module defines gets that maximum
 * written into its binary, so `memory.grow` fails (the guest's malloc returns NULL) instead of
 * growing until the browser kills the worker. Imported memories are capped where they are
 * defined.
 */

const WASM_PAGE = 65536;

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
    if (shift > 63) throw new Error('LEB128 too long');
  }
}

function writeLeb(value: number): number[] {
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

export function pagesForMiB(mib: number): number {
  return Math.floor((mib * 1024 * 1024) / WASM_PAGE);
}

/** Returns the module with every defined memory's maximum lowered to `maxPages` (or the same bytes). */
export function capMemories(bytes: Uint8Array, maxPages: number): Uint8Array {
  if (bytes.byteLength < 8 || bytes[4] !== 1) return bytes; // not a core module: leave it to the compiler
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let pos = 8;
  let changed = false;
  while (pos < bytes.byteLength) {
    const id = bytes[pos]!;
    const [size, payloadStart] = readLeb(bytes, pos + 1);
    const end = payloadStart + size;
    if (end > bytes.byteLength) return bytes; // malformed: the compiler will say so
    if (id !== 5) {
      parts.push(bytes.subarray(pos, end));
      pos = end;
      continue;
    }
    const payload: number[] = [];
    let p = payloadStart;
    const [count, afterCount] = readLeb(bytes, p);
    p = afterCount;
    payload.push(...writeLeb(count));
    for (let i = 0; i < count; i++) {
      const flags = bytes[p++]!;
      const [min, afterMin] = readLeb(bytes, p);
      p = afterMin;
      let max: number | undefined;
      if (flags & 1) {
        const [m, afterMax] = readLeb(bytes, p);
        max = m;
        p = afterMax;
      }
      const capped = Math.max(min, Math.min(max ?? Infinity, maxPages));
      payload.push(flags | 1, ...writeLeb(min), ...writeLeb(capped));
    }
    if (p !== end) return bytes; // unexpected layout: leave it alone
    parts.push(new Uint8Array([5, ...writeLeb(payload.length), ...payload]));
    changed = true;
    pos = end;
  }
  if (!changed) return bytes;
  const total = parts.reduce((n, part) => n + part.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
