/** Argument binding for np functions and tensor methods, and their array/axis/flag checks, called directly (cpu backend). */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { axesArg, bind, boolArg, tensorArg } from '../../../src/expr/args';
import type { CallArgs, Value } from '../../../src/expr/values';
import { NdArray, PyFloat, PyList, PyTuple } from '../../../src/expr/values';
import { expectNoLeak } from '../leak';
import { pyErrorMessage } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const call = (args: Value[], keywords: Record<string, Value> = {}): CallArgs => ({ args, keywords: new Map(Object.entries(keywords)), span: { line: 0, column: 0, length: 1 } });

describe('bind', () => {
  it.each([
    ['positional', call([1, 2]), [1, 2, undefined]],
    ['keyword', call([1], { c: 3 }), [1, undefined, 3]],
    ['None kept as None', call([null]), [null, undefined, undefined]],
  ] as const)('binds %s arguments by parameter', (_, args, want) => {
    expect(bind('f', args, ['a', 'b', 'c'], 1)).toEqual(want);
  });

  it.each([
    ['too many', call([1, 2, 3, 4]), 'TypeError: f() takes from 1 to 3 positional arguments but 4 were given'],
    ['unknown keyword', call([1], { d: 1 }), "TypeError: f() got an unexpected keyword argument 'd'"],
    ['twice', call([1], { a: 2 }), "TypeError: f() got multiple values for argument 'a'"],
    ['missing', call([], { b: 2 }), "TypeError: f() missing required argument: 'a'"],
  ] as const)('refuses %s as Python does', (_, args, want) => {
    expect(pyErrorMessage(() => bind('f', args, ['a', 'b', 'c'], 1))).toBe(want);
  });

  it('words a fixed arity without "from"', () => {
    expect(pyErrorMessage(() => bind('g', call([1, 2]), ['x'], 1))).toBe('TypeError: g() takes 1 positional argument but 2 were given');
  });
});

describe('axesArg, boolArg, tensorArg', () => {
  it.each([
    [undefined, 3, null],
    [null, 3, null],
    [-1, 3, [2]],
    [new PyTuple([0, -1]), 3, [0, 2]],
  ] as const)('axis %s of a %i-d array is %j', (axis, ndim, want) => {
    expect(axesArg(axis, ndim)).toEqual(want);
  });

  it('refuses repeated and out-of-range axes', () => {
    expect(pyErrorMessage(() => axesArg(new PyTuple([1, -2]), 3))).toBe('ValueError: duplicate value in axis');
    expect(pyErrorMessage(() => axesArg(3, 3))).toContain('AxisError');
  });

  it.each([
    [undefined, false],
    [null, false],
    [true, true],
    [0, false],
    [new PyFloat(0.5), true],
  ] as const)('flag %s is %s', (v, want) => {
    expect(boolArg(v)).toBe(want);
  });

  it('refuses a non-number flag', () => {
    expect(pyErrorMessage(() => boolArg('yes'))).toBe("TypeError: expected a bool, got 'str'");
  });

  it('passes tensors through and converts scalars and lists, leaving nothing behind', async () => {
    const t = new NdArray(tf.tensor1d([1, 2], 'int32'), 'int32');
    try {
      await expectNoLeak(() => {
        expect(tensorArg(t, 'f')).toBe(t);
        const converted = tf.tidy(() => {
          const a = tensorArg(new PyList([1, 2, 3]), 'f');
          return [a.dtype, ...Array.from(a.tensor.dataSync())] as never;
        }) as unknown as unknown[];
        expect(converted).toEqual(['int64', 1, 2, 3]);
        expect(pyErrorMessage(() => tensorArg('abc', 'f'))).toBe("TypeError: f(): expected an array, got 'str'");
        expect(pyErrorMessage(() => tensorArg(undefined, 'f'))).toBe('TypeError: f() missing required argument');
      });
    } finally {
      t.tensor.dispose();
    }
  });
});
