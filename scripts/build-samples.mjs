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
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { componentEmbed, componentNew, parse } from '@bytecodealliance/jco-transpile/wasm-tools';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const samplesDir = path.join(root, 'samples');
const adapterPath = path.join(root, 'src/runtime/adapt/wasi_snapshot_preview1.command.wasm');
const ADAPTER_NAME = 'wasi_snapshot_preview1';
const C_PACKAGES = 'clang lld wasi-libc libclang-rt-14-dev-wasm32';
const RUST_PACKAGES = 'rustc libstd-rust-dev-wasm32';

const argv = process.argv.slice(2);
const check = argv.includes('--check');
const only = argv.filter((a) => !a.startsWith('--'));

function fail(message) {
  console.error(`build-samples: ${message}`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  if (r.error && r.error.code === 'ENOENT')
    return { missing: true, status: 127, stdout: '', stderr: '' };
  return { missing: false, status: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
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

let cToolchain = null;
function findCToolchain() {
  if (cToolchain) return cToolchain;
  const clang = process.env.CLANG ?? 'clang';
  const v = run(clang, ['--version']);
  if (v.missing || v.status !== 0) {
    fail(
      `cannot run '${clang}'. The C samples need clang with the WebAssembly target and Debian's wasi-libc.\n` +
        `  Install: sudo apt-get install -y ${C_PACKAGES}\n` +
        `  (or set CLANG=/path/to/clang and WASI_SYSROOT=/path/to/sysroot)`,
    );
  }
  // Debian's wasi-libc installs into /usr/include/wasm32-wasi and /usr/lib/wasm32-wasi,
  // so the sysroot is /usr. The wasi-sdk layout (share/wasi-sysroot) works too.
  const candidates = [process.env.WASI_SYSROOT, '/usr', '/opt/wasi-sdk/share/wasi-sysroot'].filter(
    Boolean,
  );
  const sysroot = candidates.find((s) => fs.existsSync(path.join(s, 'lib/wasm32-wasi/libc.a')));
  if (!sysroot) {
    fail(
      `no wasi-libc sysroot found (looked for lib/wasm32-wasi/libc.a under ${candidates.join(', ')}).\n` +
        `  Install: sudo apt-get install -y ${C_PACKAGES}\n` +
        `  (or set WASI_SYSROOT to a wasi-libc sysroot)`,
    );
  }
  const ld = run('wasm-ld', ['--version']);
  if (ld.missing)
    fail(
      `wasm-ld (the WebAssembly linker) is missing.\n  Install: sudo apt-get install -y ${C_PACKAGES}`,
    );
  const builtins = run(clang, [
    '--target=wasm32-wasi',
    `--sysroot=${sysroot}`,
    '-print-libgcc-file-name',
  ]).stdout.trim();
  if (builtins && !fs.existsSync(builtins)) {
    fail(
      `the compiler runtime for wasm32 is missing (${builtins}).\n  Install: sudo apt-get install -y ${C_PACKAGES}`,
    );
  }
  cToolchain = { clang, sysroot };
  return cToolchain;
}

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

let adapterBytes = null;
async function adapt(core) {
  adapterBytes ??= fs.readFileSync(adapterPath);
  return componentNew(core, [[ADAPTER_NAME, adapterBytes]]);
}

async function buildC(dir, tmp) {
  const { clang, sysroot } = findCToolchain();
  const core = path.join(tmp, 'core.wasm');
  const r = run(
    clang,
    [
      '--target=wasm32-wasi',
      `--sysroot=${sysroot}`,
      '-O2',
      '-Wall',
      '-Wextra',
      '-Werror',
      '-Wl,--strip-all',
      '-o',
      core,
      'main.c',
    ],
    { cwd: dir },
  );
  if (r.status !== 0) throw new Error(`clang failed:\n${r.stderr}${r.stdout}`);
  return adapt(fs.readFileSync(core));
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
  const isComponent = /^\s*(?:;;[^\n]*\n\s*|\(;[\s\S]*?;\)\s*)*\(component\b/.test(text);
  if (isComponent) return bytes;
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
      if (src.kind === 'c') bytes = await buildC(dir, tmp);
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
