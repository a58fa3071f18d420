/**
 * The CLI's transpile cache on disk, like the page's in IndexedDB: the second run of a
 * component skips jco entirely (and never loads it). Keyed by the SHA-256 of the bytes the user
 * gave, the tool version and JSPI. Only transpiles that passed the name check are stored.
 * `AIRLOCK_CACHE_DIR` moves it; `AIRLOCK_CACHE_DIR=off` turns it off. Any error reading or
 * writing it is a miss, never a failure.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { sha256Hex } from '../../share/sha256';
import { TRANSPILE_TOOL_VERSION, type TranspiledComponent } from '../transpile/options';

export interface CachedTranspile {
  transpiled: TranspiledComponent;
  adapted: boolean;
}

function cacheDir(): string | undefined {
  const configured = process.env.AIRLOCK_CACHE_DIR;
  if (configured === 'off') return undefined;
  if (configured) return configured;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'airlock', 'transpiled');
}

/** SHA-256 (src/share/sha256.ts, the page's too) of the bytes, then `\0<tool version>;<mode>`. */
export async function cacheKey(bytes: Uint8Array, jspi: boolean): Promise<string> {
  const suffix = new TextEncoder().encode(`\0${TRANSPILE_TOOL_VERSION};${jspi ? 'jspi' : 'sync'}`);
  const keyed = new Uint8Array(bytes.length + suffix.length);
  keyed.set(bytes);
  keyed.set(suffix, bytes.length);
  return sha256Hex(keyed);
}

function isCached(value: unknown): value is CachedTranspile {
  const v = value as CachedTranspile | undefined;
  return (
    !!v &&
    typeof v.adapted === 'boolean' &&
    typeof v.transpiled?.js === 'string' &&
    typeof v.transpiled.coreModules === 'object' &&
    Array.isArray(v.transpiled.imports) &&
    Array.isArray(v.transpiled.exports) &&
    typeof v.transpiled.jspi === 'boolean'
  );
}

export function readCachedTranspile(key: string): CachedTranspile | undefined {
  const dir = cacheDir();
  if (!dir) return undefined;
  try {
    const value: unknown = deserialize(readFileSync(join(dir, `${key}.bin`)));
    return isCached(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function writeCachedTranspile(key: string, entry: CachedTranspile): void {
  const dir = cacheDir();
  if (!dir) return;
  try {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${key}.bin`);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, serialize(entry));
    renameSync(tmp, file);
  } catch {
    // A read-only home or a full disk: run without the cache.
  }
}
