/**
 * Gates for `wasi:clocks/*` and `wasi:random/*`: real, frozen (wall clock), seeded (random) or
 * denied as the manifest says. These functions have no error channel, so a denial traps.
 */
import { decideMonotonicClock, decideRandom, decideWallClock, seededRandom } from '../../../policy';
import type { Gate, Gates } from '../../intercept/interceptor';
import { ruling, type GateContext } from './context';

export function clockGates({ resolved }: GateContext): Gates {
  const wallClock: Gate = (site) => {
    const decision = decideWallClock(resolved);
    if (decision.decision.verdict === 'granted' && decision.frozen && site.fn === 'now') {
      return ruling(decision.decision, { value: { value: decision.frozen } });
    }
    return ruling(decision.decision);
  };
  const monotonicClock: Gate = () => ruling(decideMonotonicClock(resolved));
  return {
    'wasi:clocks/wall-clock': { '*': wallClock },
    'wasi:clocks/monotonic-clock': { '*': monotonicClock },
  };
}

export function randomGates({ resolved }: GateContext): Gates {
  const seeded = resolved.random.kind === 'seed' ? seededRandom(resolved.random.seed) : undefined;
  const randomGate: Gate = (site) => {
    const decision = decideRandom(resolved, site.fn);
    if (decision.verdict !== 'granted' || !seeded) return ruling(decision);
    switch (site.fn) {
      case 'get-random-bytes':
      case 'get-insecure-random-bytes':
        return ruling(decision, { value: { value: seeded.bytes(Number(site.args[0])) } });
      case 'get-random-u64':
      case 'get-insecure-random-u64':
        return ruling(decision, { value: { value: seeded.u64() } });
      case 'insecure-seed':
        return ruling(decision, { value: { value: [seeded.u64(), seeded.u64()] } });
      default:
        return ruling(decision);
    }
  };
  return {
    'wasi:random/random': { '*': randomGate },
    'wasi:random/insecure': { '*': randomGate },
    'wasi:random/insecure-seed': { '*': randomGate },
  };
}
