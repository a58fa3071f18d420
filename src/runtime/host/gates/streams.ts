/**
 * The gate for `wasi:io/streams`: stdout and stderr as the manifest says (closed, or metered
 * against limits.maxOutputBytes), stdin as configured, and file streams under their mount's rule
 * (their writes count toward limits.maxMemoryMiB).
 */
import { findMount } from '../../../policy';
import type { Gate, Gates } from '../../intercept/interceptor';
import { OUTPUT_STREAM_WRITES } from '../../wasi-names';
import { byteLengthOf, fileBytesPassLimit, pathOf, type GateContext } from './context';

export function streamGates(ctx: GateContext): Gates {
  const { resolved } = ctx;

  /** File streams write often: their rule is looked up once per stream. */
  const streamRules = new WeakMap<object, string>();
  const ruleOfStream = (stream: object, label: string): string => {
    let rule = streamRules.get(stream);
    if (rule === undefined) {
      const mount = findMount(resolved, label);
      rule = mount ? `mounts[${mount.index}] ${mount.access}` : 'stream';
      streamRules.set(stream, rule);
    }
    return rule;
  };

  const stdinRule =
    resolved.stdin.kind === 'closed'
      ? 'default: stdin closed'
      : resolved.stdin.kind === 'text'
        ? 'stdin text'
        : 'stdin interactive';

  const streamGate: Gate = (site) => {
    const label = pathOf(ctx, site.self);
    if (label === 'stdout' || label === 'stderr') {
      const allowed = label === 'stdout' ? resolved.stdout : resolved.stderr;
      if (OUTPUT_STREAM_WRITES.has(site.fn)) {
        if (!allowed) {
          return {
            verdict: 'denied',
            rule: `${label}: false`,
            error: 'closed',
            reason: `the manifest closes ${label}`,
          };
        }
        const n = byteLengthOf(site);
        if (ctx.meter.total + n > ctx.meter.limit) {
          return {
            verdict: 'trapped',
            rule: 'limits.maxOutputBytes',
            reason: `output passed limits.maxOutputBytes = ${ctx.meter.limit} bytes`,
          };
        }
      }
      return { verdict: 'granted', rule: allowed ? label : `${label}: false` };
    }
    if (label === 'stdin') return { verdict: 'granted', rule: stdinRule };
    if (label && OUTPUT_STREAM_WRITES.has(site.fn)) {
      const full = fileBytesPassLimit(ctx, byteLengthOf(site));
      if (full) return full;
      return {
        verdict: 'granted',
        rule: ruleOfStream(site.self!, label),
        facts: { path: label, mutates: true },
      };
    }
    if (label) return { verdict: 'granted', rule: ruleOfStream(site.self!, label) };
    return { verdict: 'granted', rule: 'stream' };
  };

  return { 'wasi:io/streams': { '*': streamGate } };
}
