import { describe, expect, it } from 'vitest';
import { decideMonotonicClock, decideWallClock } from './clocks';
import { decideArguments, decideEnvironment, decideInitialCwd } from './environment';
import { applyOnDenied } from './on-denied';
import { decideRandom, seededRandom } from './random';
import { ruleToPath } from './rules';
import { decideSocket } from './sockets';
import { decideStderr, decideStdin, decideStdout } from './streams';
import { resolved } from './test-helpers';

describe('clocks', () => {
  it('frozen wall clock: the fixed value, and a real monotonic clock', () => {
    const r = resolved({ clocks: { wall: 'frozen:2024-01-01T00:00:00.25Z', monotonic: 'real' } });
    expect(decideWallClock(r)).toEqual({
      decision: { verdict: 'granted', rule: 'clocks.wall frozen:2024-01-01T00:00:00.25Z' },
      frozen: { seconds: 1704067200n, nanoseconds: 250_000_000 },
    });
    expect(decideMonotonicClock(r, 'subscribe-duration')).toEqual({
      verdict: 'granted',
      rule: 'clocks.monotonic real',
    });
    const offset = resolved({ clocks: { wall: 'frozen:2000-03-01T01:30:00+01:30' } });
    expect(decideWallClock(offset).frozen).toEqual({ seconds: 951868800n, nanoseconds: 0 });
  });

  it('real wall clock', () => {
    expect(decideWallClock(resolved({ clocks: { wall: 'real' } }))).toEqual({
      decision: { verdict: 'granted', rule: 'clocks.wall real' },
    });
  });

  it('denied clocks trap (no error channel), by default or explicitly', () => {
    expect(decideWallClock(resolved({})).decision).toEqual({
      verdict: 'trapped',
      rule: 'default deny',
      reason:
        'the manifest denies the wall clock; wall-clock.now has no error channel, so the guest stops',
    });
    expect(
      decideWallClock(resolved({ clocks: { wall: 'deny' } }), 'resolution').decision,
    ).toMatchObject({
      verdict: 'trapped',
      rule: 'clocks.wall deny',
    });
    for (const fn of ['now', 'resolution', 'subscribe-duration', 'subscribe-instant'] as const) {
      const d = decideMonotonicClock(resolved({ clocks: { wall: 'real' } }), fn);
      expect(d).toMatchObject({ verdict: 'trapped', rule: 'default deny' });
      expect(d.verdict === 'trapped' && d.reason).toContain(
        `monotonic-clock.${fn} has no error channel`,
      );
    }
    expect(decideMonotonicClock(resolved({ clocks: { monotonic: 'deny' } })).rule).toBe(
      'clocks.monotonic deny',
    );
  });
});

describe('random', () => {
  it('real, seeded, trapped', () => {
    expect(decideRandom(resolved({ random: 'real' }), 'get-random-bytes')).toEqual({
      verdict: 'granted',
      rule: 'random real',
    });
    expect(decideRandom(resolved({ random: { seed: 42 } }), 'get-random-u64')).toEqual({
      verdict: 'granted',
      rule: 'random seed 42',
    });
    expect(decideRandom(resolved({}), 'get-random-bytes')).toEqual({
      verdict: 'trapped',
      rule: 'default deny',
      reason:
        'the manifest denies random; get-random-bytes has no error channel, so the guest stops',
    });
    expect(decideRandom(resolved({ random: 'deny' }), 'insecure-seed').rule).toBe('random deny');
  });

  it('seededRandom is SplitMix64: known vectors, deterministic, BigInt-exact', () => {
    // Reference outputs of SplitMix64 seeded with 0 (as in the xoshiro reference seeding).
    const zero = seededRandom(0);
    expect(zero.u64()).toBe(0xe220a8397b1dcdafn);
    expect(zero.u64()).toBe(0x6e789e6aa1b965f4n);
    expect(zero.u64()).toBe(0x06c45d188009454fn);

    // Against a straightforward BigInt implementation, for assorted seeds.
    const M = (1n << 64n) - 1n;
    const reference = (seed: number) => {
      let s = BigInt.asUintN(64, BigInt(seed));
      return () => {
        s = (s + 0x9e3779b97f4a7c15n) & M;
        let z = s;
        z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M;
        z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M;
        return z ^ (z >> 31n);
      };
    };
    for (const seed of [1, 42, -1, 2 ** 53 - 1, -(2 ** 40), 123456789]) {
      const fast = seededRandom(seed);
      const slow = reference(seed);
      for (let i = 0; i < 200; i++) expect(fast.u64(), `seed ${seed} #${i}`).toBe(slow());
    }
  });

  it('bytes: little-endian u64 words, same every time', () => {
    const a = seededRandom(42).bytes(20);
    expect(seededRandom(42).bytes(20)).toEqual(a);
    expect(seededRandom(43).bytes(20)).not.toEqual(a);
    const g = seededRandom(42);
    const words = [g.u64(), g.u64(), g.u64()];
    const expected = new Uint8Array(24);
    words.forEach((w, i) => {
      for (let j = 0; j < 8; j++) expected[i * 8 + j] = Number((w >> BigInt(8 * j)) & 0xffn);
    });
    expect([...a]).toEqual([...expected.subarray(0, 20)]);
    expect(seededRandom(1).bytes(0)).toEqual(new Uint8Array(0));
    expect(() => seededRandom(1).bytes(-1)).toThrow(RangeError);
  });
});

describe('environment, arguments, cwd', () => {
  it('grants the manifest env, or a soft denial with an empty list', () => {
    expect(decideEnvironment(resolved({ env: { HOME: '/data', USER: 'ada' } }))).toEqual({
      decision: { verdict: 'granted', rule: 'env' },
      value: [
        ['HOME', '/data'],
        ['USER', 'ada'],
      ],
    });
    expect(decideEnvironment(resolved({}))).toEqual({
      decision: {
        verdict: 'denied',
        rule: 'default deny',
        error: '',
        reason: 'no environment variables are granted',
      },
      value: [],
    });
  });
  it('arguments are always granted', () => {
    expect(decideArguments(resolved({ args: ['-v'] }))).toEqual({
      decision: { verdict: 'granted', rule: 'args' },
      value: ['-v'],
    });
    expect(decideArguments(resolved({})).decision.rule).toBe('default: no arguments');
  });
  it('cwd or none', () => {
    expect(decideInitialCwd(resolved({ mounts: [{ guest: '/data' }], cwd: '/data/./x/' }))).toEqual(
      {
        decision: { verdict: 'granted', rule: 'cwd' },
        value: '/data/x',
      },
    );
    expect(decideInitialCwd(resolved({}))).toMatchObject({
      decision: { verdict: 'denied', rule: 'default deny', error: '' },
      value: undefined,
    });
  });
});

describe('streams and sockets', () => {
  it('stdout/stderr: open by default, closed when false', () => {
    expect(decideStdout(resolved({}))).toEqual({
      verdict: 'granted',
      rule: 'default: stdout open',
    });
    expect(decideStdout(resolved({ stdout: false }))).toMatchObject({
      verdict: 'denied',
      rule: 'stdout: false',
      error: 'closed',
    });
    expect(decideStderr(resolved({ stderr: false }))).toMatchObject({
      verdict: 'denied',
      rule: 'stderr: false',
      error: 'closed',
    });
    expect(decideStderr(resolved({ stderr: true }))).toEqual({
      verdict: 'granted',
      rule: 'stderr: true',
    });
  });
  it('stdin: closed, text, interactive', () => {
    expect(decideStdin(resolved({})).value).toEqual({ kind: 'closed' });
    expect(decideStdin(resolved({})).decision).toMatchObject({ verdict: 'denied', error: '' });
    expect(decideStdin(resolved({ stdin: 'hi\n' }))).toEqual({
      decision: { verdict: 'granted', rule: 'stdin text' },
      value: { kind: 'text', text: 'hi\n' },
    });
    expect(decideStdin(resolved({ stdin: { interactive: true } })).value).toEqual({
      kind: 'interactive',
    });
  });
  it('every socket call is denied', () => {
    expect(decideSocket(resolved({}), 'create-tcp-socket')).toEqual({
      verdict: 'denied',
      rule: 'sockets: deny',
      error: 'access-denied',
      reason: 'a browser has no raw sockets; Airlock denies every socket call',
    });
  });
});

describe('onDenied', () => {
  const readOnly = {
    verdict: 'denied',
    rule: 'mounts[0] read-only',
    error: 'read-only',
    reason: 'mounts[0] /data is read-only',
  } as const;
  it('"trap" turns a denial into a trap naming both rules', () => {
    expect(applyOnDenied(resolved({ onDenied: 'trap' }), readOnly)).toEqual({
      verdict: 'trapped',
      rule: 'onDenied: trap (mounts[0] read-only)',
      reason:
        'mounts[0] /data is read-only; onDenied: "trap" stops the guest at the first denied call',
    });
  });
  it('leaves grants, traps, soft denials and "error" alone', () => {
    const trap = resolved({ onDenied: 'trap' });
    expect(applyOnDenied(trap, { verdict: 'granted', rule: 'env' })).toEqual({
      verdict: 'granted',
      rule: 'env',
    });
    const soft = decideEnvironment(trap).decision;
    expect(applyOnDenied(trap, soft)).toBe(soft);
    expect(applyOnDenied(resolved({}), readOnly)).toBe(readOnly);
    expect(applyOnDenied(trap, decideSocket()).verdict).toBe('trapped');
  });
});

describe('ruleToPath', () => {
  it('maps rules back to manifest entries', () => {
    expect(ruleToPath('mounts[1] read-write')).toEqual(['mounts', 1]);
    expect(ruleToPath('http.allow[0] https://*.example.org')).toEqual(['http', 'allow', 0]);
    expect(ruleToPath('http.mock["https://api.example.com/x"]')).toEqual([
      'http',
      'mock',
      'https://api.example.com/x',
    ]);
    expect(ruleToPath('clocks.wall frozen:2024-01-01T00:00:00Z')).toEqual(['clocks', 'wall']);
    expect(ruleToPath('random seed 42')).toEqual(['random']);
    expect(ruleToPath('onDenied: trap (mounts[0] read-only)')).toEqual(['onDenied']);
    expect(ruleToPath('stdout: false')).toEqual(['stdout']);
    expect(ruleToPath('default deny')).toBeUndefined();
    expect(ruleToPath('default: no arguments')).toBeUndefined();
  });
});
