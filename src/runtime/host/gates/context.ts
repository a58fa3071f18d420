/**
 * What every gate module shares: the run's context (manifest, volume, labels, meters), the
 * step from a policy decision to a ruling, and the reading of a descriptor's guest path.
 */
import type { ResolvedManifest } from '../../../manifest/resolve';
import type { Decision } from '../../../policy';
import type { CallSite, Ruling } from '../../intercept/interceptor';
import type { Volume } from '../../vfs/volume';
import { descriptorState } from '../filesystem';
import type { CallFacts } from '../../events';
import type { OutputMeter } from '../stdio';
import type { Timers } from '../timers';

export interface GateContext {
  resolved: ResolvedManifest;
  /** The one tree of every mount: the policy looks at exactly the node the call will touch. */
  volume: Volume;
  /** Guest paths of descriptors and streams, and `stdout`/`stderr`/`stdin`. */
  labels: WeakMap<object, string>;
  meter: OutputMeter;
  timers: Timers;
  jspi: boolean;
}

export interface RulingExtra {
  value?: { value: unknown };
  after?: (r: unknown) => void | { reason: string };
  transform?: (r: unknown) => unknown;
  facts?: CallFacts;
}

/**
 * A policy decision as a ruling. A grant carries everything in `extra`; a denial only its
 * replacement value and facts (nothing runs after a denied call); a trap only its facts.
 */
export function ruling(decision: Decision, extra?: RulingExtra): Ruling {
  // Built field by field (no spreads): every call of the run makes one.
  if (decision.verdict === 'granted') {
    const out: Ruling = { verdict: 'granted', rule: decision.rule };
    if (extra) {
      if (extra.value !== undefined) out.value = extra.value;
      if (extra.after !== undefined) out.after = extra.after;
      if (extra.transform !== undefined) out.transform = extra.transform;
      if (extra.facts !== undefined) out.facts = extra.facts;
    }
    return out;
  }
  if (decision.verdict === 'denied') {
    const out: Ruling = {
      verdict: 'denied',
      rule: decision.rule,
      error: decision.error,
      reason: decision.reason,
    };
    if (extra?.value) out.value = extra.value;
    if (extra?.facts) out.facts = extra.facts;
    return out;
  }
  const out: Ruling = { verdict: 'trapped', rule: decision.rule, reason: decision.reason };
  if (extra?.facts) out.facts = extra.facts;
  return out;
}

/** The bytes a write call carries: its buffer's length, or a count (`write-zeroes`, `splice`). */
export function byteLengthOf(site: CallSite): number {
  const [first] = site.args;
  if (first instanceof Uint8Array) return first.byteLength;
  if (typeof first === 'bigint') return Number(first);
  return 0;
}

/**
 * Guest text kept in an event for the rest of the run: at most PATH_MAX characters, copied so
 * that it does not hold on to the guest's whole string (a slice of a 60 KB string keeps all of
 * it alive).
 */
export function keptText(text: string): string {
  return text.length > 4096 ? Array.from(text.slice(0, 4096)).join('') : text;
}

/** A descriptor's or stream's guest path: a directory's current one, a file's as it was opened. */
export function pathOf(ctx: GateContext, self: object | undefined): string | undefined {
  if (!self) return undefined;
  const state = descriptorState(self);
  if (state?.node.kind === 'dir') return ctx.volume.pathOf(state.node) ?? ctx.labels.get(self);
  return ctx.labels.get(self);
}

/**
 * Files live in memory, so they count toward limits.maxMemoryMiB: a write whose bytes would
 * pass the limit stops the guest here. (The filesystem itself charges every byte it holds,
 * names and symlink targets included, and refuses the rest with `insufficient-space`.)
 */
export function fileBytesPassLimit(ctx: GateContext, incoming: number): Ruling | undefined {
  const budget = ctx.volume.budget;
  if (budget.used + incoming <= budget.limit) return undefined;
  return {
    verdict: 'trapped',
    rule: 'limits.maxMemoryMiB',
    reason: `the guest's files (kept in memory) passed limits.maxMemoryMiB = ${ctx.resolved.limits.maxMemoryMiB}`,
  };
}
