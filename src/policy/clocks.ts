/**
 * wasi:clocks. Clock functions have no error channel, so a denied clock traps the guest.
 * A frozen wall clock does not freeze the monotonic clock: timers and sleep still run.
 */
import type { ResolvedManifest } from '../manifest/resolve';
import { DEFAULT_DENY, granted, trapped, type Decision } from './decision';

export type WallClockFn = 'now' | 'resolution';
export type MonotonicClockFn = 'now' | 'resolution' | 'subscribe-duration' | 'subscribe-instant';

/** A WASI `datetime`. */
export interface Datetime {
  seconds: bigint;
  nanoseconds: number;
}

/**
 * `wall-clock.now` / `.resolution`: real time, the frozen instant (`frozen` carries it; give it
 * as the result of `now`), or a trap.
 */
export function decideWallClock(
  resolved: ResolvedManifest,
  fn: WallClockFn = 'now',
): { decision: Decision; frozen?: Datetime } {
  const wall = resolved.clocks.wall;
  if (wall.kind === 'real') return { decision: granted('clocks.wall real') };
  if (wall.kind === 'frozen')
    return {
      decision: granted(`clocks.wall frozen:${wall.text}`),
      frozen: { seconds: wall.seconds, nanoseconds: wall.nanoseconds },
    };
  return {
    decision: trapped(
      resolved.explicit.wall ? 'clocks.wall deny' : DEFAULT_DENY,
      `the manifest denies the wall clock; wall-clock.${fn} has no error channel, so the guest stops`,
    ),
  };
}

/** `monotonic-clock.now`, `.resolution`, `.subscribe-duration`, `.subscribe-instant`. */
export function decideMonotonicClock(
  resolved: ResolvedManifest,
  fn: MonotonicClockFn = 'now',
): Decision {
  if (resolved.clocks.monotonic === 'real') return granted('clocks.monotonic real');
  return trapped(
    resolved.explicit.monotonic ? 'clocks.monotonic deny' : DEFAULT_DENY,
    `the manifest denies the monotonic clock; monotonic-clock.${fn} has no error channel, so the guest stops`,
  );
}
