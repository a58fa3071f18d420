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
import { WASM_MAGIC, WasmReader } from '../wasm-binary';

/** Longest name accepted: WASI's longest generated names are under 100 bytes. */
export const MAX_NAME_BYTES = 1024;

/**
 * Every character a toolchain-made name uses (WIT interface names with versions, `[method]…`,
 * `cabi_post_…#run`, `$root`, `__main_module__`, semver `+build` suffixes, and the space of
 * wit-component's `fd_write [v2]` when a module imports one function with two signatures, as
 * AssemblyScript's do), and none that can end a JavaScript string, comment or template literal:
 * no quote of any kind, no backslash, no `*`, no braces, no control or non-ASCII character.
 */
const SAFE_NAME = /^[A-Za-z0-9_\-.:/@#[\]$+=<>,~!%^&|?() ]*$/;

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

/** The name check's own failure: the user sees where Airlock stopped reading. */
const unreadable = (what: string, pos: number): never => {
  throw new UnreadableComponentError(
    `Airlock could not read this component's names (${what} at byte ${pos}), so it will not run it.`,
  );
};

function reader(bytes: Uint8Array, start: number, end: number): WasmReader {
  return new WasmReader(bytes, start, end, unreadable);
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

function checkCoreModule(bytes: Uint8Array, start: number, end: number): void {
  const r = reader(bytes, start, end);
  for (const b of WASM_MAGIC) if (r.byte() !== b) r.fail('not a core module');
  if (r.byte() !== 1 || r.byte() !== 0 || r.byte() !== 0 || r.byte() !== 0)
    r.fail('unknown core module version');
  for (const section of r.sections()) {
    const s = r.section(section);
    if (section.id === 2) {
      for (let n = s.u32(); n > 0; n--) {
        checkName(s.nameBytes(), 'core import module');
        checkName(s.nameBytes(), 'core import');
        s.skipImportDesc();
      }
    } else if (section.id === 7) {
      for (let n = s.u32(); n > 0; n--) {
        checkName(s.nameBytes(), 'core export');
        s.byte();
        s.u32();
      }
    }
  }
}

// ── components ─────────────────────────────────────────────────────────────────────────────────

function skipSortIdx(r: WasmReader): void {
  const sort = r.byte();
  if (sort === 0x00) r.byte();
  else if (sort > 0x05) r.fail('unknown sort');
  r.u32();
}

function readExternName(r: WasmReader, site: NameSite): void {
  const tag = r.byte();
  if (tag !== 0x00 && tag !== 0x01) r.fail('unknown name encoding');
  checkName(r.nameBytes(), site);
}

function skipExternDesc(r: WasmReader): void {
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
      else if (bound === 0x01) r.s33();
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

/** How one kind of instance section names its arguments and exports. */
interface InstanceEncoding {
  argument: (s: WasmReader) => void;
  export: (s: WasmReader) => void;
  unknown: string;
}

const CORE_INSTANCES: InstanceEncoding = {
  argument: (s) => {
    checkName(s.nameBytes(), 'core instance argument');
    if (s.byte() !== 0x12) s.fail('unknown instantiate argument');
    s.u32();
  },
  export: (s) => {
    checkName(s.nameBytes(), 'core instance export');
    s.byte();
    s.u32();
  },
  unknown: 'unknown core instance',
};

const COMPONENT_INSTANCES: InstanceEncoding = {
  argument: (s) => {
    checkName(s.nameBytes(), 'instance argument');
    skipSortIdx(s);
  },
  export: (s) => {
    readExternName(s, 'instance export');
    skipSortIdx(s);
  },
  unknown: 'unknown instance',
};

/** An instance section: instantiations (with named arguments) or bundles of named exports. */
function checkInstances(s: WasmReader, encoding: InstanceEncoding): void {
  for (let n = s.u32(); n > 0; n--) {
    const kind = s.byte();
    if (kind === 0x00) {
      s.u32();
      for (let a = s.u32(); a > 0; a--) encoding.argument(s);
    } else if (kind === 0x01) {
      for (let e = s.u32(); e > 0; e--) encoding.export(s);
    } else s.fail(encoding.unknown);
  }
}

function checkComponent(bytes: Uint8Array, start: number, end: number, depth: number): void {
  if (depth > 64) throw new UnsafeComponentError('Refused: components nested more than 64 deep.');
  const r = reader(bytes, start, end);
  for (const b of WASM_MAGIC) if (r.byte() !== b) r.fail('not a component');
  r.skip(2); // version
  if (r.byte() !== 0x01 || r.byte() !== 0x00) r.fail('not a component');
  for (const section of r.sections()) {
    const s = r.section(section);
    const sectionEnd = section.end;
    switch (section.id) {
      case 1:
        checkCoreModule(bytes, s.pos, sectionEnd);
        break;
      case 2:
        checkInstances(s, CORE_INSTANCES);
        break;
      case 4:
        checkComponent(bytes, s.pos, sectionEnd, depth + 1);
        break;
      case 5:
        checkInstances(s, COMPONENT_INSTANCES);
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
        if (section.id > 12) s.fail(`unknown section ${section.id}`);
    }
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
