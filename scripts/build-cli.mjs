#!/usr/bin/env node
/**
 * Bundles the CLI into dist-cli/ (run by `npm run build` and `npm pack`; bin/airlock.mjs also
 * rebuilds on demand in a source checkout when src/ is newer than the bundles):
 * - airlock.mjs (+ chunks/): the CLI process (src/cli/entry.ts); npm packages stay external (jco
 *   loads its wasm from its own folder), so starting it compiles no TypeScript; the manifest
 *   parser (zod) is a chunk loaded only when there is a manifest to parse.
 * - airlock-early.mjs: what bin/airlock.mjs loads first to spawn a run's guest process before
 *   the rest of the CLI loads (src/cli/early.ts; shares its chunks with airlock.mjs).
 * - airlock-guest.mjs: the sandboxed guest process (src/runtime/node/sandbox/guest-process.ts),
 *   self-contained, because Node's permission model lets it read nothing but this file. The
 *   WASI shim is bundled from its BROWSER build (no `node` condition).
 */
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CLI_BUNDLE = 'dist-cli/airlock.mjs';
export const GUEST_BUNDLE = 'dist-cli/airlock-guest.mjs';

/** Several processes may build at once (parallel tests): write aside, then rename. */
async function buildAtomically(out, options) {
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.${Date.now()}.tmp`;
  await build({ ...options, outfile: tmp, logLevel: 'warning', legalComments: 'none' });
  renameSync(tmp, out);
  return out;
}

export function buildGuestBundle(root) {
  return buildAtomically(join(root, GUEST_BUNDLE), {
    entryPoints: [join(root, 'src/runtime/node/sandbox/guest-process.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'node20',
    mainFields: ['module', 'main'],
    conditions: ['import', 'default'],
    external: ['node:*'],
  });
}

/**
 * The CLI entry, split: what every run needs in airlock.mjs; what only some need (the manifest
 * parser, which loads zod, ~120 ms) in chunks it imports on demand. Built into a temporary
 * directory, then moved into dist-cli/ chunks first, entry last.
 */
export async function buildCliBundle(root) {
  const out = join(root, 'dist-cli');
  const tmp = join(out, `.build.${process.pid}.${Date.now()}`);
  mkdirSync(tmp, { recursive: true });
  try {
    await build({
      entryPoints: {
        airlock: join(root, 'src/cli/entry.ts'),
        'airlock-early': join(root, 'src/cli/early.ts'),
      },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      outdir: tmp,
      chunkNames: 'chunks/[name]-[hash]',
      outExtension: { '.js': '.mjs' },
      logLevel: 'warning',
      legalComments: 'none',
    });
    mkdirSync(join(out, 'chunks'), { recursive: true });
    const chunks = readdirSync(join(tmp, 'chunks'));
    for (const chunk of chunks) renameSync(join(tmp, 'chunks', chunk), join(out, 'chunks', chunk));
    // Chunks of earlier builds (names are content hashes: a build of the same sources keeps them).
    for (const old of readdirSync(join(out, 'chunks')))
      if (!chunks.includes(old)) rmSync(join(out, 'chunks', old), { force: true });
    renameSync(join(tmp, 'airlock-early.mjs'), join(out, 'airlock-early.mjs'));
    renameSync(join(tmp, 'airlock.mjs'), join(root, CLI_BUNDLE));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return join(root, CLI_BUNDLE);
}

export async function buildCli(root) {
  // The CLI adapts preview1 modules with the adapter it finds next to itself.
  mkdirSync(join(root, 'dist-cli'), { recursive: true });
  copyFileSync(
    join(root, 'src/runtime/adapt/wasi_snapshot_preview1.command.wasm'),
    join(root, 'dist-cli/wasi_snapshot_preview1.command.wasm'),
  );
  return Promise.all([buildCliBundle(root), buildGuestBundle(root)]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  for (const out of await buildCli(root)) console.log(`built ${out}`);
}
