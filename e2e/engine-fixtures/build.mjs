// Rebuilds the engine e2e fixtures: node e2e/engine-fixtures/build.mjs (needs clang + wasi-libc).
import { fileURLToPath } from 'node:url';
import { adapt, compileC, writeOrCheck } from '../../scripts/lib/wasi-toolchain.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const check = process.argv.includes('--check');
for (const name of ['write-then-loop']) {
  const component = await adapt(compileC(here, `${name}.c`));
  console.log(
    `${name}.wasm: ${component.byteLength} bytes, ${writeOrCheck([[`${here}${name}.wasm`, component]], check)}`,
  );
}
