#!/usr/bin/env node
/**
 * Bundles the CLI's sandboxed guest process (src/runtime/node/sandbox/guest-process.ts) into one
 * self-contained file, dist-cli/airlock-guest.mjs: Node's permission model lets that process
 * read nothing but this file, so everything it runs must be inside it. The WASI shim is bundled
 * from its BROWSER build (no `node` condition). Run by `npm run build`; the CLI also rebuilds it
 * on demand in a source checkout when src/ is newer (see src/runtime/node/sandbox/bundle.ts).
 */
import { build } from 'esbuild';
import { mkdirSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const GUEST_BUNDLE = 'dist-cli/airlock-guest.mjs';

export async function buildGuestBundle(root) {
  const out = join(root, GUEST_BUNDLE);
  mkdirSync(dirname(out), { recursive: true });
  // Several processes may build at once (parallel tests): write aside, then rename atomically.
  const tmp = `${out}.${process.pid}.${Date.now()}.tmp`;
  await build({
    entryPoints: [join(root, 'src/runtime/node/sandbox/guest-process.ts')],
    outfile: tmp,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'node20',
    mainFields: ['module', 'main'],
    conditions: ['import', 'default'],
    external: ['node:*'],
    logLevel: 'warning',
    legalComments: 'none',
  });
  renameSync(tmp, out);
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const out = await buildGuestBundle(root);
  console.log(`built ${out}`);
}
