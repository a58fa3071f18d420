/**
 * The speed reference for tests: a jco-transpiled component on preview2-shim's browser host
 * with no interception, no policy and no log (what bench/pages/bare-run.worker.ts is in the
 * browser), with in-memory preopens. Test helper only.
 */
import { loadBindings } from '../node/run-in-node';
import { loadBrowserShim } from '../node/shim';
import type { Namespace } from '../host/shim-types';
import type { TranspiledComponent } from '../transpile/options';

export async function runBare(
  transpiled: TranspiledComponent,
  args: string[],
  mounts: string[],
): Promise<{ exitCode: number | null; stdout: string }> {
  const shim = await loadBrowserShim();
  const bindings = await loadBindings(transpiled);
  let stdout = '';
  const decoder = new TextDecoder();
  const output = (keep: boolean) => ({
    write: (bytes: Uint8Array) => {
      if (keep) stdout += decoder.decode(bytes);
    },
    blockingFlush: () => undefined,
    flush: () => undefined,
    checkWrite: () => 1_048_576n,
  });
  const cli = shim.cli.createCli({
    arguments: ['main', ...args],
    stdin: {
      blockingRead: () => {
        throw { tag: 'closed' };
      },
    },
    stdout: output(true),
    stderr: output(false),
  });
  const preopens: Record<string, unknown> = {};
  for (const guest of mounts) preopens[guest] = { dir: {} };
  const fs = shim.filesystem.createFilesystem({
    adapter: new shim.filesystem.InMemoryFilesystemAdapter(),
    preopens,
  });
  const imports: Record<string, Namespace> = {
    'wasi:filesystem/types': fs.types,
    'wasi:filesystem/preopens': fs.preopens,
    'wasi:clocks/monotonic-clock': shim.clocks.monotonicClock,
    'wasi:clocks/wall-clock': shim.clocks.wallClock,
    'wasi:io/error': shim.io.error,
    'wasi:io/poll': shim.io.poll,
    'wasi:io/streams': shim.io.streams,
    'wasi:random/random': shim.random.random,
    'wasi:random/insecure': shim.random.insecure,
    'wasi:random/insecure-seed': shim.random.insecureSeed,
  };
  for (const [name, ns] of Object.entries(cli)) {
    const kebab = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    imports[`wasi:cli/${kebab}`] = ns;
  }
  const exports = await bindings.instantiate((name) => {
    const bytes = transpiled.coreModules[name];
    if (!bytes) throw new Error(`missing core module ${name}`);
    return new WebAssembly.Module(bytes as BufferSource);
  }, imports);
  const run = Object.entries(exports).find(
    ([key]) => key.startsWith('wasi:cli/run') || key === 'run',
  )?.[1] as { run: () => unknown } | undefined;
  if (!run) throw new Error('no wasi:cli/run export');
  try {
    await run.run();
    return { exitCode: 0, stdout };
  } catch (error) {
    const e = error as { exitError?: boolean; code?: number };
    if (e && typeof e === 'object' && e.exitError) return { exitCode: e.code ?? 1, stdout };
    throw error;
  } finally {
    fs.dispose();
  }
}
