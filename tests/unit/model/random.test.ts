import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, range, toSeed } from '../../../src/lib/random';

describe('createRng', () => {
  it('matches the reference mulberry32 sequence', () => {
    // Values from an independent implementation of mulberry32.
    const rng = createRng(1);
    expect([rng.nextFloat(), rng.nextFloat(), rng.nextFloat()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
    const other = createRng(42);
    expect(other.nextFloat()).toBe(0.6011037519201636);
  });

  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = createRng(123);
    const b = createRng(123);
    const c = createRng(124);
    const seqA = Array.from({ length: 20 }, () => a.nextFloat());
    expect(Array.from({ length: 20 }, () => b.nextFloat())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.nextFloat())).not.toEqual(seqA);
  });

  it('keeps nextFloat in [0, 1) and nextInt in [0, n), roughly uniform', () => {
    const rng = createRng(9);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 10000; i++) {
      const f = rng.nextFloat();
      expect(f >= 0 && f < 1).toBe(true);
      const k = rng.nextInt(10);
      expect(Number.isInteger(k) && k >= 0 && k < 10).toBe(true);
      counts[k] += 1;
    }
    for (const c of counts) expect(c).toBeGreaterThan(900);
    for (const c of counts) expect(c).toBeLessThan(1100);
  });

  it.each([0, -1, 2.5, NaN])('refuses a bad nextInt bound %s', (n) => {
    expect(() => createRng(1).nextInt(n)).toThrow(RangeError);
  });

  it('shuffles in place into a permutation, the same one for the same seed', () => {
    const values = range(1000);
    const returned = createRng(5).shuffle(values);
    expect(returned).toBe(values);
    expect(Array.from(values).sort((x, y) => x - y)).toEqual(Array.from(range(1000)));
    expect(values).not.toEqual(range(1000));
    expect(createRng(5).shuffle(range(1000))).toEqual(values);
    expect(createRng(6).shuffle(range(1000))).not.toEqual(values);
  });

  it('shuffles every position: each element lands in each slot about equally often', () => {
    const rng = createRng(3);
    const slots = [0, 0, 0, 0];
    for (let trial = 0; trial < 4000; trial++) slots[rng.shuffle(range(4)).indexOf(0)] += 1;
    for (const s of slots) expect(Math.abs(s - 1000)).toBeLessThan(120);
  });

  it('handles empty and single-element arrays', () => {
    expect(createRng(1).shuffle(new Int32Array(0))).toEqual(new Int32Array(0));
    expect(createRng(1).shuffle(Int32Array.of(7))).toEqual(Int32Array.of(7));
  });
});

describe('deriveSeed', () => {
  it('is deterministic, unsigned 32-bit, and differs across k and across seeds', () => {
    expect(deriveSeed(42, 3)).toBe(deriveSeed(42, 3));
    const seen = new Set<number>();
    for (let seed = 0; seed < 50; seed++) {
      for (let k = 0; k < 50; k++) {
        const s = deriveSeed(seed, k);
        expect(Number.isInteger(s) && s >= 0 && s <= 0xffffffff).toBe(true);
        seen.add(s);
      }
    }
    expect(seen.size).toBe(2500);
  });

  it('gives unrelated streams for neighbouring k', () => {
    const a = createRng(deriveSeed(1, 0)).nextFloat();
    const b = createRng(deriveSeed(1, 1)).nextFloat();
    expect(a).not.toBe(b);
  });
});

describe('toSeed', () => {
  it.each([
    [7, 7],
    [7.9, 7],
    [-1, 0xffffffff],
    [NaN, 0],
    [Infinity, 0],
    [2 ** 32 + 5, 5],
  ])('%s -> %s', (input, want) => {
    expect(toSeed(input)).toBe(want);
  });
});
