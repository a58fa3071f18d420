/**
 * Manifest → a Spin component section (spin.toml, manifest version 2):
 *
 *   [component.hello]
 *   source = "hello.wasm"
 *   allowed_outbound_hosts = ["https://api.example.com"]
 *   files = [{ source = "data", destination = "/data" }]
 *   environment = { NAME = "value" }
 *
 * Spin's `allowed_outbound_hosts` uses the same `scheme://host[:port]` origins (with `*.`
 * wildcards) as the manifest's `http.allow`. Spin mounts files read-only.
 */
import { normalizeGuestPath } from '../../manifest/guest-path';
import { originText, parseOriginPattern } from '../../manifest/http-origin';
import type { Manifest } from '../../manifest/schema';
import {
  commonGaps,
  hostDirFor,
  limitGaps,
  miscGaps,
  mockGap,
  setupScript,
  stdioGaps,
  wellFormed,
  type ExportOptions,
  type ExportResult,
} from './common';

/** A TOML basic string. JSON's escapes are TOML's, once lone surrogates are gone. */
export function tomlString(s: string): string {
  return JSON.stringify(wellFormed(s)).replace(/\u007f/g, '\\u007f');
}

/** A TOML key: bare when it can be, quoted otherwise. */
export function tomlKey(s: string): string {
  return /^[A-Za-z0-9_-]+$/.test(s) ? s : tomlString(s);
}

/** A Spin component id (kebab-case, starting with a letter) from a file name. */
export function spinComponentId(fileName: string): string {
  const base = fileName
    .replace(/\.wasm$/i, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const id = /^[a-z]/.test(base) ? base : `c-${base}`.replace(/-+$/, '');
  return id === 'c' || id === '' ? 'component' : id;
}

export function exportSpin(manifest: Manifest, options: ExportOptions = {}): ExportResult {
  const gaps: string[] = [];
  const component = options.component ?? 'component.wasm';
  const id = spinComponentId(component.split('/').pop() ?? component);
  const lines: string[] = [
    `# Spin component exported from an Airlock manifest; add a trigger that names "${id}".`,
    `[component.${id}]`,
    `source = ${tomlString(component)}`,
  ];

  const hosts: string[] = [];
  for (const entry of manifest.http?.allow ?? []) {
    const p = parseOriginPattern(entry);
    if (!p.ok) {
      gaps.push(`http.allow "${entry}": not a valid origin (${p.message}); it is left out.`);
      continue;
    }
    const host = p.pattern.wildcard ? `*.${p.pattern.host}` : p.pattern.host;
    const origin = originText(p.pattern.scheme, host, p.pattern.port);
    if (!hosts.includes(origin)) hosts.push(origin);
  }
  lines.push(`allowed_outbound_hosts = [${hosts.map(tomlString).join(', ')}]`);

  const mounts = manifest.mounts ?? [];
  if (mounts.length > 0) {
    const entries = mounts.map(
      (m) =>
        `{ source = ${tomlString(hostDirFor(m.guest))}, destination = ${tomlString(normalizeGuestPath(m.guest))} }`,
    );
    lines.push(
      entries.length === 1
        ? `files = [${entries[0]}]`
        : `files = [\n${entries.map((e) => `  ${e},`).join('\n')}\n]`,
    );
    mounts.forEach((m, i) => {
      if (m.access === 'read-write')
        gaps.push(
          `mounts[${i}] "${m.guest}" is read-write, but Spin mounts files read-only: the guest cannot change them.`,
        );
    });
  }

  const env = Object.entries(manifest.env ?? {});
  if (env.length > 0)
    lines.push(
      `environment = { ${env.map(([k, v]) => `${tomlKey(k)} = ${tomlString(v)}`).join(', ')} }`,
    );

  if ((manifest.args ?? []).length > 0)
    gaps.push(
      'args: a Spin component is started by a trigger, which does not pass command-line arguments.',
    );
  if (manifest.stdin !== undefined)
    gaps.push('stdin: a Spin component has no standard input to feed.');
  gaps.push(...commonGaps(manifest, 'Spin', { clocks: true, random: true }));
  gaps.push(...mockGap(manifest, 'Spin'));
  gaps.push(...stdioGaps(manifest, 'Spin'));
  gaps.push(...limitGaps(manifest, 'Spin', { timeout: false, memory: false }));
  gaps.push(...miscGaps(manifest, 'Spin', { cwd: true }));
  const setup = setupScript(manifest, options.files, gaps);
  return { text: `${lines.join('\n')}\n`, unsupported: gaps, setup };
}
