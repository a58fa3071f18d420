// The app's own figures, read from its User Timing marks (product spec, section 3):
// `airlock:run-start`, `airlock:first-output`, `airlock:run-end`. Each function takes a fresh
// browser context and never throws: a missing mark becomes `null` with a note.
/* global performance, window -- functions passed to page.evaluate run in the page */
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import zlib from 'node:zlib';

const MARKS = ['airlock:run-start', 'airlock:first-output', 'airlock:run-end'];

/** Collects long tasks from the first moment of every document (the app's CSP does not apply). */
const LONGTASK_INIT = `
  window.__benchLongTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__benchLongTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask' });
  } catch {}
`;

async function marks(page) {
  return page.evaluate(
    (names) =>
      Object.fromEntries(
        names.map((n) => [n, performance.getEntriesByName(n, 'mark').map((m) => m.startTime)]),
      ),
    MARKS,
  );
}

async function waitFor(predicate, timeoutMs, intervalMs = 25) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > until) return null;
    await delay(intervalMs);
  }
}

/** Waits until the server has seen no request for `quietMs` (at most `maxMs`). */
async function networkQuiet(server, quietMs = 1000, maxMs = 15000) {
  await waitFor(() => server.quietFor() >= quietMs, maxMs, 100);
}

function summarizeLog(log) {
  const byType = {};
  let bytes = 0;
  for (const r of log) {
    bytes += r.bytes;
    byType[r.type] = (byType[r.type] ?? 0) + r.bytes;
  }
  return { requests: log.length, bytes, byType };
}

/**
 * Cold navigation to `/?sample=hello&autorun=1` in a fresh context, then `warmRuns` presses of
 * Run. Returns the cold figures, the warm samples and the bytes the server sent.
 */
export async function measureApp(browser, server, { warmRuns = 3, timeoutMs = 30000 } = {}) {
  const context = await browser.newContext();
  await context.addInitScript(LONGTASK_INIT);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const notes = [];
  const out = { cold: null, warm: [], bytes: null, notes, errors };
  try {
    server.reset();
    await page.goto(`${server.url}/?sample=hello&autorun=1`, { waitUntil: 'commit' });
    const got = await waitFor(async () => {
      const m = await marks(page);
      return m['airlock:first-output'].length || m['airlock:run-end'].length ? m : null;
    }, timeoutMs);
    const atFirst = summarizeLog(server.log());
    let m = got ?? (await marks(page));
    if (!m['airlock:first-output'].length && m['airlock:run-end'].length) {
      // The run ended without a first-output mark: give the UI a moment, then look again.
      m =
        (await waitFor(async () => {
          const x = await marks(page);
          return x['airlock:first-output'].length ? x : null;
        }, 1000)) ?? m;
    }
    const paint = await page.evaluate(() =>
      Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime])),
    );
    const runStart = m['airlock:run-start'][0] ?? null;
    const firstOutput = m['airlock:first-output'][0] ?? null;
    const runEnd = m['airlock:run-end'][0] ?? null;
    if (firstOutput === null)
      notes.push(
        got
          ? 'autorun: the run ended but the app never marked airlock:first-output'
          : `autorun: no airlock:first-output or airlock:run-end within ${timeoutMs} ms`,
      );
    out.cold = {
      firstOutputMs: firstOutput,
      runStartMs: runStart,
      runEndMs: runEnd,
      firstContentfulPaintMs: paint['first-contentful-paint'] ?? null,
      bytesToFirstOutput: firstOutput === null ? null : atFirst.bytes,
    };
    if (runEnd === null)
      await waitFor(async () => (await marks(page))['airlock:run-end'].length > 0, timeoutMs);
    await networkQuiet(server);
    const all = server.log();
    out.bytes = {
      ...summarizeLog(all),
      largest: [...all]
        .sort((a, b) => b.bytes - a.bytes)
        .slice(0, 8)
        .map((r) => ({ path: r.path, bytes: r.bytes })),
    };

    const run = page.getByRole('button', { name: 'Run', exact: true });
    for (let i = 0; i < warmRuns; i++) {
      const before = await marks(page);
      await run.waitFor({ state: 'visible', timeout: 5000 });
      await waitFor(() => run.isEnabled(), 5000);
      // A warm Run is one made on a page at rest: the editor (loaded after the first run) is
      // there, and a second has passed since the last run, as between two presses by a person.
      await page.locator('.monaco-editor').first().waitFor({ state: 'visible', timeout: 20000 });
      await page.waitForTimeout(1000);
      await run.click();
      const after = await waitFor(async () => {
        const x = await marks(page);
        return x['airlock:run-end'].length > before['airlock:run-end'].length ? x : null;
      }, timeoutMs);
      if (!after) {
        notes.push(`warm run ${i + 1}: no airlock:run-end within ${timeoutMs} ms`);
        break;
      }
      const start = after['airlock:run-start'].at(-1);
      const first =
        after['airlock:first-output'].length > before['airlock:first-output'].length
          ? after['airlock:first-output'].at(-1)
          : null;
      if (first === null) notes.push(`warm run ${i + 1}: no airlock:first-output mark`);
      out.warm.push({
        firstOutputMs: first === null ? null : first - start,
        runEndMs: after['airlock:run-end'].at(-1) - start,
      });
    }
  } catch (error) {
    notes.push(`app: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  } finally {
    await context.close();
  }
  return out;
}

/** The `#s=v1.…` hash of a sandbox (as src/share/link.ts encodes it). */
export function sandboxHash(sandbox) {
  const bytes = zlib.deflateRawSync(Buffer.from(JSON.stringify(sandbox)), { level: 9 });
  return `s=v1.${bytes.toString('base64url')}`;
}

/**
 * A 100,000-call run in the app itself: a share link carries the manifest, the bench program
 * is uploaded through "Upload component" (the manifest stays), then Run. Reads the run's marks,
 * the log's call count and the page's long tasks.
 */
export async function measureAppFlood(browser, server, { wasmPath, calls, timeoutMs = 180000 }) {
  const context = await browser.newContext();
  await context.addInitScript(LONGTASK_INIT);
  const page = await context.newPage();
  const notes = [];
  const out = { ok: false, notes };
  try {
    const manifestText = JSON.stringify(
      {
        args: [String(calls)],
        mounts: [{ guest: '/data', access: 'read-write' }],
        limits: { timeoutMs: 600000 },
      },
      null,
      2,
    );
    const hash = sandboxHash({ manifestText, component: { kind: 'sample', id: 'hello' } });
    await page.goto(`${server.url}/#${hash}`, { waitUntil: 'load' });
    const run = page.getByRole('button', { name: 'Run', exact: true });
    await run.waitFor({ state: 'visible', timeout: 15000 });
    await waitFor(() => run.isEnabled(), 15000);
    await page.getByLabel('Upload component').setInputFiles({
      name: 'calls.wasm',
      mimeType: 'application/wasm',
      buffer: fs.readFileSync(wasmPath),
    });
    // The upload is transpiled; Run is enabled again once it is ready.
    await page.waitForTimeout(300);
    const ready = await waitFor(
      async () => (await run.isEnabled()) && (await page.getByText('calls.wasm').count()) > 0,
      30000,
    );
    if (!ready) throw new Error('the uploaded component did not become ready');
    // An upload gets a new deny-by-default manifest; the share link's manifest is one click back.
    await page.getByRole('button', { name: 'Restore the previous manifest' }).click();
    const restored = await waitFor(
      async () => (await page.getByText('Restore the previous manifest').count()) === 0,
      10000,
    );
    if (!restored) throw new Error('the share link’s manifest could not be restored');
    await page.waitForTimeout(500);
    const before = await marks(page);
    await run.click();
    const after = await waitFor(
      async () => {
        const x = await marks(page);
        return x['airlock:run-end'].length > before['airlock:run-end'].length ? x : null;
      },
      timeoutMs,
      100,
    );
    if (!after) throw new Error(`no airlock:run-end within ${timeoutMs} ms`);
    const start = after['airlock:run-start'].at(-1);
    const end = after['airlock:run-end'].at(-1);
    const tasks = await page.evaluate(() => window.__benchLongTasks ?? []);
    const inRun = tasks.filter(([s, d]) => s + d >= start && s <= end);
    // The log's count of every call is on its "All" filter (e2e/log-scale.spec.ts reads it so).
    const countText = await page
      .getByRole('toolbar', { name: 'Log filters' })
      .getByRole('button', { name: /^All/ })
      .innerText()
      .catch(() => '');
    const shown = Number(countText.replace(/[^\d]/g, '')) || null;
    const status = await page
      .locator('footer, [role=status]')
      .allInnerTexts()
      .then((t) => t.join(' | ').replace(/\s+/g, ' ').slice(0, 200))
      .catch(() => '');
    if (shown !== null && shown < calls)
      notes.push(`the log shows ${shown} calls, expected ${calls}+`);
    Object.assign(out, {
      ok: true,
      runMs: end - start,
      eventsShown: shown,
      eventsPerSecond: shown ? (shown / (end - start)) * 1000 : null,
      longestTaskMs: inRun.reduce((mx, [, d]) => Math.max(mx, d), 0),
      longTasks: inRun.length,
      longTasksOver50: inRun.filter(([, d]) => d > 50).length,
      /** The five longest tasks: [ms after run-start, duration]; run-end is at runMs. */
      longestTasks: [...inRun]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5)
        .map(([s, d]) => [Math.round(s - start), Math.round(d)]),
      status,
    });
  } catch (error) {
    notes.push(
      `app flood: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  } finally {
    await context.close();
  }
  return out;
}

/**
 * The JavaScript the built page needs for its first paint: the entry chunk of index.html and
 * its static imports (Vite's build manifest), gzip-compressed (level 9). Dynamic imports (the
 * Monaco editor, the samples, workers) are not part of it.
 */
export function firstPaintJs(appDir) {
  const manifestPath = `${appDir}/.vite/manifest.json`;
  if (!fs.existsSync(manifestPath)) return null;
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const entryKey = Object.keys(manifest).find(
    (k) => manifest[k].isEntry && k.endsWith('index.html'),
  );
  if (!entryKey) return null;
  const seen = new Set();
  const files = [];
  const visit = (key) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) return;
    if (chunk.file.endsWith('.js')) files.push(chunk.file);
    for (const imp of chunk.imports ?? []) visit(imp);
  };
  visit(entryKey);
  const chunks = files.map((file) => {
    const raw = fs.readFileSync(`${appDir}/${file}`);
    return { file, bytes: raw.length, gzip: zlib.gzipSync(raw, { level: 9 }).length };
  });
  const css = (manifest[entryKey].css ?? []).map((file) => {
    const raw = fs.readFileSync(`${appDir}/${file}`);
    return { file, bytes: raw.length, gzip: zlib.gzipSync(raw, { level: 9 }).length };
  });
  return {
    gzip: chunks.reduce((n, c) => n + c.gzip, 0),
    bytes: chunks.reduce((n, c) => n + c.bytes, 0),
    chunks,
    css,
  };
}
