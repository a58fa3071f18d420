#!/usr/bin/env node
/**
 * `node scripts/bench-cli.mjs [N] [checkout...]`: the CLI's hello, wall time of N consecutive
 * runs (after one warm-up, so the transpile cache exists) and the median of each phase that
 * AIRLOCK_TIMING=1 prints. With several checkouts, their runs are interleaved so they share the
 * machine's load. Prints the load average too (docs/performance.md › CLI start).
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const n = Number(process.argv[2] ?? 5);
const roots = process.argv.length > 3 ? process.argv.slice(3) : [process.cwd()];
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const run = (root, timing) => {
  const start = performance.now();
  const r = spawnSync(
    process.execPath,
    [join(root, 'bin/airlock.mjs'), 'run', join(root, 'samples/hello/hello.wasm')],
    { cwd: root, env: { ...process.env, ...(timing ? { AIRLOCK_TIMING: '1' } : {}) } },
  );
  const wall = performance.now() - start;
  if (r.status !== 0) throw new Error(`${root}: exit ${r.status}: ${r.stderr}`);
  const phases = {};
  for (const m of String(r.stderr).matchAll(/airlock timing:\s+([\d.]+) ms\s+(.+)/g))
    phases[m[2]] ??= Number(m[1]);
  return { wall, phases };
};

const results = roots.map(() => ({ walls: [], phases: {} }));
roots.forEach((root) => run(root, false)); // warm-up: the transpile cache on disk
const load = [loadavg()[0]];
for (let i = 0; i < n; i++)
  roots.forEach((root, k) => results[k].walls.push(run(root, false).wall));
// Phases from separate runs, so that printing them does not count in the wall times.
for (let i = 0; i < n; i++)
  roots.forEach((root, k) => {
    for (const [phase, t] of Object.entries(run(root, true).phases))
      (results[k].phases[phase] ??= []).push(t);
  });
load.push(loadavg()[0]);
roots.forEach((root, k) => {
  const { walls, phases } = results[k];
  console.log(
    `${root}: wall ${walls.map((w) => w.toFixed(0)).join(' ')} ms, median ${median(walls).toFixed(0)} ms`,
  );
  for (const [phase, ts] of Object.entries(phases))
    console.log(`  ${median(ts).toFixed(0).padStart(5)} ms  ${phase}`);
});
console.log(`load average (1 min) before/after: ${load.map((l) => l.toFixed(2)).join(' / ')}`);
