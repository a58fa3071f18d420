/**
 * The one set of options Airlock transpiles components with, in the browser and in Node, so a
 * component behaves the same in both. JSPI lets the blocking WASI calls (poll, stdin, HTTP)
 * really wait; without it the host blocks synchronously where it can.
 */

/**
 * Imports that may return a promise under JSPI: waiting on pollables, and reading input that
 * may not be there yet (interactive stdin, an HTTP response body). Output streams are left out:
 * in this host (stdout, stderr, in-memory files, HTTP request bodies) a write never waits, and a
 * suspending import costs a stack switch on every call (measured 2-4x on write-heavy guests).
 */
export const JSPI_IMPORTS = [
  'wasi:io/poll#poll',
  'wasi:io/poll#[method]pollable.block',
  'wasi:io/streams#[method]input-stream.blocking-read',
  'wasi:io/streams#[method]input-stream.blocking-skip',
  'wasi:io/streams#[method]output-stream.blocking-splice',
];
export const JSPI_EXPORTS = ['wasi:cli/run#run'];

/**
 * Bumped when the options or the checks before transpiling change, so cached transpiles are not
 * reused across versions. 3: names are checked before transpiling (check-names.ts); a cache
 * written before that may hold bindings made from unsafe names.
 */
export const TRANSPILE_OPTIONS_VERSION = 3;

/** What a cached transpile depends on: the jco version and the options (page and CLI caches). */
export const TRANSPILE_TOOL_VERSION = `jco-transpile@0.15.0;options@${TRANSPILE_OPTIONS_VERSION}`;

export function generateOptions(jspi: boolean) {
  return {
    name: 'guest',
    instantiation: { tag: 'async' as const },
    map: [] as [string, string][],
    noNodejsCompat: true,
    noTypescript: true,
    base64Cutoff: 0,
    validLiftingOptimization: false,
    noComponentErrorWrapping: true,
    ...(jspi
      ? {
          asyncMode: {
            tag: 'jspi' as const,
            val: { imports: JSPI_IMPORTS, exports: JSPI_EXPORTS },
          },
        }
      : {}),
  };
}

/** Whether this JavaScript engine has JSPI (WebAssembly.Suspending / promising). */
export function hasJspi(): boolean {
  return (
    typeof WebAssembly === 'object' && 'Suspending' in WebAssembly && 'promising' in WebAssembly
  );
}

export interface TranspiledComponent {
  /** The generated ES module (instantiation mode: exports `instantiate`). */
  js: string;
  /** Core modules by the names the bindings ask `getCoreModule` for. */
  coreModules: Record<string, Uint8Array>;
  /** WASI interfaces (versionless) and other imports the component needs. */
  imports: string[];
  exports: [string, 'function' | 'instance'][];
  jspi: boolean;
}

/** Shape of jco's `generate` result. */
export interface GenerateResult {
  files: [string, Uint8Array][];
  imports: string[];
  exports: [string, 'function' | 'instance'][];
}

export function toTranspiled(result: GenerateResult, jspi: boolean): TranspiledComponent {
  const decoder = new TextDecoder();
  let js = '';
  const coreModules: Record<string, Uint8Array> = {};
  for (const [name, bytes] of result.files) {
    if (name.endsWith('.wasm')) coreModules[name] = bytes;
    else if (name.endsWith('.js')) js = decoder.decode(bytes);
  }
  return { js, coreModules, imports: result.imports, exports: result.exports, jspi };
}

/**
 * A tool's error (jco and wasm-tools print multi-line "Caused by:" chains) as one line a
 * person can read where they are looking: the causes joined with ": ", bounded.
 */
export function oneLine(message: string, max = 300): string {
  const parts = message
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(\d+:\s*)?/, '').trim())
    .filter((line) => line && !/^(Caused by:|Stack backtrace:)$/i.test(line));
  const joined = parts.join(': ').replace(/\s+/g, ' ');
  return joined.length > max ? `${joined.slice(0, max - 1)}…` : joined;
}
