/**
 * Issue 13's attacks in the page: a crafted component's JavaScript, the run host's network,
 * a run worker's transport, and limits from the first instruction. Guests are built from WAT
 * by the test (src/runtime/testing/red-team-guests.ts).
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { expect, test, type Frame, type Page } from '@playwright/test';
import {
  craftedExportComponent,
  deniedThenSpinModule,
  startSpinModule,
} from '../src/runtime/testing/red-team-guests';
import { logRows, output, runAndWait, runStatus, setManifest } from './helpers';

let server: Server;
let hits: string[] = [];
let origin = '';

test.beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*' });
    res.end('reached');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
test.afterAll(() => server.close());
test.beforeEach(() => {
  hits = [];
});

async function runHostFrame(page: Page): Promise<Frame> {
  await expect
    .poll(() => page.frames().some((f) => f.url().endsWith('/run-host.html')), { timeout: 15_000 })
    .toBe(true);
  return page.frames().find((f) => f.url().endsWith('/run-host.html'))!;
}

async function upload(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  await page.getByLabel('Upload component').setInputFiles({
    name,
    mimeType: 'application/wasm',
    buffer: Buffer.from(bytes),
  });
}

test('a crafted component is refused: its JavaScript never runs and reaches nothing', async ({
  page,
}) => {
  await page.goto('/');
  const payload = `'];fetch("${origin}/pwned");globalThis.AIRLOCK_PWNED=1;//`;
  await upload(page, 'crafted.wasm', await craftedExportComponent(payload));
  await expect(
    page.getByText(/Refused: this component has a core export name/).first(),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeDisabled();
  expect(hits).toEqual([]);
});

test('the run host and the workers it starts have no network at all', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const host = await runHostFrame(page);
  const fromHost = await host.evaluate(async (url) => {
    try {
      await fetch(url);
      return 'reached';
    } catch {
      return 'blocked';
    }
  }, `${origin}/from-host`);
  const fromWorker = await host.evaluate(async (url) => {
    const source = `fetch(${JSON.stringify(url)}).then(() => postMessage('reached'), () => postMessage('blocked'));`;
    const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
    return new Promise<string>((resolve) => {
      worker.onmessage = (e) => resolve(String(e.data));
      worker.onerror = () => resolve('worker failed');
    });
  }, `${origin}/from-worker`);
  expect([fromHost, fromWorker]).toEqual(['blocked', 'blocked']);
  expect(hits).toEqual([]);
});

test('code in a run worker that replaces postMessage cannot forge the log', async ({ page }) => {
  await page.goto('/?sample=hello');
  await expect(runStatus(page)).toContainText('hello.wasm');
  // The primed run worker for hello exists before Run: tamper with it as injected code would.
  await expect
    .poll(() => page.workers().filter((w) => w.url().startsWith('blob:')).length)
    .toBeGreaterThan(0);
  for (const worker of page.workers()) {
    await worker
      .evaluate(() => {
        const original = MessagePort.prototype.postMessage;
        const forge = function (this: MessagePort, message: unknown, ...rest: unknown[]) {
          // Events travel encoded (src/runtime/wire/event-codec.ts): every text in a table.
          const m = message as { type?: string; events?: { strings?: string[] } };
          const strings = m?.type === 'batch' ? m.events?.strings : undefined;
          if (Array.isArray(strings)) strings.fill('FORGED');
          return Reflect.apply(original, this, [message, ...rest]);
        };
        MessagePort.prototype.postMessage = forge as typeof original;
      })
      .catch(() => undefined);
  }
  await runAndWait(page, 'Exited with code 0');
  await expect(output(page)).toContainText('Hello');
  await expect(logRows(page).first()).toBeVisible();
  await expect(logRows(page).filter({ hasText: 'FORGED' })).toHaveCount(0);
});

test('a start function that spins is stopped at limits.timeoutMs', async ({ page }) => {
  await page.goto('/');
  await upload(page, 'start-spin.wasm', await startSpinModule());
  await expect(runStatus(page)).toContainText('start-spin.wasm');
  await setManifest(page, '{ "limits": { "timeoutMs": 1000 } }');
  await runAndWait(page, /Timed out/);
});

test('every denied call before a busy loop reaches the log', async ({ page }) => {
  await page.goto('/');
  await upload(page, 'denied-then-spin.wasm', await deniedThenSpinModule(200));
  await expect(runStatus(page)).toContainText('denied-then-spin.wasm');
  await setManifest(
    page,
    '{ "mounts": [{ "guest": "/ro", "access": "read-only", "files": {} }], "limits": { "timeoutMs": 1000 } }',
  );
  await runAndWait(page, /Timed out/);
  // The log's verdict filter counts every denied call the page received.
  await expect(page.getByRole('button', { name: 'Denied 200' })).toBeVisible();
});
