/** What every export shares: the result shape, effective defaults, names and seed-file setup. */
import { normalizeGuestPath, isWithin } from '../../manifest/guest-path';
import { DEFAULT_LIMITS, type Manifest } from '../../manifest/schema';
import type { ComponentRef, SeedFiles } from '../sandbox';
import { shellQuote } from './shell';
import { encodeUtf8Base64 } from '../base64';

export interface ExportResult {
  /** The command line or file to copy. */
  text: string;
  /**
   * What this runtime cannot express, one plain sentence each, naming the manifest field. Empty
   * when the export is faithful. Shown next to the text, never hidden.
   */
  unsupported: string[];
  /**
   * Shell commands that create the mount directories and seed files the export refers to
   * (relative to the current directory), or "" when there is nothing to create.
   */
  setup: string;
}

export interface ExportOptions {
  /** File name or path of the component, as the command or file should refer to it. */
  component?: string;
  /** The sandbox's extra seed files (by guest path), placed into the mount that holds them. */
  files?: SeedFiles;
}

/** Replaces lone UTF-16 surrogates (which TOML and YAML cannot carry) with U+FFFD. */
export function wellFormed(s: string): string {
  return s.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
}

export const DEFAULT_COMPONENT_FILE = 'component.wasm';

/** A file name for the component: the sample id, the upload's name or the URL's last segment. */
export function componentFileName(ref: ComponentRef | null | undefined): string {
  if (!ref) return DEFAULT_COMPONENT_FILE;
  let name: string;
  if (ref.kind === 'sample') name = ref.id;
  else if (ref.kind === 'upload') name = ref.name;
  else {
    try {
      name = decodeURIComponent(new URL(ref.url).pathname.split('/').pop() ?? '');
    } catch {
      name = '';
    }
  }
  name = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+/, '');
  if (name === '') return DEFAULT_COMPONENT_FILE;
  return /\.wasm$/i.test(name) ? name : `${name}.wasm`;
}

/** The manifest's effective limits (the defaults filled in). */
export function effectiveLimits(m: Manifest): {
  timeoutMs: number;
  maxOutputBytes: number;
  maxMemoryMiB: number;
} {
  return {
    timeoutMs: m.limits?.timeoutMs ?? DEFAULT_LIMITS.timeoutMs,
    maxOutputBytes: m.limits?.maxOutputBytes ?? DEFAULT_LIMITS.maxOutputBytes,
    maxMemoryMiB: m.limits?.maxMemoryMiB ?? DEFAULT_LIMITS.maxMemoryMiB,
  };
}

export function wallClock(m: Manifest): string {
  return m.clocks?.wall ?? 'deny';
}

export function monotonicClock(m: Manifest): 'real' | 'deny' {
  return m.clocks?.monotonic ?? 'deny';
}

export function randomMode(m: Manifest): 'real' | 'deny' | 'seed' {
  const r = m.random;
  if (r === undefined || r === 'deny') return 'deny';
  if (r === 'real') return 'real';
  return 'seed';
}

/** Whether the manifest lets the guest make any HTTP request at all (an allow entry or a mock). */
export function usesHttp(m: Manifest): boolean {
  return (m.http?.allow?.length ?? 0) > 0 || Object.keys(m.http?.mock ?? {}).length > 0;
}

/**
 * The host directory (relative, no leading "./") that stands for a guest mount:
 * "/data" → "data", "/a/b" → "a/b", "/" → "root".
 */
export function hostDirFor(guest: string): string {
  const g = normalizeGuestPath(guest);
  return g === '/' ? 'root' : g.slice(1);
}

/** Common "cannot express" sentences, shared by runtimes that lack the same things. */
export function commonGaps(
  m: Manifest,
  runtime: string,
  o: { clocks: boolean; random: boolean },
): string[] {
  const out: string[] = [];
  const wall = wallClock(m);
  const mono = monotonicClock(m);
  if (o.clocks) {
    if (wall === 'deny' && mono === 'deny')
      out.push(
        `clocks: ${runtime} always gives the guest the real wall and monotonic clocks; the manifest denies both.`,
      );
    else {
      if (wall === 'deny')
        out.push(
          `clocks.wall: ${runtime} always gives the guest the real time; the manifest denies it.`,
        );
      if (mono === 'deny')
        out.push(
          `clocks.monotonic: ${runtime} always gives the guest a monotonic clock; the manifest denies it.`,
        );
    }
    if (wall.startsWith('frozen:'))
      out.push(
        `clocks.wall "${wall}": ${runtime} has no frozen clock; the guest sees the real time.`,
      );
  }
  if (o.random) {
    const r = randomMode(m);
    if (r === 'deny')
      out.push(`random: ${runtime} always gives the guest random bytes; the manifest denies them.`);
    if (r === 'seed')
      out.push(
        `random { "seed": … }: ${runtime} has no seeded random; every run gets different bytes.`,
      );
  }
  return out;
}

export function mockGap(m: Manifest, runtime: string): string[] {
  const n = Object.keys(m.http?.mock ?? {}).length;
  if (n === 0) return [];
  return [
    `http.mock (${n} URL${n > 1 ? 's' : ''}): ${runtime} has no canned responses; those requests would go to the real network (or fail).`,
  ];
}

export function limitGaps(
  m: Manifest,
  runtime: string,
  o: { timeout: boolean; memory: boolean },
): string[] {
  const l = effectiveLimits(m);
  const out: string[] = [];
  if (!o.timeout)
    out.push(`limits.timeoutMs (${l.timeoutMs} ms): ${runtime} has no time limit for the run.`);
  out.push(`limits.maxOutputBytes (${l.maxOutputBytes}): ${runtime} has no limit on output.`);
  if (!o.memory)
    out.push(
      `limits.maxMemoryMiB (${l.maxMemoryMiB} MiB): ${runtime} has no memory limit setting here.`,
    );
  return out;
}

export function stdioGaps(m: Manifest, runtime: string): string[] {
  const out: string[] = [];
  if (m.stdout === false)
    out.push(
      `stdout: false: ${runtime} always connects stdout; writes succeed instead of failing.`,
    );
  if (m.stderr === false)
    out.push(
      `stderr: false: ${runtime} always connects stderr; writes succeed instead of failing.`,
    );
  return out;
}

export function miscGaps(m: Manifest, runtime: string, o: { cwd: boolean }): string[] {
  const out: string[] = [];
  if (o.cwd && m.cwd !== undefined)
    out.push(`cwd "${m.cwd}": ${runtime} has no setting for the initial working directory.`);
  if (m.onDenied === 'trap')
    out.push(
      `onDenied: "trap": ${runtime} returns the error code to the guest; it cannot stop at the first denied call.`,
    );
  return out;
}

interface SeedEntry {
  /** Host path relative to the current directory. */
  host: string;
  content: string | { base64: string };
}

/** Mount directories and seed files (the manifest's, then the sandbox's extra files) as host paths. */
export function seedEntries(
  m: Manifest,
  extra: SeedFiles | undefined,
  gaps: string[],
): { dirs: string[]; files: SeedEntry[] } {
  const dirs: string[] = [];
  const files: SeedEntry[] = [];
  const mounts = m.mounts ?? [];
  for (const mount of mounts) {
    const root = hostDirFor(mount.guest);
    dirs.push(root);
    for (const [rel, content] of Object.entries(mount.files ?? {})) {
      const guest = normalizeGuestPath(`${mount.guest}/${rel}`);
      const mg = normalizeGuestPath(mount.guest);
      if (!isWithin(guest, mg) || guest === mg) continue;
      const host = `${root}/${guest.slice(mg === '/' ? 1 : mg.length + 1)}`;
      if (typeof content === 'string') files.push({ host, content });
      else if ('base64' in content) files.push({ host, content: { base64: content.base64 } });
      else dirs.push(host);
    }
  }
  for (const [guestPath, content] of Object.entries(extra ?? {})) {
    const guest = normalizeGuestPath(guestPath);
    let best: string | null = null;
    for (const mount of mounts) {
      const mg = normalizeGuestPath(mount.guest);
      if (isWithin(guest, mg) && guest !== mg && (best === null || mg.length > best.length))
        best = mg;
    }
    if (best === null) {
      gaps.push(
        `files["${guestPath}"]: it lies outside every mount, so the guest cannot see it; it is left out.`,
      );
      continue;
    }
    const root = hostDirFor(best);
    files.push({ host: `${root}/${guest.slice(best === '/' ? 1 : best.length + 1)}`, content });
  }
  return { dirs, files };
}

function parentOf(path: string): string | null {
  const i = path.lastIndexOf('/');
  return i > 0 ? path.slice(0, i) : null;
}

/** `sh` commands that create the mount directories and seed files. */
export function setupScript(m: Manifest, extra: SeedFiles | undefined, gaps: string[]): string {
  const { dirs, files } = seedEntries(m, extra, gaps);
  if (dirs.length === 0 && files.length === 0) return '';
  const all = new Set<string>();
  for (const d of dirs) all.add(d);
  for (const f of files) {
    const p = parentOf(f.host);
    if (p) all.add(p);
  }
  // Only the deepest directories are needed with mkdir -p.
  const needed = [...all].filter((d) => ![...all].some((o) => o !== d && o.startsWith(`${d}/`)));
  const lines: string[] = [];
  if (needed.length > 0) lines.push(`mkdir -p ${needed.map(shellQuote).join(' ')}`);
  for (const f of files) {
    if (typeof f.content === 'string' && !f.content.includes('\0')) {
      lines.push(`printf '%s' ${shellQuote(f.content)} > ${shellQuote(f.host)}`);
    } else {
      const b64 =
        typeof f.content === 'string'
          ? encodeUtf8Base64(f.content)
          : f.content.base64.replace(/\s+/g, '');
      lines.push(`printf '%s' ${shellQuote(b64)} | base64 -d > ${shellQuote(f.host)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Joins command words: one line when short, otherwise one flag group per line with `\`. */
export function joinCommand(groups: string[][], prefix = '', suffix = ''): string {
  const flat = groups.map((g) => g.join(' '));
  const one = `${prefix}${flat.join(' ')}${suffix}`;
  if (one.length <= 100 || flat.length <= 2) return one;
  const [first, ...rest] = flat;
  return `${prefix}${first} \\\n${rest.map((g) => `  ${g}`).join(' \\\n')}${suffix}`;
}
