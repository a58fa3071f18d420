// The conformance route through the browser engine: Debian's Chromium (Playwright) loads the
// production build (dist/, served by `vite preview` with the run host's sandbox header), and each
// test goes the way the page sends a run: the built transpile worker adapts and transpiles it,
// the built sandboxed run host (run-host.html) starts a run worker, and the run worker runs it
// under the manifest, streaming output and the result back over a MessagePort. Only the page's
// UI is left out (the editor, the panes): the engine, its workers and the sandbox are the ones
// users get.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

/* global fetch */

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** A run that takes longer than this failed (the manifest's own timeout is shorter). */
const RUN_TIMEOUT_MS = 60_000;

async function startPreview(root, port) {
  const child = spawn(
    process.execPath,
    [
      path.join(root, 'node_modules/vite/bin/vite.js'),
      'preview',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--strictPort',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout.on('data', (b) => (log += b));
  child.stderr.on('data', (b) => (log += b));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`vite preview exited: ${log}`);
    try {
      const r = await fetch(`${url}/run-host.html`);
      if (r.ok) return { url, stop: () => child.kill() };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill();
  throw new Error(`vite preview did not answer on ${url}: ${log}`);
}

/** In the page: the transpile worker, the run host iframe, and `window.conformanceRun`. */
function installHarness({ transpileWorkerUrl }) {
  /* global window, document, Worker, MessageChannel, WebAssembly, Comlink, atob, setTimeout, clearTimeout, TextDecoder */
  const jspi =
    typeof WebAssembly === 'object' && 'Suspending' in WebAssembly && 'promising' in WebAssembly;
  const transpiler = Comlink.wrap(new Worker(transpileWorkerUrl, { type: 'module' }));
  const iframe = document.createElement('iframe');
  iframe.src = '/run-host.html';
  const workerErrors = new Map();
  const ready = new Promise((resolve) => {
    window.addEventListener('message', (event) => {
      if (event.source !== iframe.contentWindow) return;
      if (event.data?.type === 'ready') resolve(event.origin);
      if (event.data?.type === 'worker-error')
        workerErrors.get(event.data.id)?.(event.data.message);
    });
  });
  document.body.appendChild(iframe);
  let nextId = 1;
  window.conformanceRun = async ({ base64, manifest, programName, timeoutMs }) => {
    const origin = await ready;
    if (origin !== 'null') return { error: `the run host is not sandboxed (origin ${origin})` };
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const prepared = await transpiler.prepare(bytes, jspi);
    if (!prepared.ok)
      return { status: 'bad-input', reason: prepared.reason, stdout: '', stderr: '' };
    const { hash, js, coreModules } = prepared.component;
    const id = nextId++;
    const channel = new MessageChannel();
    const stream = new MessageChannel();
    let stdout = '';
    let stderr = '';
    const result = await new Promise((resolve) => {
      const timer = setTimeout(
        () => resolve({ status: 'timeout', reason: `no result after ${timeoutMs} ms` }),
        timeoutMs,
      );
      const end = (r) => {
        clearTimeout(timer);
        resolve(r);
      };
      workerErrors.set(id, (message) => end({ status: 'error', reason: message }));
      // RunEvents (src/runtime/run-event.ts): output crosses as bytes.
      const text = { stdout: new TextDecoder(), stderr: new TextDecoder() };
      stream.port1.onmessage = (event) => {
        const m = event.data;
        if (m.type === 'batch')
          for (const chunk of m.output) {
            const decoded = text[chunk.stream].decode(chunk.bytes, { stream: true });
            if (chunk.stream === 'stdout') stdout += decoded;
            else stderr += decoded;
          }
        else if (m.type === 'done') end(m.result);
      };
      iframe.contentWindow.postMessage({ type: 'spawn', id }, '*', [channel.port2]);
      const remote = Comlink.wrap(channel.port1);
      remote
        .run(
          { runId: 1, component: { hash, js, coreModules, jspi }, manifest, programName },
          Comlink.transfer(stream.port2, [stream.port2]),
        )
        .catch((error) => end({ status: 'error', reason: String(error?.message ?? error) }));
    });
    workerErrors.delete(id);
    iframe.contentWindow.postMessage({ type: 'terminate', id }, '*');
    channel.port1.close();
    stream.port1.close();
    return {
      status: result.status,
      exitCode: result.exitCode ?? null,
      reason: result.reason,
      stdout,
      stderr,
    };
  };
}

/**
 * Runs `{ test, manifest }` items one after another in one page; returns outcomes shaped like
 * the CLI's: exitCode (134 for a trap, as `airlock run` reports it), stdout, stderr, error.
 */
export async function runInBrowser(root, items) {
  const dist = path.join(root, 'dist');
  if (!fs.existsSync(path.join(dist, 'run-host.html')))
    throw new Error('dist/ has no build: run `npm run build` first');
  const transpileWorker = fs
    .readdirSync(path.join(dist, 'assets'))
    .find((f) => /^transpile\.worker-.*\.js$/.test(f));
  if (!transpileWorker) throw new Error('dist/assets has no transpile worker');
  const port = Number(process.env.AIRLOCK_E2E_PORT ?? 41739);
  const server = await startPreview(root, port);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    // The page is the app's own origin (the run host trusts only its parent). Comlink, which
    // the harness needs to talk to the workers, is served from node_modules at a same-origin
    // URL, so the app's CSP and the run host's sandbox header stay as they are.
    const context = await browser.newContext();
    const page = await context.newPage();
    const comlink = fs.readFileSync(path.join(root, 'node_modules/comlink/dist/umd/comlink.js'));
    await page.route('**/__conformance/comlink.js', (route) =>
      route.fulfill({ body: comlink, contentType: 'text/javascript' }),
    );
    await page.goto(`${server.url}/`);
    await page.addScriptTag({ url: '/__conformance/comlink.js' });
    await page.evaluate(installHarness, { transpileWorkerUrl: `/assets/${transpileWorker}` });
    const outcomes = [];
    for (const { test, manifest } of items) {
      const base64 = fs.readFileSync(test.wasm).toString('base64');
      const r = await page.evaluate((args) => window.conformanceRun(args), {
        base64,
        manifest,
        programName: path.basename(test.wasm),
        timeoutMs: RUN_TIMEOUT_MS,
      });
      if (r.error) outcomes.push({ error: r.error, stdout: '', stderr: '' });
      else if (r.status === 'exited')
        outcomes.push({ exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr });
      else
        outcomes.push({
          error: `${r.status}: ${r.reason ?? ''}`.slice(0, 300),
          stdout: r.stdout,
          stderr: r.stderr,
        });
    }
    return outcomes;
  } finally {
    await browser.close();
    server.stop();
  }
}
