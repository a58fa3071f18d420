/**
 * Bench only: jco's browser transpiler with nothing around it (no cache, no adapter, no hash).
 * Uses the same generate options as Airlock, so the bare run path executes the same glue code
 * and the comparison isolates Airlock's host (interception, policy, logging, streaming).
 */
import { $init, generate } from '@bytecodealliance/jco-transpile/component';
import { generateOptions, toTranspiled } from '../../src/runtime/transpile/options';
import type { BareTranspileReply, BareTranspileRequest } from './protocol';

self.addEventListener('message', (event: MessageEvent<BareTranspileRequest>) => {
  const { id, bytes, jspi } = event.data;
  void (async () => {
    const started = performance.now();
    let reply: BareTranspileReply;
    try {
      await $init;
      const t = toTranspiled(generate(bytes, generateOptions(jspi)), jspi);
      reply = {
        id,
        ok: true,
        js: t.js,
        coreModules: t.coreModules,
        jspi,
        transpileMs: performance.now() - started,
      };
    } catch (error) {
      reply = { id, ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
    self.postMessage(reply);
  })();
});
