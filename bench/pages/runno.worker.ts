/**
 * Bench only: Runno's browser WASI (preview1) running the same program's core module, in a
 * worker of its own as Runno's own worker host does. One worker per run.
 */
import { WASI } from '@runno/wasi';
import type { BareRunRequest, WorkerMessage } from './protocol';

const post = (message: WorkerMessage) => self.postMessage(message);

async function run(request: BareRunRequest): Promise<void> {
  const runno = request.runno;
  if (!runno) throw new Error('no program');
  const started = performance.now();
  const result = await WASI.start(fetch(runno.url), {
    args: [runno.name, ...request.args],
    env: request.env,
    fs: {},
    stdout: (text) => post({ type: 'output', stream: 'stdout', text }),
    stderr: (text) => post({ type: 'output', stream: 'stderr', text }),
  });
  post({
    type: 'done',
    exitCode: result.exitCode,
    instantiateMs: 0,
    runMs: performance.now() - started,
    files: Object.keys(result.fs).length,
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
