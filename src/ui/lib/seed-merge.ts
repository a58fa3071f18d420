/**
 * Extra seed files (a sandbox's `files`, by absolute guest path) merged into the manifest's
 * mounts: a file lands in the mount whose guest path is its longest prefix. Files outside every
 * mount cannot be seen by the guest; they are returned as `orphans`. Pure.
 */
import type { Manifest } from '../../manifest/schema';

export type SeedContent = string | { base64: string };

export function mergeSeedFiles(
  manifest: Manifest,
  files: Readonly<Record<string, SeedContent>>,
): { manifest: Manifest; orphans: string[] } {
  const paths = Object.keys(files);
  if (paths.length === 0 || !manifest.mounts?.length) return { manifest, orphans: paths };
  const mounts = manifest.mounts.map((m) => ({ ...m, files: { ...(m.files ?? {}) } }));
  const norm = (g: string) => (g.length > 1 ? g.replace(/\/+$/, '') : g);
  const orphans: string[] = [];
  for (const path of paths) {
    let best = -1;
    let bestLen = -1;
    mounts.forEach((m, i) => {
      const g = norm(m.guest);
      const prefix = g === '/' ? '/' : `${g}/`;
      if (path.startsWith(prefix) && g.length > bestLen) {
        best = i;
        bestLen = g.length;
      }
    });
    if (best < 0) {
      orphans.push(path);
      continue;
    }
    const g = norm(mounts[best]!.guest);
    const rel = path.slice(g === '/' ? 1 : g.length + 1);
    mounts[best]!.files[rel] = files[path]!;
  }
  return { manifest: { ...manifest, mounts }, orphans };
}
