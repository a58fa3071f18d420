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
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { adapt, compileC, writeOrCheck } from '../../scripts/lib/wasi-toolchain.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

export const PROGRAMS = ['calls', 'files', 'lines'];

/** Builds every program; returns rows { name, core, component, status }. */
export async function buildPrograms({ check = false } = {}) {
  const rows = [];
  for (const name of PROGRAMS) {
    const core = compileC(here, `${name}.c`);
    const component = await adapt(core);
    const status = writeOrCheck(
      [
        [path.join(here, `${name}.core.wasm`), core],
        [path.join(here, `${name}.wasm`), component],
      ],
      check,
    );
    rows.push({ name, core: core.length, component: component.length, status });
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
