#!/usr/bin/env node
// `airlock run ...`: starts the bundled CLI (dist-cli/, built by `npm run build`).
// A run's sandboxed guest process is spawned first (dist-cli/airlock-early.mjs), so that its
// Node start overlaps this one's loading the CLI (docs/performance.md › CLI start). In a source
// checkout, the bundles are rebuilt when src/ is newer (a few hundred ms).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundles = [
  'dist-cli/airlock.mjs',
  'dist-cli/airlock-early.mjs',
  'dist-cli/airlock-guest.mjs',
].map((b) => join(root, b));

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.(ts|mjs|js)$/.test(entry.name))
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

const argv = process.argv.slice(2);
const src = join(root, 'src');
const built = () => Math.min(...bundles.map((b) => (existsSync(b) ? statSync(b).mtimeMs : 0)));
// The guest process starts first, from the bundles as they are; in a checkout whose src/ turns
// out to be newer, it is killed and the bundles are rebuilt (then main.ts spawns a fresh one).
let early =
  argv[0] === 'run' && built() > 0
    ? (await import(pathToFileURL(bundles[1]).href)).spawnEarly(argv)
    : undefined;
if (existsSync(src) && built() < newestSource(src)) {
  early?.guest.kill();
  early = undefined;
  const { buildCli } = await import(pathToFileURL(join(root, 'scripts/build-cli.mjs')).href);
  await buildCli(root);
}
const { runCli } = await import(pathToFileURL(bundles[0]).href);
await runCli(argv, early);
