/**
 * Takes Node's powers away from the guest thread before any code of the guest's is loaded.
 * The generated bindings are the component's code: if a crafted component ever got JavaScript
 * of its own into them (see transpile/check-names.ts), it finds here a thread of a process
 * that Node's permission model already keeps off the disk (no read but this bundle, no write),
 * off child processes, with an empty environment, and, after this runs, with no way to load
 * a Node module (so no `net`, `http`, `dgram`, `dns`) and no `fetch`.
 *
 * Everything Airlock's own code needs is imported statically before this runs.
 */
import { register } from 'node:module';

/** The resolve hook: only `data:` modules (the bindings themselves) may still be imported. */
const DENY_IMPORTS_HOOK = `export async function resolve(specifier, context, next) {
  if (specifier.startsWith('data:')) return next(specifier, context);
  throw new Error('Airlock: a guest may not load modules (' + String(specifier).slice(0, 80) + ')');
}`;

/** Globals a guest could reach the network or other processes through. */
const NETWORK_GLOBALS = ['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest'] as const;
/** `process` methods that reach outside the process or load native code. */
const PROCESS_POWERS = [
  'getBuiltinModule',
  'binding',
  '_linkedBinding',
  'dlopen',
  'kill',
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

export function lockDown(): void {
  register(`data:text/javascript,${encodeURIComponent(DENY_IMPORTS_HOOK)}`);
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
}
