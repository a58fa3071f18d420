/**
 * Gates for `wasi:cli/environment`: the guest sees only the manifest's `env` (filtered by
 * src/policy), its `args` and its `cwd`.
 */
import { decideEnvironment } from '../../../policy';
import type { Gates } from '../../intercept/interceptor';
import { ruling, type GateContext } from './context';

export function environmentGates({ resolved }: GateContext): Gates {
  return {
    'wasi:cli/environment': {
      'get-environment': () => {
        const { decision, value } = decideEnvironment(resolved);
        return ruling(decision, { value: { value } });
      },
      'get-arguments': () => ({
        verdict: 'granted',
        rule: resolved.args.length ? 'args' : 'default: no arguments',
      }),
      'initial-cwd': () => ({
        verdict: 'granted',
        rule: resolved.cwd ? 'cwd' : 'default: no cwd',
      }),
    },
  };
}
