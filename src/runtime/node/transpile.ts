/**
 * Transpiling in Node with the same jco entry point and options as the browser's transpile
 * worker (`@bytecodealliance/jco-transpile/component`), plus preview1 adaptation.
 */
import { readFile } from 'node:fs/promises';
import { detectBinary } from '../adapt/detect';
import { exportReallocFromMalloc } from '../adapt/main-realloc';
import { cacheKey, readCachedTranspile, writeCachedTranspile } from './transpile-cache';
import { generateChecked, UnsafeComponentError } from '../transpile/check-names';
import {
  generateOptions,
  hasJspi,
  oneLine,
  toTranspiled,
  type TranspiledComponent,
} from '../transpile/options';

export class BadComponentError extends Error {}

let adapter: Promise<Uint8Array> | undefined;
/** The preview1 command adapter: next to the CLI bundle (dist-cli/), or in the source tree. */
function commandAdapter(): Promise<Uint8Array> {
  const name = 'wasi_snapshot_preview1.command.wasm';
  adapter ??= readFile(new URL(`./${name}`, import.meta.url))
    .catch(() => readFile(new URL(`../adapt/${name}`, import.meta.url)))
    .then((b) => new Uint8Array(b));
  return adapter;
}

/** A component's bytes, adapting a preview1 core module first. */
export async function toComponent(
  bytes: Uint8Array,
): Promise<{ component: Uint8Array; adapted: boolean }> {
  const kind = detectBinary(bytes);
  switch (kind.kind) {
    case 'invalid':
      throw new BadComponentError(kind.reason);
    case 'component':
      return { component: bytes, adapted: false };
    case 'preview1-reactor':
      throw new BadComponentError(
        'This preview1 module has no _start export: Airlock runs commands (a main function).',
      );
    case 'preview1-command':
      try {
        // Loaded on demand: a cached transpile never loads jco at all.
        const { componentNew } = await import('@bytecodealliance/jco-transpile/wasm-tools');
        return {
          component: await componentNew(exportReallocFromMalloc(bytes).bytes, [
            ['wasi_snapshot_preview1', await commandAdapter()],
          ]),
          adapted: true,
        };
      } catch (error) {
        throw new BadComponentError(
          oneLine(`Adapting this preview1 module failed: ${(error as Error).message ?? error}`),
        );
      }
  }
}

/** JSPI when this Node has it (newer V8s do), so blocking calls and HTTP work as in Chromium. */
export async function transpileInNode(
  component: Uint8Array,
  jspi = hasJspi(),
): Promise<TranspiledComponent> {
  const { $init, generate } = await import('@bytecodealliance/jco-transpile/component');
  await $init;
  try {
    return toTranspiled(
      generateChecked(component, (c) => generate(c, generateOptions(jspi))),
      jspi,
    );
  } catch (error) {
    if (error instanceof UnsafeComponentError) throw new BadComponentError(error.message);
    const message =
      typeof error === 'object' && error && 'payload' in error
        ? String((error as { payload: unknown }).payload)
        : String((error as Error).message ?? error);
    throw new BadComponentError(oneLine(`jco could not transpile this component: ${message}`));
  }
}

/**
 * Bytes as the user gave them (a component or a preview1 core module) to bindings ready to run:
 * from the disk cache when this component was transpiled before, else adapted, name-checked and
 * transpiled, then cached.
 */
export async function prepareInNode(
  bytes: Uint8Array,
  jspi = hasJspi(),
): Promise<{ transpiled: TranspiledComponent; adapted: boolean; cached: boolean }> {
  const key = await cacheKey(bytes, jspi);
  const hit = readCachedTranspile(key);
  if (hit) return { ...hit, cached: true };
  const { component, adapted } = await toComponent(bytes);
  const transpiled = await transpileInNode(component, jspi);
  writeCachedTranspile(key, { transpiled, adapted });
  return { transpiled, adapted, cached: false };
}
