#!/usr/bin/env node
// Builds the benchmark programs in bench/programs/*.c, each into two committed files:
//   <name>.core.wasm  the WASI preview1 core module (what Runno runs)
//   <name>.wasm       the WASI 0.2 command component (what Airlock and bare jco run), made from
//                     the core module with the preview1 command adapter, as scripts/build-samples.mjs
//                     does for the samples.
//
//   node bench/programs/build.mjs           build all
//   node bench/programs/build.mjs --check   fail if a committed .wasm differs from its source
//
// Needs clang, wasm-ld and Debian's wasi-libc (apt-get install clang lld wasi-libc
// libclang-rt-14-dev-wasm32); CLANG and WASI_SYSROOT override the defaults.
import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { componentNew } from '@bytecodealliance/jco-transpile/wasm-tools';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const adapterPath = path.join(root, 'src/runtime/adapt/wasi_snapshot_preview1.command.wasm');

export const PROGRAMS = ['calls', 'files', 'lines'];

/** Builds every program; returns rows { name, core, component, status }. */
export async function buildPrograms({ check = false } = {}) {
  const clang = process.env.CLANG ?? 'clang';
  const sysroot = process.env.WASI_SYSROOT ?? '/usr';
  if (!fs.existsSync(path.join(sysroot, 'lib/wasm32-wasi/libc.a')))
    throw new Error(
      `no wasi-libc under ${sysroot} (apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32, or set WASI_SYSROOT)`,
    );
  const adapter = fs.readFileSync(adapterPath);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-bench-'));
  const rows = [];
  try {
    for (const name of PROGRAMS) {
      const out = path.join(tmp, `${name}.core.wasm`);
      const r = spawnSync(
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
          out,
          `${name}.c`,
        ],
        { cwd: here, encoding: 'utf8' },
      );
      if (r.error) throw new Error(`cannot run ${clang}: ${r.error.message}`);
      if (r.status !== 0) throw new Error(`clang failed on ${name}.c:\n${r.stderr}`);
      const core = fs.readFileSync(out);
      const component = Buffer.from(
        await componentNew(core, [['wasi_snapshot_preview1', adapter]]),
      );
      const files = [
        [path.join(here, `${name}.core.wasm`), core],
        [path.join(here, `${name}.wasm`), component],
      ];
      let status = 'built';
      if (check) {
        const same = files.every(([f, b]) => fs.existsSync(f) && fs.readFileSync(f).equals(b));
        status = same ? 'up to date' : 'STALE';
      } else {
        for (const [f, b] of files) fs.writeFileSync(f, b);
      }
      rows.push({ name, core: core.length, component: component.length, status });
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return rows;
}

/** Whether a program's committed .wasm files are missing or older than its source. */
export function programsNeedBuild() {
  return PROGRAMS.some((name) => {
    const src = fs.statSync(path.join(here, `${name}.c`)).mtimeMs;
    return [`${name}.core.wasm`, `${name}.wasm`].some((f) => {
      const p = path.join(here, f);
      return !fs.existsSync(p) || fs.statSync(p).mtimeMs < src;
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const rows = await buildPrograms({ check });
  for (const r of rows)
    console.log(
      `${r.name.padEnd(6)} core ${(r.core / 1024).toFixed(1).padStart(5)} KB  component ${(r.component / 1024).toFixed(1).padStart(5)} KB  ${r.status}`,
    );
  if (rows.some((r) => r.status === 'STALE')) process.exit(1);
}
