/**
 * Where the sandboxed guest process's bundle is, and (in a source checkout) rebuilding it when
 * the sources are newer, so `airlock run` in a checkout always runs the code you see.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const GUEST_BUNDLE = 'dist-cli/airlock-guest.mjs';

export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bin/airlock.mjs')))
      return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('airlock: cannot find the package root');
    dir = parent;
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(ts|mjs|js)$/.test(entry.name)) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

let ensured: Promise<string> | undefined;

/** Whether this code runs from the built CLI (dist-cli/), whose launcher rebuilt what was stale. */
function runningFromBundle(): boolean {
  return /\/dist-cli\/[^/]+\.mjs$/.test(fileURLToPath(import.meta.url));
}

/** The bundle's path without any check, for the built CLI (bin/airlock.mjs rebuilt it). */
export function guestBundlePath(): string {
  return join(packageRoot(), GUEST_BUNDLE);
}

/** The bundle's path, built first when missing or (in a checkout) older than src/. */
export function ensureGuestBundle(): Promise<string> {
  ensured ??= (async () => {
    const root = packageRoot();
    const bundle = join(root, GUEST_BUNDLE);
    const src = join(root, 'src');
    const stale =
      !existsSync(bundle) ||
      (!runningFromBundle() && existsSync(src) && newestMtime(src) > statSync(bundle).mtimeMs);
    if (stale) {
      const script = pathToFileURL(join(root, 'scripts/build-cli.mjs')).href;
      const { buildGuestBundle } = (await import(/* @vite-ignore */ script)) as {
        buildGuestBundle: (root: string) => Promise<string>;
      };
      await buildGuestBundle(root);
    }
    return bundle;
  })();
  return ensured;
}
