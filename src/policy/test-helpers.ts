/** Test helper: a resolved manifest from a manifest object, validated like the editor does. */
import { resolveManifest, type ResolvedManifest } from '../manifest/resolve';
import { manifestSchema, type Manifest } from '../manifest/schema';

export function resolved(manifest: Manifest): ResolvedManifest {
  return resolveManifest(manifestSchema.parse(manifest));
}

/** A readlink over a fixed table of symlinks (guest path → target text). */
export function links(table: Record<string, string>): (guestPath: string) => string | undefined {
  return (p) => (Object.hasOwn(table, p) ? table[p] : undefined);
}
