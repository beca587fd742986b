/** A small seeded PRNG (mulberry32): same seed, same sequence, on every machine and backend. */

/** A deterministic random source; not for cryptography. */
export interface Rng {
  /** Uniform in [0, 1), 32 bits of resolution. */
  nextFloat(): number;
  /** Uniform integer in [0, n); n must be a positive integer. */
  nextInt(n: number): number;
  /** Fisher-Yates shuffle of `values` in place; returns the same array. */
  shuffle(values: Int32Array): Int32Array;
}

/** Largest seed a link can carry; seeds are unsigned 32-bit integers. */
export const MAX_SEED = 0xffffffff;

/** Maps any number to an unsigned 32-bit seed (fractions truncated, NaN -> 0). */
export function toSeed(value: number): number {
  return Number.isFinite(value) ? Math.trunc(value) >>> 0 : 0;
}

/** Creates a mulberry32 generator from a 32-bit seed. */
export function createRng(seed: number): Rng {
  let state = toSeed(seed);
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const nextFloat = (): number => nextUint32() / 4294967296;
  const nextInt = (n: number): number => {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`nextInt needs a positive integer bound, got ${n}`);
    return Math.floor(nextFloat() * n);
  };
  const shuffle = (values: Int32Array): Int32Array => {
    for (let i = values.length - 1; i > 0; i--) {
      const j = nextInt(i + 1);
      const tmp = values[i];
      values[i] = values[j];
      values[j] = tmp;
    }
    return values;
  };
  return { nextFloat, nextInt, shuffle };
}

/**
 * An independent seed for purpose `k` (layer k's initializer, the epoch shuffles, ...): a
 * murmur3-style mix, so neighbouring seeds and neighbouring k give unrelated streams.
 */
export function deriveSeed(seed: number, k: number): number {
  let h = (toSeed(seed) ^ Math.imul(toSeed(k) + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** 0, 1, ..., n-1 as an Int32Array (the identity permutation). */
export function range(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
