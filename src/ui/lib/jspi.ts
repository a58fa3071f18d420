/**
 * Without JSPI (WebAssembly stack switching) a host call cannot wait for a promise: say so before
 * the run, for the blocking capabilities that this component imports and this manifest grants.
 * Pure.
 */
import type { Manifest } from '../../manifest/schema';

export function jspiWarnings(imports: readonly string[], manifest: Manifest | null): string[] {
  if (!manifest) return [];
  const out: string[] = [];
  const interactive = typeof manifest.stdin === 'object' && manifest.stdin !== null;
  if (interactive && imports.includes('wasi:cli/stdin')) {
    out.push(
      'Interactive stdin needs JSPI, which this browser lacks: what you type cannot reach the guest, which reads end of input. Give stdin as text instead.',
    );
  }
  const http =
    (manifest.http?.allow?.length ?? 0) > 0 || Object.keys(manifest.http?.mock ?? {}).length > 0;
  if (http && imports.some((i) => i.startsWith('wasi:http/'))) {
    out.push(
      'Outgoing HTTP needs JSPI, which this browser lacks: the first granted or mocked request traps.',
    );
  }
  return out;
}
