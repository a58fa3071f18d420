#!/usr/bin/env node
// Rebuilds every sample component in samples/<id>/ from its source.
//
//   npm run samples                 rebuild all samples
//   npm run samples -- hello clocks rebuild only these
//   npm run samples -- --check      rebuild in memory and fail if a committed .wasm differs
//
// Sources, by file name (see samples/README.md):
//   main.c    C, built with clang + Debian's wasi-libc into a preview1 core module, then
//             turned into a WASI 0.2 command component with the preview1 adapter.
//   main.rs   Rust (Debian's rustc + libstd-rust-dev-wasm32, no cargo), same adapter path.
//   main.wat  WebAssembly text. `(component ...)` is parsed as is; a core `(module ...)`
//             is given the WIT world in world.wit (componentEmbed) and made a component.
//
// Plain Node ESM on purpose: no TypeScript, no bundler, no network.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { componentEmbed, componentNew } from '@bytecodealliance/jco-transpile/wasm-tools';
import { adapt, compileC, isComponentText, parse, root, run } from './lib/wasi-toolchain.mjs';

const samplesDir = path.join(root, 'samples');
const RUST_PACKAGES = 'rustc libstd-rust-dev-wasm32';

const argv = process.argv.slice(2);
const check = argv.includes('--check');
const only = argv.filter((a) => !a.startsWith('--'));

function fail(message) {
  console.error(`build-samples: ${message}`);
  process.exit(1);
}

function sourceOf(dir) {
  for (const [file, kind] of [
    ['main.c', 'c'],
    ['main.rs', 'rust'],
    ['main.wat', 'wat'],
  ]) {
    if (fs.existsSync(path.join(dir, file))) return { file, kind };
  }
  return null;
}

// ---- toolchain checks -----------------------------------------------------------------

let rustToolchain = null;
function findRustc() {
  if (rustToolchain) return rustToolchain;
  // Debian's rustc (with libstd-rust-dev-wasm32) first: a rustup toolchain on PATH usually
  // lacks the wasm32 standard library.
  const rustc = process.env.RUSTC ?? (fs.existsSync('/usr/bin/rustc') ? '/usr/bin/rustc' : 'rustc');
  const v = run(rustc, ['--version']);
  if (v.missing || v.status !== 0) {
    fail(
      `cannot run '${rustc}'. The Rust samples need it.\n  Install: sudo apt-get install -y ${RUST_PACKAGES}`,
    );
  }
  const targets = run(rustc, ['--print', 'target-list']).stdout.split('\n');
  const target = ['wasm32-wasi', 'wasm32-wasip1'].find((t) => targets.includes(t));
  const sysroot = run(rustc, ['--print', 'sysroot']).stdout.trim();
  if (!target || !fs.existsSync(path.join(sysroot, 'lib/rustlib', target))) {
    fail(
      `${rustc} (${v.stdout.trim()}) has no standard library for wasm32-wasi.\n` +
        `  Install: sudo apt-get install -y ${RUST_PACKAGES}   (or: rustup target add wasm32-wasip1)`,
    );
  }
  rustToolchain = { rustc, target };
  return rustToolchain;
}

// ---- builders -------------------------------------------------------------------------

async function buildC(dir) {
  return adapt(compileC(dir, 'main.c'));
}

async function buildRust(dir, tmp) {
  const { rustc, target } = findRustc();
  const core = path.join(tmp, 'core.wasm');
  const r = run(
    rustc,
    [
      '--edition=2021',
      `--target=${target}`,
      ...[
        '-C',
        'opt-level=z',
        '-C',
        'lto=fat',
        '-C',
        'codegen-units=1',
        '-C',
        'panic=abort',
        '-C',
        'strip=symbols',
      ],
      '-o',
      core,
      'main.rs',
    ],
    { cwd: dir },
  );
  if (r.status !== 0) throw new Error(`rustc failed:\n${r.stderr}${r.stdout}`);
  return adapt(fs.readFileSync(core));
}

async function buildWat(dir) {
  const text = fs.readFileSync(path.join(dir, 'main.wat'), 'utf8');
  const bytes = await parse(text);
  // A `(component ...)` needs nothing else. A core `(module ...)` follows the canonical ABI
  // of the WIT world in world.wit; componentEmbed + componentNew wrap it into a component.
  if (isComponentText(text)) return bytes;
  const witPath = path.join(dir, 'world.wit');
  if (!fs.existsSync(witPath))
    throw new Error('main.wat is a core module but world.wit is missing');
  const witSource = fs.readFileSync(witPath, 'utf8');
  const world = /^\s*world\s+([a-z][a-z0-9-]*)/m.exec(witSource)?.[1];
  const embedded = await componentEmbed({
    binary: bytes,
    witSource,
    world,
    stringEncoding: 'utf8',
  });
  return componentNew(embedded);
}

// ---- main -----------------------------------------------------------------------------

const ids = fs
  .readdirSync(samplesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(samplesDir, d.name, 'sample.json')))
  .map((d) => d.name)
  .sort();
for (const id of only) if (!ids.includes(id)) fail(`no sample '${id}' (have: ${ids.join(', ')})`);
const selected = only.length ? ids.filter((id) => only.includes(id)) : ids;

const rows = [];
let stale = 0;
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-samples-'));
try {
  for (const id of selected) {
    const dir = path.join(samplesDir, id);
    const src = sourceOf(dir);
    if (!src) fail(`samples/${id} has no main.c, main.rs or main.wat`);
    const tmp = fs.mkdtempSync(path.join(tmpRoot, id + '-'));
    let bytes;
    try {
      if (src.kind === 'c') bytes = await buildC(dir);
      else if (src.kind === 'rust') bytes = await buildRust(dir, tmp);
      else bytes = await buildWat(dir);
    } catch (e) {
      fail(`samples/${id}/${src.file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    bytes = Buffer.from(bytes);
    const out = path.join(dir, `${id}.wasm`);
    let status = 'built';
    if (check) {
      const old = fs.existsSync(out) ? fs.readFileSync(out) : null;
      status = old && old.equals(bytes) ? 'up to date' : 'STALE';
      if (status === 'STALE') stale++;
    } else {
      fs.writeFileSync(out, bytes);
    }
    rows.push({ id, source: src.file, size: bytes.length, status });
  }
} finally {
  fs.rmSync(tmpRoot, { recursive: true, force: true });
}

const w = Math.max(6, ...rows.map((r) => r.id.length));
console.log(`${'sample'.padEnd(w)}  source    size      status`);
for (const r of rows) {
  const kb = `${(r.size / 1024).toFixed(1)} KB`;
  console.log(`${r.id.padEnd(w)}  ${r.source.padEnd(8)}  ${kb.padStart(8)}  ${r.status}`);
}
const total = rows.reduce((s, r) => s + r.size, 0);
console.log(`${'total'.padEnd(w)}            ${`${(total / 1024).toFixed(1)} KB`.padStart(8)}`);
if (stale) fail(`${stale} committed component(s) differ from their source; run npm run samples`);
