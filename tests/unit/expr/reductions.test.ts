/** numpy's reductions and argmax/argmin called directly (cpu backend): dtypes, axes, int32 overflow, empty arrays; nothing leaked. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { argReduce, reduce, type Reduction } from '../../../src/expr/reductions';
import type { Value , NpScalar} from '../../../src/expr/values';
import { NdArray, PyTuple } from '../../../src/expr/values';
import { formatPyFloat, toPython } from '../../../src/expr/print';
import { expectNoLeak } from '../leak';
import { arr, pyErrorMessage, tidyPlain } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** m = [[1, 2, 3], [4, 5, 6]] int32. */
const m = () => arr([[1, 2, 3], [4, 5, 6]], 'int32', [2, 3]);

describe('reduce', () => {
  it.each<[string, Reduction, Value | undefined, boolean, unknown]>([
    ['sum of all is an int64 scalar', 'sum', undefined, false, { dtype: 'int64', scalar: 21 }],
    ['sum over axis 0 is int64', 'sum', 0, false, { dtype: 'int64', shape: [3], values: [5, 7, 9] }],
    ['sum keepdims', 'sum', -1, true, { dtype: 'int64', shape: [2, 1], values: [6, 15] }],
    ['mean of ints is float64', 'mean', 1, false, { dtype: 'float64', shape: [2], values: [2, 5] }],
    ['mean of all is exact', 'mean', undefined, false, { dtype: 'float64', scalar: 3.5 }],
    ['min keeps the dtype', 'min', new PyTuple([0, 1]), false, { dtype: 'int32', scalar: 1 }],
    ['var', 'var', 0, false, { dtype: 'float64', shape: [3], values: [2.25, 2.25, 2.25] }],
    ['std of all, as NumPy rounds it', 'std', undefined, false, { dtype: 'float64', scalar: 1.707825127659933 }],
    ['all', 'all', undefined, false, { dtype: 'bool', scalar: 1 }],
  ])('%s', async (_, kind, axis, keepdims, want) => {
    expect(await tidyPlain(() => reduce(kind, m(), axis, keepdims))).toEqual(want);
  });

  it('sums int32 past 2**31 exactly as an int64 scalar over all axes', async () => {
    const big = () => new NdArray(tf.fill([3, 2], 2 ** 30, 'int32'), 'int32');
    expect(await tidyPlain(() => reduce('sum', big(), undefined, false))).toEqual({ dtype: 'int64', scalar: 6 * 2 ** 30 });
  });

  it('sums bool arrays as int64 counts and uint8 arrays as uint64', async () => {
    expect(await tidyPlain(() => reduce('sum', arr([true, false, true], 'bool'), undefined, false))).toEqual({ dtype: 'int64', scalar: 2 });
    expect(await tidyPlain(() => reduce('sum', arr([255, 255, 1], 'uint8'), undefined, false))).toEqual({ dtype: 'uint64', scalar: 511 });
  });

  it('gives NumPy\'s answers on empty arrays: mean nan, all True, any False', async () => {
    expect(await tidyPlain(() => reduce('mean', arr([], 'float64'), undefined, false))).toEqual({ dtype: 'float64', scalar: NaN });
    expect(await tidyPlain(() => reduce('all', arr([], 'float64'), undefined, false))).toEqual({ dtype: 'bool', scalar: 1 });
    expect(await tidyPlain(() => reduce('any', arr([], 'float64'), undefined, false))).toEqual({ dtype: 'bool', scalar: 0 });
  });

  it('refuses min of an empty array, which has no identity', () => {
    expect(pyErrorMessage(() => reduce('min', arr([], 'int32'), undefined, false))).toBe('ValueError: zero-size array to reduction operation minimum which has no identity');
  });
});

describe('whole-array reductions of arrays past the host size (the GPU path)', () => {
  /** 70,000 uint8 values (past HOST_MAX): value i is (i * 7919) % 256. */
  const big = () => new NdArray(tf.tensor1d(Int32Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256), 'int32'), 'uint8');
  const exact = () => {
    let s1 = 0n;
    let s2 = 0n;
    for (let i = 0; i < 70_000; i++) {
      const v = BigInt((i * 7919) % 256);
      s1 += v;
      s2 += v * v;
    }
    return { s1: Number(s1), s2: Number(s2) };
  };

  it('are deferred NumPy scalars, read back when shown, exact, and leave no tensor behind', async () => {
    const { s1, s2 } = exact();
    const got = await expectNoLeak(async () => {
      const x = big();
      const kept = tf.tidy(() => (['sum', 'mean', 'std', 'max', 'any'] as const).map((k) => (reduce(k, x, undefined, false) as NpScalar).withTensors((t) => tf.keep(tf.clone(t)))) as never) as unknown as NpScalar[];
      try {
        expect(kept.every((k) => k.tensors.length > 0), 'nothing read back yet').toBe(true);
        return await Promise.all(kept.map(async (k) => [k.dtype, await k.resolve(), await toPython(k)]));
      } finally {
        for (const k of kept) for (const t of k.tensors) t.dispose();
        x.tensor.dispose();
      }
    });
    const variance = s2 / 70_000 - (s1 / 70_000) ** 2;
    expect(got[0]).toEqual(['uint64', s1, String(s1)]);
    expect(got[1]).toEqual(['float64', s1 / 70_000, formatPyFloat(s1 / 70_000)]);
    expect(got[2][0]).toBe('float64');
    expect(got[2][1] as number).toBeCloseTo(Math.sqrt(variance), 10);
    expect(got[3]).toEqual(['uint8', 255, '255']);
    expect(got[4]).toEqual(['bool', 1, 'True']);
  });
});

describe('integer sums over an axis past 2**24 (exact where WebGL would round)', () => {
  it('splits the values into digit planes and adds them exactly, negatives included, leaking nothing', async () => {
    const n = 40_000;
    const values = Int32Array.from({ length: 2 * n }, (_, i) => ((i * 7919) % 2001) - (i < n ? 0 : 1000));
    const expected = [0, 1].map((r) => Number(values.slice(r * n, (r + 1) * n).reduce((a, v) => a + BigInt(v), 0n)));
    const got = await expectNoLeak(() =>
      tf.tidy(() => {
        const x = new NdArray(tf.tensor2d(values, [2, n], 'int32'), 'int32');
        const r = reduce('sum', x, 1, false) as NdArray;
        return [{ dtype: r.dtype, values: Array.from(r.exact ?? []) }] as never;
      })[0] as unknown as { dtype: string; values: number[] },
    );
    expect(got).toEqual({ dtype: 'int64', values: expected });
    expect(Math.abs(expected[0])).toBeGreaterThan(2 ** 24);
  });
});

describe('argReduce', () => {
  it.each([
    ['flat index without an axis', 'argmax', undefined, { dtype: 'int64', scalar: 5 }],
    ['per row', 'argmax', 1, { dtype: 'int64', shape: [2], values: [2, 2] }],
    ['argmin per column', 'argmin', 0, { dtype: 'int64', shape: [3], values: [0, 0, 0] }],
  ] as const)('%s', async (_, kind, axis, want) => {
    expect(await tidyPlain(() => argReduce(kind, m(), axis))).toEqual(want);
  });

  it('returns the first NaN, as NumPy does, and keeps dims when asked', async () => {
    expect(await tidyPlain(() => argReduce('argmax', arr([1, NaN, 3, NaN], 'float32'), undefined))).toEqual({ dtype: 'int64', scalar: 1 });
    expect(await tidyPlain(() => argReduce('argmin', arr([[1, 2], [NaN, 0]], 'float64', [2, 2]), 1))).toEqual({ dtype: 'int64', shape: [2], values: [0, 0] });
    expect(await tidyPlain(() => argReduce('argmax', m(), undefined, true))).toEqual({ dtype: 'int64', shape: [1, 1], values: [5] });
  });

  it('refuses empty sequences and non-integer axes', () => {
    expect(pyErrorMessage(() => argReduce('argmax', arr([], 'int32'), undefined))).toBe('ValueError: attempt to get argmax of an empty sequence');
    expect(pyErrorMessage(() => argReduce('argmax', m(), 'x'))).toBe("TypeError: 'str' object cannot be interpreted as an integer");
  });
});
