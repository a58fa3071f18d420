/**
 * Manifest → `wasmtime run` command line (wasmtime's CLI as of v3x: `--dir HOST::GUEST`,
 * `--env NAME=VALUE`, `-S http`, `-W timeout=…,max-memory-size=…`, arguments after the
 * component).
 *
 * wasmtime's `--dir` always preopens with all directory and file permissions (there is no
 * read-only form), the clocks and random are always real, and `-S http` allows every host.
 */
import type { Manifest } from '../../manifest/schema';
import {
  commonGaps,
  componentFileName,
  effectiveLimits,
  hostDirFor,
  joinCommand,
  limitGaps,
  miscGaps,
  mockGap,
  setupScript,
  stdioGaps,
  type ExportOptions,
  type ExportResult,
} from './common';
import { shellQuote } from './shell';

/** wasmtime's duration syntax: "5s" for whole seconds, else "1500ms". */
export function wasmtimeDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

export function exportWasmtime(manifest: Manifest, options: ExportOptions = {}): ExportResult {
  const gaps: string[] = [];
  const groups: string[][] = [['wasmtime', 'run']];
  const http = manifest.http;
  const allow = http?.allow ?? [];
  const mocks = Object.keys(http?.mock ?? {});
  if (allow.length > 0 || mocks.length > 0) {
    groups.push(['-S', 'http']);
    if (allow.length > 0)
      gaps.push(
        `http.allow: wasmtime's -S http lets the guest call any host; it cannot limit requests to ${allow.map((a) => `"${a}"`).join(', ')}.`,
      );
  }
  const limits = effectiveLimits(manifest);
  groups.push(['-W', `timeout=${wasmtimeDuration(limits.timeoutMs)}`]);
  groups.push(['-W', `max-memory-size=${limits.maxMemoryMiB * 1024 * 1024}`]);

  (manifest.mounts ?? []).forEach((mount, i) => {
    if (mount.guest.includes('::')) {
      gaps.push(
        `mounts[${i}] "${mount.guest}": wasmtime's --dir cannot name a guest path containing "::"; it is left out.`,
      );
      return;
    }
    groups.push(['--dir', shellQuote(`./${hostDirFor(mount.guest)}::${mount.guest}`)]);
    if ((mount.access ?? 'read-only') === 'read-only')
      gaps.push(
        `mounts[${i}] "${mount.guest}" is read-only, but wasmtime's --dir always grants read and write: the guest could change ./${hostDirFor(mount.guest)}.`,
      );
  });

  for (const [name, value] of Object.entries(manifest.env ?? {})) {
    if (name === '' || name.includes('=')) {
      gaps.push(
        `env "${name}": wasmtime's --env NAME=VALUE cannot express a name that is empty or contains "="; it is left out.`,
      );
      continue;
    }
    groups.push(['--env', shellQuote(`${name}=${value}`)]);
  }

  const component = options.component ?? DEFAULT_COMPONENT;
  groups.push([shellQuote(component), ...(manifest.args ?? []).map(shellQuote)]);

  let prefix = '';
  let suffix = '';
  const stdin = manifest.stdin;
  if (stdin === undefined) suffix = ' < /dev/null';
  else if (typeof stdin === 'string') prefix = `printf '%s' ${shellQuote(stdin)} | `;

  gaps.push(...commonGaps(manifest, 'wasmtime', { clocks: true, random: true }));
  gaps.push(...mockGap(manifest, 'wasmtime'));
  gaps.push(...stdioGaps(manifest, 'wasmtime'));
  gaps.push(...limitGaps(manifest, 'wasmtime', { timeout: true, memory: true }));
  gaps.push(...miscGaps(manifest, 'wasmtime', { cwd: true }));

  const setup = setupScript(manifest, options.files, gaps);
  return { text: joinCommand(groups, prefix, suffix), unsupported: gaps, setup };
}

const DEFAULT_COMPONENT = componentFileName(null);
