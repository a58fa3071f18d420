/**
 * The bench page: Airlock's runtime driven through the product's own page-side API
 * (`RunClient`: the transpile worker, the sandboxed run host, one run worker per run), next to
 * two references that live only here: bare jco + preview2-shim (no interception) and Runno.
 * scripts/bench.mjs calls `window.airlockBench` through Playwright.
 *
 * `?cold=1` runs the hello sample as soon as the page loads and marks `bench:first-output`: the
 * engine's floor for "cold navigation to first output", without the app's UI.
 */
import type { Manifest } from '../../src/manifest/schema';
import { RunClient } from '../../src/runtime/browser/run-client';
import type { PreparedComponent } from '../../src/runtime/browser/protocol';
import type { BareRunRequest, BareTranspileReply, WorkerMessage } from './protocol';

export type RuntimeName = 'airlock' | 'engine' | 'bare' | 'bare-sync' | 'runno';

export interface ProgramSpec {
  /** argv[0] */
  name: string;
  component: string;
  /** The preview1 core module (for Runno), if there is one. */
  core?: string;
  args: string[];
  env: Record<string, string>;
  /** Writable guest directories that start empty. */
  mounts: string[];
}

export interface RunStats {
  runtime: RuntimeName;
  program: string;
  /** Page: start -> end of run (result on the page). */
  totalMs: number;
  /** Page: start -> first stdout/stderr text on the page. */
  firstOutputMs: number | null;
  /** Page: start -> the run worker says the guest is instantiated (Airlock only). */
  startedMs: number | null;
  /** Worker: instantiate (Airlock: RunEnd.instantiateMs; bare: import + compile + instantiate). */
  instantiateMs: number | null;
  /** Worker: the guest's run (bare, Runno); Airlock: page-side started -> end. */
  runMs: number | null;
  events: number;
  eventBatches: number;
  outputChars: number;
  exitCode: number | null;
  status: string;
  reason?: string;
  files?: number;
  /** Longest main-thread task of this page during the run (longtask entries, ms). */
  longestTaskMs: number;
  longTasks: number;
}

export interface PrepareStats {
  program: string;
  source: string;
  /** What the transpile worker reports (PreparedComponent.transpileMs). */
  transpileMs: number;
  /** Page: prepare() called -> result (includes starting the worker when there is none). */
  wallMs: number;
}

const PROGRAMS: Record<string, ProgramSpec> = {
  hello: {
    name: 'hello',
    component: '/samples/hello/hello.wasm',
    args: ['--verbose', 'world'],
    env: { NAME: 'Ada', LANG: 'en_GB.UTF-8' },
    mounts: [],
  },
  files: {
    name: 'files',
    component: '/programs/files.wasm',
    core: '/programs/files.core.wasm',
    args: ['2000'],
    env: {},
    mounts: ['/data'],
  },
  lines: {
    name: 'lines',
    component: '/programs/lines.wasm',
    core: '/programs/lines.core.wasm',
    args: ['10000'],
    env: {},
    mounts: [],
  },
  calls: {
    name: 'calls',
    component: '/programs/calls.wasm',
    core: '/programs/calls.core.wasm',
    args: ['20000'],
    env: {},
    mounts: ['/data'],
  },
  calls100k: {
    name: 'calls',
    component: '/programs/calls.wasm',
    core: '/programs/calls.core.wasm',
    args: ['100000'],
    env: {},
    mounts: ['/data'],
  },
};

function manifestFor(spec: ProgramSpec): Manifest {
  return {
    args: spec.args,
    env: spec.env,
    mounts: spec.mounts.map((guest) => ({ guest, access: 'read-write' as const })),
    limits: { timeoutMs: 300_000, maxOutputBytes: 64 * 1024 * 1024 },
  };
}

// ---- long tasks -----------------------------------------------------------------------------

const longTasks: { start: number; end: number }[] = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      longTasks.push({ start: e.startTime, end: e.startTime + e.duration });
  }).observe({ type: 'longtask', buffered: true });
} catch {
  // no longtask support: longestTaskMs stays 0
}
function longTasksBetween(t0: number, t1: number): { longest: number; count: number } {
  let longest = 0;
  let count = 0;
  for (const t of longTasks) {
    if (t.end < t0 || t.start > t1) continue;
    count++;
    longest = Math.max(longest, t.end - t.start);
  }
  return { longest, count };
}

// ---- helpers --------------------------------------------------------------------------------

const bytesCache = new Map<string, Promise<Uint8Array>>();
function fetchBytes(url: string): Promise<Uint8Array> {
  let p = bytesCache.get(url);
  if (!p) {
    p = fetch(url).then(async (r) => {
      if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
      return new Uint8Array(await r.arrayBuffer());
    });
    bytesCache.set(url, p);
  }
  return p;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Lets the previous run's teardown and the spare worker's start finish before timing. */
const settle = () => sleep(150);

function spec(program: string): ProgramSpec {
  const s = PROGRAMS[program];
  if (!s) throw new Error(`no program ${program}`);
  return s;
}

// ---- Airlock (the product's RunClient) -------------------------------------------------------

let client = new RunClient();
const prepared = new Map<string, PreparedComponent>();

async function prepareAirlock(program: string, using = client): Promise<PrepareStats> {
  const bytes = await fetchBytes(spec(program).component);
  const t0 = performance.now();
  const res = await using.prepare(bytes);
  const wallMs = performance.now() - t0;
  if (!res.ok) throw new Error(`prepare ${program}: ${res.reason}`);
  prepared.set(spec(program).component, res.component);
  return { program, source: res.component.source, transpileMs: res.component.transpileMs, wallMs };
}

/** Transpile cold (fresh worker, jco not loaded), warm (another component), memory cache, disk cache (a new worker reading IndexedDB). */
async function transpileSplit(): Promise<
  Record<'cold' | 'warm' | 'memory' | 'disk', PrepareStats>
> {
  await Promise.all(Object.values(PROGRAMS).map((p) => fetchBytes(p.component)));
  const cold = await prepareAirlock('hello');
  const warm = await prepareAirlock('lines');
  const memory = await prepareAirlock('hello');
  // IndexedDB writes are fire-and-forget in the worker: give them a moment.
  await sleep(300);
  const second = new RunClient();
  const disk = await prepareAirlock('hello', second);
  second.dispose();
  return { cold, warm, memory, disk };
}

async function runAirlock(program: string): Promise<RunStats> {
  const s = spec(program);
  let component = prepared.get(s.component);
  if (!component) {
    await prepareAirlock(program);
    component = prepared.get(s.component)!;
  }
  client.warm();
  await settle();
  let first: number | null = null;
  let startedAt: number | null = null;
  let events = 0;
  let eventBatches = 0;
  let outputChars = 0;
  const t0 = performance.now();
  const handle = client.start(
    component,
    manifestFor(s),
    {
      onStarted: () => (startedAt = performance.now()),
      onEvents: (batch) => {
        events += batch.length;
        eventBatches++;
      },
      onOutput: (_stream, text) => {
        first ??= performance.now();
        outputChars += text.length;
      },
    },
    // hello measures a warm Run (staged, as in the app); the programs timed against bare jco
    // instantiate inside the timing, as bare jco does.
    { programName: s.name, unstaged: program !== 'hello' },
  );
  const end = await handle.done;
  const t1 = performance.now();
  const lt = longTasksBetween(t0, t1);
  return {
    runtime: 'airlock',
    program,
    totalMs: t1 - t0,
    firstOutputMs: first === null ? null : first - t0,
    startedMs: startedAt === null ? null : startedAt - t0,
    instantiateMs: end.instantiateMs ?? null,
    runMs: startedAt === null ? null : t1 - startedAt,
    events,
    eventBatches,
    outputChars,
    exitCode: end.exitCode,
    status: end.status,
    reason: end.reason,
    files: end.files?.filter((f) => f.kind === 'file' && f.status !== 'deleted').length,
    longestTaskMs: lt.longest,
    longTasks: lt.count,
  };
}

// ---- bare jco + preview2-shim, and Runno (bench-only workers) ---------------------------------

let transpiler: Worker | undefined;
let nextTranspileId = 1;
const bareComponents = new Map<string, Promise<BareTranspileReply & { ok: true }>>();

function bareTranspile(program: string, jspi: boolean) {
  const key = `${spec(program).component};${jspi}`;
  let p = bareComponents.get(key);
  if (!p) {
    transpiler ??= new Worker(new URL('./bare-transpile.worker.ts', import.meta.url), {
      type: 'module',
      name: 'bench-bare-transpile',
    });
    const worker = transpiler;
    const id = nextTranspileId++;
    p = fetchBytes(spec(program).component).then(
      (bytes) =>
        new Promise((resolve, reject) => {
          const onMessage = (event: MessageEvent<BareTranspileReply>) => {
            if (event.data.id !== id) return;
            worker.removeEventListener('message', onMessage);
            if (event.data.ok) resolve(event.data);
            else reject(new Error(event.data.reason));
          };
          worker.addEventListener('message', onMessage);
          worker.postMessage({ id, bytes, jspi });
        }),
    );
    bareComponents.set(key, p);
  }
  return p;
}

type WorkerKind = 'bare' | 'engine' | 'runno';
const spares: Partial<Record<WorkerKind, Promise<Worker>>> = {};

function spawn(kind: WorkerKind): Promise<Worker> {
  const worker =
    kind === 'bare'
      ? new Worker(new URL('./bare-run.worker.ts', import.meta.url), {
          type: 'module',
          name: 'bench-bare-run',
        })
      : kind === 'engine'
        ? new Worker(new URL('./engine.worker.ts', import.meta.url), {
            type: 'module',
            name: 'bench-engine',
          })
        : new Worker(new URL('./runno.worker.ts', import.meta.url), {
            type: 'module',
            name: 'bench-runno',
          });
  return new Promise((resolve, reject) => {
    const onMessage = (event: MessageEvent<WorkerMessage>) => {
      if (event.data.type !== 'ready') return;
      worker.removeEventListener('message', onMessage);
      resolve(worker);
    };
    worker.addEventListener('message', onMessage);
    worker.addEventListener('error', (e) =>
      reject(new Error(e.message || `${kind} worker failed`)),
    );
  });
}

/** Takes the warm spare worker (waiting until it has loaded), as Airlock's run host does. */
function takeWorker(kind: WorkerKind): Promise<Worker> {
  const w = spares[kind] ?? spawn(kind);
  spares[kind] = undefined;
  return w;
}

async function runInWorker(
  kind: WorkerKind,
  runtime: RuntimeName,
  program: string,
  request: BareRunRequest,
): Promise<RunStats> {
  spares[kind] ??= spawn(kind);
  await spares[kind];
  await settle();
  const worker = await takeWorker(kind);
  let first: number | null = null;
  let outputChars = 0;
  const t0 = performance.now();
  const done = new Promise<WorkerMessage & { type: 'done' }>((resolve) => {
    worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => {
      const m = event.data;
      if (m.type === 'output') {
        first ??= performance.now();
        outputChars += m.text.length;
      } else if (m.type === 'done') resolve(m);
    });
    worker.addEventListener('error', (e) =>
      resolve({ type: 'done', exitCode: null, instantiateMs: 0, runMs: 0, error: e.message }),
    );
  });
  worker.postMessage(request);
  const end = await done;
  const t1 = performance.now();
  worker.terminate();
  // The next spare starts after the run (a bare user would not have one at all).
  spares[kind] = spawn(kind);
  const lt = longTasksBetween(t0, t1);
  return {
    runtime,
    program,
    totalMs: t1 - t0,
    firstOutputMs: first === null ? null : first - t0,
    startedMs: null,
    instantiateMs: end.instantiateMs,
    runMs: end.runMs,
    events: end.events ?? 0,
    eventBatches: 0,
    outputChars,
    exitCode: end.exitCode,
    status: end.error ? 'error' : 'exited',
    reason: end.error,
    files: end.files,
    longestTaskMs: lt.longest,
    longTasks: lt.count,
  };
}

async function runBare(program: string, sync = false): Promise<RunStats> {
  const s = spec(program);
  const jspi = sync ? false : client.jspi;
  const t = await bareTranspile(program, jspi);
  return runInWorker('bare', sync ? 'bare-sync' : 'bare', program, {
    type: 'run',
    args: s.args,
    env: s.env,
    mounts: s.mounts,
    component: { js: t.js, coreModules: t.coreModules, jspi: t.jspi },
  });
}

/** Airlock's engine in a plain worker, events counted there (no transport to the page). */
async function runEngine(program: string): Promise<RunStats> {
  const s = spec(program);
  const t = await bareTranspile(program, client.jspi);
  return runInWorker('engine', 'engine', program, {
    type: 'run',
    args: s.args,
    env: s.env,
    mounts: s.mounts,
    component: { js: t.js, coreModules: t.coreModules, jspi: t.jspi },
    manifest: manifestFor(s),
    runno: { url: '', name: s.name },
  });
}

async function runRunno(program: string): Promise<RunStats> {
  const s = spec(program);
  if (!s.core) throw new Error(`${program} has no preview1 build`);
  return runInWorker('runno', 'runno', program, {
    type: 'run',
    args: s.args,
    env: s.env,
    mounts: s.mounts,
    runno: { url: new URL(s.core, location.href).href, name: s.name },
  });
}

/** Transpiles everything the runs need ahead of time (not part of any timing). */
async function prepareAll(): Promise<void> {
  for (const p of ['hello', 'files', 'lines', 'calls']) {
    if (!prepared.has(spec(p).component)) await prepareAirlock(p);
    await bareTranspile(p, client.jspi);
  }
  await bareTranspile('calls', false);
}

/** A fresh RunClient (new transpile worker and run host), e.g. after a crash. */
function resetClient(): void {
  client.dispose();
  client = new RunClient();
  prepared.clear();
}

// ---- cold mode ------------------------------------------------------------------------------

async function coldRun(): Promise<void> {
  const s = spec('hello');
  const bytes = await fetchBytes(s.component);
  const res = await client.prepare(bytes);
  if (!res.ok) throw new Error(res.reason);
  let marked = false;
  const handle = client.start(
    res.component,
    manifestFor(s),
    {
      onEvents: () => undefined,
      onOutput: () => {
        if (marked) return;
        marked = true;
        performance.mark('bench:first-output');
      },
    },
    { programName: s.name },
  );
  const end = await handle.done;
  performance.mark('bench:run-end');
  document.title = `cold ${end.status}`;
}

const api = {
  jspi: client.jspi,
  programs: PROGRAMS,
  transpileSplit,
  prepareAll,
  runAirlock,
  runBare,
  runEngine,
  runRunno,
  resetClient,
};
export type BenchApi = typeof api;
declare global {
  interface Window {
    airlockBench?: BenchApi;
  }
}
window.airlockBench = api;
const status = document.getElementById('status');
if (status) status.textContent = 'ready';
if (new URLSearchParams(location.search).has('cold')) {
  coldRun().catch((error: unknown) => {
    document.title = `cold error: ${error instanceof Error ? error.message : String(error)}`;
  });
}
