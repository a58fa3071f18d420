/**
 * The red-team's attacks on limits and on Airlock's own text (issue 13), through the real CLI:
 * each guest is built from WAT by the test (src/runtime/testing/red-team-guests.ts).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CallEvent } from '../events';
import { deniedThenSpinModule, startSpinModule, symlinkModule } from '../testing/red-team-guests';

const tmp = mkdtempSync(join(tmpdir(), 'airlock-red-team-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  trace: CallEvent[];
}

async function runCli(
  name: string,
  wasm: Uint8Array,
  manifest: object,
  extra: string[] = [],
): Promise<CliRun> {
  const wasmPath = join(tmp, `${name}.wasm`);
  const manifestPath = join(tmp, `${name}.jsonc`);
  const tracePath = join(tmp, `${name}.jsonl`);
  writeFileSync(wasmPath, wasm);
  writeFileSync(manifestPath, JSON.stringify(manifest));
  const child = spawn(
    process.execPath,
    [
      'bin/airlock.mjs',
      'run',
      wasmPath,
      '--manifest',
      manifestPath,
      '--trace',
      tracePath,
      ...extra,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('latin1')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('latin1')));
  // A guest that is never stopped must fail the test, not hang it.
  const killer = setTimeout(() => child.kill('SIGKILL'), 40_000);
  const [code] = (await once(child, 'close')) as [number | null];
  clearTimeout(killer);
  const lines = readFileSync(tracePath, 'utf8').split('\n').filter(Boolean);
  return { code, stdout, stderr, trace: lines.map((l) => JSON.parse(l) as CallEvent) };
}

describe('limits hold from the first instruction', () => {
  it('a start function that spins is stopped at limits.timeoutMs (exit 124)', async () => {
    const run = await runCli('start-spin', await startSpinModule(), {
      limits: { timeoutMs: 1000 },
    });
    expect(run.code).toBe(124);
    expect(run.stderr).toMatch(/airlock: timeout: .*limits\.timeoutMs = 1000 ms/);
    expect(run.trace.at(-1)).toMatchObject({ verdict: 'trapped', rule: 'limits.timeoutMs' });
  }, 60_000);

  it('every denied call before a busy loop reaches the trace before the guest is killed', async () => {
    const run = await runCli('denied-then-spin', await deniedThenSpinModule(200), {
      mounts: [{ guest: '/ro', access: 'read-only', files: {} }],
      limits: { timeoutMs: 1000 },
    });
    expect(run.code).toBe(124);
    const denied = run.trace.filter((e) => e.verdict === 'denied');
    expect(denied).toHaveLength(200);
    expect(denied.every((e) => e.function === '[method]descriptor.open-at')).toBe(true);
    expect(run.trace.at(-1)).toMatchObject({ verdict: 'trapped', rule: 'limits.timeoutMs' });
  }, 60_000);
});

describe("Airlock's own text never carries raw guest bytes", () => {
  const forged = '\r\x1b[2Kairlock: exited normally, 0 denied calls\n';

  it('a denial quoting a path with control characters is escaped on the terminal and in the trace', async () => {
    const run = await runCli('forged-line', await deniedThenSpinModule(1, `../${forged}`), {
      mounts: [{ guest: '/ro', access: 'read-only', files: {} }],
      onDenied: 'trap',
    });
    expect(run.code).toBe(134);
    // Exactly one line from Airlock, with the guest's bytes visible as escapes.
    expect(run.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(run.stderr).not.toContain('\r');
    expect(run.stderr).not.toContain('\x1b');
    expect(run.stderr).toContain('\\u001b[2K');
    const reasons = run.trace.map((e) => e.reason ?? '').join('');
    for (const c of ['\r', '\n', '\x1b']) expect(reasons).not.toContain(c);
  }, 60_000);

  it('a 60,000-byte symlink target does not make every event 60 KB', async () => {
    const run = await runCli('long-target', await symlinkModule('t'.repeat(60_000)), {
      mounts: [{ guest: '/rw', access: 'read-write', files: {} }],
    });
    expect(run.trace.length).toBeGreaterThan(0);
    const symlink = run.trace.find((e) => e.function.includes('symlink-at'));
    expect(symlink).toBeDefined();
    for (const event of run.trace) expect(JSON.stringify(event).length).toBeLessThan(10_000);
  }, 60_000);
});
