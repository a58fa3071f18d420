/** Whether a manifest makes runs repeat exactly (deterministic replay). */
import type { ResolvedManifest } from '../manifest/resolve';
import type { CallEvent } from '../runtime/events';
import {
  HTTP_HANDLER,
  MONOTONIC_CLOCK,
  WALL_CLOCK,
  isRandomInterface,
  underlyingRule,
} from './trace-facts';

export interface Determinism {
  deterministic: boolean;
  /** Why runs may differ, one sentence each (empty when deterministic). */
  reasons: string[];
}

/**
 * Deterministic when the wall clock is frozen or denied, the monotonic clock is denied, random
 * is seeded or denied, stdin is text or closed, and no request can reach the real network
 * (mocks only). With the run's `trace`, a capability the guest never used does not count, and a
 * run that ended at the timeout does (where it stops depends on the machine).
 */
export function isDeterministic(
  resolved: ResolvedManifest,
  trace?: readonly CallEvent[],
): Determinism {
  const reasons: string[] = [];
  const used = (test: (e: CallEvent) => boolean) => !trace || trace.some(test);
  if (resolved.clocks.wall.kind === 'real' && used((e) => e.interface === WALL_CLOCK))
    reasons.push(
      'clocks.wall is "real": every run reads a different time (freeze it with "frozen:2024-01-01T00:00:00Z", or deny it).',
    );
  if (resolved.clocks.monotonic === 'real' && used((e) => e.interface === MONOTONIC_CLOCK))
    reasons.push(
      'clocks.monotonic is "real": measured durations differ from run to run (a monotonic clock cannot be frozen; deny it if the program can do without).',
    );
  if (resolved.random.kind === 'real' && used((e) => isRandomInterface(e.interface)))
    reasons.push('random is "real": use { "seed": 42 } to get the same bytes every run.');
  if (resolved.stdin.kind === 'interactive')
    reasons.push('stdin is interactive: what the user types can differ (give stdin as text).');
  if (
    resolved.http.allow.length > 0 &&
    used((e) => e.interface === HTTP_HANDLER && /^http\.allow\[/.test(underlyingRule(e.rule)))
  )
    reasons.push(
      'http.allow lets requests reach the network, whose answers can change: answer them with http.mock instead.',
    );
  if (trace?.some((e) => e.verdict === 'trapped' && underlyingRule(e.rule) === 'limits.timeoutMs'))
    reasons.push(
      'the run was stopped by limits.timeoutMs: how far it got depends on the speed of the machine.',
    );
  return { deterministic: reasons.length === 0, reasons };
}
