import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PyDType, PyFloat, PyList, PyTuple } from '../../../src/expr/values';
import { formatFloat32, formatPrinted, formatPyFloat, formatTensorRepr, formatTensorStr, pyStringRepr, toPython } from '../../../src/expr/print';
import { expectNoLeak } from '../leak';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Formats a tensor made by `make`, disposing it, with a leak check. */
async function fmt(make: () => tf.Tensor, style: 'str' | 'repr' = 'str'): Promise<string> {
  return expectNoLeak(async () => {
    const t = tf.tidy(make);
    try {
      return style === 'str' ? await formatTensorStr(t) : await formatTensorRepr(t);
    } finally {
      t.dispose();
    }
  });
}

describe('floats as Python and numpy print them', () => {
  it.each([
    [0.1, '0.1'],
    [1 / 3, '0.3333333333333333'],
    [3, '3.0'],
    [-0.5, '-0.5'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [1e16, '1e+16'],
    [1234567890123456, '1234567890123456.0'],
    [1.5e300, '1.5e+300'],
    [NaN, 'nan'],
    [-Infinity, '-inf'],
    [0, '0.0'],
  ])('Python float %s', (v, expected) => {
    expect(formatPyFloat(v)).toBe(expected);
  });

  it.each([
    [33.318421449829934, '33.31842'],
    [0.1, '0.1'],
    [1 / 3, '0.33333334'],
    [39.5, '39.5'],
    [255, '255.0'],
    [1e-7, '1e-07'],
  ])('float32 scalar %s', (v, expected) => {
    expect(formatFloat32(v)).toBe(expected);
  });
});

describe("numpy's str and repr of arrays", () => {
  it('summarizes past 1000 items with 3 at each edge', async () => {
    expect(await fmt(() => tf.range(0, 2000, 1, 'int32'))).toBe('[   0    1    2 ... 1997 1998 1999]');
    expect(await fmt(() => tf.range(0, 2000, 1, 'int32'), 'repr')).toBe('array([   0,    1,    2, ..., 1997, 1998, 1999], dtype=int32)');
    expect(await fmt(() => tf.range(0, 1000, 1, 'int32'))).toMatch(/^\[ {2}0 {3}1 {3}2 {3}3 .* 998 999\]$/s);
  });

  it('wraps lines at 75 characters, like numpy', async () => {
    expect(await fmt(() => tf.range(0, 28, 1, 'int32'))).toBe('[ 0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21 22 23\n 24 25 26 27]');
    expect(await fmt(() => tf.range(0, 30, 1, 'int32'), 'repr')).toBe(
      'array([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16,\n       17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29], dtype=int32)',
    );
  });

  it('nests brackets, with a blank line between 2-D blocks', async () => {
    expect(await fmt(() => tf.range(0, 8, 1, 'int32').reshape([2, 2, 2]))).toBe('[[[0 1]\n  [2 3]]\n\n [[4 5]\n  [6 7]]]');
    expect(await fmt(() => tf.range(0, 8, 1, 'int32').reshape([2, 2, 2]), 'repr')).toBe('array([[[0, 1],\n        [2, 3]],\n\n       [[4, 5],\n        [6, 7]]], dtype=int32)');
    expect(await fmt(() => tf.range(0, 2000, 1, 'int32').reshape([100, 20]))).toBe(
      '[[   0    1    2 ...   17   18   19]\n [  20   21   22 ...   37   38   39]\n [  40   41   42 ...   57   58   59]\n ...\n [1940 1941 1942 ... 1957 1958 1959]\n [1960 1961 1962 ... 1977 1978 1979]\n [1980 1981 1982 ... 1997 1998 1999]]',
    );
  });

  it('pads floats to a common width, keeping the point', async () => {
    expect(await fmt(() => tf.tensor1d([0.5, -1.5, 2.25, 0]))).toBe('[ 0.5  -1.5   2.25  0.  ]');
    expect(await fmt(() => tf.tensor1d([0.5, 1]), 'repr')).toBe('array([0.5, 1. ], dtype=float32)');
    expect(await fmt(() => tf.tensor1d([1, NaN, Infinity]))).toBe('[ 1. nan inf]');
    expect(await fmt(() => tf.tensor1d([5e-6, -1.5e-5, 2.25e-5, 0]))).toBe('[ 5.00e-06 -1.50e-05  2.25e-05  0.00e+00]');
    expect(await fmt(() => tf.tensor1d([1 / 3, 2 / 3]))).toBe('[0.33333334 0.6666667 ]');
  });

  it('bools, empties and 0-d arrays', async () => {
    expect(await fmt(() => tf.tensor1d([true, false], 'bool'))).toBe('[ True False]');
    expect(await fmt(() => tf.tensor1d([true, false], 'bool'), 'repr')).toBe('array([ True, False])');
    expect(await fmt(() => tf.tensor1d([], 'float32'))).toBe('[]');
    expect(await fmt(() => tf.tensor1d([], 'float32'), 'repr')).toBe('array([], dtype=float32)');
    expect(await fmt(() => tf.zeros([0, 3]), 'repr')).toBe('array([], shape=(0, 3), dtype=float32)');
    expect(await fmt(() => tf.scalar(5, 'int32'))).toBe('5');
    expect(await fmt(() => tf.scalar(true, 'bool'))).toBe('True');
  });

  it('reads back only the items shown: a 47 M-element array prints fast and leaks nothing', async () => {
    const start = performance.now();
    expect(await fmt(() => tf.zeros([60000, 28, 28], 'int32'))).toBe('[[[0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  ...\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]]\n\n [[0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  ...\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]]\n\n [[0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  ...\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]]\n\n ...\n\n [[0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  ...\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]]\n\n [[0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  ...\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]]\n\n [[0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  ...\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]\n  [0 0 0 ... 0 0 0]]]');
    expect(performance.now() - start).toBeLessThan(5000);
  });
});

describe('toPython: Python values', () => {
  it.each([
    [new PyTuple([60000, 28, 28]), '(60000, 28, 28)'],
    [new PyTuple([5]), '(5,)'],
    [new PyTuple([]), '()'],
    [new PyList([1, new PyFloat(2), true, null]), '[1, 2.0, True, None]'],
    ['it\'s', '"it\'s"'],
    ['a\nb', "'a\\nb'"],
    [new PyDType('float32'), "dtype('float32')"],
    [null, 'None'],
    [5, '5'],
    [false, 'False'],
  ])('%s', async (value, expected) => {
    expect(await toPython(value)).toBe(expected);
  });

  it('str style: print shows strings and dtypes bare', async () => {
    expect(await toPython('abc', 'str')).toBe('abc');
    expect(await toPython(new PyDType('int32'), 'str')).toBe('int32');
    expect(await formatPrinted([{ items: ['a', 1, new PyFloat(0.5)], sep: ' ', end: '\n' }])).toBe('a 1 0.5\n');
    expect(pyStringRepr('x')).toBe("'x'");
  });
});
