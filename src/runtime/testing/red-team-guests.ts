/**
 * Components with crafted names, built from WAT at test time (never committed as opaque
 * binaries): the red-team's code-injection attack on jco's generated bindings, and its
 * variants. Test helper only.
 */
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';

/** WAT string literal for any text (every byte escaped as \hh). */
export function watString(text: string): string {
  return `"${[...new TextEncoder().encode(text)].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('')}"`;
}

/**
 * A command component whose core export (lifted as `wasi:cli/run#run`) is named `coreName`.
 * jco-transpile 0.15 writes that name as `exports0['<name>']` in the bindings, unescaped.
 */
export function craftedExportComponent(coreName: string): Promise<Uint8Array> {
  const name = watString(coreName);
  return parse(`(component
  (core module $m
    (func (export ${name}) (result i32) i32.const 0))
  (core instance $i (instantiate $m))
  (func $run (result (result)) (canon lift (core func $i ${name})))
  (instance $ri (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $ri)))`);
}

/** A component whose inner core module imports a function under a crafted field name. */
export function craftedImportComponent(field: string): Promise<Uint8Array> {
  return parse(`(component
  (core module $host (func (export "f")))
  (core instance $h (instantiate $host))
  (core module $m
    (import "env" ${watString(field)} (func))
    (func (export "run") (result i32) i32.const 0))
  (core instance $i (instantiate $m (with "env" (instance $h))))
  (func $run (result (result)) (canon lift (core func $i "run")))
  (instance $ri (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $ri)))`);
}

/** A core (preview1-style) module exporting `_start` and a crafted name. */
export function craftedCoreModule(exportName: string): Promise<Uint8Array> {
  return parse(`(module
  (memory (export "memory") 1)
  (func (export "_start"))
  (func (export ${watString(exportName)})))`);
}

/**
 * JavaScript that, once it runs inside the bindings, writes `marker` with the host's secrets.
 * Double quotes only: the name sits between single quotes in the bindings.
 */
export function injectionPayload(marker: string): string {
  return `'];import("node:fs").then(f=>f.writeFileSync(${JSON.stringify(marker)},String(globalThis.process&&process.env.SECRET_TOKEN)));globalThis.AIRLOCK_PWNED=1;//`;
}

const PREVIEW1 = 'wasi_snapshot_preview1';

/** A preview1 command whose start function never returns: it runs during instantiation. */
export function startSpinModule(): Promise<Uint8Array> {
  return parse(`(module
  (import "${PREVIEW1}" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func $spin (loop $l (br $l)))
  (start $spin)
  (func (export "_start") (call $exit (i32.const 0))))`);
}

/**
 * A preview1 command that asks `count` times to create `name` in its first preopen (fd 3),
 * which a read-only mount denies, then loops forever without another WASI call.
 */
export function deniedThenSpinModule(count: number, name = 'x.txt'): Promise<Uint8Array> {
  return parse(`(module
  (import "${PREVIEW1}" "path_open" (func $open
    (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) ${watString(name)})
  (func (export "_start") (local $i i32)
    (loop $again
      (drop (call $open (i32.const 3) (i32.const 0) (i32.const 16) (i32.const ${new TextEncoder().encode(name).length})
        (i32.const 1) (i64.const 0x1ff) (i64.const 0x1ff) (i32.const 0) (i32.const 1024)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (i32.const ${count}))))
    (loop $spin (br $spin))))`);
}

/**
 * A preview1 command that makes a symlink `link` with the target `target` in fd 3, then exits:
 * guest bytes that end up in Airlock's own text (denial reasons, facts, trace lines).
 */
export function symlinkModule(target: string, link = 'lnk'): Promise<Uint8Array> {
  const t = new TextEncoder().encode(target);
  const l = new TextEncoder().encode(link);
  return parse(`(module
  (import "${PREVIEW1}" "path_symlink" (func $symlink (param i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 64) ${watString(link)})
  (data (i32.const 1024) ${watString(target)})
  (func (export "_start")
    (drop (call $symlink (i32.const 1024) (i32.const ${t.length}) (i32.const 3) (i32.const 64) (i32.const ${l.length})))))`);
}
