/** A resolved manifest in a few short human lines, for the UI's summary of what a run may do. */
import { DEFAULT_LIMITS } from './schema';
import type { ResolvedManifest } from './resolve';
import { originText } from './http-origin';

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function listShort(items: readonly string[], max = 6): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/**
 * Lines such as "reads /data", "reads and writes /out", "env: HOME, USER",
 * "clock frozen at 2024-01-01T00:00:00Z". Denied capabilities are not listed (deny is the
 * default); a manifest that grants nothing says so.
 */
export function describeManifest(resolved: ResolvedManifest): string[] {
  const lines: string[] = [];
  if (resolved.args.length > 0) lines.push(`args: ${resolved.args.map(quoteArg).join(' ')}`);
  if (resolved.env.length > 0) lines.push(`env: ${listShort(resolved.env.map(([name]) => name))}`);
  for (const mount of resolved.mounts) {
    const verb = mount.access === 'read-write' ? 'reads and writes' : 'reads';
    const seeds = mount.seeds.filter((s) => s.kind === 'file').length;
    lines.push(`${verb} ${mount.guest}${seeds > 0 ? ` (${plural(seeds, 'seed file')})` : ''}`);
  }
  if (resolved.cwd !== undefined) lines.push(`starts in ${resolved.cwd}`);
  if (resolved.stdin.kind === 'text')
    lines.push(`stdin: ${plural(resolved.stdin.text.length, 'character')} of text`);
  if (resolved.stdin.kind === 'interactive') lines.push('stdin: interactive terminal');
  if (!resolved.stdout) lines.push('no stdout');
  if (!resolved.stderr) lines.push('no stderr');
  const wall = resolved.clocks.wall;
  if (wall.kind === 'real') lines.push('wall clock: real time');
  if (wall.kind === 'frozen') lines.push(`clock frozen at ${wall.text}`);
  if (resolved.clocks.monotonic === 'real') lines.push('monotonic clock (timers, sleep)');
  if (resolved.random.kind === 'real') lines.push('random: real');
  if (resolved.random.kind === 'seed') lines.push(`random: seeded with ${resolved.random.seed}`);
  if (resolved.http.allow.length > 0)
    lines.push(
      `HTTP to ${listShort(
        resolved.http.allow.map((p) =>
          originText(p.scheme, (p.wildcard ? '*.' : '') + p.host, p.port),
        ),
      )}`,
    );
  const mocks = Object.values(resolved.http.mocks);
  if (mocks.length > 0)
    lines.push(
      `HTTP mocked: ${listShort(
        mocks.map((m) => `${m.key} (${m.status})`),
        3,
      )}`,
    );
  const limits = resolved.limits;
  if (limits.timeoutMs !== DEFAULT_LIMITS.timeoutMs)
    lines.push(`timeout ${limits.timeoutMs / 1000} s`);
  if (limits.maxOutputBytes !== DEFAULT_LIMITS.maxOutputBytes)
    lines.push(`output limit ${limits.maxOutputBytes.toLocaleString('en-US')} bytes`);
  if (limits.maxMemoryMiB !== DEFAULT_LIMITS.maxMemoryMiB)
    lines.push(`memory limit ${limits.maxMemoryMiB} MiB`);
  if (resolved.onDenied === 'trap') lines.push('stops at the first denied call');
  const grantsSomething =
    resolved.args.length > 0 ||
    resolved.env.length > 0 ||
    resolved.mounts.length > 0 ||
    resolved.stdin.kind !== 'closed' ||
    wall.kind !== 'deny' ||
    resolved.clocks.monotonic === 'real' ||
    resolved.random.kind !== 'deny' ||
    resolved.http.allow.length > 0 ||
    mocks.length > 0;
  if (!grantsSomething) {
    const out = [resolved.stdout && 'stdout', resolved.stderr && 'stderr'].filter(Boolean);
    lines.unshift(out.length > 0 ? `nothing but ${out.join(' and ')}` : 'nothing at all');
  }
  return lines;
}
