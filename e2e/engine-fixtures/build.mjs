// Rebuilds the engine e2e fixtures: node e2e/engine-fixtures/build.mjs (needs clang + wasi-libc).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { componentNew } from '@bytecodealliance/jco-transpile/wasm-tools';

const here = new URL('.', import.meta.url).pathname;
const adapter = readFileSync(
  new URL('../../src/runtime/adapt/wasi_snapshot_preview1.command.wasm', import.meta.url),
);
for (const name of ['write-then-loop']) {
  execFileSync('clang', [
    '--target=wasm32-wasi',
    '--sysroot=/usr',
    '-O2',
    '-Wl,--strip-all',
    '-o',
    `${here}${name}.core.wasm`,
    `${here}${name}.c`,
  ]);
  const component = await componentNew(readFileSync(`${here}${name}.core.wasm`), [
    ['wasi_snapshot_preview1', adapter],
  ]);
  writeFileSync(`${here}${name}.wasm`, component);
  console.log(`${name}.wasm: ${component.byteLength} bytes`);
}
