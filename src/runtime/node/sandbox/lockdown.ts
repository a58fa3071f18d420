/**
 * Takes Node's powers away from the guest process's main thread before any code of the
 * guest's is loaded. The generated bindings are the component's code: if a crafted component
 * ever got JavaScript of its own into them (see transpile/check-names.ts), it finds a process
 * that Node's permission model already keeps off the disk (no read but this bundle, no write),
 * off child processes and workers, with an empty environment, started with
 * `--disallow-code-generation-from-strings` (no `eval`, no `new Function`); its bindings are a
 * `vm.SourceTextModule` with no dynamic-import callback (./load-bindings.ts), so `import()` of
 * any Node module (`net`, `http`, `dgram`, `dns`, `fs`) is refused; and after this runs there
 * is no `process` (no IPC channel to forge messages on, no `kill`, `binding`, `dlopen`,
 * `_debugProcess`) and no `fetch`.
 *
 * Everything Airlock's own code needs is imported, and the IPC sender captured, before this
 * runs. Node's own internals keep their private reference to `process`.
 */

/** Globals a guest could reach the network or other processes through. */
const NETWORK_GLOBALS = ['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest'] as const;
/** `process` methods that reach outside the process or load native code (belt and braces:
 * `process` itself is hidden). */
const PROCESS_POWERS = [
  'getBuiltinModule',
  'binding',
  '_linkedBinding',
  'dlopen',
  'kill',
  '_kill',
  '_debugProcess',
  '_debugEnd',
  'chdir',
  'setuid',
  'setgid',
  'seteuid',
  'setegid',
  'setgroups',
  'initgroups',
  'openStdin',
  'loadEnvFile',
] as const;

/** Locks the process. Returns nothing the guest could use; call it once, before the bindings. */
export function lockDown(): void {
  for (const name of NETWORK_GLOBALS) {
    Reflect.deleteProperty(globalThis, name);
  }
  const proc = globalThis.process as unknown as Record<string, unknown>;
  for (const name of PROCESS_POWERS) {
    try {
      Object.defineProperty(proc, name, { value: undefined, configurable: false, writable: false });
    } catch {
      Reflect.deleteProperty(proc, name);
    }
  }
  for (const name of ['process', 'require', 'module'] as const) {
    try {
      Object.defineProperty(globalThis, name, {
        value: undefined,
        configurable: false,
        writable: false,
      });
    } catch {
      Reflect.deleteProperty(globalThis, name);
    }
  }
}
