/**
 * Real outgoing HTTP from the page (issue 10), against a tiny local server started by the test:
 * an allowed origin is reached, a denied one never is, a mock answers without the network, and a
 * server without CORS headers gets a plain-words explanation.
 *
 * The http sample's URLs are compiled in (example.com), so these tests upload a fixture,
 * e2e/fixtures/fetch-args.wat (built here from its text), that GETs the URLs given as arguments.
 */
import { expect, test, type Page } from '@playwright/test';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildWatFixture } from './fixtures/build-fixture';
import { logRows, output, runAndWait, runStatus, setManifest } from './helpers';
import { openSampleReady } from './fixtures/io-helpers';

let server: http.Server;
let port = 0;
/** Requests the server received, by path (query string dropped), preflights included. */
const hits = new Map<string, number>();
let fixture: Buffer;

const hitsOn = (path: string) => hits.get(path) ?? 0;
const totalHits = () => [...hits.values()].reduce((a, b) => a + b, 0);

test.beforeAll(async () => {
  fixture = await buildWatFixture('fetch-args');
  server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, hitsOn(path) + 1);
    if (path === '/cors') {
      res.writeHead(200, {
        'content-type': 'text/plain',
        'access-control-allow-origin': '*',
        // The page is cross-origin isolated: let a require-corp context embed the answer too.
        'cross-origin-resource-policy': 'cross-origin',
      });
      res.end(`hello from the local server (${req.method} ${req.url})\n`);
    } else if (path === '/no-cors') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('you should not be able to read this\n');
    } else {
      res.writeHead(404, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' });
      res.end('not found\n');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test.beforeEach(() => hits.clear());

const origin = () => `http://127.0.0.1:${port}`;

/**
 * Opens the http sample, uploads the fixture in its place, sets the manifest and runs it to the
 * end. (The sample is opened first: an upload made while the page is still opening its first
 * sample can be replaced by that sample; see the report of issue 10.)
 */
async function runFetch(page: Page, manifest: object): Promise<void> {
  await openSampleReady(page, 'http');
  await page.getByLabel('Upload component').setInputFiles({
    name: 'fetch-args.wasm',
    mimeType: 'application/wasm',
    buffer: fixture,
  });
  await expect(runStatus(page)).toContainText('fetch-args.wasm');
  await setManifest(page, JSON.stringify(manifest, null, 2));
  await expect(page.getByLabel('Sample')).toHaveValue('__upload');
  await runAndWait(page, 'Exited with code 0');
  await expect(page.getByLabel('Sample')).toHaveValue('__upload');
}

/**
 * The log's rows for one function. The log is virtualized (only rows in view exist), so it is
 * narrowed with its own "Filter log" box first.
 */
async function rowsOf(page: Page, fn: string) {
  await page.getByRole('searchbox', { name: 'Filter log' }).fill(fn);
  return logRows(page).filter({ hasText: fn });
}

async function handleRows(page: Page, verdict: 'granted' | 'denied') {
  return (await rowsOf(page, 'wasi:http/outgoing-handler')).filter({ hasText: verdict });
}

test('an allowed origin is reached: status and body in Output, a granted handle row naming the URL', async ({
  page,
}) => {
  const url = `${origin()}/cors?who=e2e`;
  await runFetch(page, { args: [url], http: { allow: [origin()] } });

  expect(hitsOn('/cors')).toBe(1);
  expect(totalHits()).toBe(1);
  await expect(output(page)).toContainText(`GET ${url} -> status 200`);
  await expect(output(page)).toContainText('hello from the local server (GET /cors?who=e2e)');
  const granted = await handleRows(page, 'granted');
  await expect(granted).toHaveCount(1);
  await expect(granted).toContainText(url);
  await expect(granted).toContainText(`http.allow[0] ${origin()}`);
  await expect(await handleRows(page, 'denied')).toHaveCount(0);
});

test('a denied origin gets HTTP-request-denied, a default-deny row, and the server sees nothing', async ({
  page,
}) => {
  // The same server under another name is another origin: not in http.allow.
  const denied = `http://localhost:${port}/cors?who=denied`;
  await runFetch(page, { args: [denied], http: { allow: [origin()] } });

  await expect(output(page)).toContainText(`GET ${denied} -> error: HTTP-request-denied`);
  const row = await handleRows(page, 'denied');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(denied);
  await expect(row).toContainText('default deny');
  await expect(await handleRows(page, 'granted')).toHaveCount(0);
  expect(totalHits()).toBe(0);
});

test('a mocked URL is answered from the manifest, without reaching the server', async ({
  page,
}) => {
  const url = `${origin()}/cors?who=mock`;
  await runFetch(page, {
    args: [url],
    http: {
      allow: [origin()],
      mock: { [url]: { status: 203, headers: { 'content-type': 'text/plain' }, body: 'canned\n' } },
    },
  });

  await expect(output(page)).toContainText(`GET ${url} -> status 203\ncanned`);
  const granted = await handleRows(page, 'granted');
  await expect(granted).toHaveCount(1);
  await expect(granted).toContainText(`http.mock["${url}"]`);
  expect(totalHits()).toBe(0);
});

test('allowed, denied and mocked in one run: only the allowed request reaches the server', async ({
  page,
}) => {
  const allowed = `${origin()}/cors?n=1`;
  const denied = `http://localhost:${port}/cors?n=2`;
  const mocked = `${origin()}/cors?n=3`;
  await runFetch(page, {
    args: [allowed, denied, mocked],
    http: { allow: [origin()], mock: { [mocked]: { status: 200, body: 'from the mock\n' } } },
  });

  await expect(output(page)).toContainText(`GET ${allowed} -> status 200`);
  await expect(output(page)).toContainText(`GET ${denied} -> error: HTTP-request-denied`);
  await expect(output(page)).toContainText(`GET ${mocked} -> status 200\nfrom the mock`);
  await expect(await handleRows(page, 'granted')).toHaveCount(2);
  await expect(await handleRows(page, 'denied')).toHaveCount(1);
  expect(hits.get('/cors')).toBe(1);
  expect(totalHits()).toBe(1);
});

test('a server without CORS headers: the guest gets an error that says so in plain words', async ({
  page,
}) => {
  const url = `${origin()}/no-cors`;
  await runFetch(page, { args: [url], http: { allow: [origin()] } });

  await expect(output(page)).not.toContainText('you should not be able to read this');
  // The engine's explanation reaches the guest as internal-error(some(message)); this fixture
  // prints the message (the http sample prints only the case name).
  await expect(output(page)).toContainText(`GET ${url} -> error: internal-error: ${origin()}`);
  await expect(output(page)).toContainText(
    'could not be reached from the browser: either it is offline or it does not allow cross-origin requests (CORS)',
  );
  // The request did leave the browser (the server answered it); the page may not read the answer.
  expect(hitsOn('/no-cors')).toBe(1);
  // The handle call itself was granted: the failure comes with the response.
  await expect(await handleRows(page, 'granted')).toHaveCount(1);
  const response = (await rowsOf(page, 'future-incoming-response.get')).last();
  await expect(response).toContainText('internal-error');
});

// Outside the guest's own printout, the log shortens a result to 80 characters
// (src/runtime/intercept/summarize.ts); the response gate (src/runtime/host/gates/http.ts)
// records the engine's whole explanation as the call's reason, shown in the call details.
test('what the user sees of a CORS failure outside the guest: the call details', async ({
  page,
}) => {
  const url = `${origin()}/no-cors`;
  await runFetch(page, { args: [url], http: { allow: [origin()] } });
  const response = (await rowsOf(page, 'future-incoming-response.get')).last();
  await response.click();
  const details = page.getByRole('region', { name: /Call #\d+/ });
  // The whole explanation, not only the guest's printout, should be readable in the app.
  await expect(details).toContainText('does not allow cross-origin requests (CORS)');
});
