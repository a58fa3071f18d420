/**
 * `--dir`: copies a host directory into the manifest's seed files. The guest only ever sees this
 * in-memory copy; the host directory is never written.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

type Seed = string | { base64: string } | Record<string, never>;

const MAX_TOTAL_BYTES = 512 * 1024 * 1024;

export async function readHostDir(root: string): Promise<Record<string, Seed>> {
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw new Error(`--dir ${root}: not a directory`);
  const files: Record<string, Seed> = {};
  let total = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    if (entries.length === 0 && prefix) files[`${prefix}/`] = {};
    for (const entry of entries) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full, rel);
      else if (entry.isFile()) {
        const bytes = await readFile(full);
        total += bytes.byteLength;
        if (total > MAX_TOTAL_BYTES) throw new Error(`--dir ${root}: more than 512 MiB`);
        try {
          files[rel] = decoder.decode(bytes);
        } catch {
          files[rel] = { base64: bytes.toString('base64') };
        }
      }
      // Symlinks and special files on the host are not copied: the guest sees only regular files.
    }
  };
  await walk(root, '');
  return files;
}
