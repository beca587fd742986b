/** numpy's reductions and argmax/argmin called directly (cpu backend): dtypes, axes, int32 overflow, empty arrays; nothing leaked. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { argReduce, reduce, type Reduction } from '../../../src/expr/reductions';
import type { Value } from '../../../src/expr/values';
import { PyTuple } from '../../../src/expr/values';
import { pyErrorMessage, tidyPlain } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** m = [[1, 2, 3], [4, 5, 6]] int32. */
const m = () => tf.tensor2d([[1, 2, 3], [4, 5, 6]], [2, 3], 'int32');

describe('reduce', () => {
  it.each<[string, Reduction, Value | undefined, boolean, unknown]>([
    ['sum of all', 'sum', undefined, false, { dtype: 'int32', shape: [], values: [21] }],
    ['sum over axis 0', 'sum', 0, false, { dtype: 'int32', shape: [3], values: [5, 7, 9] }],
    ['sum keepdims', 'sum', -1, true, { dtype: 'int32', shape: [2, 1], values: [6, 15] }],
    ['mean is float32', 'mean', 1, false, { dtype: 'float32', shape: [2], values: [2, 5] }],
    ['min keeps the dtype', 'min', new PyTuple([0, 1]), false, { dtype: 'int32', shape: [], values: [1] }],
    ['var', 'var', 0, false, { dtype: 'float32', shape: [3], values: [2.25, 2.25, 2.25] }],
    ['all', 'all', undefined, false, { dtype: 'bool', shape: [], values: [1] }],
  ])('%s', async (_, kind, axis, keepdims, want) => {
    expect(await tidyPlain(() => reduce(kind, m(), axis, keepdims))).toEqual(want);
  });

  it('sums int32 past 2**31 exactly as a Python int over all axes, and refuses it over one axis', async () => {
    const big = () => tf.fill([3, 2], 2 ** 30, 'int32');
    expect(await tidyPlain(() => reduce('sum', big(), undefined, false))).toBe(6 * 2 ** 30);
    expect(pyErrorMessage(() => reduce('sum', big(), 0, false))).toContain('OverflowError: this int32 sum could overflow');
  });

  it('sums bool arrays as counts', async () => {
    expect(await tidyPlain(() => reduce('sum', tf.tensor1d([true, false, true], 'bool'), undefined, false))).toEqual({ dtype: 'int32', shape: [], values: [2] });
  });

  it('refuses min of an empty array, which has no identity', () => {
    expect(pyErrorMessage(() => reduce('min', tf.tensor1d([], 'int32'), undefined, false))).toBe('ValueError: zero-size array to reduction operation minimum which has no identity');
  });
});

describe('argReduce', () => {
  it.each([
    ['flat index without an axis', 'argmax', undefined, { dtype: 'int32', shape: [], values: [5] }],
    ['per row', 'argmax', 1, { dtype: 'int32', shape: [2], values: [2, 2] }],
    ['argmin per column', 'argmin', 0, { dtype: 'int32', shape: [3], values: [0, 0, 0] }],
  ] as const)('%s', async (_, kind, axis, want) => {
    expect(await tidyPlain(() => argReduce(kind, m(), axis))).toEqual(want);
  });

  it('refuses empty sequences and non-integer axes', () => {
    expect(pyErrorMessage(() => argReduce('argmax', tf.tensor1d([], 'int32'), undefined))).toBe('ValueError: attempt to get argmax of an empty sequence');
    expect(pyErrorMessage(() => argReduce('argmax', m(), 'x'))).toBe("TypeError: 'str' object cannot be interpreted as an integer");
  });
});
