/** `onDenied: "trap"`: the first denied call stops the guest instead of returning an error. */
import type { ResolvedManifest } from '../manifest/resolve';
import type { Decision } from './decision';

/**
 * Under `onDenied: "trap"`, a denied decision becomes a trap whose rule names both entries:
 * `onDenied: trap (mounts[0] read-only)`. Soft denials (`error: ''`: an empty environment, no
 * cwd, closed stdin, no preopens) are not failures and stay as they are; so does everything
 * under `onDenied: "error"`.
 */
export function applyOnDenied(resolved: ResolvedManifest, decision: Decision): Decision {
  if (resolved.onDenied !== 'trap' || decision.verdict !== 'denied' || decision.error === '')
    return decision;
  return {
    verdict: 'trapped',
    rule: `onDenied: trap (${decision.rule})`,
    reason: `${decision.reason}; onDenied: "trap" stops the guest at the first denied call`,
  };
}
