/**
 * wasi:random. Random functions have no error channel, so denied randomness traps the guest.
 * `{ "seed": n }` makes every run identical: `seededRandom(n)` is the generator to answer with.
 */
import type { ResolvedManifest } from '../manifest/resolve';
import { DEFAULT_DENY, granted, trapped, type Decision } from './decision';

export type RandomFn =
  | 'get-random-bytes'
  | 'get-random-u64'
  | 'get-insecure-random-bytes'
  | 'get-insecure-random-u64'
  | 'insecure-seed';

/** Real / seeded / trapped, for any function of wasi:random/{random,insecure,insecure-seed}. */
export function decideRandom(resolved: ResolvedManifest, fn: RandomFn | (string & {})): Decision {
  const random = resolved.random;
  if (random.kind === 'real') return granted('random real');
  if (random.kind === 'seed') return granted(`random seed ${random.seed}`);
  return trapped(
    resolved.explicit.random ? 'random deny' : DEFAULT_DENY,
    `the manifest denies random; ${fn} has no error channel, so the guest stops`,
  );
}

export interface SeededRandom {
  /** The next 64-bit value. */
  u64(): bigint;
  /**
   * `n` bytes: each group of 8 is the next u64 in little-endian order (a last partial group
   * uses the low bytes of one more u64).
   */
  bytes(n: number): Uint8Array;
}

/** Low 64 bits of (aHi:aLo) × (bHi:bLo), on 32-bit halves (no BigInt in the hot loop). */
function mul64(aHi: number, aLo: number, bHi: number, bLo: number): [number, number] {
  const a0 = aLo & 0xffff;
  const a1 = aLo >>> 16;
  const b0 = bLo & 0xffff;
  const b1 = bLo >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  const lo = (((mid & 0xffff) << 16) | (p00 & 0xffff)) >>> 0;
  let hi = p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16);
  hi = (hi + Math.imul(aHi, bLo) + Math.imul(aLo, bHi)) >>> 0;
  return [hi, lo];
}

/**
 * SplitMix64 (Steele, Lea, Flood 2014; the seeder of xoshiro): a small, fast, deterministic
 * generator with the same output in every JavaScript engine. The seed is taken modulo 2^64
 * (negative seeds wrap). Not cryptographic: that is the point of a seed.
 */
export function seededRandom(seed: number): SeededRandom {
  const s = BigInt.asUintN(64, BigInt(Math.trunc(Number.isFinite(seed) ? seed : 0)));
  let hi = Number(s >> 32n);
  let lo = Number(s & 0xffffffffn);
  let outHi = 0;
  let outLo = 0;
  const next = (): void => {
    // state += 0x9E3779B97F4A7C15
    const sumLo = lo + 0x7f4a7c15;
    lo = sumLo >>> 0;
    hi = (hi + 0x9e3779b9 + (sumLo > 0xffffffff ? 1 : 0)) >>> 0;
    let zHi = hi;
    let zLo = lo;
    // z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9
    [zHi, zLo] = mul64(
      zHi ^ (zHi >>> 30),
      (zLo ^ ((zLo >>> 30) | (zHi << 2))) >>> 0,
      0xbf58476d,
      0x1ce4e5b9,
    );
    // z = (z ^ (z >>> 27)) * 0x94D049BB133111EB
    [zHi, zLo] = mul64(
      zHi ^ (zHi >>> 27),
      (zLo ^ ((zLo >>> 27) | (zHi << 5))) >>> 0,
      0x94d049bb,
      0x133111eb,
    );
    // z ^ (z >>> 31)
    outLo = (zLo ^ ((zLo >>> 31) | (zHi << 1))) >>> 0;
    outHi = (zHi ^ (zHi >>> 31)) >>> 0;
  };
  return {
    u64() {
      next();
      return (BigInt(outHi) << 32n) | BigInt(outLo);
    },
    bytes(n: number) {
      if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`cannot make ${n} random bytes`);
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i += 8) {
        next();
        for (let j = 0; j < 8 && i + j < n; j++) {
          out[i + j] = j < 4 ? (outLo >>> (8 * j)) & 0xff : (outHi >>> (8 * (j - 4))) & 0xff;
        }
      }
      return out;
    },
  };
}
