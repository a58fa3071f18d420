/**
 * The run host: a page loaded in an iframe with `sandbox="allow-scripts"`, so it and the run
 * workers it starts have an opaque origin. Whatever runs there (the generated bindings, the
 * guest) cannot reach the app's storage. The app talks to each run worker directly over a
 * MessagePort it hands over here; this page only starts and terminates workers (a spare one
 * loads at start and whenever the page asks).
 */
import { hostMessageSchema, type HostEvent } from './host-protocol';

/**
 * Chromium does not start module workers from an opaque origin, but a classic worker may
 * `import()` a module. So every module worker started here (Vite's inline run worker, a blob of
 * this origin; or the dev server's URL) becomes a tiny classic bootstrap that imports the module
 * and replays the messages that arrived while it loaded.
 */
const NativeWorker = globalThis.Worker;
class ClassicBootstrapWorker extends NativeWorker {
  constructor(url: string | URL, options?: WorkerOptions) {
    if (options?.type !== 'module') {
      super(url, options);
      return;
    }
    const moduleUrl = new URL(String(url), document.baseURI).href;
    const bootstrap = `const queued = [];
const hold = (e) => queued.push(e);
self.addEventListener('message', hold);
import(${JSON.stringify(moduleUrl)}).then(() => {
  self.removeEventListener('message', hold);
  for (const e of queued) self.dispatchEvent(new MessageEvent('message', { data: e.data, ports: [...e.ports] }));
}, (error) => { throw error; });`;
    super(URL.createObjectURL(new Blob([bootstrap], { type: 'text/javascript' })), {
      name: options.name,
    });
  }
}
globalThis.Worker = ClassicBootstrapWorker;

// Imported after the patch above: Vite's inline worker wrapper calls `new Worker(...)`.
const { default: RunWorker } = await import('./run.worker.ts?worker&inline');

const workers = new Map<number, Worker>();
let spare: Worker | undefined;

function post(event: HostEvent): void {
  // The parent's origin is the app's; the host itself is opaque, so '*' is the only target
  // that works. Nothing secret is sent: ids and error text.
  window.parent.postMessage(event, '*');
}

window.addEventListener('message', (event: MessageEvent) => {
  if (event.source !== window.parent) return;
  const parsed = hostMessageSchema.safeParse(event.data);
  if (!parsed.success) return;
  const message = parsed.data;
  switch (message.type) {
    case 'spawn': {
      const worker = spare ?? new RunWorker({ name: 'airlock-run' });
      spare = undefined;
      workers.set(message.id, worker);
      worker.addEventListener('error', (e) => {
        post({
          type: 'worker-error',
          id: message.id,
          message: e.message || 'the run worker crashed',
        });
      });
      const port = event.ports[0];
      if (port) worker.postMessage({ type: 'connect' }, [port]);
      // No new spare yet: loading one costs a core for a while, and the worker just taken is
      // about to run. The page asks for it (`spare`) when nothing waits.
      break;
    }
    case 'spare': {
      spare ??= new RunWorker({ name: 'airlock-run' });
      break;
    }
    case 'terminate': {
      workers.get(message.id)?.terminate();
      workers.delete(message.id);
      break;
    }
  }
});

// The first run's worker starts loading now (its module is large): a run may follow any moment.
spare = new RunWorker({ name: 'airlock-run' });
post({ type: 'ready', jspi: 'Suspending' in WebAssembly });
