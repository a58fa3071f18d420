/**
 * What the policy answers for one WASI call. `rule` names the manifest entry that decided
 * (`mounts[0] read-only`, `http.allow[1] https://*.example.org`) or `default deny`.
 *
 * `denied` with `error: ''` is a soft denial: the function has no error channel and cannot fail,
 * so the guest simply sees nothing (an empty environment, no cwd, closed stdin, no preopens).
 * `applyOnDenied` never turns a soft denial into a trap.
 */
export type Decision =
  | { verdict: 'granted'; rule: string }
  | { verdict: 'denied'; rule: string; error: string; reason: string } // error = WASI error payload tag, e.g. 'access', 'not-permitted', 'read-only', 'no-entry', 'access-denied', 'HTTP-request-denied'
  | { verdict: 'trapped'; rule: string; reason: string };

export const DEFAULT_DENY = 'default deny';

export function granted(rule: string): Decision {
  return { verdict: 'granted', rule };
}

export function denied(rule: string, error: string, reason: string): Decision {
  return { verdict: 'denied', rule, error, reason };
}

export function trapped(rule: string, reason: string): Decision {
  return { verdict: 'trapped', rule, reason };
}
