/**
 * The names a component carries become text inside the JavaScript that jco generates for it.
 * jco-transpile 0.15 writes core-module import and export names between single quotes without
 * escaping them, so a crafted name (`:(<js>,0),b:0//\`) turns into code of the component's
 * choosing. Airlock therefore reads every name out of the binary BEFORE transpiling and refuses
 * a component whose names fall outside a small, safe alphabet.
 *
 * Checked: core modules' import (module and field) and export names, core instance arguments and
 * inline exports, component imports and exports, component instance arguments and inline
 * exports, and alias export names, in the component and every nested component. The parser
 * fails closed: an encoding it does not know is a refusal, never a skip.
 *
 * Pure: no I/O, no browser or Node API (used by the transpile worker and by the CLI alike).
 */

/** Longest name accepted: WASI's longest generated names are under 100 bytes. */
export const MAX_NAME_BYTES = 1024;

/**
 * Every character a toolchain-made name uses (WIT interface names with versions, `[method]…`,
 * `cabi_post_…#run`, `$root`, `__main_module__`, semver `+build` suffixes), and none that can
 * end a JavaScript string, comment or template literal: no quote of any kind, no backslash, no
 * `*`, no braces, no control or non-ASCII character.
 */
const SAFE_NAME = /^[A-Za-z0-9_\-.:/@#[\]$+=<>,~!%^&|?()]*$/;

export class UnsafeComponentError extends Error {}
/** The parser could not read the binary: jco's own validation usually says why, better. */
export class UnreadableComponentError extends UnsafeComponentError {}

/** Where a name was found: used in the message the user sees. */
type NameSite =
  | 'core import module'
  | 'core import'
  | 'core export'
  | 'core instance argument'
  | 'core instance export'
  | 'component import'
  | 'component export'
  | 'instance argument'
  | 'instance export'
  | 'alias';

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

class Reader {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }
  fail(what: string): never {
    throw new UnreadableComponentError(
      `Airlock could not read this component's names (${what} at byte ${this.pos}), so it will not run it.`,
    );
  }
  byte(): number {
    if (this.pos >= this.end) this.fail('unexpected end');
    return this.bytes[this.pos++]!;
  }
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
  /** A signed LEB128 of up to 33 bits (heap types, component value types): value ignored. */
  skipSleb(): number {
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
  nameBytes(): Uint8Array {
    const len = this.u32();
    const start = this.pos;
    this.skip(len);
    return this.bytes.subarray(start, start + len);
  }
}

/** What the user sees for a refused name: printable, escaped and short. */
export function describeName(raw: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(raw.subarray(0, 80));
  const escaped = JSON.stringify(text).slice(1, -1);
  return raw.length > 80 ? `${escaped}… (${raw.length} bytes)` : escaped;
}

function checkName(raw: Uint8Array, site: NameSite): void {
  if (raw.length > MAX_NAME_BYTES) {
    throw new UnsafeComponentError(
      `Refused: this component has a ${site} name of ${raw.length} bytes (at most ${MAX_NAME_BYTES}). Names that long are not made by any WASI toolchain.`,
    );
  }
  let ascii = true;
  for (const b of raw) if (b < 0x20 || b > 0x7e) ascii = false;
  const text = ascii ? String.fromCharCode(...raw) : '';
  if (!ascii || !SAFE_NAME.test(text)) {
    throw new UnsafeComponentError(
      `Refused: this component has a ${site} name "${describeName(raw)}" with characters WASI toolchains never emit (quotes, backslashes, braces, control or non-ASCII characters). Names become part of the generated JavaScript, so Airlock only runs components whose names are plain.`,
    );
  }
}

// ── core modules ───────────────────────────────────────────────────────────────────────────────

function skipLimits(r: Reader): void {
  const flags = r.byte();
  if (flags > 0x0f) r.fail('unknown limits');
  r.u32();
  // Memory64 limits are u64; a u32 reader covers the values toolchains emit, larger ones fail.
  if (flags & 0x01) r.u32();
  if (flags & 0x08) r.u32(); // custom page size (proposal): log2 of the page size
}

function skipRefType(r: Reader): void {
  const t = r.byte();
  if (t === 0x63 || t === 0x64) r.skipSleb();
  else if (t < 0x69 || t > 0x74) r.fail('unknown reference type');
}

function skipValType(r: Reader): void {
  const t = r.byte();
  if (t === 0x63 || t === 0x64) r.skipSleb();
  else if (!((t >= 0x69 && t <= 0x7f) || t === 0x7b)) r.fail('unknown value type');
}

function checkCoreModule(bytes: Uint8Array, start: number, end: number): void {
  const r = new Reader(bytes, start, end);
  for (const b of WASM_MAGIC) if (r.byte() !== b) r.fail('not a core module');
  if (r.byte() !== 1 || r.byte() !== 0 || r.byte() !== 0 || r.byte() !== 0)
    r.fail('unknown core module version');
  while (r.pos < end) {
    const id = r.byte();
    const size = r.u32();
    const sectionEnd = r.pos + size;
    if (sectionEnd > end) r.fail('section past the end');
    const s = new Reader(bytes, r.pos, sectionEnd);
    if (id === 2) {
      for (let n = s.u32(); n > 0; n--) {
        checkName(s.nameBytes(), 'core import module');
        checkName(s.nameBytes(), 'core import');
        const kind = s.byte();
        if (kind === 0x00) s.u32();
        else if (kind === 0x01) {
          skipRefType(s);
          skipLimits(s);
        } else if (kind === 0x02) skipLimits(s);
        else if (kind === 0x03) {
          skipValType(s);
          s.byte();
        } else if (kind === 0x04) {
          s.byte();
          s.u32();
        } else s.fail('unknown import kind');
      }
    } else if (id === 7) {
      for (let n = s.u32(); n > 0; n--) {
        checkName(s.nameBytes(), 'core export');
        s.byte();
        s.u32();
      }
    }
    r.pos = sectionEnd;
  }
}

// ── components ─────────────────────────────────────────────────────────────────────────────────

function skipSortIdx(r: Reader): void {
  const sort = r.byte();
  if (sort === 0x00) r.byte();
  else if (sort > 0x05) r.fail('unknown sort');
  r.u32();
}

function readExternName(r: Reader, site: NameSite): void {
  const tag = r.byte();
  if (tag !== 0x00 && tag !== 0x01) r.fail('unknown name encoding');
  checkName(r.nameBytes(), site);
}

function skipExternDesc(r: Reader): void {
  const kind = r.byte();
  switch (kind) {
    case 0x00:
      if (r.byte() !== 0x11) r.fail('unknown core extern');
      r.u32();
      return;
    case 0x01:
    case 0x04:
    case 0x05:
      r.u32();
      return;
    case 0x02: {
      const bound = r.byte();
      if (bound === 0x00) r.u32();
      else if (bound === 0x01) r.skipSleb();
      else r.fail('unknown value bound');
      return;
    }
    case 0x03: {
      const bound = r.byte();
      if (bound === 0x00) r.u32();
      else if (bound !== 0x01) r.fail('unknown type bound');
      return;
    }
    default:
      r.fail('unknown extern kind');
  }
}

function checkComponent(bytes: Uint8Array, start: number, end: number, depth: number): void {
  if (depth > 64) throw new UnsafeComponentError('Refused: components nested more than 64 deep.');
  const r = new Reader(bytes, start, end);
  for (const b of WASM_MAGIC) if (r.byte() !== b) r.fail('not a component');
  r.skip(2); // version
  if (r.byte() !== 0x01 || r.byte() !== 0x00) r.fail('not a component');
  while (r.pos < end) {
    const id = r.byte();
    const size = r.u32();
    const sectionEnd = r.pos + size;
    if (sectionEnd > end) r.fail('section past the end');
    const s = new Reader(bytes, r.pos, sectionEnd);
    switch (id) {
      case 1:
        checkCoreModule(bytes, s.pos, sectionEnd);
        break;
      case 2:
        for (let n = s.u32(); n > 0; n--) {
          const kind = s.byte();
          if (kind === 0x00) {
            s.u32();
            for (let a = s.u32(); a > 0; a--) {
              checkName(s.nameBytes(), 'core instance argument');
              if (s.byte() !== 0x12) s.fail('unknown instantiate argument');
              s.u32();
            }
          } else if (kind === 0x01) {
            for (let e = s.u32(); e > 0; e--) {
              checkName(s.nameBytes(), 'core instance export');
              s.byte();
              s.u32();
            }
          } else s.fail('unknown core instance');
        }
        break;
      case 4:
        checkComponent(bytes, s.pos, sectionEnd, depth + 1);
        break;
      case 5:
        for (let n = s.u32(); n > 0; n--) {
          const kind = s.byte();
          if (kind === 0x00) {
            s.u32();
            for (let a = s.u32(); a > 0; a--) {
              checkName(s.nameBytes(), 'instance argument');
              skipSortIdx(s);
            }
          } else if (kind === 0x01) {
            for (let e = s.u32(); e > 0; e--) {
              readExternName(s, 'instance export');
              skipSortIdx(s);
            }
          } else s.fail('unknown instance');
        }
        break;
      case 6:
        for (let n = s.u32(); n > 0; n--) {
          const sort = s.byte();
          if (sort === 0x00) s.byte();
          else if (sort > 0x05) s.fail('unknown sort');
          const target = s.byte();
          if (target === 0x00 || target === 0x01) {
            s.u32();
            checkName(s.nameBytes(), 'alias');
          } else if (target === 0x02) {
            s.u32();
            s.u32();
          } else s.fail('unknown alias');
        }
        break;
      case 10:
        for (let n = s.u32(); n > 0; n--) {
          readExternName(s, 'component import');
          skipExternDesc(s);
        }
        break;
      case 11:
        for (let n = s.u32(); n > 0; n--) {
          readExternName(s, 'component export');
          skipSortIdx(s);
          const hasType = s.byte();
          if (hasType === 0x01) skipExternDesc(s);
          else if (hasType !== 0x00) s.fail('unknown export type');
        }
        break;
      // 0 custom, 3 core types, 7 types, 8 canonical functions, 9 start, 12 values: no names
      // that jco writes into the bindings as text (type names are kebab-case, checked by jco).
      default:
        if (id > 12) r.fail(`unknown section ${id}`);
    }
    r.pos = sectionEnd;
  }
}

/**
 * Throws UnsafeComponentError (with a message for the user) unless every name in this
 * component, or core module, is safe to hand to jco.
 */
export function assertSafeNames(bytes: Uint8Array): void {
  if (bytes.length < 8) throw new UnreadableComponentError('Refused: not a WebAssembly binary.');
  const layer = bytes[6]! | (bytes[7]! << 8);
  if (layer === 1) checkComponent(bytes, 0, bytes.length, 0);
  else checkCoreModule(bytes, 0, bytes.length);
}

/**
 * jco's `generate`, run only on a component whose names passed `assertSafeNames`. When the
 * names cannot be read, jco is still asked (its output is thrown away) because its validation
 * error says what is wrong with the binary; if jco accepts what Airlock cannot read, Airlock
 * refuses anyway.
 */
export function generateChecked<T>(component: Uint8Array, generate: (c: Uint8Array) => T): T {
  try {
    assertSafeNames(component);
  } catch (error) {
    if (error instanceof UnreadableComponentError) generate(component);
    throw error;
  }
  return generate(component);
}
