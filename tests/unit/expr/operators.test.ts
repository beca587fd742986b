/** Python's and numpy's operators called directly (cpu backend): scalar semantics, tensor dtypes, comparisons, truthiness; nothing leaked. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { binary, compare, pyEquals, truthy, unary } from '../../../src/expr/operators';
import { PyDType, PyFloat, PyList, PyTuple } from '../../../src/expr/values';
import { expectNoLeak } from '../leak';
import { pyErrorMessage, tidyPlain } from './helpers';

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

describe('binary on tensors', () => {
  it.each([
    ['int + int stays int32', '+', () => tf.tensor1d([1, 2], 'int32'), 1, { dtype: 'int32', shape: [2], values: [2, 3] }],
    ['int / int is float32', '/', () => tf.tensor1d([1, 3], 'int32'), 2, { dtype: 'float32', shape: [2], values: [0.5, 1.5] }],
    ['int // 0 is 0, as numpy', '//', () => tf.tensor1d([5, -5], 'int32'), 0, { dtype: 'int32', shape: [2], values: [0, 0] }],
    ['int % negative', '%', () => tf.tensor1d([-7, 7], 'int32'), 3, { dtype: 'int32', shape: [2], values: [2, 1] }],
    ['bool + bool is or', '+', () => tf.tensor1d([true, false], 'bool'), false, { dtype: 'bool', shape: [2], values: [1, 0] }],
    ['broadcast [2, 1] with a list', '*', () => tf.tensor2d([[1], [2]], [2, 1], 'int32'), new PyList([1, 10]), { dtype: 'int32', shape: [2, 2], values: [1, 10, 2, 20] }],
  ] as const)('%s', async (_, op, make, b, want) => {
    expect(await tidyPlain(() => binary(op, make(), b))).toEqual(want);
  });

  it.each([
    ['bool - bool', '-', () => tf.tensor1d([true], 'bool'), true, 'numpy boolean subtract'],
    ['int ** negative', '**', () => tf.tensor1d([2], 'int32'), -1, 'Integers to negative integer powers are not allowed.'],
    ['int & int', '&', () => tf.tensor1d([2], 'int32'), 1, "ufunc 'bitwise_and' is supported on boolean arrays only"],
    ['@', '@', () => tf.tensor1d([2], 'int32'), 1, 'matrix multiplication (@) is not supported'],
    ['shapes that do not broadcast', '+', () => tf.tensor1d([1, 2, 3], 'int32'), new PyList([1, 2]), 'operands could not be broadcast'],
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
    ["dtype == 'float64' matches float32", '==', new PyDType('float32'), 'float64', true],
  ] as const)('%s', async (_, op, a, b, want) => {
    expect(await tidyPlain(() => compare(op, a, b))).toBe(want);
  });

  it('compares tensors elementwise into bool, and finds values in them', async () => {
    expect(await tidyPlain(() => compare('>=', tf.tensor1d([1, 2, 3], 'int32'), 2))).toEqual({ dtype: 'bool', shape: [3], values: [0, 1, 1] });
    expect(await tidyPlain(() => compare('in', 3, tf.tensor1d([1, 2, 3], 'int32')))).toBe(true);
    expect(await tidyPlain(() => compare('in', 4, tf.tensor1d([1, 2, 3], 'int32')))).toBe(false);
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
    expect(await tidyPlain(() => unary('~', tf.tensor1d([0, 5], 'int32')))).toEqual({ dtype: 'int32', shape: [2], values: [-1, -6] });
    expect(await tidyPlain(() => unary('~', tf.tensor1d([true, false], 'bool')))).toEqual({ dtype: 'bool', shape: [2], values: [0, 1] });
    expect(pyErrorMessage(() => unary('-', tf.tensor1d([true], 'bool')))).toContain('numpy boolean negative');
    expect(pyErrorMessage(() => unary('~', new PyFloat(1)))).toBe("TypeError: bad operand type for unary ~: 'float'");
  });

  it('reads one-element arrays and refuses ambiguous ones', async () => {
    expect(await tidyPlain(() => truthy(tf.tensor1d([3], 'int32')))).toBe(true);
    expect(await tidyPlain(() => truthy(tf.scalar(0, 'int32')))).toBe(false);
    expect(pyErrorMessage(() => truthy(tf.tensor1d([1, 2], 'int32')))).toContain('The truth value of an array with more than one element is ambiguous');
    expect(pyErrorMessage(() => truthy(tf.tensor1d([], 'int32')))).toContain('The truth value of an empty array is ambiguous');
  });

  it('pyEquals compares tuples item by item', () => {
    expect(pyEquals(new PyTuple([1, 'a']), new PyTuple([1, 'a']))).toBe(true);
    expect(pyEquals(new PyTuple([1]), new PyList([1]))).toBe(false);
  });
});
