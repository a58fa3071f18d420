/**
 * Samples are transpiled at build time, so running a sample never loads the transpiler (a
 * 3.5 MB WebAssembly module that takes most of a cold start to compile). The build emits each
 * sample's bindings and core modules as assets and a table keyed by the component's SHA-256
 * (`virtual:airlock-prebuilt`); RunClient.prepare looks a component up there before asking the
 * transpile worker (`bySample` gives a sample's hash, so the page can fetch them before the
 * component's bytes). The bindings are made with the same options as in the browser, with JSPI
 * (browsers without JSPI fall back to the transpile worker). In dev the table is empty.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

const VIRTUAL = 'virtual:airlock-prebuilt';
const RESOLVED = `\0${VIRTUAL}`;

export interface PrebuiltEntry {
  js: string;
  core: Record<string, string>;
  imports: string[];
  exports: [string, 'function' | 'instance'][];
}

export function prebuiltSamples(): Plugin {
  let command: 'build' | 'serve' = 'serve';
  let root = process.cwd();
  return {
    name: 'airlock-prebuilt-samples',
    configResolved(config) {
      command = config.command;
      root = config.root;
    },
    resolveId(id) {
      return id === VIRTUAL ? RESOLVED : undefined;
    },
    async load(id) {
      if (id !== RESOLVED) return undefined;
      if (command !== 'build' || !existsSync(join(root, 'samples')))
        return 'export default {};\nexport const bySample = {};';
      const { $init, generate } = await import('@bytecodealliance/jco-transpile/component');
      const { generateOptions, toTranspiled } = await import('../src/runtime/transpile/options.ts');
      await $init;
      const table: Record<
        string,
        {
          js: string;
          core: Record<string, string>;
          imports: string[];
          exports: unknown;
          size: number;
        }
      > = {};
      const bySample: Record<string, string> = {};
      const samplesDir = join(root, 'samples');
      for (const id of readdirSync(samplesDir).sort()) {
        const file = join(samplesDir, id, `${id}.wasm`);
        if (!existsSync(file)) continue;
        const bytes = new Uint8Array(readFileSync(file));
        const hash = createHash('sha256').update(bytes).digest('hex');
        const transpiled = toTranspiled(generate(bytes, generateOptions(true)), true);
        const ref = (name: string, source: string | Uint8Array) =>
          `__AIRLOCK_ASSET_${this.emitFile({ type: 'asset', name, source })}__`;
        const core: Record<string, string> = {};
        for (const [name, moduleBytes] of Object.entries(transpiled.coreModules)) {
          core[name] = ref(`${id}.${name}`, moduleBytes);
        }
        table[hash] = {
          js: ref(`${id}.bindings.js`, transpiled.js),
          core,
          imports: transpiled.imports,
          exports: transpiled.exports,
          size: bytes.byteLength,
        };
        bySample[id] = hash;
      }
      // Asset references become URLs relative to the module at runtime.
      const json = JSON.stringify(table).replace(
        /"__AIRLOCK_ASSET_([A-Za-z0-9_$-]+)__"/g,
        (_m, refId: string) => `import.meta.ROLLUP_FILE_URL_${refId}`,
      );
      return `export default ${json};\nexport const bySample = ${JSON.stringify(bySample)};`;
    },
  };
}
