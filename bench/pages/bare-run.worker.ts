/**
 * Bench only: one run of a jco-transpiled component on preview2-shim's browser host, with no
 * interception, no policy and no log: `WASIShim` with in-memory preopens and stdout/stderr
 * posted to the page as they come. One worker per run, like Airlock's run workers.
 */
// The bare path is the benchmark's reference, not product code: it may use the shim directly.
// eslint-disable-next-line no-restricted-imports
import * as shim from '@bytecodealliance/preview2-shim';
// eslint-disable-next-line no-restricted-imports
import { WASIShim } from '@bytecodealliance/preview2-shim/instantiation';
import type { BareRunRequest, WorkerMessage } from './protocol';

type Instantiate = (
  getCoreModule: (name: string) => Promise<WebAssembly.Module>,
  imports: unknown,
) => Promise<Record<string, unknown>>;

interface Tree {
  dir: Record<string, unknown>;
}

const post = (message: WorkerMessage) => self.postMessage(message);

function outputHandler(stream: 'stdout' | 'stderr') {
  const decoder = new TextDecoder();
  return {
    write(bytes: Uint8Array) {
      if (bytes.byteLength)
        post({ type: 'output', stream, text: decoder.decode(bytes, { stream: true }) });
    },
    blockingFlush() {},
    flush() {},
    checkWrite: () => 1_048_576n,
  };
}

function findRun(exports: Record<string, unknown>): (() => unknown) | undefined {
  for (const [key, ns] of Object.entries(exports)) {
    if (key !== 'run' && !key.startsWith('wasi:cli/run')) continue;
    const run = (ns as { run?: unknown } | undefined)?.run;
    if (typeof run === 'function') return run.bind(ns) as () => unknown;
  }
  return undefined;
}

function countFiles(node: unknown): number {
  if (!node || typeof node !== 'object') return 0;
  if ('dir' in node) {
    let n = 0;
    for (const child of Object.values((node as Tree).dir)) n += countFiles(child);
    return n;
  }
  return 'source' in node ? 1 : 0;
}

async function run(request: BareRunRequest): Promise<void> {
  const component = request.component;
  if (!component) throw new Error('no component');
  const started = performance.now();
  const url = URL.createObjectURL(new Blob([component.js], { type: 'text/javascript' }));
  const bindings = (await import(/* @vite-ignore */ url)) as { instantiate: Instantiate };
  URL.revokeObjectURL(url);
  const trees: Record<string, Tree> = {};
  for (const guest of request.mounts) trees[guest] = { dir: {} };
  const wasi = new WASIShim({
    arguments: ['main', ...request.args],
    environment: request.env,
    stdin: {
      blockingRead: () => {
        throw { tag: 'closed' };
      },
    },
    stdout: outputHandler('stdout'),
    stderr: outputHandler('stderr'),
    browserFilesystem: {
      adapter: new shim.filesystem.InMemoryFilesystemAdapter(),
      preopens: trees,
    },
  });
  const exports = await bindings.instantiate(async (name) => {
    const bytes = component.coreModules[name];
    if (!bytes) throw new Error(`missing core module ${name}`);
    return WebAssembly.compile(bytes as BufferSource);
  }, wasi.getImportObject());
  const instantiated = performance.now();
  const entry = findRun(exports);
  if (!entry) throw new Error('no wasi:cli/run export');
  let exitCode: number | null = 0;
  try {
    await entry();
  } catch (error) {
    const e = error as { exitError?: boolean; code?: number } | null;
    if (e && typeof e === 'object' && e.exitError) exitCode = e.code ?? 1;
    else if (error instanceof Error) throw error;
    else exitCode = 1;
  }
  const ended = performance.now();
  post({
    type: 'done',
    exitCode,
    instantiateMs: instantiated - started,
    runMs: ended - instantiated,
    files: Object.values(trees).reduce((n, t) => n + countFiles(t), 0),
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
