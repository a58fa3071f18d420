/**
 * Bench only: Airlock's engine (manifest, policy, interception, summaries, virtual filesystem:
 * `runGuest`, exactly as the run worker calls it) in a plain worker, with a sink that counts the
 * events instead of sending them to the page. Compared with the full run (RunClient) it shows
 * what the transport costs; compared with bare jco, what interception and logging cost.
 */
// eslint-disable-next-line no-restricted-imports
import * as shimModules from '@bytecodealliance/preview2-shim';
import { resolveManifest } from '../../src/manifest/resolve';
import { capMemories, pagesForMiB } from '../../src/runtime/engine/memory-cap';
import { runGuest, type GuestBindings } from '../../src/runtime/engine/run-guest';
import type { ShimModules } from '../../src/runtime/host/shim-types';
import type { BareRunRequest, WorkerMessage } from './protocol';

const post = (message: WorkerMessage) => self.postMessage(message);

async function run(request: BareRunRequest): Promise<void> {
  const component = request.component;
  if (!component || !request.manifest) throw new Error('no component or manifest');
  const started = performance.now();
  const url = URL.createObjectURL(new Blob([component.js], { type: 'text/javascript' }));
  const bindings = (await import(/* @vite-ignore */ url)) as GuestBindings;
  URL.revokeObjectURL(url);
  const resolved = resolveManifest(request.manifest);
  const maxPages = pagesForMiB(resolved.limits.maxMemoryMiB);
  const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  let events = 0;
  let instantiated = started;
  const result = await runGuest({
    bindings,
    getCoreModule: (name) => {
      const bytes = component.coreModules[name];
      if (!bytes) throw new Error(`missing core module ${name}`);
      return WebAssembly.compile(capMemories(bytes, maxPages) as BufferSource);
    },
    shim: shimModules as unknown as ShimModules,
    resolved,
    jspi: component.jspi,
    programName: request.runno?.name ?? 'main',
    sink: {
      event: () => void events++,
      output: (stream, bytes) =>
        post({ type: 'output', stream, text: decoders[stream].decode(bytes, { stream: true }) }),
    },
    onStart: () => (instantiated = performance.now()),
  });
  post({
    type: 'done',
    exitCode: result.exitCode,
    instantiateMs: instantiated - started,
    runMs: performance.now() - instantiated,
    error: result.status === 'exited' ? undefined : result.reason,
    files: result.files.filter((f) => f.kind === 'file' && f.status !== 'deleted').length,
    events,
  });
}

self.addEventListener('message', (event: MessageEvent<BareRunRequest>) => {
  if (event.data.type !== 'run') return;
  run(event.data).catch((error: unknown) =>
    post({
      type: 'done',
      exitCode: null,
      instantiateMs: 0,
      runMs: 0,
      error: error instanceof Error ? error.message : String(error),
    }),
  );
});
post({ type: 'ready' });
