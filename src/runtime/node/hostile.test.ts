/**
 * Hostile guests (hostile/README.md) and bad uploads through the Node engine: every run ends,
 * with the status, rule and reason its expect.json names, within its bounds (time, output,
 * memory), and every refusal is an event with its rule. Runs that may not end go through
 * `runInThread` (terminated at the timeout); the others run in this process, counting events
 * instead of keeping a million of them.
 *
 * Tests named in KNOWN_BUGS document engine bugs and gaps: they are declared with `it.fails`,
 * so the suite stays green while the bug exists and turns red (expected to fail, but passed)
 * once it is fixed: then remove the name from KNOWN_BUGS.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../manifest/parse';
import { DEFAULT_LIMITS } from '../../manifest/schema';
import type { GuestResult } from '../engine/run-guest';
import type { CallEvent } from '../events';
import { runInNode } from './run-in-node';
import { runInThread, type ThreadRunResult } from './run-thread';
import { transpileFile } from './test-helpers';
import { BadComponentError, toComponent, transpileInNode } from './transpile';

// ---------------------------------------------------------------------------------------------
// The corpus

interface Expectation {
  title: string;
  status: 'exited' | 'trapped' | 'timeout';
  exitCode: number | null;
  rule?: string;
  reason?: string;
  stdoutIncludes?: string[];
  stderrIncludes?: string[];
  bounds?: Record<string, number>;
  deniedPaths?: string[];
  readOnlyDenials?: number;
  fits?: { manifest: string; stdoutIncludes: string[] };
  _Exit?: { manifest: string; stdoutBytes: number };
  browser?: boolean;
  knownGap?: string;
}

const HOSTILE = 'hostile';
const ids = readdirSync(HOSTILE, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(HOSTILE, d.name, 'expect.json')))
  .map((d) => d.name)
  .sort();

const wasmOf = (id: string) => join(HOSTILE, id, `${id}.wasm`);
const manifestText = (id: string, file = 'manifest.jsonc') =>
  readFileSync(join(HOSTILE, id, file), 'utf8');
const expectationOf = (id: string) =>
  JSON.parse(readFileSync(join(HOSTILE, id, 'expect.json'), 'utf8')) as Expectation;

function manifestOf(id: string, file = 'manifest.jsonc') {
  const parsed = parseManifest(manifestText(id, file));
  if (!parsed.ok)
    throw new Error(
      `hostile/${id}/${file}: ${parsed.diagnostics.map((d) => d.message).join('; ')}`,
    );
  return parsed;
}

/** Engine bugs and gaps, by test name (see the header). */
const KNOWN_BUGS = new Set<string>([
  // Every bug found by this corpus is fixed; add new ones here with the test's name.
]);
/** HOSTILE_SHOW_BUGS=1 runs the known-bug tests as ordinary tests, to see how they fail. */
const showBugs = !!process.env.HOSTILE_SHOW_BUGS;
const test = (name: string, fn: () => Promise<void> | void, timeout?: number) =>
  (KNOWN_BUGS.has(name) && !showBugs ? it.fails : it)(name, fn, timeout);

// ---------------------------------------------------------------------------------------------
// Running

/** What a run produced, with events counted rather than kept (a million would not fit). */
interface Tally {
  total: number;
  byVerdict: Record<CallEvent['verdict'], number>;
  byFunction: Map<string, number>;
  /** Events kept: the first 2,000 and the last 200. */
  head: CallEvent[];
  tail: CallEvent[];
  /** Events for which `check` returned a message (at most 20 kept). */
  problems: string[];
  stdoutBytes: number;
  /** stdout as text, up to 2 MiB. */
  stdout: string;
  stderr: string;
}

function newTally(): Tally {
  return {
    total: 0,
    byVerdict: { granted: 0, denied: 0, trapped: 0 },
    byFunction: new Map(),
    head: [],
    tail: [],
    problems: [],
    stdoutBytes: 0,
    stdout: '',
    stderr: '',
  };
}

function tallySink(tally: Tally, check?: (e: CallEvent) => string | undefined) {
  const decoder = new TextDecoder();
  return {
    event(e: CallEvent) {
      tally.total++;
      tally.byVerdict[e.verdict]++;
      tally.byFunction.set(e.function, (tally.byFunction.get(e.function) ?? 0) + 1);
      if (tally.head.length < 2000) tally.head.push(e);
      tally.tail.push(e);
      if (tally.tail.length > 200) tally.tail.shift();
      const problem = check?.(e);
      if (problem && tally.problems.length < 20) tally.problems.push(problem);
    },
    output(stream: 'stdout' | 'stderr', bytes: Uint8Array) {
      if (stream === 'stdout') {
        tally.stdoutBytes += bytes.byteLength;
        if (tally.stdout.length < 2 << 20) tally.stdout += decoder.decode(bytes);
      } else {
        tally.stderr += decoder.decode(bytes);
      }
    },
  };
}

interface InProcessRun extends GuestResult, Tally {
  elapsedMs: number;
}

/** In this process (for guests that end by themselves). */
async function runHere(
  id: string,
  file = 'manifest.jsonc',
  check?: (e: CallEvent) => string | undefined,
): Promise<InProcessRun> {
  const parsed = manifestOf(id, file);
  const transpiled = await transpileFile(wasmOf(id));
  const tally = newTally();
  const started = performance.now();
  const result = await runInNode({
    transpiled,
    resolved: parsed.resolved,
    sink: tallySink(tally, check),
    programName: `${id}.wasm`,
  });
  return { ...result, ...tally, elapsedMs: performance.now() - started };
}

interface ThreadRun extends Tally {
  result: ThreadRunResult;
  elapsedMs: number;
  /** Elapsed minus transpiling and instantiating (reported by the thread). */
  runMs: number;
  timeoutMs: number;
}

/** In a worker thread that is terminated at `limits.timeoutMs` (for guests that may not end). */
async function runThreaded(id: string, file = 'manifest.jsonc'): Promise<ThreadRun> {
  const parsed = manifestOf(id, file);
  const tally = newTally();
  const sink = tallySink(tally);
  const started = performance.now();
  const result = await runInThread({
    component: new Uint8Array(readFileSync(wasmOf(id))),
    manifest: parsed.manifest,
    programName: `${id}.wasm`,
    onEvents: (events) => events.forEach((e) => sink.event(e)),
    onOutput: (stream, bytes) => sink.output(stream, bytes),
  });
  const elapsedMs = performance.now() - started;
  const prep =
    result.status === 'bad-input' ? 0 : (result.transpileMs ?? 0) + (result.instantiateMs ?? 0);
  return {
    ...tally,
    result,
    elapsedMs,
    runMs: elapsedMs - prep,
    timeoutMs: parsed.resolved.limits.timeoutMs,
  };
}

/**
 * CI is a loaded 2-core machine: besides transpiling (subtracted), a guest thread boots tsx and
 * loads the engine. The browser e2e tests check the tight +200 ms bound.
 */
const MARGIN_MS = 6000;

function lastTrapped(events: CallEvent[]): CallEvent | undefined {
  return [...events].reverse().find((e) => e.verdict === 'trapped');
}

/** The MiB count in "malloc failed after N MiB". */
function mallocReached(stdout: string): number | undefined {
  const m = /malloc failed after (\d+) MiB/.exec(stdout);
  return m ? Number(m[1]) : undefined;
}

// ---------------------------------------------------------------------------------------------

describe('hostile corpus: every entry is complete', () => {
  it('has the expected entries', () => {
    expect(ids).toEqual(
      expect.arrayContaining([
        'loop',
        'memory',
        'memory-silent',
        'recursion',
        'flood-100mb',
        'tiny-writes',
        'many-files',
        'escape-all',
        'huge-args',
        'denied-loop',
        'exit-midway',
      ]),
    );
  });

  it.each(ids)('%s has a source, a built component, a valid manifest and an expectation', (id) => {
    const dir = join(HOSTILE, id);
    expect(existsSync(join(dir, 'main.c')) || existsSync(join(dir, 'main.wat'))).toBe(true);
    const wasm = readFileSync(wasmOf(id));
    expect([...wasm.subarray(0, 8)]).toEqual([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]);
    expect(wasm.byteLength).toBeLessThan(128 * 1024);
    manifestOf(id);
    const e = expectationOf(id);
    expect(['exited', 'trapped', 'timeout']).toContain(e.status);
    expect(e.title.length).toBeGreaterThan(0);
  });
});

describe('hostile guests in the Node engine', () => {
  test('loop: stopped at limits.timeoutMs, without a single WASI call', async () => {
    const e = expectationOf('loop');
    const run = await runThreaded('loop');
    expect(run.result.status).toBe(e.status);
    expect(run.result.exitCode).toBeNull();
    expect(run.result.reason).toContain(e.reason!);
    // No WASI call at all: the only event, if any, is the timeout itself.
    const calls = [...run.head].filter((ev) => ev.rule !== e.rule);
    expect(calls).toHaveLength(e.bounds!.maxEvents!);
    for (const ev of run.head) expect(ev).toMatchObject({ verdict: 'trapped', rule: e.rule });
    expect(run.runMs).toBeGreaterThanOrEqual(run.timeoutMs);
    expect(run.runMs).toBeLessThan(run.timeoutMs + MARGIN_MS);
  });

  test('memory: never grows past limits.maxMemoryMiB; progress is printed on the way', async () => {
    const e = expectationOf('memory');
    const run = await runThreaded('memory');
    for (const s of e.stdoutIncludes!) expect(run.stdout).toContain(s);
    const limit = e.bounds!.memoryMiB!;
    if (run.result.status === 'trapped') {
      // Without a hard cap: stopped at the next WASI call, by the limit.
      expect(lastTrapped(run.tail)?.rule).toBe('limits.maxMemoryMiB');
    } else {
      expect(run.result.status).toBe(e.status);
      expect(run.result.exitCode).toBe(e.exitCode);
      expect(mallocReached(run.stdout)).toBeLessThanOrEqual(limit);
    }
    expect(run.stdout).not.toContain(`allocated ${limit + 16} MiB`);
    expect(run.runMs).toBeLessThan(run.timeoutMs + MARGIN_MS);
  });

  test('memory-silent: cannot grow past limits.maxMemoryMiB even without WASI calls', async () => {
    const e = expectationOf('memory-silent');
    const run = await runThreaded('memory-silent');
    expect(run.result.status).toBe(e.status);
    expect(run.result.exitCode).toBe(e.exitCode);
    const reached = mallocReached(run.stdout);
    expect(reached).toBeGreaterThan(e.bounds!.memoryMiB! / 2);
    expect(reached).toBeLessThanOrEqual(e.bounds!.memoryMiB!);
  });

  test('recursion: a stack overflow is a trap with a readable reason', async () => {
    const e = expectationOf('recursion');
    const run = await runHere('recursion');
    expect(run.status).toBe(e.status);
    expect(run.exitCode).toBeNull();
    expect(run.reason).toContain(e.reason!);
    expect(run.stdout).toContain('diving...');
    const trap = lastTrapped(run.tail);
    expect(trap).toMatchObject({ verdict: 'trapped', rule: e.rule });
    expect(trap?.reason).toContain(e.reason!);
  });

  test('flood-100mb: trapped by limits.maxOutputBytes; output bounded by the limit', async () => {
    const e = expectationOf('flood-100mb');
    const run = await runThreaded('flood-100mb');
    expect(run.result.status).toBe(e.status);
    expect(run.result.reason).toContain(e.reason!);
    const limit = e.bounds!.stdoutBytes!;
    expect(run.stdoutBytes).toBeLessThanOrEqual(limit);
    // Everything up to the limit arrives (the write that would cross it is refused whole).
    expect(run.stdoutBytes).toBeGreaterThan(limit - 65536);
    expect(run.tail.at(-1)).toMatchObject({ verdict: 'trapped', rule: e.rule });
    // Stopped by the limit, long before the timeout would have.
    expect(run.runMs).toBeLessThan(DEFAULT_LIMITS.timeoutMs + MARGIN_MS);
  });

  test('tiny-writes: a million 1-byte writes are a million granted events', async () => {
    const e = expectationOf('tiny-writes');
    const run = await runHere('tiny-writes', 'manifest.jsonc', (ev) =>
      ev.function === '[method]output-stream.blocking-write-and-flush' &&
      ev.args[0] === 'output-stream(stdout)' &&
      (ev.verdict !== 'granted' || ev.rule !== 'stdout')
        ? `${ev.seq}: ${ev.verdict} ${ev.rule}`
        : undefined,
    );
    expect(run.status).toBe(e.status);
    expect(run.exitCode).toBe(e.exitCode);
    expect(run.stdoutBytes).toBe(e.bounds!.stdoutBytes);
    for (const s of e.stderrIncludes!) expect(run.stderr).toContain(s);
    // One event per write(1, ...), plus the final stderr line.
    expect(run.byFunction.get('[method]output-stream.blocking-write-and-flush')).toBe(
      e.bounds!.events! + 1,
    );
    expect(run.problems).toEqual([]);
    // seq numbers every event of the run, in order.
    expect(run.tail.at(-1)!.seq).toBe(run.total);
  }, 180_000);

  test('many-files: the ten thousand files are in the final filesystem diff', async () => {
    const e = expectationOf('many-files');
    const run = await runHere('many-files');
    expect(run.status).toBe(e.status);
    expect(run.exitCode).toBe(e.exitCode);
    for (const s of e.stdoutIncludes!) expect(run.stdout).toContain(s);
    const created = run.files.filter((f) => f.status === 'created' && f.kind === 'file');
    expect(created).toHaveLength(e.bounds!.createdFiles!);
    const f42 = created.find((f) => f.path === '/out/f00042.txt');
    expect(new TextDecoder().decode(f42?.bytes)).toBe('file 42\n');
    expect(run.byVerdict.denied).toBe(0);
  }, 120_000);

  describe('escape-all', () => {
    let run: InProcessRun;
    let events: CallEvent[];
    const e = expectationOf('escape-all');
    beforeAll(async () => {
      run = await runHere('escape-all');
      events = run.head;
    });

    test('escape-all: every attempt is blocked, one line each', () => {
      expect(run.status).toBe(e.status);
      expect(run.exitCode).toBe(e.exitCode);
      for (const s of e.stdoutIncludes!) expect(run.stdout).toContain(s);
      const lines = run.stdout.split('\n').filter((l) => /^\[\d\d\] /.test(l));
      expect(lines).toHaveLength(e.bounds!.attempts!);
      for (const line of lines) expect(line).toMatch(/ -> BLOCKED \(.+\)$/);
      expect(run.stdout).not.toContain('ESCAPED');
    });

    test('escape-all: each refusal reaching the host is a denied event with its rule', () => {
      const opens = events.filter((ev) => ev.function.startsWith('[method]descriptor.'));
      for (const path of e.deniedPaths!) {
        const shown = JSON.stringify(path.length > 80 ? `${path.slice(0, 80)}…` : path);
        const hit = opens.find((ev) => ev.args.includes(shown) && ev.verdict === 'denied');
        expect(hit, `a denied event for ${shown}`).toBeDefined();
        expect(hit!.rule.length).toBeGreaterThan(0);
        expect(hit!.reason?.length).toBeGreaterThan(0);
        expect(hit!.result).toMatch(/^err\(/);
      }
      const longNames = events.filter((ev) => ev.result === 'err("name-too-long")');
      expect(longNames).toHaveLength(3);
      expect(longNames.every((ev) => ev.verdict === 'denied')).toBe(true);
      const readOnly = events.filter((ev) => ev.result === 'err("read-only")');
      expect(readOnly).toHaveLength(e.readOnlyDenials!);
      expect(readOnly.every((ev) => ev.verdict === 'denied' && /read-only/.test(ev.rule))).toBe(
        true,
      );
    });

    test('escape-all: the read-only mount is unchanged and nothing exists outside the mounts', () => {
      const secret = run.files.filter((f) => f.path.startsWith('/secret'));
      expect(secret.every((f) => f.status === 'unchanged')).toBe(true);
      expect(secret.map((f) => f.path)).toEqual(['/secret', '/secret/key.txt']);
      expect(run.files.every((f) => /^\/(data|secret)(\/|$)/.test(f.path))).toBe(true);
      // The symlinks are text inside /data; the control-character name is an ordinary file.
      const created = run.files.filter((f) => f.status === 'created').map((f) => f.path);
      expect(created).toEqual(
        expect.arrayContaining(['/data/out-rel', '/data/up', '/data/loop-a']),
      );
      expect(created).toContain('/data/\x1b[2J\x1b[31mred\nnew line\x07.txt');
    });

    test('escape-all: an absolute symlink target is refused by the policy (denied), not by the shim after a grant', () => {
      const link = events.find(
        (ev) =>
          ev.function === '[method]descriptor.symlink-at' && ev.args.includes('"/etc/passwd"'),
      );
      expect(link).toMatchObject({ verdict: 'denied', result: 'err("not-permitted")' });
    });

    test('escape-all: a read-only mount reports read-only descriptor flags', () => {
      const flags = events.find(
        (ev) =>
          ev.function === '[method]descriptor.get-flags' && ev.args[0] === 'descriptor(/secret)',
      );
      expect(flags?.result).toBe('read');
    });

    test('escape-all: event text never carries raw control characters from guest-chosen names', () => {
      // A name with ESC, newline and BEL: the log, the trace file and any terminal that shows
      // them must see it escaped, as argument summaries already are.
      const hasControl = (text: string) =>
        [...text].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
      const raw = events.filter((ev) =>
        hasControl([ev.result, ev.reason ?? '', ...ev.args].join(' ')),
      );
      expect(raw.map((ev) => `${ev.seq} ${ev.function}`)).toEqual([]);
    });
  });

  test('huge-args: 10,000 arguments and a 1 MiB value end in a trap, never a hang', async () => {
    const e = expectationOf('huge-args');
    const run = await runHere('huge-args');
    expect(run.status).toBe(e.status);
    expect(run.reason).toContain(e.reason!);
    for (const s of e.stderrIncludes!) expect(run.stderr).toContain(s);
    expect(lastTrapped(run.tail)?.rule).toBe(e.rule);
    expect(run.elapsedMs).toBeLessThan(DEFAULT_LIMITS.timeoutMs + MARGIN_MS);
  });

  test('huge-args: what fits through the adapter arrives intact', async () => {
    const e = expectationOf('huge-args');
    const run = await runHere('huge-args', e.fits!.manifest);
    expect(run.status).toBe('exited');
    expect(run.exitCode).toBe(0);
    for (const s of e.fits!.stdoutIncludes) expect(run.stdout).toContain(s);
    const env = run.head.find((ev) => ev.function === 'get-environment');
    expect(env).toMatchObject({ verdict: 'granted', rule: 'env' });
    expect(env!.result.length).toBeLessThan(2000); // summaries stay short
  });

  test('huge-args: the reason names the preview 1 adapter, not a generic abort', async () => {
    const run = await runHere('huge-args');
    expect(run.reason).toMatch(/adapter/i);
    // The adapter's message arrives whole (its line number is written after a first write to
    // stderr), and the explanation is the one for its cause.
    expect(run.stderr).toMatch(/adapter line \d+: allocation size is too large/);
    expect(run.reason).toContain('ran out of its fixed-size buffer');
  });

  test('denied-loop: 100,000 denied calls are 100,000 events, each with its rule', async () => {
    const e = expectationOf('denied-loop');
    const run = await runHere('denied-loop', 'manifest.jsonc', (ev) => {
      if (ev.function !== '[method]descriptor.open-at') return undefined;
      if (ev.verdict !== 'denied') return `${ev.seq}: ${ev.verdict}`;
      if (!ev.rule || !ev.reason) return `${ev.seq}: no rule or reason`;
      if (ev.result !== 'err("not-permitted")') return `${ev.seq}: ${ev.result}`;
      return undefined;
    });
    expect(run.status).toBe(e.status);
    expect(run.exitCode).toBe(e.exitCode);
    for (const s of e.stdoutIncludes!) expect(run.stdout).toContain(s);
    expect(run.byFunction.get('[method]descriptor.open-at')).toBe(e.bounds!.deniedEvents);
    expect(run.byVerdict.denied).toBe(e.bounds!.deniedEvents);
    expect(run.problems).toEqual([]);
    expect(run.head.find((ev) => ev.verdict === 'denied')?.reason).toContain('../nomount/secret');
  }, 120_000);

  test('exit-midway: exit(0) delivers every buffered byte; _Exit(0) loses the last buffer', async () => {
    const e = expectationOf('exit-midway');
    const flushed = await runHere('exit-midway');
    expect(flushed.status).toBe(e.status);
    expect(flushed.exitCode).toBe(e.exitCode);
    expect(flushed.stdoutBytes).toBe(e.bounds!.stdoutBytes);
    expect(flushed.stdout).toMatch(/^(E{99}\n){10000}$/);

    const abrupt = await runHere('exit-midway', e._Exit!.manifest);
    expect(abrupt.status).toBe('exited');
    expect(abrupt.exitCode).toBe(0);
    expect(abrupt.stdoutBytes).toBe(e._Exit!.stdoutBytes);
    expect(flushed.stdout.startsWith(abrupt.stdout)).toBe(true);
  });

  test('disk-fill: the in-memory filesystem counts toward limits.maxMemoryMiB', async () => {
    const e = expectationOf('disk-fill');
    const run = await runThreaded('disk-fill');
    // The filesystem refuses the write that would pass the limit (ENOSPC); the guest reports it.
    expect(run.result).toMatchObject({ status: e.status, exitCode: e.exitCode });
    const failed = /write failed at (\d+) MiB: No space left on device/.exec(run.stdout);
    expect(failed).not.toBeNull();
    expect(Number(failed![1])).toBeLessThanOrEqual(e.bounds!.fileMiB!);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// Bad uploads

interface BadInput {
  file: string;
  /** Where the reason comes from: detection/adaptation, transpiling, or the run itself. */
  stage: 'toComponent' | 'transpile' | 'run';
  reason: RegExp;
}

const BAD = 'hostile/bad-input';
const BAD_INPUTS: BadInput[] = [
  { file: 'empty.wasm', stage: 'toComponent', reason: /0 bytes long/ },
  { file: 'text.wasm', stage: 'toComponent', reason: /not a WebAssembly binary/ },
  { file: 'wat-text.wasm', stage: 'toComponent', reason: /WebAssembly text \(WAT\)/ },
  { file: 'random.wasm', stage: 'toComponent', reason: /not a WebAssembly binary/ },
  { file: 'truncated.wasm', stage: 'transpile', reason: /end-of-file/ },
  { file: 'component-header-random.wasm', stage: 'transpile', reason: /malformed/ },
  { file: 'foreign-import.wasm', stage: 'toComponent', reason: /imports env, which is not WASI/ },
  { file: 'bad-preview1-import.wasm', stage: 'toComponent', reason: /not_a_function/ },
  { file: 'reactor.wasm', stage: 'toComponent', reason: /no _start export/ },
  { file: 'unknown-interface.wasm', stage: 'run', reason: /evil:backdoor\/api/ },
];

const tmp = mkdtempSync(join(tmpdir(), 'airlock-hostile-'));
const BIG_RANDOM = join(tmp, 'random-50mb.wasm');
const BIG_HEADED = join(tmp, 'component-header-50mb.wasm');
const BIG_INPUTS: (BadInput & { name: string; path: string })[] = [
  {
    name: 'a 50 MB random file',
    path: BIG_RANDOM,
    file: 'random-50mb.wasm',
    stage: 'toComponent',
    reason: /not a WebAssembly binary/,
  },
  {
    name: 'a 50 MB file with a component header',
    path: BIG_HEADED,
    file: 'component-header-50mb.wasm',
    stage: 'transpile',
    reason: /jco could not transpile/,
  },
];

function pseudoRandom(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

beforeAll(async () => {
  const size = 50 * 1024 * 1024;
  const random = pseudoRandom(size, 0x5eed);
  random[0] = 0x7f; // never \0asm
  await writeFile(BIG_RANDOM, random);
  const headed = pseudoRandom(size, 0xbeef);
  headed.set([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00], 0);
  await writeFile(BIG_HEADED, headed);
}, 60_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The reason toComponent + transpileInNode (or the run) gives for these bytes. */
async function reasonFor(bytes: Uint8Array, stage: BadInput['stage']): Promise<string> {
  try {
    const { component } = await toComponent(bytes);
    expect(stage, 'toComponent accepted it').not.toBe('toComponent');
    const transpiled = await transpileInNode(component);
    expect(stage, 'transpileInNode accepted it').toBe('run');
    const parsed = parseManifest('{}');
    if (!parsed.ok) throw new Error('unreachable');
    const result = await runInNode({
      transpiled,
      resolved: parsed.resolved,
      sink: { event: () => {}, output: () => {} },
    });
    expect(result.status).toBe('error');
    return result.reason ?? '';
  } catch (error) {
    if (!(error instanceof BadComponentError)) throw error;
    return error.message;
  }
}

describe('bad uploads through toComponent / transpileInNode', () => {
  for (const bad of BAD_INPUTS) {
    test(`bad input: ${bad.file} is refused with a clear reason`, async () => {
      const reason = await reasonFor(new Uint8Array(readFileSync(join(BAD, bad.file))), bad.stage);
      expect(reason).toMatch(bad.reason);
    });
    test(`bad input: ${bad.file} gives a one-line reason`, async () => {
      const reason = await reasonFor(new Uint8Array(readFileSync(join(BAD, bad.file))), bad.stage);
      expect(reason.trim()).not.toContain('\n');
      expect(reason.length).toBeLessThan(400);
    });
  }
  for (const bad of BIG_INPUTS) {
    test(`bad input: ${bad.name} is refused quickly with a clear reason`, async () => {
      const started = performance.now();
      const reason = await reasonFor(new Uint8Array(readFileSync(bad.path)), bad.stage);
      expect(reason).toMatch(bad.reason);
      expect(performance.now() - started).toBeLessThan(20_000);
    }, 60_000);
    test(`bad input: ${bad.name} gives a one-line reason`, async () => {
      const reason = await reasonFor(new Uint8Array(readFileSync(bad.path)), bad.stage);
      expect(reason.trim()).not.toContain('\n');
    }, 60_000);
  }
});

// ---------------------------------------------------------------------------------------------
// The command line

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function airlock(args: string[], timeoutMs = 90_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/airlock.mjs', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      if (stdout.length < 1 << 20) stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`airlock ${args.join(' ')} did not end in ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs `jobs` with at most `limit` at a time (the CI machine has two cores). */
async function pool<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await jobs[i]!();
      }
    }),
  );
  return results;
}

describe('bad uploads through the CLI (airlock run file.wasm)', () => {
  const cli = new Map<string, CliResult>();
  const files = [
    ...BAD_INPUTS.map((b) => ({ label: b.file, path: join(BAD, b.file), reason: b.reason })),
    ...BIG_INPUTS.map((b) => ({ label: b.name, path: b.path, reason: b.reason })),
    { label: 'a missing file', path: join(tmp, 'missing.wasm'), reason: /cannot read/ },
  ];
  beforeAll(async () => {
    const results = await pool(
      files.map((f) => () => airlock(['run', f.path])),
      3,
    );
    files.forEach((f, i) => cli.set(f.label, results[i]!));
  }, 240_000);

  for (const f of files) {
    test(`CLI: ${f.label} exits 2 with airlock: <reason>`, () => {
      const r = cli.get(f.label)!;
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^airlock: /);
      expect(r.stderr).toMatch(f.reason);
      expect(r.stdout).toBe('');
    });
    test(`CLI: ${f.label} exits 2 with one line on stderr`, () => {
      const r = cli.get(f.label)!;
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    });
  }
});

describe('hostile guests through the CLI', () => {
  test('CLI: the loop ends with exit code 124 and a timeout line', async () => {
    const r = await airlock(['run', wasmOf('loop'), '--manifest', 'hostile/loop/manifest.jsonc']);
    expect(r.code).toBe(124);
    expect(r.stderr).toMatch(/^airlock: timeout: .*limits\.timeoutMs = 1000/m);
  }, 60_000);

  test('CLI: the flood ends with exit code 134; stdout holds at most maxOutputBytes', async () => {
    const child = spawn(
      process.execPath,
      [
        'bin/airlock.mjs',
        'run',
        wasmOf('flood-100mb'),
        '--manifest',
        'hostile/flood-100mb/manifest.jsonc',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let bytes = 0;
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (bytes += d.byteLength));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(134);
    expect(bytes).toBeLessThanOrEqual(1048576);
    expect(stderr).toMatch(/^airlock: trapped: .*limits\.maxOutputBytes/m);
  }, 60_000);

  test('CLI: a --dir host directory is never written, whatever the guest does', async () => {
    const host = mkdtempSync(join(tmpdir(), 'airlock-hostdir-'));
    try {
      await writeFile(join(host, 'inside.txt'), 'inside\n');
      const before = snapshot(host);
      // A loaded CI machine may need more than the default 5 s for 10,000 files.
      const slow = `${host}.manifest.jsonc`;
      await writeFile(slow, '{ "limits": { "timeoutMs": 120000 } }');
      const many = await airlock([
        'run',
        wasmOf('many-files'),
        '--manifest',
        slow,
        '--dir',
        `${host}::/out`,
      ]);
      rmSync(slow);
      expect(many.code).toBe(0);
      expect(many.stdout).toContain('created 10000 files');
      const escape = await airlock([
        'run',
        wasmOf('escape-all'),
        '--dir',
        `${host}::/data`,
        '--dir',
        `${host}::/secret::ro`,
      ]);
      expect(escape.stdout).toContain('escapes: 0 of');
      expect(snapshot(host)).toEqual(before);
    } finally {
      rmSync(host, { recursive: true, force: true });
    }
  }, 180_000);
});

/** Names, sizes and modification times of everything under `dir`. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      const s = statSync(p);
      out.push(`${p} ${s.size} ${s.mtimeMs}`);
      if (entry.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}
