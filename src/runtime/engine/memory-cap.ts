/**
 * `limits.maxMemoryMiB` as a hard cap: every memory a core module defines gets that maximum
 * written into its binary, so `memory.grow` fails (the guest's malloc returns NULL) instead of
 * growing until the browser kills the worker. Imported memories are capped where they are
 * defined.
 */

import {
  coreSections,
  replaceSections,
  u32Leb,
  WasmReadError,
  WasmReader,
  type Section,
} from '../wasm-binary';

const WASM_PAGE = 65536;
const MEMORY_SECTION = 5;

export function pagesForMiB(mib: number): number {
  return Math.floor((mib * 1024 * 1024) / WASM_PAGE);
}

/**
 * Returns the module with every defined memory's maximum lowered to `maxPages` (or the same
 * bytes: not a core module, or one Airlock cannot read, which the compiler will then refuse).
 */
export function capMemories(bytes: Uint8Array, maxPages: number): Uint8Array {
  if (bytes.byteLength < 8 || bytes[4] !== 1) return bytes; // not a core module: leave it to the compiler
  let sections: Section[];
  const memories = new Map<Section, number[]>();
  try {
    sections = coreSections(bytes);
    for (const s of sections) {
      if (s.id !== MEMORY_SECTION) continue;
      const r = new WasmReader(bytes, s.payloadStart, s.end);
      const count = r.u32();
      const payload = u32Leb(count);
      for (let i = 0; i < count; i++) {
        const { flags, min, max, pageSizeLog2 } = r.limits();
        const capped = Math.max(min, Math.min(max ?? Infinity, maxPages));
        payload.push(flags | 1, ...u32Leb(min), ...u32Leb(capped));
        if (pageSizeLog2 !== undefined) payload.push(...u32Leb(pageSizeLog2));
      }
      if (!r.done) return bytes; // unexpected layout: leave it alone
      memories.set(s, [MEMORY_SECTION, ...u32Leb(payload.length), ...payload]);
    }
  } catch (error) {
    if (error instanceof WasmReadError) return bytes; // malformed: the compiler will say so
    throw error;
  }
  return memories.size === 0 ? bytes : replaceSections(bytes, sections, memories);
}
