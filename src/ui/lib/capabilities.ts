/**
 * "What it asks for against what the manifest grants", computed before anything runs: the
 * component's imports (WASI interfaces, versionless) are grouped into capabilities, and each
 * capability is matched with the manifest field that grants it. Pure.
 */
import type { Manifest } from '../../manifest/schema';

export type CapabilityStatus =
  /** Imported and granted by the manifest. */
  | 'granted'
  /** Imported, but the manifest does not grant it: calls will be denied (or trap). */
  | 'asked-not-granted'
  /** Granted by the manifest, but the component never imports it. */
  | 'granted-not-asked'
  /** Plumbing every component may use (streams, exit, polling): not a capability. */
  | 'always'
  /** An import that Airlock does not provide: the component will not instantiate. */
  | 'unknown';

export interface CapabilityRow {
  /** Stable key, e.g. `filesystem`. */
  id: string;
  /** What a person calls it, e.g. "Files". */
  label: string;
  /** The imports that ask for it (empty when never asked). */
  imports: string[];
  /** What the manifest grants, in words ("/data read-only"), or null when nothing. */
  grant: string | null;
  /** The manifest field that decides (`mounts`, `clocks.wall`, ...). */
  field: string | null;
  status: CapabilityStatus;
}

interface CapabilityDef {
  id: string;
  label: string;
  field: string | null;
  matches: (iface: string) => boolean;
  grant: (m: Manifest) => string | null;
}

const iface =
  (...names: string[]) =>
  (name: string) =>
    names.includes(name);

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

const DEFS: CapabilityDef[] = [
  {
    id: 'environment',
    label: 'Arguments, environment, cwd',
    field: 'args / env / cwd',
    matches: iface('wasi:cli/environment'),
    grant: (m) => {
      const parts: string[] = [];
      if (m.args?.length) parts.push(plural(m.args.length, 'argument'));
      const env = Object.keys(m.env ?? {});
      if (env.length)
        parts.push(env.length <= 3 ? `env ${env.join(', ')}` : plural(env.length, 'variable'));
      if (m.cwd) parts.push(`cwd ${m.cwd}`);
      return parts.length ? parts.join('; ') : null;
    },
  },
  {
    id: 'stdin',
    label: 'stdin',
    field: 'stdin',
    matches: iface('wasi:cli/stdin'),
    grant: (m) =>
      typeof m.stdin === 'string'
        ? `text (${plural(new TextEncoder().encode(m.stdin).length, 'byte')})`
        : m.stdin && typeof m.stdin === 'object'
          ? 'interactive terminal'
          : null,
  },
  {
    id: 'stdout',
    label: 'stdout',
    field: 'stdout',
    matches: iface('wasi:cli/stdout'),
    grant: (m) => (m.stdout === false ? null : 'granted (default)'),
  },
  {
    id: 'stderr',
    label: 'stderr',
    field: 'stderr',
    matches: iface('wasi:cli/stderr'),
    grant: (m) => (m.stderr === false ? null : 'granted (default)'),
  },
  {
    id: 'filesystem',
    label: 'Files',
    field: 'mounts',
    matches: (n) => n.startsWith('wasi:filesystem/'),
    grant: (m) =>
      m.mounts?.length
        ? m.mounts.map((mt) => `${mt.guest} ${mt.access ?? 'read-only'}`).join(', ')
        : null,
  },
  {
    id: 'wall-clock',
    label: 'Wall clock',
    field: 'clocks.wall',
    matches: iface('wasi:clocks/wall-clock'),
    grant: (m) => {
      const w = m.clocks?.wall;
      if (w === 'real') return 'real time';
      if (typeof w === 'string' && w.startsWith('frozen:')) return `frozen at ${w.slice(7)}`;
      return null;
    },
  },
  {
    id: 'monotonic-clock',
    label: 'Monotonic clock, timers',
    field: 'clocks.monotonic',
    matches: iface('wasi:clocks/monotonic-clock'),
    grant: (m) => (m.clocks?.monotonic === 'real' ? 'real' : null),
  },
  {
    id: 'random',
    label: 'Randomness',
    field: 'random',
    matches: (n) => n.startsWith('wasi:random/'),
    grant: (m) =>
      m.random === 'real'
        ? 'real (crypto)'
        : m.random && typeof m.random === 'object'
          ? `seeded (${m.random.seed})`
          : null,
  },
  {
    id: 'http',
    label: 'Outbound HTTP',
    field: 'http',
    matches: (n) => n.startsWith('wasi:http/'),
    grant: (m) => {
      const allow = m.http?.allow ?? [];
      const mocks = Object.keys(m.http?.mock ?? {});
      const parts: string[] = [];
      if (allow.length)
        parts.push(allow.length <= 2 ? allow.join(', ') : plural(allow.length, 'origin'));
      if (mocks.length) parts.push(plural(mocks.length, 'mocked URL'));
      return parts.length ? parts.join('; ') : null;
    },
  },
  {
    id: 'sockets',
    label: 'Sockets (TCP, UDP, DNS)',
    field: 'sockets',
    matches: (n) => n.startsWith('wasi:sockets/'),
    // A browser has no raw sockets: never granted.
    grant: () => null,
  },
];

const ALWAYS: { label: string; matches: (n: string) => boolean }[] = [
  { label: 'Streams and polling', matches: (n) => n.startsWith('wasi:io/') },
  { label: 'Exit', matches: iface('wasi:cli/exit') },
  { label: 'Terminal detection', matches: (n) => n.startsWith('wasi:cli/terminal-') },
];

/** Orders rows: problems first (asked but not granted), then granted, then unused grants. */
const ORDER: Record<CapabilityStatus, number> = {
  unknown: 0,
  'asked-not-granted': 1,
  granted: 2,
  'granted-not-asked': 3,
  always: 4,
};

/**
 * Matches a component's imports with a manifest. `manifest` may be null when the manifest does
 * not parse: every row then reads as not granted.
 */
export function askedVsGranted(
  imports: readonly string[],
  manifest: Manifest | null,
): CapabilityRow[] {
  const m: Manifest = manifest ?? {};
  const rows: CapabilityRow[] = [];
  const claimed = new Set<string>();
  for (const def of DEFS) {
    const asked = imports.filter((n) => def.matches(n));
    asked.forEach((n) => claimed.add(n));
    const grant = manifest ? def.grant(m) : null;
    let status: CapabilityStatus;
    if (asked.length && grant) status = 'granted';
    else if (asked.length) status = 'asked-not-granted';
    else if (grant && def.id !== 'stdout' && def.id !== 'stderr') status = 'granted-not-asked';
    else continue;
    rows.push({ id: def.id, label: def.label, imports: asked, grant, field: def.field, status });
  }
  for (const a of ALWAYS) {
    const asked = imports.filter((n) => !claimed.has(n) && a.matches(n));
    asked.forEach((n) => claimed.add(n));
    if (asked.length) {
      rows.push({
        id: a.label.toLowerCase().replace(/\W+/g, '-'),
        label: a.label,
        imports: asked,
        grant: 'always available',
        field: null,
        status: 'always',
      });
    }
  }
  for (const name of imports) {
    if (claimed.has(name)) continue;
    rows.push({
      id: `unknown:${name}`,
      label: name,
      imports: [name],
      grant: null,
      field: null,
      status: 'unknown',
    });
  }
  return rows.sort((a, b) => ORDER[a.status] - ORDER[b.status]);
}

export const STATUS_TEXT: Record<CapabilityStatus, string> = {
  granted: 'asked, granted',
  'asked-not-granted': 'asked, not granted',
  'granted-not-asked': 'granted, never asked',
  always: 'always available',
  unknown: 'not provided by Airlock',
};
