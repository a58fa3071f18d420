/** wasi:cli/environment: arguments, environment variables, the initial working directory. */
import type { ResolvedManifest } from '../manifest/resolve';
import { DEFAULT_DENY, denied, granted, type Decision } from './decision';

/**
 * `get-environment`: the manifest's variables, and nothing else. It cannot fail (no error
 * channel): with no variables granted, the decision is a soft denial and the guest sees an
 * empty environment.
 */
export function decideEnvironment(resolved: ResolvedManifest): {
  decision: Decision;
  value: [string, string][];
} {
  const value = resolved.env.map(([k, v]): [string, string] => [k, v]);
  if (value.length === 0)
    return {
      decision: denied(DEFAULT_DENY, '', 'no environment variables are granted'),
      value,
    };
  return { decision: granted('env'), value };
}

/** `get-arguments`: always granted; the list is the manifest's `args` (or empty). */
export function decideArguments(resolved: ResolvedManifest): {
  decision: Decision;
  value: string[];
} {
  const value = [...resolved.args];
  return {
    decision: granted(resolved.explicit.args ? 'args' : 'default: no arguments'),
    value,
  };
}

/** `initial-cwd`: the manifest's `cwd`, or none (a soft denial). */
export function decideInitialCwd(resolved: ResolvedManifest): {
  decision: Decision;
  value: string | undefined;
} {
  if (resolved.cwd === undefined)
    return {
      decision: denied(
        DEFAULT_DENY,
        '',
        'the manifest sets no cwd: the guest has no working directory',
      ),
      value: undefined,
    };
  return { decision: granted('cwd'), value: resolved.cwd };
}
