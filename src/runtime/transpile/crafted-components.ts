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
