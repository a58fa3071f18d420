#!/usr/bin/env node
// npm run conformance: the official WASI testsuite (conformance/wasi-testsuite, wasm32-wasip1
// tests for C, Rust and AssemblyScript) through Airlock's two engines, with a pass/fail table.
//
//   npm run conformance                      both routes (the CLI, then the browser engine)
//   npm run conformance -- --route cli       only `node bin/airlock.mjs run ...`
//   npm run conformance -- --route browser   only the built run host in Chromium (needs dist/)
//   npm run conformance -- --route jco       bare `jco run` (jco 1.35.0; manual, not in npm test)
//   npm run conformance -- --only rust/fd_advise,c/lseek   a few tests
//
// Also runs the real programs of conformance/real-programs (SQLite, lz4, ...; specs in the same
// format, ids `real/...`), counted apart from the testsuite's 72.
//   npm run conformance -- --verbose         every failure's stdout/stderr
//
// Each test runs as the suite's own runner runs it under wasmtime: its spec (`x.json`) gives
// args, env, preopened dirs (`--dir HOST::NAME`, the guest sees NAME), the expected exit code
// and stdout. The fixtures directory is copied to a temporary directory first, so nothing in
// the repository is written. The manifest grants what wasmtime grants by default (real clocks
// and random): conformance/wasmtime-like.json.
//
// The CLI keeps its transpile cache in node_modules/.cache/airlock-conformance, so a second run
// skips jco as a user's second run does; the browser route starts from an empty profile and
// transpiles every test in the page's transpile worker.
//
// conformance/expectations.json holds the floor (the pass count per route that must not drop)
// and one line per known failure saying why. The step fails when a route passes fewer tests
// than its floor or a test fails without a note. A note on a test that passes is reported, so
// notes and floors are kept true as things get fixed.
import { Buffer } from 'node:buffer';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { runInBrowser } from './lib/conformance-browser.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const suiteDir = path.join(root, 'conformance/wasi-testsuite');
const expectationsPath = path.join(root, 'conformance/expectations.json');
const baseManifestPath = path.join(root, 'conformance/wasmtime-like.json');
const cliCacheDir = path.join(root, 'node_modules/.cache/airlock-conformance');
const SUITES = ['c', 'rust', 'assemblyscript'];
/** Real C programs (conformance/real-programs) in the testsuite's spec format, counted apart. */
const REAL_PROGRAMS = path.join(root, 'conformance/real-programs');
/** A test that takes longer than this (the CLI's own start included) failed. */
const TEST_TIMEOUT_MS = 120_000;

const argv = process.argv.slice(2);
const option = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const verbose = argv.includes('--verbose');
const routes = (option('--route') ?? 'cli,browser').split(',');
const only = option('--only')?.split(',');
const jobs = Number(option('--jobs') ?? Math.max(1, Math.min(4, os.availableParallelism())));

/** Every test: `suite/name`, its wasm, its fixture dir and its spec with defaults filled in. */
function discover() {
  const tests = [];
  const dirs = SUITES.map((suite) => [suite, path.join(suiteDir, suite)]);
  dirs.push(['real', REAL_PROGRAMS]);
  for (const [suite, dir] of dirs) {
    for (const file of fs.readdirSync(dir).sort()) {
      if (!file.endsWith('.wasm')) continue;
      const name = file.slice(0, -'.wasm'.length);
      const specPath = path.join(dir, `${name}.json`);
      const spec = fs.existsSync(specPath) ? JSON.parse(fs.readFileSync(specPath, 'utf8')) : {};
      tests.push({
        id: `${suite}/${name}`,
        dir,
        wasm: path.join(dir, file),
        spec: {
          args: spec.args ?? [],
          env: spec.env ?? {},
          dirs: spec.dirs ?? [],
          exitCode: spec.exit_code ?? 0,
          stdout: spec.stdout,
        },
      });
    }
  }
  return only ? tests.filter((t) => only.includes(t.id)) : tests;
}

/** A fresh copy of the test's fixture dirs; returns [hostPath, guestName] pairs. */
function copyFixtures(test, tmp) {
  return test.spec.dirs.map((name) => {
    const host = path.join(tmp, name);
    fs.cpSync(path.join(test.dir, name), host, { recursive: true });
    return [host, name];
  });
}

/** Pass when the exit code and (if the spec has one) stdout match, as the suite's runner says. */
function judge(test, outcome) {
  if (outcome.error) return { pass: false, why: outcome.error };
  if (outcome.exitCode !== test.spec.exitCode)
    return {
      pass: false,
      why: `exit code ${outcome.exitCode}, expected ${test.spec.exitCode}`,
    };
  if (test.spec.stdout !== undefined && outcome.stdout !== test.spec.stdout)
    return { pass: false, why: `stdout ${JSON.stringify(outcome.stdout.slice(0, 80))}` };
  return { pass: true };
}

function runProcess(cmd, args, options) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGKILL'), TEST_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        exitCode: code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** `airlock run` exactly as a user types it, wasmtime's flags included. */
async function runCli(test) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-conformance-'));
  try {
    const dirs = copyFixtures(test, tmp);
    const args = [path.join(root, 'bin/airlock.mjs'), 'run', test.wasm];
    args.push('--manifest', baseManifestPath);
    for (const [k, v] of Object.entries(test.spec.env)) args.push('--env', `${k}=${v}`);
    for (const [host, guest] of dirs) args.push('--dir', `${host}::${guest}`);
    args.push('--', ...test.spec.args);
    // The CLI's transpile cache (as for any user's second run), kept with the checkout.
    const env = { ...process.env, AIRLOCK_CACHE_DIR: cliCacheDir };
    const r = await runProcess(process.execPath, args, { cwd: tmp, env });
    if (r.signal) return { error: `killed after ${TEST_TIMEOUT_MS / 1000} s`, ...r };
    return r;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Bare jco 1.35.0 (`jco run`), for comparison: the same adapter, no Airlock. */
async function runJco(test) {
  // JCO: the path of an installed jco 1.35.0 binary (npm install --prefix /tmp/jco @bytecodealliance/jco@1.35.0).
  const jco = process.env.JCO;
  if (!jco) return { error: 'set JCO to a jco 1.35.0 binary' };
  const [cmd, ...pre] = [jco];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-conformance-jco-'));
  try {
    const dirs = copyFixtures(test, tmp);
    const component = path.join(tmp, 'test.component.wasm');
    const made = await runProcess(
      cmd,
      [...pre, 'new', test.wasm, '--wasi-command', '-o', component],
      { cwd: tmp },
    );
    if (made.exitCode !== 0) return { error: `jco new failed: ${made.stderr.trim()}`, ...made };
    // jco 1.35's CLI has no preopen or env flags: a setup module (--jco-import) gives the
    // shim the test's preopens, by name as wasmtime's `--dir HOST::NAME` does, and its env.
    const shim = path.resolve(
      path.dirname(fs.realpathSync(cmd)),
      '../node_modules/@bytecodealliance/preview2-shim/dist/nodejs',
    );
    const setup = path.join(tmp, 'setup.mjs');
    fs.writeFileSync(
      setup,
      `import { _setPreopens } from ${JSON.stringify(path.join(shim, 'filesystem.js'))};\n` +
        `import { _setEnv } from ${JSON.stringify(path.join(shim, 'cli.js'))};\n` +
        `_setPreopens(${JSON.stringify(Object.fromEntries(dirs.map(([h, g]) => [g, h])))});\n` +
        `_setEnv(${JSON.stringify(test.spec.env)});\n`,
    );
    const runArgs = [...pre, 'run', component, '--jco-import', setup, ...test.spec.args];
    const r = await runProcess(cmd, runArgs, { cwd: tmp });
    if (r.signal) return { error: `killed after ${TEST_TIMEOUT_MS / 1000} s`, ...r };
    return r;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function pool(items, n, fn) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i], i);
      }
    }),
  );
  return results;
}

async function runRoute(route, tests) {
  const started = performance.now();
  let outcomes;
  if (route === 'cli') {
    // bin/airlock.mjs rebuilds stale bundles itself: do it once here, not in parallel runs.
    const { buildCli } = await import('./build-cli.mjs');
    await buildCli(root);
    outcomes = await pool(tests, jobs, runCli);
  } else if (route === 'jco') outcomes = await pool(tests, jobs, runJco);
  else if (route === 'browser') {
    const manifestBase = JSON.parse(fs.readFileSync(baseManifestPath, 'utf8'));
    outcomes = await runInBrowser(
      root,
      tests.map((test) => {
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-conformance-'));
        try {
          return { test, manifest: browserManifest(manifestBase, test, copyFixtures(test, tmp)) };
        } finally {
          fs.rmSync(tmp, { recursive: true, force: true });
        }
      }),
    );
  } else throw new Error(`unknown route ${route}`);
  const seconds = (performance.now() - started) / 1000;
  return { outcomes, seconds };
}

/** The manifest a page user writes for the same run: the fixture dirs become seed files. */
function browserManifest(base, test, dirs) {
  const manifest = { ...base };
  if (test.spec.args.length) manifest.args = test.spec.args;
  if (Object.keys(test.spec.env).length) manifest.env = test.spec.env;
  if (dirs.length)
    manifest.mounts = dirs.map(([host, guest]) => ({
      guest,
      access: 'read-write',
      files: seedFiles(host),
    }));
  return manifest;
}

function seedFiles(dir) {
  const files = {};
  const walk = (abs, rel) => {
    const entries = fs.readdirSync(abs, { withFileTypes: true });
    if (entries.length === 0 && rel) files[`${rel}/`] = {};
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(abs, e.name), r);
      else files[r] = fs.readFileSync(path.join(abs, e.name), 'utf8');
    }
  };
  walk(dir, '');
  return files;
}

function pad(s, n) {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

async function main() {
  if (routes.includes('browser') && !fs.existsSync(path.join(root, 'dist/run-host.html'))) {
    process.stderr.write('conformance: no build in dist/: npm run build\n');
    if (
      spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' }).status !== 0
    )
      throw new Error('the build failed');
  }
  const tests = discover();
  const expectations = JSON.parse(fs.readFileSync(expectationsPath, 'utf8'));
  const results = {};
  const timings = {};
  for (const route of routes) {
    process.stderr.write(`conformance: ${tests.length} tests through ${route}…\n`);
    const { outcomes, seconds } = await runRoute(route, tests);
    timings[route] = seconds;
    results[route] = outcomes.map((o, i) => ({ ...judge(tests[i], o), outcome: o }));
  }

  const width = Math.max(...tests.map((t) => t.id.length)) + 2;
  const lines = [];
  lines.push(pad('test', width) + routes.map((r) => pad(r, 9)).join('') + 'why it fails');
  const problems = [];
  const stale = [];
  tests.forEach((test, i) => {
    const notes = expectations.failures[test.id] ?? {};
    const cells = [];
    const whys = [];
    for (const route of routes) {
      const r = results[route][i];
      cells.push(pad(r.pass ? 'pass' : 'FAIL', 9));
      const note = notes[route];
      if (!r.pass) {
        if (note) whys.push(`${route}: ${note}`);
        else if (route === 'jco') whys.push(`jco: ${r.why}`);
        else {
          whys.push(`${route}: UNEXPLAINED (${r.why})`);
          if (route !== 'jco')
            problems.push(`${test.id} fails through ${route} with no note: ${r.why}`);
        }
        if (verbose)
          whys.push(
            `  [${r.why}] stdout=${JSON.stringify(r.outcome.stdout?.slice(0, 300))} stderr=${JSON.stringify(r.outcome.stderr?.slice(0, 500))}`,
          );
      } else if (notes[route] && route !== 'jco')
        stale.push(`${test.id} passes through ${route}: remove its note`);
    }
    lines.push(pad(test.id, width) + cells.join('') + whys.join(' | '));
  });
  console.log(lines.join('\n'));
  console.log('');
  const isReal = (t) => t.id.startsWith('real/');
  const suiteCount = tests.filter((t) => !isReal(t)).length;
  for (const route of routes) {
    const passedIn = (real) =>
      results[route].filter((r, i) => r.pass && isReal(tests[i]) === real).length;
    const passed = passedIn(false);
    const floor = expectations.floor[route];
    const floorText = floor === undefined ? '' : ` (floor ${floor})`;
    const realCount = tests.length - suiteCount;
    const realText = realCount ? `; real programs ${passedIn(true)}/${realCount}` : '';
    console.log(
      `conformance ${route}: ${passed}/${suiteCount} passed${realText} in ${timings[route].toFixed(0)} s${floorText}`,
    );
    if (!only && floor !== undefined && passed < floor)
      problems.push(`${route} passed ${passed}, below its floor of ${floor}`);
    if (!only && floor !== undefined && passed > floor)
      stale.push(`${route} passes ${passed}: raise its floor in conformance/expectations.json`);
  }
  for (const s of stale) console.log(`note: ${s}`);
  for (const p of problems) console.log(`problem: ${p}`);
  process.exitCode = problems.length ? 1 : 0;
}

await main();
