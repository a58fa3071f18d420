// Turns the per-launch measurements into figures (median, min, max over launches), budgets
// (reported, never asserted) and the table `npm run bench` prints.

export function stat(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = v.length >> 1;
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { median, min: v[0], max: v[v.length - 1], n: v.length };
}

const median = (values) => stat(values)?.median ?? null;

export const PROGRAM_LABELS = {
  hello: 'hello (samples/hello)',
  files: 'files: 2,000 small files',
  lines: 'lines: 10,000 lines of output',
  calls: 'calls: 20,000 small writes',
  calls100k: 'calls: 100,000 small writes',
};
export const RUNTIMES = ['airlock', 'engine', 'bare', 'bare-sync', 'runno'];

/** Everything the launches measured, as figures. */
export function aggregate(launches) {
  const pick = (f) => launches.flatMap((l) => [f(l)].flat());
  const figures = {
    coldFirstOutputApp: stat(pick((l) => l.app?.cold?.firstOutputMs)),
    coldRunStartApp: stat(pick((l) => l.app?.cold?.runStartMs)),
    coldFcpApp: stat(pick((l) => l.app?.cold?.firstContentfulPaintMs)),
    coldFirstOutputBench: stat(pick((l) => l.benchCold?.firstOutputMs)),
    firstRunBench: stat(pick((l) => l.runtime?.firstRun?.firstOutputMs)),
    warmFirstOutputApp: stat(pick((l) => (l.app?.warm ?? []).map((w) => w.firstOutputMs))),
    warmRunEndApp: stat(pick((l) => (l.app?.warm ?? []).map((w) => w.runEndMs))),
    bytesColdTotal: stat(pick((l) => l.app?.bytes?.bytes)),
    bytesToFirstOutput: stat(pick((l) => l.app?.cold?.bytesToFirstOutput)),
    transpile: {},
    floodApp: {
      eventsPerSecond: stat(pick((l) => l.flood?.eventsPerSecond)),
      longestTaskMs: stat(pick((l) => l.flood?.longestTaskMs)),
      longTasksOver50: stat(pick((l) => l.flood?.longTasksOver50)),
      runMs: stat(pick((l) => l.flood?.runMs)),
      eventsShown: stat(pick((l) => l.flood?.eventsShown)),
    },
    floodBench: {},
  };
  for (const k of ['cold', 'warm', 'memory', 'disk']) {
    figures.transpile[k] = {
      transpileMs: stat(pick((l) => l.runtime?.split?.[k]?.transpileMs)),
      wallMs: stat(pick((l) => l.runtime?.split?.[k]?.wallMs)),
      source: launches.map((l) => l.runtime?.split?.[k]?.source).find(Boolean) ?? null,
    };
  }
  const runs = (l, program, runtime) =>
    (l.runtime?.runs ?? []).filter(
      (r) => r.program === program && r.runtime === runtime && r.status !== 'error',
    );
  const programs = {};
  for (const program of Object.keys(PROGRAM_LABELS)) {
    programs[program] = {};
    for (const runtime of RUNTIMES) {
      const all = launches.flatMap((l) => runs(l, program, runtime));
      if (!all.length) continue;
      programs[program][runtime] = {
        totalMs: stat(all.map((r) => r.totalMs)),
        firstOutputMs: stat(all.map((r) => r.firstOutputMs)),
        startedMs: stat(all.map((r) => r.startedMs)),
        instantiateMs: stat(all.map((r) => r.instantiateMs)),
        runMs: stat(all.map((r) => r.runMs)),
        events: stat(all.map((r) => r.events)),
        eventBatches: stat(all.map((r) => r.eventBatches)),
        outputChars: stat(all.map((r) => r.outputChars)),
        longestTaskMs: stat(all.map((r) => r.longestTaskMs)),
        files: stat(all.map((r) => r.files)),
      };
    }
  }
  // Ratios are paired: medians of one launch's runs, then the spread over launches.
  const ratio = (program, a, b) =>
    stat(
      launches.map((l) => {
        const x = median(runs(l, program, a).map((r) => r.totalMs));
        const y = median(runs(l, program, b).map((r) => r.totalMs));
        return x !== null && y ? x / y : null;
      }),
    );
  const ratios = {};
  for (const program of ['files', 'lines', 'calls']) {
    ratios[program] = {
      airlockVsBare: ratio(program, 'airlock', 'bare'),
      engineVsBare: ratio(program, 'engine', 'bare'),
      airlockVsEngine: ratio(program, 'airlock', 'engine'),
      bareVsBareSync: ratio(program, 'bare', 'bare-sync'),
      airlockVsRunno: ratio(program, 'airlock', 'runno'),
    };
  }
  const flood = launches.flatMap((l) => runs(l, 'calls100k', 'airlock'));
  figures.floodBench = {
    eventsPerSecond: stat(flood.map((r) => (r.events / r.totalMs) * 1000)),
    longestTaskMs: stat(flood.map((r) => r.longestTaskMs)),
    events: stat(flood.map((r) => r.events)),
    totalMs: stat(flood.map((r) => r.totalMs)),
  };
  // Completeness: what the page received against what the engine recorded (events) and what
  // bare jco printed (output). A shortfall is data lost between the run worker and the page.
  const losses = [];
  for (const program of ['hello', 'files', 'lines', 'calls']) {
    const expectedEvents = programs[program]?.engine?.events?.median;
    const gotEvents = programs[program]?.airlock?.events?.min;
    if (expectedEvents && gotEvents !== undefined && gotEvents < expectedEvents)
      losses.push(
        `${program}: a run delivered ${gotEvents} of ${expectedEvents} events to the page`,
      );
    const expectedOut = programs[program]?.bare?.outputChars?.median;
    const gotOut = programs[program]?.airlock?.outputChars?.min;
    if (expectedOut && gotOut !== undefined && gotOut < expectedOut)
      losses.push(`${program}: a run delivered ${gotOut} of ${expectedOut} output characters`);
  }
  return { figures, programs, ratios, losses };
}

const ms = (x) =>
  x === null || x === undefined ? '–' : x >= 100 ? `${Math.round(x)}` : x.toFixed(1);
const kb = (x) => (x === null || x === undefined ? '–' : `${(x / 1024).toFixed(1)} KB`);
const mb = (x) => (x === null || x === undefined ? '–' : `${(x / 1048576).toFixed(2)} MB`);
const times = (x) => (x === null || x === undefined ? '–' : `${x.toFixed(2)}x`);
const triple = (s, f = ms) => (s ? `${f(s.median)} (${f(s.min)}–${f(s.max)})` : '–');

/** The budgets of issue 9, judged on the figures (never a test failure). */
export function budgets(agg, firstPaint) {
  const { figures: f, ratios } = agg;
  const warm = f.warmFirstOutputApp ?? agg.programs.hello?.airlock?.firstOutputMs;
  const cold = f.coldFirstOutputApp ?? f.coldFirstOutputBench;
  const flood = f.floodApp.longestTaskMs ?? f.floodBench.longestTaskMs;
  return [
    {
      id: 'warm-first-output',
      label: 'warm Run → first output ≤ 15 ms (median)',
      value: warm?.median ?? null,
      shown: warm ? `${ms(warm.median)} ms` : '–',
      ok: warm ? warm.median <= 15 : null,
      source: f.warmFirstOutputApp ? 'app marks' : 'bench page (app marks missing)',
    },
    {
      id: 'cold-first-output',
      label: 'cold navigation → first output ≤ 250 ms',
      value: cold?.median ?? null,
      shown: cold ? `${ms(cold.median)} ms` : '–',
      ok: cold ? cold.median <= 250 : null,
      source: f.coldFirstOutputApp ? 'app marks' : 'bench page (app marks missing)',
    },
    {
      id: 'calls-overhead',
      label: 'every call logged ≤ 1.15x bare jco (20,000 calls)',
      value: ratios.calls.airlockVsBare?.median ?? null,
      shown: times(ratios.calls.airlockVsBare?.median),
      ok: ratios.calls.airlockVsBare ? ratios.calls.airlockVsBare.median <= 1.15 : null,
      source: 'bench page, paired',
    },
    {
      id: 'files-vs-bare',
      label: '2,000 file writes no slower than bare jco',
      value: ratios.files.airlockVsBare?.median ?? null,
      shown: times(ratios.files.airlockVsBare?.median),
      ok: ratios.files.airlockVsBare ? ratios.files.airlockVsBare.median <= 1.0 : null,
      source: 'bench page, paired',
    },
    {
      id: 'flood-longtask',
      label: '100,000 events, no main-thread task over 50 ms',
      value: flood?.max ?? null,
      shown: flood ? `longest ${ms(flood.max)} ms` : '–',
      ok: flood ? flood.max <= 50 : null,
      source: f.floodApp.longestTaskMs ? 'app (worst launch)' : 'bench page (worst launch)',
    },
    {
      id: 'first-paint-js',
      label: 'JS before the editor ≤ 200 KB gzipped',
      value: firstPaint?.gzip ?? null,
      shown: firstPaint ? kb(firstPaint.gzip) : '–',
      ok: firstPaint ? firstPaint.gzip <= 200 * 1024 : null,
      source: 'build manifest, gzip -9',
    },
  ];
}

/** Plain-language reasons for each missed budget, computed from the figures. */
export function whereTimeGoes(agg, list, firstPaint) {
  const { figures: f, programs: p, ratios } = agg;
  const out = [];
  const missed = new Set(list.filter((b) => b.ok === false).map((b) => b.id));
  const hello = p.hello?.airlock;
  if (missed.has('warm-first-output') && hello) {
    const appExtra = (f.warmFirstOutputApp?.median ?? 0) - (hello.firstOutputMs?.median ?? 0);
    out.push(
      `warm Run: page→worker spawn+import+instantiate ${ms(hello.startedMs?.median)} ms ` +
        `(instantiate ${ms(hello.instantiateMs?.median)} ms in the worker), guest to first output on the page ` +
        `${ms((hello.firstOutputMs?.median ?? 0) - (hello.startedMs?.median ?? 0))} ms; bare jco needs ` +
        `${ms(p.hello?.bare?.firstOutputMs?.median)} ms for the same` +
        (appExtra > 0 ? `; the app adds ${ms(appExtra)} ms (state, render, marks)` : ''),
    );
  }
  if (missed.has('cold-first-output')) {
    out.push(
      `cold: first paint at ${ms(f.coldFcpApp?.median)} ms, autorun starts at ${ms(f.coldRunStartApp?.median)} ms, ` +
        `first transpile ${ms(f.transpile.cold.wallMs?.median)} ms on the page (${ms(f.transpile.cold.transpileMs?.median)} ms in the worker, ` +
        `jco's 3.5 MB bindgen wasm fetched and compiled first); ${mb(f.bytesToFirstOutput?.median)} sent before first output; ` +
        `engine floor without the UI ${ms(f.coldFirstOutputBench?.median)} ms`,
    );
  }
  for (const [id, program] of [
    ['calls-overhead', 'calls'],
    ['files-vs-bare', 'files'],
  ]) {
    if (!missed.has(id)) continue;
    const r = ratios[program];
    out.push(
      `${program}: Airlock ${ms(p[program]?.airlock?.totalMs?.median)} ms vs bare jco ${ms(p[program]?.bare?.totalMs?.median)} ms; ` +
        `engine without transport ${times(r.engineVsBare?.median)} of bare (interception, policy, summaries), ` +
        `transport + run host ${times(r.airlockVsEngine?.median)} on top; ` +
        (p[program]?.['bare-sync']
          ? `JSPI alone: bare jco with JSPI is ${times(r.bareVsBareSync?.median)} bare without (${ms(p[program]['bare-sync'].totalMs?.median)} ms)`
          : `events sent in ${ms(p[program]?.airlock?.eventBatches?.median)} batches`),
    );
  }
  if (missed.has('flood-longtask')) {
    out.push(
      `100,000 events: the app's longest task per run ${ms(f.floodApp.longestTaskMs?.median)} ms median ` +
        `(worst ${ms(f.floodApp.longestTaskMs?.max)} ms), ${ms(f.floodApp.longTasksOver50?.median)} tasks over 50 ms per run; ` +
        `the bench page receiving the same events without UI: ${ms(f.floodBench.longestTaskMs?.median)} ms median — ` +
        `the long tasks are the app's handling and rendering of event batches (see raw[].flood.longestTasks for when)`,
    );
  }
  if (missed.has('first-paint-js') && firstPaint) {
    out.push(
      `first-paint JS: ${firstPaint.chunks.map((c) => `${c.file.replace(/^assets\//, '')} ${kb(c.gzip)}`).join(', ')}`,
    );
  }
  return out;
}

/** The table `npm run bench` prints. */
export function formatTable(result) {
  const { figures: f, programs: p, ratios } = result.aggregate;
  const lines = [];
  const row = (label, value) => lines.push(`  ${label.padEnd(44)} ${value}`);
  lines.push(
    `Airlock bench: ${result.launches} fresh launches of ${result.machine.browser} on ${result.machine.cpu} ` +
      `(${result.machine.cores} cores), commit ${result.commit}. Figures: median (min–max), ms unless noted.`,
  );
  const load = result.machine.loadAverage;
  if (load) {
    const busy = Math.max(load.before, load.after) > result.machine.cores;
    lines.push(
      `Load average (1 min) before/after: ${load.before.toFixed(1)} / ${load.after.toFixed(1)}` +
        (busy
          ? ' — the machine was busy with other work: absolute times are inflated, paired ratios less so.'
          : ''),
    );
  }
  lines.push('');
  lines.push('Page');
  row('cold navigation → first output (app)', triple(f.coldFirstOutputApp));
  row(
    '  first contentful paint / autorun starts',
    `${ms(f.coldFcpApp?.median)} / ${ms(f.coldRunStartApp?.median)}`,
  );
  row('cold navigation → first output (bench page)', triple(f.coldFirstOutputBench));
  row('warm Run → first output (app)', triple(f.warmFirstOutputApp));
  row('warm Run → verdict shown (app)', triple(f.warmRunEndApp));
  row('first Run after load → first output (RunClient)', triple(f.firstRunBench));
  row('warm Run → first output (RunClient, no UI)', triple(p.hello?.airlock?.firstOutputMs));
  row('bytes sent before first output (cold)', triple(f.bytesToFirstOutput, mb));
  row('bytes sent for the cold visit (all)', triple(f.bytesColdTotal, mb));
  row('JS before the editor (gzip -9)', result.firstPaintJs ? kb(result.firstPaintJs.gzip) : '–');
  lines.push('');
  lines.push('Split (RunClient)');
  for (const k of ['cold', 'warm', 'memory', 'disk']) {
    const t = f.transpile[k];
    row(
      `transpile ${k} (${t.source ?? '?'}): worker / page`,
      `${triple(t.transpileMs)} / ${triple(t.wallMs)}`,
    );
  }
  row('instantiate (hello, worker)', triple(p.hello?.airlock?.instantiateMs));
  row('start → instantiated on the page (hello)', triple(p.hello?.airlock?.startedMs));
  row('instantiated → run ended on the page (hello)', triple(p.hello?.airlock?.runMs));
  lines.push('');
  lines.push('Programs: start → result on the page (median ms)');
  lines.push(
    `  ${'program'.padEnd(30)} ${'Airlock'.padStart(8)} ${'engine'.padStart(8)} ${'bare jco'.padStart(9)} ${'bare sync'.padStart(9)} ${'Runno'.padStart(8)} ${'Airlock/bare'.padStart(13)} ${'events'.padStart(8)}`,
  );
  for (const program of ['hello', 'files', 'lines', 'calls']) {
    const cell = (rt) =>
      ms(p[program]?.[rt]?.totalMs?.median).padStart(rt === 'bare' || rt === 'bare-sync' ? 9 : 8);
    const r = ratios[program]?.airlockVsBare;
    lines.push(
      `  ${PROGRAM_LABELS[program].padEnd(30)} ${cell('airlock')} ${cell('engine')} ${cell('bare')} ${cell('bare-sync')} ${cell('runno')} ${(r ? `${times(r.median)} (${times(r.min)}–${times(r.max)})` : '').padStart(13)} ${ms(p[program]?.airlock?.events?.median).padStart(8)}`,
    );
  }
  lines.push(
    "  engine = Airlock's engine in a plain worker, events counted, not sent; bare sync = jco without JSPI",
  );
  lines.push('');
  lines.push('100,000-call run');
  row(
    'events/s reaching the page (bench page)',
    triple(f.floodBench.eventsPerSecond, (x) => `${Math.round(x)}`),
  );
  row(
    'events/s shown by the app',
    triple(f.floodApp.eventsPerSecond, (x) => `${Math.round(x)}`),
  );
  row(
    'calls in the app log at the end',
    triple(f.floodApp.eventsShown, (x) => `${Math.round(x)}`),
  );
  row('longest main-thread task (app)', triple(f.floodApp.longestTaskMs));
  row(
    'tasks over 50 ms per run (app)',
    triple(f.floodApp.longTasksOver50, (x) => `${x}`),
  );
  row('longest main-thread task (bench page)', triple(f.floodBench.longestTaskMs));
  const scale = result.raw?.[0]?.scale ?? [];
  if (scale.length) {
    lines.push('');
    lines.push('Scale: the app, calls program, first launch (a run should cost the same per call)');
    lines.push(
      `  ${'calls'.padStart(10)} ${'run ms'.padStart(8)} ${'µs/call'.padStart(8)} ${'longest task'.padStart(13)} ${'tasks > 50 ms'.padStart(14)} ${'in the log'.padStart(11)}`,
    );
    for (const r of scale)
      lines.push(
        `  ${r.calls.toLocaleString('en-US').padStart(10)} ${String(Math.round(r.runMs ?? NaN)).padStart(8)} ${((r.runMs * 1000) / r.calls).toFixed(1).padStart(8)} ${String(Math.round(r.longestTaskMs ?? NaN)).padStart(13)} ${String(r.longTasksOver50 ?? '–').padStart(14)} ${String(r.eventsShown ?? '–').padStart(11)}`,
      );
  }
  lines.push('');
  lines.push('Budgets (reported, not asserted)');
  for (const b of result.budgets) {
    const mark = b.ok === null ? '?' : b.ok ? '✓' : '✗';
    lines.push(`  ${mark} ${b.label.padEnd(52)} ${b.shown.padEnd(16)} [${b.source}]`);
  }
  if (result.whereTimeGoes.length) {
    lines.push('');
    lines.push('Where the time goes');
    for (const w of result.whereTimeGoes) lines.push(`  - ${w}`);
  }
  if (result.aggregate.losses?.length) {
    lines.push('');
    lines.push('Lost between the run worker and the page');
    for (const n of result.aggregate.losses) lines.push(`  - ${n}`);
  }
  if (result.notes.length) {
    lines.push('');
    lines.push('Notes');
    for (const n of result.notes) lines.push(`  - ${n}`);
  }
  return lines.join('\n');
}
