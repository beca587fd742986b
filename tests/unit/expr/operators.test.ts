/** Python's and numpy's operators called directly (cpu backend): scalar semantics, tensor dtypes, comparisons, truthiness; nothing leaked. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { binary, compare, pyEquals, truthy, unary } from '../../../src/expr/operators';
import { NdArray, PyDType, PyFloat, PyList, PyTuple } from '../../../src/expr/values';
import { expectNoLeak } from '../leak';
import { arr, pyErrorMessage, tidyPlain } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('binary on Python scalars', () => {
  it.each([
    ['7 // 2', '//', 7, 2, 3],
    ['-7 // 2 floors', '//', -7, 2, -4],
    ['-7 % 3 takes the divisor\'s sign', '%', -7, 3, 2],
    ['7 % -3', '%', 7, -3, -2],
    ['2 ** 10', '**', 2, 10, 1024],
    ['7 / 2 is a float', '/', 7, 2, { float: 3.5 }],
    ['1.5 + 1 stays a float', '+', new PyFloat(1.5), 1, { float: 2.5 }],
    ['True + True is 2', '+', true, true, 2],
    ['6 & 3', '&', 6, 3, 2],
    ['True ^ True is False', '^', true, true, false],
  ] as const)('%s', async (_, op, a, b, want) => {
    expect(await tidyPlain(() => binary(op, a, b))).toEqual(want);
  });

  it.each([
    ['1 / 0', '/', 1, 0, 'division by zero'],
    ['1.0 // 0', '//', new PyFloat(1), 0, 'float floor division by zero'],
    ['0 ** -1', '**', 0, -1, '0.0 cannot be raised to a negative power'],
    ['1.5 & 1', '&', new PyFloat(1.5), 1, "unsupported operand type(s) for &: 'float' and 'int'"],
    ['1 @ 2', '@', 1, 2, "unsupported operand type(s) for @: 'int' and 'int'"],
  ] as const)('%s raises', (_, op, a, b, message) => {
    expect(pyErrorMessage(() => binary(op, a, b))).toContain(message);
  });
});

describe('binary on sequences and strings', () => {
  it('concatenates and repeats as Python does', async () => {
    expect(await tidyPlain(() => binary('+', 'ab', 'c'))).toBe('abc');
    expect(await tidyPlain(() => binary('*', 3, 'ab'))).toBe('ababab');
    expect(await tidyPlain(() => binary('*', new PyList([1, 2]), 2))).toEqual([1, 2, 1, 2]);
    expect(await tidyPlain(() => binary('+', new PyTuple([1]), new PyTuple([2])))).toEqual([1, 2]);
    expect(await tidyPlain(() => binary('*', 'ab', -1))).toBe('');
  });

  it('refuses mixed kinds', () => {
    expect(pyErrorMessage(() => binary('+', 'a', 1))).toBe("TypeError: unsupported operand type(s) for +: 'str' and 'int'");
  });
});

describe('binary on arrays (NumPy 2 promotion, NEP 50)', () => {
  it.each([
    ['int32 + int stays int32', '+', () => arr([1, 2], 'int32'), 1, { dtype: 'int32', shape: [2], values: [2, 3] }],
    ['int32 / int is float64', '/', () => arr([1, 3], 'int32'), 2, { dtype: 'float64', shape: [2], values: [0.5, 1.5] }],
    ['int32 // 0 is 0, as numpy', '//', () => arr([5, -5], 'int32'), 0, { dtype: 'int32', shape: [2], values: [0, 0] }],
    ['int32 % positive takes its sign', '%', () => arr([-7, 7], 'int32'), 3, { dtype: 'int32', shape: [2], values: [2, 1] }],
    ['bool + bool is or', '+', () => arr([true, false], 'bool'), false, { dtype: 'bool', shape: [2], values: [1, 0] }],
    ['bool + int is int64', '+', () => arr([true, false], 'bool'), 1, { dtype: 'int64', shape: [2], values: [2, 1] }],
    ['broadcast [2, 1] with a list of ints is int64', '*', () => arr([[1], [2]], 'int32', [2, 1]), new PyList([1, 10]), { dtype: 'int64', shape: [2, 2], values: [1, 10, 2, 20] }],
    ['a list of floats is float64, not a mask', '*', () => arr([1, 2], 'int32'), new PyList([new PyFloat(0.5), new PyFloat(2)]), { dtype: 'float64', shape: [2], values: [0.5, 4] }],
    ['uint8 + int wraps modulo 256', '+', () => arr([253, 1], 'uint8'), 10, { dtype: 'uint8', shape: [2], values: [7, 11] }],
    ['uint8 - uint8 wraps', '-', () => arr([1, 5], 'uint8'), arr([2, 3], 'uint8'), { dtype: 'uint8', shape: [2], values: [255, 2] }],
    ['uint8 ** int is exact modulo 256', '**', () => arr([3, 2], 'uint8'), 9, { dtype: 'uint8', shape: [2], values: [227, 0] }],
    ['uint8 + int32 is int32', '+', () => arr([250], 'uint8'), arr([10], 'int32'), { dtype: 'int32', shape: [1], values: [260] }],
    ['float32 + float is float32', '+', () => arr([0.5], 'float32'), new PyFloat(0.25), { dtype: 'float32', shape: [1], values: [0.75] }],
    ['float32 // float floors like NumPy', '//', () => arr([-7.5], 'float32'), new PyFloat(2), { dtype: 'float32', shape: [1], values: [-4] }],
    ['int32 & int is bitwise, as NumPy', '&', () => arr([6, 5], 'int32'), 3, { dtype: 'int32', shape: [2], values: [2, 1] }],
    ['float % inf keeps x or gives inf', '%', () => arr([1, -1], 'float32'), new PyFloat(Infinity), { dtype: 'float32', shape: [2], values: [1, Infinity] }],
  ] as const)('%s', async (_, op, make, b, want) => {
    expect(await tidyPlain(() => binary(op, make(), typeof b === 'function' ? (b as () => NdArray)() : b))).toEqual(want);
  });

  it('raises big arrays to integer powers exactly on the device path (uint8 modulo 256), leaking nothing', async () => {
    const n = 70_000;
    const got = await expectNoLeak(() =>
      tf.tidy(() => {
        const x = new NdArray(tf.tensor1d(Int32Array.from({ length: n }, (_, i) => i % 256), 'int32'), 'uint8');
        const cube = binary('**', x, 3) as NdArray;
        const squareInt = binary('**', new NdArray(tf.tensor1d(Int32Array.from({ length: n }, (_, i) => (i % 300) - 150), 'int32'), 'int32'), 2) as NdArray;
        return [cube.dtype, Array.from(cube.tensor.dataSync()), squareInt.dtype, Array.from(squareInt.tensor.dataSync())] as never;
      }) as unknown as [string, number[], string, number[]],
    );
    expect(got[0]).toBe('uint8');
    expect(got[1].every((v, i) => v === (i % 256) ** 3 % 256)).toBe(true);
    expect(got[2]).toBe('int32');
    expect(got[3].every((v, i) => v === ((i % 300) - 150) ** 2)).toBe(true);
  });

  it('says so when uint8 wraps, with NumPy\'s answer for the first item that did', () => {
    const notes: string[] = [];
    tf.tidy(() => void binary('+', arr([100, 253], 'uint8'), 10, notes));
    expect(notes).toEqual(["uint8 wrapped around: 253 + 10 = 7 (NumPy keeps uint8 results modulo 256). Use .astype('int32') first to avoid it."]);
    const quiet: string[] = [];
    tf.tidy(() => void binary('+', arr([100, 200], 'uint8'), 10, quiet));
    expect(quiet).toEqual([]);
  });

  it.each([
    ['bool - bool', '-', () => arr([true], 'bool'), true, 'numpy boolean subtract'],
    ['int ** negative', '**', () => arr([2], 'int32'), -1, 'Integers to negative integer powers are not allowed.'],
    ['uint8 + an int out of its range', '+', () => arr([2], 'uint8'), 300, 'OverflowError: Python integer 300 out of bounds for uint8'],
    ['int32 & int32 past the host size is not supported here', '&', () => new NdArray(tf.zeros([70000], 'int32'), 'int32'), 1, 'NotImplementedError: bitwise & on integer arrays is not supported in this notebook'],
    ['@', '@', () => arr([2], 'int32'), 1, 'matrix multiplication (@) is not supported'],
    ['shapes that do not broadcast', '+', () => arr([1, 2, 3], 'int32'), new PyList([1, 2]), 'operands could not be broadcast'],
  ] as const)('%s raises', async (_, op, make, b, message) => {
    await expectNoLeak(() => expect(pyErrorMessage(() => binary(op, make(), b))).toContain(message));
  });
});

describe('compare', () => {
  it.each([
    ['1 < 2.5', '<', 1, new PyFloat(2.5), true],
    ["'a' < 'b'", '<', 'a', 'b', true],
    ['(1, 2) < (1, 3)', '<', new PyTuple([1, 2]), new PyTuple([1, 3]), true],
    ['[1, 2] == [1, 2]', '==', new PyList([1, 2]), new PyList([1, 2]), true],
    ['1 == 1.0', '==', 1, new PyFloat(1), true],
    ['nan < 1 is False', '<', new PyFloat(NaN), 1, false],
    ['2 in (1, 2)', 'in', 2, new PyTuple([1, 2]), true],
    ["'x' not in 'abc'", 'not in', 'x', 'abc', true],
    ['None is None', 'is', null, null, true],
    ["dtype == 'float64' is float64 only", '==', new PyDType('float32'), 'float64', false],
    ["dtype == 'f8' is float64", '==', new PyDType('float64'), 'f8', true],
  ] as const)('%s', async (_, op, a, b, want) => {
    expect(await tidyPlain(() => compare(op, a, b))).toBe(want);
  });

  it('compares tensors elementwise into bool, and finds values in them', async () => {
    expect(await tidyPlain(() => compare('>=', arr([1, 2, 3], 'int32'), 2))).toEqual({ dtype: 'bool', shape: [3], values: [0, 1, 1] });
    expect(await tidyPlain(() => compare('>', arr([1, 255], 'uint8'), 300))).toEqual({ dtype: 'bool', shape: [2], values: [0, 0] });
    expect(await tidyPlain(() => compare('==', arr([1, 2], 'int32'), null))).toEqual({ dtype: 'bool', shape: [2], values: [0, 0] });
    expect(await tidyPlain(() => compare('in', 3, arr([1, 2, 3], 'int32')))).toBe(true);
    expect(await tidyPlain(() => compare('in', 4, arr([1, 2, 3], 'int32')))).toBe(false);
  });

  it('raises where Python does', () => {
    expect(pyErrorMessage(() => compare('<', 'a', 1))).toBe("TypeError: '<' not supported between instances of 'str' and 'int'");
    expect(pyErrorMessage(() => compare('in', 1, 2))).toBe("TypeError: argument of type 'int' is not iterable");
  });
});

describe('unary and truthy', () => {
  it.each([
    ['-5', '-', 5, -5],
    ['~5', '~', 5, -6],
    ['-1.5', '-', new PyFloat(1.5), { float: -1.5 }],
    ['not 0', 'not', 0, true],
    ["not ''", 'not', '', true],
    ['not (1,)', 'not', new PyTuple([1]), false],
  ] as const)('%s', async (_, op, v, want) => {
    expect(await tidyPlain(() => unary(op, v))).toEqual(want);
  });

  it('negates and inverts tensors by dtype', async () => {
    expect(await tidyPlain(() => unary('~', arr([0, 5], 'int32')))).toEqual({ dtype: 'int32', shape: [2], values: [-1, -6] });
    expect(await tidyPlain(() => unary('~', arr([0, 200], 'uint8')))).toEqual({ dtype: 'uint8', shape: [2], values: [255, 55] });
    expect(await tidyPlain(() => unary('-', arr([1, 200], 'uint8')))).toEqual({ dtype: 'uint8', shape: [2], values: [255, 56] });
    expect(await tidyPlain(() => unary('~', arr([true, false], 'bool')))).toEqual({ dtype: 'bool', shape: [2], values: [0, 1] });
    expect(pyErrorMessage(() => unary('-', arr([true], 'bool')))).toContain('numpy boolean negative');
    expect(pyErrorMessage(() => unary('~', new PyFloat(1)))).toBe("TypeError: bad operand type for unary ~: 'float'");
  });

  it('reads one-element arrays and refuses ambiguous ones', async () => {
    expect(await tidyPlain(() => truthy(arr([3], 'int32')))).toBe(true);
    expect(await tidyPlain(() => truthy(new NdArray(tf.scalar(0, 'int32'), 'int32')))).toBe(false);
    expect(pyErrorMessage(() => truthy(arr([1, 2], 'int32')))).toContain('The truth value of an array with more than one element is ambiguous');
    expect(pyErrorMessage(() => truthy(arr([], 'int32')))).toContain('The truth value of an empty array is ambiguous');
  });

  it('pyEquals compares tuples item by item', () => {
    expect(pyEquals(new PyTuple([1, 'a']), new PyTuple([1, 'a']))).toBe(true);
    expect(pyEquals(new PyTuple([1]), new PyList([1]))).toBe(false);
  });
});
