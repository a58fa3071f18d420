// Drives the bench page (bench/pages/runtime.ts) in a fresh browser context: the transpile
// split, then paired runs of each program on Airlock (RunClient), Airlock's engine without
// transport, bare jco + preview2-shim and Runno, alternating so that they share the browser's
// state, and one 100,000-call run.
/* global window, performance, document -- functions passed to page.evaluate run in the page */

const PAGE = '/bench/bench/pages/runtime.html';

/**
 * The plan of one launch: [program, runtime, repetitions]. Runtimes of a program alternate
 * (A B C A B C) so that drift in the machine hits them alike.
 */
export function runPlan({ runno = true } = {}) {
  return [
    { program: 'hello', runtimes: ['airlock', 'engine', 'bare'], reps: 3 },
    {
      program: 'files',
      runtimes: ['airlock', 'engine', 'bare'],
      reps: 2,
      once: runno ? ['runno'] : [],
    },
    {
      program: 'lines',
      runtimes: ['airlock', 'engine', 'bare'],
      reps: 2,
      once: runno ? ['runno'] : [],
    },
    {
      program: 'calls',
      runtimes: ['airlock', 'engine', 'bare'],
      reps: 2,
      once: ['bare-sync', ...(runno ? ['runno'] : [])],
    },
    { program: 'calls100k', runtimes: ['airlock'], reps: 1 },
  ];
}

const METHOD = {
  airlock: 'runAirlock',
  engine: 'runEngine',
  bare: 'runBare',
  'bare-sync': 'runBare',
  runno: 'runRunno',
};

export async function measureRuntime(browser, server, { runno = true, log = () => {} } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const out = { split: null, runs: [], notes: [], errors };
  try {
    await page.goto(`${server.url}${PAGE}`);
    await page.waitForFunction(() => !!window.airlockBench, null, { timeout: 15000 });
    out.jspi = await page.evaluate(() => window.airlockBench.jspi);
    out.split = await page.evaluate(() => window.airlockBench.transpileSplit());
    await page.evaluate(() => window.airlockBench.prepareAll());
    // The page's first run also starts the run host iframe: kept apart from the warm runs.
    out.firstRun = await page.evaluate(() => window.airlockBench.runAirlock('hello'));
    for (const step of runPlan({ runno })) {
      const order = [];
      for (let i = 0; i < step.reps; i++) order.push(...step.runtimes);
      order.push(...(step.once ?? []));
      for (const runtime of order) {
        const method = METHOD[runtime];
        const sync = runtime === 'bare-sync';
        try {
          const stats = await page.evaluate(
            ([m, p, s]) => window.airlockBench[m](p, s),
            [method, step.program, sync],
          );
          if (stats.status === 'error' || stats.status === 'trapped')
            out.notes.push(`${runtime} ${step.program}: ${stats.status}: ${stats.reason ?? ''}`);
          out.runs.push(stats);
        } catch (error) {
          const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
          out.notes.push(`${runtime} ${step.program}: ${message}`);
          if (runtime === 'airlock') await page.evaluate(() => window.airlockBench.resetClient());
        }
      }
      log(`  ${step.program} done`);
    }
  } catch (error) {
    out.notes.push(
      `bench page: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
  } finally {
    await context.close();
  }
  return out;
}

/** Cold navigation to the bench page in `?cold=1` mode: first output of hello, no app UI. */
export async function measureBenchCold(browser, server, { timeoutMs = 30000 } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${server.url}${PAGE}?cold=1`, { waitUntil: 'commit' });
    const handle = await page.waitForFunction(
      () => {
        const m = performance.getEntriesByName('bench:first-output', 'mark')[0];
        return m ? m.startTime : document.title.startsWith('cold error') ? -1 : null;
      },
      null,
      { timeout: timeoutMs, polling: 20 },
    );
    const value = await handle.jsonValue();
    return value >= 0
      ? { firstOutputMs: value }
      : { firstOutputMs: null, note: await page.title() };
  } catch (error) {
    return {
      firstOutputMs: null,
      note: error instanceof Error ? error.message.split('\n')[0] : String(error),
    };
  } finally {
    await context.close();
  }
}
