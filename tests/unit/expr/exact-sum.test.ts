import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXACT_FLOAT32, chunkedFloatSum, exactIntSumParts, finishSum } from '../../../src/expr/exact-sum';
import { floatDivmod } from '../../../src/expr/scalar-arith';
import { expectNoLeak } from '../leak';

/** The exact sum, its partials read back at once (the kernel reads them asynchronously). Call inside tf.tidy. */
function exactIntSum(flat: tf.Tensor, bound: number, exact?: number, maxPartials?: number): number {
  const parts = exactIntSumParts(flat, bound, exact, maxPartials);
  return finishSum(
    parts,
    parts.terms.map((t) => t.tensor.dataSync()),
  );
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Seeded integers in [-bound, bound] (or [0, bound]), and their exact sum computed with BigInt. */
function ints(n: number, bound: number, signed: boolean, seed: number): { values: Int32Array; sum: number } {
  const values = new Int32Array(n);
  let s = seed >>> 0;
  let sum = 0n;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const v = signed ? (s % (2 * bound + 1)) - bound : s % (bound + 1);
    values[i] = v;
    sum += BigInt(v);
  }
  return { values, sum: Number(sum) };
}

describe('exactIntSumParts', () => {
  it.each([
    // n, bound, signed, exact limit, max partials: small limits drive the chunking, the remainder and the hi/lo split on small arrays.
    [1000, 255, false, EXACT_FLOAT32, 65536],
    [1000, 255, false, 1024, 65536],
    [997, 255, false, 1024, 65536],
    [5000, 255, false, 1024, 8],
    [5003, 1000, true, 4096, 4],
    [20000, 1, false, 64, 16],
  ])('n=%i bound=%i signed=%s exact=%i partials=%i', async (n, bound, signed, exact, partials) => {
    const { values, sum } = ints(n, bound, signed, n + bound);
    const t = tf.tensor1d(values, 'int32');
    try {
      const got = await expectNoLeak(() => tf.tidy(() => [exactIntSum(t, bound, exact, partials)] as never)[0] as unknown as number);
      expect(got).toBe(sum);
    } finally {
      t.dispose();
    }
  });

  it('is exact where a float32 sum is not (a sum past 2**24 of values that round)', () => {
    const n = 70000;
    const t = tf.fill([n], 255, 'int32');
    try {
      const got = tf.tidy(() => [exactIntSum(t, 255, 1 << 16, 4)] as never)[0] as unknown as number;
      expect(got).toBe(n * 255);
    } finally {
      t.dispose();
    }
  });

  it('gives 0 for empty arrays', () => {
    const t = tf.tensor1d([], 'int32');
    expect(tf.tidy(() => [exactIntSum(t, 255)] as never)[0]).toBe(0);
    t.dispose();
  });
});

describe('chunkedFloatSum', () => {
  it('is exact for integer-valued floats past 2**24, where one float32 accumulator is not, and leaks nothing', async () => {
    const n = 200_003;
    const t = tf.fill([n], 255, 'float32');
    try {
      const got = await expectNoLeak(() => tf.tidy(() => [chunkedFloatSum(t)] as never)[0] as unknown as number);
      expect(got).toBe(n * 255);
      expect(tf.tidy(() => [chunkedFloatSum(tf.tensor1d([0.5, 0.25]))] as never)[0]).toBe(0.75);
    } finally {
      t.dispose();
    }
  });
});

describe('floatDivmod matches Python (golden from scripts/python_divmod_golden.py)', () => {
  const golden = JSON.parse(readFileSync(new URL('../../fixtures/expr/python-float-divmod.json', import.meta.url), 'utf8')) as { cases: { a: number | string; b: number | string; floordiv: number | string; mod: number | string }[] };
  const dec = (v: number | string) => (v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v === '-0.0' ? -0 : (v as number));
  it(`agrees on all ${golden.cases.length} cases, signs of zero included`, () => {
    const wrong = golden.cases.filter((c) => {
      const [q, r] = floatDivmod(dec(c.a), dec(c.b));
      return !Object.is(q, dec(c.floordiv)) || !Object.is(r, dec(c.mod));
    });
    expect(wrong).toEqual([]);
    expect(golden.cases.length).toBeGreaterThan(200);
  });
});
