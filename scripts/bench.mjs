#!/usr/bin/env node
// npm run bench: Airlock's performance figures against its budgets (docs/performance.md).
//
//   npm run bench                    9 fresh Chromium launches (about 8 minutes on 2 cores)
//   npm run bench -- --quick         3 launches
//   npm run bench -- --runs 5        any number of launches
//   npm run bench -- --skip-build    reuse the last builds (node_modules/.cache/airlock-bench)
//
// Builds the app (the product's Vite config, with a build manifest) and the bench pages
// (bench/vite.config.ts), serves both from a small static server (bench/lib/server.mjs), and
// drives Debian's Chromium through Playwright: the app's User Timing marks for cold and warm
// runs and a 100,000-call run, the bench page for the transpile/instantiate/run split and paired
// runs against bare jco + preview2-shim and Runno. Prints a table and writes
// bench/results/latest.json. Budgets are reported with ✓/✗, never asserted: the exit code is 0
// unless the benchmark itself could not run. Not part of `npm test`.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { firstPaintJs, measureApp, measureAppFlood } from '../bench/lib/app.mjs';
import { aggregate, budgets, formatTable, whereTimeGoes } from '../bench/lib/report.mjs';
import { measureBenchCold, measureRuntime } from '../bench/lib/runtime.mjs';
import { startServer } from '../bench/lib/server.mjs';
import { buildPrograms, programsNeedBuild } from '../bench/programs/build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = path.join(root, 'node_modules/.cache/airlock-bench');
const appDir = path.join(cacheDir, 'app');
const pagesDir = path.join(cacheDir, 'pages');
const resultsDir = path.join(root, 'bench/results');

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const option = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = flag('--quick');
const launches = Number(option('--runs') ?? (quick ? 3 : 9));
if (!Number.isInteger(launches) || launches < 1) {
  console.error('bench: --runs takes a positive whole number');
  process.exit(2);
}
/** Runno runs on the first launches only (it takes seconds on the file program). */
const RUNNO_LAUNCHES = 3;

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)}s`;
const say = (message) => console.error(`[bench ${elapsed()}] ${message}`);

function vite(args) {
  const bin = path.join(root, 'node_modules/vite/bin/vite.js');
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(r.stdout, r.stderr);
    throw new Error(`vite ${args.join(' ')} failed`);
  }
}

function machine(browserVersion) {
  const cpus = os.cpus();
  return {
    cpu: (cpus[0]?.model ?? 'unknown CPU').trim(),
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    browser: browserVersion,
  };
}

function commit() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
    }).trim();
    const dirty = execFileSync(
      'git',
      ['status', '--porcelain', '--', 'src', 'index.html', 'run-host.html', 'vite.config.ts'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    ).trim();
    return dirty ? `${head}+uncommitted` : head;
  } catch {
    return 'unknown';
  }
}

async function main() {
  // 1. Programs: the committed builds, rebuilt when a source is newer.
  if (programsNeedBuild()) {
    say('building bench programs (clang + componentNew)');
    await buildPrograms();
  }
  // 2. Builds: the product's own production build (with a manifest for the first-paint JS)
  // and the bench pages, both outside the linted tree.
  if (!flag('--skip-build') || !fs.existsSync(appDir) || !fs.existsSync(pagesDir)) {
    say('vite build (app)');
    vite(['build', '--outDir', appDir, '--emptyOutDir', '--manifest', '--logLevel', 'warn']);
    say('vite build (bench pages)');
    vite(['build', '--config', path.join(root, 'bench/vite.config.ts')]);
  }
  const firstPaint = firstPaintJs(appDir);

  // 3. Serve (with the product server's own headers) and measure.
  const headersFile = path.join(pagesDir, 'bench-headers.json');
  const productHeaders = fs.existsSync(headersFile)
    ? JSON.parse(fs.readFileSync(headersFile, 'utf8'))
    : {};
  const headersFor = (pathname) => {
    for (const key of ['/run-host.html', '/sw.js'])
      if (pathname.endsWith(key)) return productHeaders[key];
    return pathname.includes('/assets/') ? productHeaders['/assets/x.js'] : productHeaders['/'];
  };
  const loadBefore = os.loadavg()[0];
  const server = await startServer({
    headersFor,
    mounts: [
      { prefix: '/bench/', dir: pagesDir },
      { prefix: '/programs/', dir: path.join(root, 'bench/programs') },
      { prefix: '/samples/', dir: path.join(root, 'samples') },
      { prefix: '/', dir: appDir, spa: true },
    ],
  });
  const results = [];
  const notes = [];
  let browserVersion = 'Chromium';
  try {
    for (let i = 0; i < launches; i++) {
      say(`launch ${i + 1}/${launches}`);
      const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      browserVersion = `Chromium ${browser.version()}`;
      try {
        const app = await measureApp(browser, server);
        say(
          `  app: cold ${Math.round(app.cold?.firstOutputMs ?? -1)} ms, warm ${app.warm.map((w) => Math.round(w.firstOutputMs ?? -1)).join('/')} ms`,
        );
        // The app's 100,000-call run takes ~10 s: every other launch (all of them with --quick).
        const flood =
          quick || i % 2 === 0
            ? await measureAppFlood(browser, server, {
                wasmPath: path.join(root, 'bench/programs/calls.wasm'),
                calls: 100000,
              })
            : { ok: false, skipped: true, notes: [] };
        if (!flood.skipped)
          say(
            `  app 100,000 calls: ${Math.round(flood.runMs ?? -1)} ms, longest task ${Math.round(flood.longestTaskMs ?? -1)} ms`,
          );
        // The curve: 10,000 and 1,000,000 calls next to the 100,000 above (first launch only:
        // a million calls take ~30 s). The cost of a run should grow linearly with its calls.
        const scale = [];
        if (i === 0) {
          for (const calls of [10_000, 1_000_000]) {
            const r = await measureAppFlood(browser, server, {
              wasmPath: path.join(root, 'bench/programs/calls.wasm'),
              calls,
              timeoutMs: 600_000,
            });
            say(
              `  app ${calls.toLocaleString('en-US')} calls: ${Math.round(r.runMs ?? -1)} ms, longest task ${Math.round(r.longestTaskMs ?? -1)} ms`,
            );
            scale.push({ calls, ...r });
          }
          if (!flood.skipped) scale.splice(1, 0, { calls: 100_000, ...flood });
        }
        const benchCold = await measureBenchCold(browser, server);
        const runtime = await measureRuntime(browser, server, {
          runno: i < RUNNO_LAUNCHES,
          log: say,
        });
        results.push({ launch: i + 1, load: os.loadavg()[0], app, flood, scale, benchCold, runtime });
        for (const n of [
          ...app.notes,
          ...flood.notes,
          ...runtime.notes,
          ...(benchCold.note ? [benchCold.note] : []),
        ])
          notes.push(`launch ${i + 1}: ${n}`);
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }

  // 4. Figures, budgets, table, JSON.
  const agg = aggregate(results);
  const list = budgets(agg, firstPaint);
  const result = {
    version: 1,
    date: new Date().toISOString(),
    commit: commit(),
    launches,
    quick,
    machine: {
      ...machine(browserVersion),
      loadAverage: { before: loadBefore, after: os.loadavg()[0] },
    },
    jspi: results.find((r) => r.runtime.jspi !== undefined)?.runtime.jspi ?? null,
    durationSeconds: Math.round((Date.now() - started) / 1000),
    aggregate: agg,
    budgets: list,
    whereTimeGoes: whereTimeGoes(agg, list, firstPaint),
    firstPaintJs: firstPaint,
    coldBytes: results[0]?.app.bytes ?? null,
    notes: [...new Set(notes)].slice(0, 40),
    raw: results,
  };
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(formatTable(result));
  say(`wrote bench/results/latest.json (${result.durationSeconds} s)`);
}

main().catch((error) => {
  console.error(`bench: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
