/**
 * Manifest → Wassette `policy.yaml` (policy-mcp format, `version: "1.0"`):
 *
 *   permissions:
 *     storage:     { allow: [{ uri: "fs:///data", access: ["read"] }] }
 *     network:     { allow: [{ host: "api.example.com" }] }
 *     environment: { allow: [{ key: "NAME" }] }
 *
 * Wassette preopens `fs://<path>` at the same path in the guest (an absolute path is also the
 * host path), matches network hosts by name only, and takes environment values from its own
 * environment, so the manifest's values are not part of the policy.
 */
import { parseOriginPattern } from '../../manifest/http-origin';
import type { Manifest } from '../../manifest/schema';
import { normalizeGuestPath } from '../../manifest/guest-path';
import {
  commonGaps,
  limitGaps,
  miscGaps,
  mockGap,
  stdioGaps,
  type ExportOptions,
  type ExportResult,
  wellFormed,
} from './common';

/** A YAML double-quoted scalar (JSON string syntax is a subset of it). */
function yq(s: string): string {
  return JSON.stringify(wellFormed(s));
}

export function exportWassette(manifest: Manifest, options: ExportOptions = {}): ExportResult {
  const gaps: string[] = [];
  const lines: string[] = [];
  const component = options.component ?? 'component.wasm';
  lines.push(`# Wassette policy for ${component}, exported from an Airlock manifest`);
  lines.push('version: "1.0"');
  lines.push(`description: ${yq(`Airlock sandbox for ${component}`)}`);

  const storage: string[] = [];
  (manifest.mounts ?? []).forEach((mount, i) => {
    const guest = normalizeGuestPath(mount.guest);
    const access =
      (mount.access ?? 'read-only') === 'read-write' ? '["read", "write"]' : '["read"]';
    storage.push(`      - uri: ${yq(`fs://${guest}`)}`);
    storage.push(`        access: ${access}`);
    const seeds = Object.keys(mount.files ?? {}).length;
    if (seeds > 0)
      gaps.push(
        `mounts[${i}].files: a policy cannot carry file contents; Wassette opens the host's own ${guest} (same path on the host and in the guest), so create ${seeds === 1 ? 'its seed file' : `its ${seeds} seed files`} there.`,
      );
  });
  if (Object.keys(options.files ?? {}).length > 0)
    gaps.push(
      'files: a policy cannot carry file contents; create the extra seed files on the host at the same paths.',
    );

  const network: string[] = [];
  const seen = new Set<string>();
  const allow = manifest.http?.allow ?? [];
  for (const entry of allow) {
    const p = parseOriginPattern(entry);
    if (!p.ok) {
      gaps.push(`http.allow "${entry}": not a valid origin (${p.message}); it is left out.`);
      continue;
    }
    const host = p.pattern.wildcard ? `*.${p.pattern.host}` : p.pattern.host;
    if (seen.has(host)) continue;
    seen.add(host);
    network.push(`      - host: ${yq(host)}`);
  }
  if (allow.length > 0)
    gaps.push(
      'http.allow: Wassette matches host names only, so every scheme and port of an allowed host is reachable (the manifest also fixes scheme and port).',
    );

  const envEntries = Object.entries(manifest.env ?? {});
  const environment = envEntries.map(([key]) => `      - key: ${yq(key)}`);
  if (envEntries.length > 0)
    gaps.push(
      `env: Wassette passes each allowed variable with the value from its own environment (or \`wassette secret set\`); set ${envEntries
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(', ')} there.`,
    );

  if (storage.length + network.length + environment.length === 0) lines.push('permissions: {}');
  else {
    lines.push('permissions:');
    if (storage.length) lines.push('  storage:', '    allow:', ...storage);
    if (network.length) lines.push('  network:', '    allow:', ...network);
    if (environment.length) lines.push('  environment:', '    allow:', ...environment);
  }

  if ((manifest.args ?? []).length > 0)
    gaps.push(
      "args: Wassette calls a component's exported functions as MCP tools; there are no command-line arguments.",
    );
  if (manifest.stdin !== undefined)
    gaps.push('stdin: Wassette gives an MCP tool no standard input.');
  gaps.push(...commonGaps(manifest, 'Wassette', { clocks: true, random: true }));
  gaps.push(...mockGap(manifest, 'Wassette'));
  gaps.push(...stdioGaps(manifest, 'Wassette'));
  gaps.push(...limitGaps(manifest, 'Wassette', { timeout: false, memory: false }));
  gaps.push(...miscGaps(manifest, 'Wassette', { cwd: true }));
  return { text: `${lines.join('\n')}\n`, unsupported: gaps, setup: '' };
}
