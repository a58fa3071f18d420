import { describe, expect, it } from 'vitest';
import { decide, gateSetup } from './testing';

const WALL = 'wasi:clocks/wall-clock';
const MONO = 'wasi:clocks/monotonic-clock';
const RANDOM = 'wasi:random/random';

describe('clocks', () => {
  it('stops the guest at either clock by default (they have no error channel)', async () => {
    const { gates } = await gateSetup({});
    expect(decide(gates, WALL, 'now')).toEqual({
      verdict: 'trapped',
      rule: 'default deny',
      reason:
        'the manifest denies the wall clock; wall-clock.now has no error channel, so the guest stops',
    });
    expect(decide(gates, MONO, 'now')).toMatchObject({ verdict: 'trapped', rule: 'default deny' });
  });

  it('names the manifest line when a clock is denied explicitly', async () => {
    const { gates } = await gateSetup({ clocks: { wall: 'deny', monotonic: 'deny' } });
    expect(decide(gates, WALL, 'now').rule).toBe('clocks.wall deny');
    expect(decide(gates, MONO, 'now').rule).toBe('clocks.monotonic deny');
  });

  it('answers `now` from a frozen wall clock with the manifest time, and `resolution` from the host', async () => {
    const { gates } = await gateSetup({ clocks: { wall: 'frozen:2024-01-02T03:04:05Z' } });
    expect(decide(gates, WALL, 'now')).toEqual({
      verdict: 'granted',
      rule: 'clocks.wall frozen:2024-01-02T03:04:05Z',
      value: { value: { seconds: BigInt(Date.UTC(2024, 0, 2, 3, 4, 5) / 1000), nanoseconds: 0 } },
    });
    expect(decide(gates, WALL, 'resolution')).toEqual({
      verdict: 'granted',
      rule: 'clocks.wall frozen:2024-01-02T03:04:05Z',
    });
  });

  it('grants a real monotonic clock without replacing its answer', async () => {
    const { gates } = await gateSetup({ clocks: { monotonic: 'real' } });
    const ruling = decide(gates, MONO, 'now');
    expect(ruling.verdict).toBe('granted');
    expect(ruling).not.toHaveProperty('value');
  });
});

describe('random', () => {
  it('refuses random by default', async () => {
    const { gates } = await gateSetup({});
    expect(decide(gates, RANDOM, 'get-random-u64').verdict).not.toBe('granted');
  });

  it('answers a seeded run with the same values every time, from one stream for all functions', async () => {
    const values = async () => {
      const { gates } = await gateSetup({ random: { seed: 7 } });
      return [
        decide(gates, RANDOM, 'get-random-bytes', undefined, 4n),
        decide(gates, 'wasi:random/insecure', 'get-insecure-random-u64'),
        decide(gates, 'wasi:random/insecure-seed', 'insecure-seed'),
      ];
    };
    const [a, b] = [await values(), await values()];
    expect(a).toEqual(b);
    const [bytes, u64, seed] = a as [any, any, any]; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(bytes.value.value).toBeInstanceOf(Uint8Array);
    expect(bytes.value.value).toHaveLength(4);
    expect(typeof u64.value.value).toBe('bigint');
    expect(seed.value.value).toHaveLength(2);
    expect(bytes.rule).toBe(u64.rule);
  });

  it('lets real random through to the host (no replaced value)', async () => {
    const { gates } = await gateSetup({ random: 'real' });
    const ruling = decide(gates, RANDOM, 'get-random-u64');
    expect(ruling.verdict).toBe('granted');
    expect(ruling).not.toHaveProperty('value');
  });
});
