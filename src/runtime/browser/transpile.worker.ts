/**
 * The long-lived transpile worker: jco in the browser. Adapts preview1 core modules, transpiles
 * components, and caches the bindings by content hash plus tool versions (in memory, and in
 * IndexedDB so a reload does not transpile again).
 */
import * as Comlink from 'comlink';
import { createStore, get, set } from 'idb-keyval';
import { $init, generate } from '@bytecodealliance/jco-transpile/component';
import adapterUrl from '../adapt/wasi_snapshot_preview1.command.wasm?url';
import { detectBinary } from '../adapt/detect';
import { generateChecked, UnsafeComponentError } from '../transpile/check-names';
import {
  generateOptions,
  oneLine,
  toTranspiled,
  TRANSPILE_TOOL_VERSION,
} from '../transpile/options';
import { sha256Hex } from '../../share/sha256';
import type { PreparedComponent, PrepareResult, TranspileApi } from './protocol';

/** Part of the cache key: a new jco or new options never reuse old bindings. */
const TOOL_VERSION = TRANSPILE_TOOL_VERSION;
const memory = new Map<string, PreparedComponent>();
const store = createStore('airlock-transpile-cache', 'bindings');

async function adapt(bytes: Uint8Array): Promise<Uint8Array> {
  // wasm-tools (0.9 MB) is only needed for preview1 modules: load it then.
  const [{ componentNew }, adapter] = await Promise.all([
    import('@bytecodealliance/jco-transpile/wasm-tools'),
    fetch(adapterUrl).then(async (r) => new Uint8Array(await r.arrayBuffer())),
  ]);
  return componentNew(bytes, [['wasi_snapshot_preview1', adapter]]);
}

function reasonOf(error: unknown): string {
  if (error && typeof error === 'object' && 'payload' in error)
    return oneLine(String((error as { payload: unknown }).payload));
  return oneLine(error instanceof Error ? error.message : String(error));
}

const api: TranspileApi = {
  async prepare(bytes, jspi): Promise<PrepareResult> {
    const started = performance.now();
    const hash = await sha256Hex(bytes);
    const key = `${hash};${jspi ? 'jspi' : 'sync'};${TOOL_VERSION}`;
    const hit = memory.get(key);
    if (hit)
      return {
        ok: true,
        component: { ...hit, transpileMs: performance.now() - started, source: 'memory-cache' },
      };
    try {
      const stored = (await get(key, store)) as PreparedComponent | undefined;
      if (stored) {
        memory.set(key, stored);
        return {
          ok: true,
          component: { ...stored, transpileMs: performance.now() - started, source: 'disk-cache' },
        };
      }
    } catch {
      // IndexedDB unavailable (private mode): transpile.
    }
    const detected = detectBinary(bytes);
    if (detected.kind === 'invalid') return { ok: false, reason: detected.reason };
    if (detected.kind === 'preview1-reactor') {
      return {
        ok: false,
        reason:
          'This preview1 module has no _start export: Airlock runs commands (a main function).',
      };
    }
    let component = bytes;
    if (detected.kind === 'preview1-command') {
      try {
        component = await adapt(bytes);
      } catch (error) {
        return { ok: false, reason: `Adapting this preview1 module failed: ${reasonOf(error)}` };
      }
    }
    try {
      await $init;
      // Names become text in the generated JavaScript: unsafe ones are refused (check-names.ts).
      const transpiled = toTranspiled(
        generateChecked(component, (c) => generate(c, generateOptions(jspi))),
        jspi,
      );
      const prepared: PreparedComponent = {
        hash,
        size: bytes.byteLength,
        kind: detected.kind === 'component' ? 'component' : 'preview1-adapted',
        ...transpiled,
        transpileMs: performance.now() - started,
        source: 'transpiled',
      };
      memory.set(key, prepared);
      set(key, prepared, store).catch(() => undefined);
      return { ok: true, component: prepared };
    } catch (error) {
      if (error instanceof UnsafeComponentError) return { ok: false, reason: error.message };
      return { ok: false, reason: `jco could not transpile this component: ${reasonOf(error)}` };
    }
  },
};

Comlink.expose(api);
