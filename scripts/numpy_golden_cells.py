"""The cells of the NumPy golden corpus (issue 11): the prelude's fixtures, hand-picked edge cases, seeded generated cells.

Used by scripts/numpy_golden.py. Every source is text in the notebook's subset of Python.
"""
import random
import re

import numpy as np

# Fixture names per dtype, one table: main (with extremes and zeros), small (no zeros), 2-D (2, 3), 3-D (2, 3, 4),
# empty, 0-d array, numpy scalar.
KINDS = ('b', 'u8', 'i32', 'i64', 'u64', 'f32', 'f64')
DT = {'b': 'np.bool_', 'u8': 'np.uint8', 'i32': 'np.int32', 'i64': 'np.int64', 'u64': 'np.uint64', 'f32': 'np.float32', 'f64': 'np.float64'}
DT_STR = {'b': 'bool', 'u8': 'uint8', 'i32': 'int32', 'i64': 'int64', 'u64': 'uint64', 'f32': 'float32', 'f64': 'float64'}
MAIN = {k: k for k in KINDS}
SMALL = {k: k + 's' for k in KINDS}
MAT = {k: k + 'm' for k in KINDS}
CUBE = {k: 'c' + k for k in KINDS}
EMPTY = {k: 'e' + k for k in KINDS}
ZERO_D = {k: 'z' + k for k in KINDS}
SCALAR = {k: 's' + k for k in KINDS}
SPECIAL = {'f32': 'f32x', 'f64': 'f64x', 'i32': 'i32x', 'i64': 'i64x', 'u64': 'u64x', 'u8': 'u8x'}
FLOATS = ('f32', 'f64')


def _arr(values, kind):
    return f'np.array({values}, dtype={DT[kind]})'


PRELUDE = [
    # main: zeros, wrap-around material and each dtype's extremes
    'b = np.array([True, False, True, True, False, False])',
    'u8 = ' + _arr('[0, 1, 7, 128, 200, 255]', 'u8'),
    'i32 = ' + _arr('[0, 1, -7, 100, 2147483647, -2147483648]', 'i32'),
    'i64 = ' + _arr('[0, 1, -7, 100, 3000000000, -3000000000]', 'i64'),
    'u64 = ' + _arr('[0, 1, 7, 100, 255, 3000000000]', 'u64'),
    'f32 = ' + _arr('[0.0, 1.5, -2.25, 0.1, 100.0, -7.0]', 'f32'),
    'f64 = ' + _arr('[0.0, 1.5, -2.25, 0.1, 10000000000.0, -7.0]', 'f64'),
    # small: no zeros, so division, modulo and powers say something
    'bs = np.array([True, True, False, True, False, True])',
    'u8s = ' + _arr('[3, 1, 4, 1, 5, 9]', 'u8'),
    'i32s = ' + _arr('[-3, 1, -4, 1, 5, -9]', 'i32'),
    'i64s = ' + _arr('[2, 7, -1, 8, -2, 8]', 'i64'),
    'u64s = ' + _arr('[2, 7, 1, 8, 2, 8]', 'u64'),
    'f32s = ' + _arr('[0.5, -1.25, 3.0, 0.2, -4.0, 2.5]', 'f32'),
    'f64s = ' + _arr('[0.5, -1.25, 3.0, 0.2, -4.0, 2.5]', 'f64'),
    # 2-D (2, 3)
    'bm = np.array([[True, False, True], [False, False, True]])',
    'u8m = ' + _arr('[[0, 5, 255], [128, 7, 1]]', 'u8'),
    'i32m = ' + _arr('[[-1, 5, 2147483647], [128, -7, 1]]', 'i32'),
    'i64m = ' + _arr('[[-1, 5, 4000000000], [128, -7, 1]]', 'i64'),
    'u64m = ' + _arr('[[0, 5, 4000000000], [128, 7, 1]]', 'u64'),
    'f32m = ' + _arr('[[0.5, -1.5, 2.25], [3.0, 0.1, -0.0]]', 'f32'),
    'f64m = ' + _arr('[[0.5, -1.5, 2.25], [3.0, 0.1, -0.0]]', 'f64'),
    # 3-D (2, 3, 4)
    'ci64 = np.arange(24).reshape(2, 3, 4) - 12',
    'cb = ci64 % 3 == 0',
    'cu8 = np.arange(24, dtype=np.uint8).reshape(2, 3, 4) * 11',
    'ci32 = np.arange(24, dtype=np.int32).reshape(2, 3, 4) * 100000000',
    'cu64 = np.arange(24, dtype=np.uint64).reshape(2, 3, 4)',
    'cf32 = np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 8',
    'cf64 = np.arange(24, dtype=np.float64).reshape(2, 3, 4) / 3',
    # empty
    'eb = np.array([], dtype=np.bool_)',
    'eu8 = np.array([], dtype=np.uint8)',
    'ei32 = np.array([], dtype=np.int32)',
    'ei64 = np.array([], dtype=np.int64)',
    'eu64 = np.array([], dtype=np.uint64)',
    'ef32 = np.array([], dtype=np.float32)',
    'ef64 = np.array([])',
    'e2 = np.zeros((0, 3))',
    'e2u8 = np.zeros((2, 0), dtype=np.uint8)',
    # 0-d arrays
    'zb = np.array(True)',
    'zu8 = np.array(200, dtype=np.uint8)',
    'zi32 = np.array(-7, dtype=np.int32)',
    'zi64 = np.array(3000000000, dtype=np.int64)',
    'zu64 = np.array(7, dtype=np.uint64)',
    'zf32 = np.array(0.1, dtype=np.float32)',
    'zf64 = np.array(2.5)',
    # numpy scalars (what indexing one element gives)
    'sb = b[0]',
    'su8 = u8[4]',
    'si32 = i32[2]',
    'si64 = i64[3]',
    'su64 = u64[2]',
    'sf32 = f32[3]',
    'sf64 = f64[1]',
    # special values and extremes
    'f32x = ' + _arr('[np.nan, np.inf, -np.inf, -0.0, 1e-08, 3e+38]', 'f32'),
    'f64x = np.array([np.nan, np.inf, -np.inf, -0.0, 5e-324, 1.7976931348623157e+308])',
    'u8x = ' + _arr('[255, 0, 254]', 'u8'),
    'i32x = ' + _arr('[2147483647, -2147483648, 0]', 'i32'),
    # The notebook is exact to 2**53 (JavaScript numbers): its int64/uint64 extremes are +-(2**53 - 1).
    'i64x = ' + _arr('[9007199254740991, -9007199254740991, 0]', 'i64'),
    'u64x = ' + _arr('[9007199254740991, 0, 1]', 'u64'),
    # lesson-like
    'lab = ' + _arr('[5, 0, 4, 1, 9, 2, 1, 3, 1, 4]', 'u8'),
    'img = ' + _arr('[[0, 0, 0, 0], [0, 128, 255, 0], [0, 253, 64, 0], [0, 0, 0, 0]]', 'u8'),
    'img2 = ' + _arr('[[0, 10, 0, 0], [0, 255, 3, 0], [0, 100, 64, 1], [0, 0, 0, 0]]', 'u8'),
    'v = np.array([1, 2, 3, 4, 5])',
    # NumPy's order of float additions: long runs (pairwise sums differ from one accumulator), merged axes, and a
    # uint8 array past the host limit (65,536 items), as big as 300 MNIST images, with a bool mask of it
    'of64 = np.arange(6000).reshape(20, 300) / 7',
    'of32 = (np.arange(6000).reshape(20, 3, 100) / 7).astype(np.float32)',
    'gu8 = (np.arange(235200) * 7919 % 65521 % 256).astype(np.uint8).reshape(300, 28, 28)',
    'gb = gu8 > 150',
]

# Groups that are lists of hand-picked sources.
HAND = {
    'issue': [
        # uint8 wrap-around
        'u8 + 10', 'u8 - 10', 'u8 * 2', 'u8 ** 2', 'u8 + u8', 'u8 - u8s', 'u8s - u8', 'u8 * u8', 'img + 10',
        'img[1] + 10', 'img2 - img', 'img - img2', 'img[1] - img2[1]', 'img * img', 'img * 2', '-u8', 'u8 + True',
        'u8 + 255', 'u8s * 100', 'lab * 30', 'su8 + su8', 'su8 * 2', 'zu8 + 100',
        # NEP 50: Python ints that do not fit raise; those that fit keep uint8
        'u8 + 300', 'u8 + -1', 'u8 - 256', 'u8 * 1000', 'su8 + 300', 'zu8 + 300', '300 + u8', 'u8 + 256',
        'u8 == 300', 'u8 < 300', 'u8 > -1', 'i32 + 2147483648', 'i32 + 2147483647', 'u64 + -1', 'u64 - 1',
        'i64 + 9223372036854775808', 'u8 // 300', 'u8 % 256', 'np.array([1, 2], dtype=np.uint8) + 255',
        # true division is float64
        'u8 / 2', 'u8 / u8s', 'lab / 9', 'i32 / 2', 'b / 2', 'u8s / 0', 'img / 255', 'u8 / 255.0',
        'f32 / 2', 'f32 / u8s', 'su8 / 2', 'zu8 / zu8',
        # integer sums: int64 / uint64
        'u8.sum()', 'u8s.sum()', 'i32.sum()', 'i32x.sum()', 'b.sum()', 'u64.sum()', 'u8x.sum()', 'img.sum()',
        'lab.sum()', 'np.sum(u8)', 'u8m.sum(axis=0)', 'i32m.sum(axis=1)', 'bm.sum(axis=0)', 'cu8.sum()',
        'cu8.sum(axis=(1, 2))', 'img.sum(axis=0)',
        # mean / std / var of integers: float64
        'u8.mean()', 'i32.mean()', 'u8.std()', 'lab.std()', 'lab.var()', 'b.mean()', 'img.mean()', 'img.std()',
        'u8m.mean(axis=1)', 'i32x.mean()', 'u64.mean()', 'lab.mean()', 'cu8.std(axis=0)',
        # float floor division and modulo
        '1 // 0.1', '1 % 0.1', 'f64s // 0.1', 'np.array([1.0]) // 0.1', 'np.array([1.0], dtype=np.float32) // 0.1',
        'f64 // 0.1', '7.5 // 2', '-7.5 // 2', 'f64s // -0.5', 'f64s % -0.5', 'np.array([-7.5, 7.5]) // 2',
        'np.array([-7.5, 7.5]) % 2', 'np.array([0.3]) // 0.1', 'np.array([0.3]) % 0.1',
        # x % inf
        'f64s % np.inf', '-f64s % np.inf', 'f32s % np.inf', '5 % np.inf', '-5 % np.inf', 'f64s % -np.inf',
        '5.0 % -np.inf', 'f64x % np.inf', 'f64s // np.inf', '-f64s // np.inf',
        # integer powers, exact
        'lab ** 9', 'u8s ** 3', 'i64s ** 5', 'i32s ** 2', 'lab ** 2', 'u8s ** u8s', 'v ** 20', 'v ** 27',
        'np.array([3]) ** 39', 'i64s ** 2', 'i32s ** 3', 'u64s ** 20', 'v ** 0', 'v ** -1', 'i32s ** -2',
        'v ** 2.0', 'v ** 0.5', '2 ** v', '2 ** lab', '3 ** u8s',
        # empty reductions
        'ef64.mean()', 'eu8.mean()', 'ef64.all()', 'eu8.all()', 'ef64.any()', 'ef64.sum()', 'eu8.sum()',
        'eb.sum()', 'eb.all()', 'eb.any()', 'e2.mean(axis=0)', 'e2.sum(axis=1)', 'e2.sum(axis=0)', 'e2.mean()',
        'e2.all(axis=0)', 'ef64.std()', 'ef64.var()', 'ef64.max()', 'eu8.min()', 'ef64.argmax()', 'e2.max(axis=1)',
        'e2.max(axis=0)', 'e2u8.sum(axis=1)', 'e2u8.mean(axis=1)', 'e2u8.any(axis=0)',
        # argmax / argmin with NaN and keepdims
        'np.array([1.0, np.nan, 3.0]).argmax()', 'f64x.argmax()', 'f64x.argmin()',
        'np.array([1.0, 5.0, np.nan, 7.0]).argmin()', 'f32x.argmax()', 'f32x.argmin()',
        'np.array([[1.0, np.nan], [3.0, 2.0]]).argmax(axis=0)', 'np.array([[1.0, np.nan], [3.0, 2.0]]).argmin(axis=1)',
        'np.array([np.nan, np.nan]).argmax()', 'f64x.max()', 'f64x.min()', 'np.array([1.0, np.nan]).max()',
        'u8.argmax(keepdims=True)', 'u8m.argmax(axis=1, keepdims=True)', 'np.argmax(u8m, axis=0, keepdims=True)',
        'u8m.argmin(keepdims=True)', 'np.argmin(cu8, axis=2, keepdims=True)', 'u8.argmax()', 'u8m.argmax()',
        'u8m.argmax(axis=0)', 'np.argmax(lab)', 'np.argmin(lab)', 'b.argmax()', 'bm.argmin(axis=1)',
        # == None
        'u8 == None', 'u8 != None', 'f64 == None', 'u8m == None', 'u8 is None', 'u8 is not None', 'None == u8',
        'eu8 == None', 'zu8 == None',
        # bincount
        'np.bincount([])', 'np.bincount(lab)', 'np.bincount(lab, minlength=12)', 'np.bincount(eu8)',
        'np.bincount([0, 0, 3])', 'np.bincount(u8s)', 'np.bincount(np.array([2, 2, 5]))', 'np.bincount([], minlength=3)',
        'np.bincount(lab, minlength=2)', 'np.bincount(i32s)', 'np.bincount(f64s)', 'np.bincount(u8m)',
        'np.bincount(b)', 'np.bincount(u64s)',
        # Python lists as operands
        'v * [0.5, 2.0, -1.0, 1.0, 4.0]', 'v + [1, 2, 3, 4, 5]', 'v * [True, False, True, False, True]',
        '[0.5, 2.0, -1.0, 1.0, 4.0] * v', 'u8s + [1, 2, 3, 4, 5, 6]', 'u8s * [0.5, 2.0, -1.0, 1.0, 4.0, 0.0]',
        'u8s == [3, 1, 4, 1, 5, 9]', 'f32s + [1, 2, 3, 4, 5, 6]', 'f32s + [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]',
        'v - [1, 1, 1, 1, 1]', 'v + [1, 2]', 'u8s + [300, 0, 0, 0, 0, 0]',
        # truth value of arrays
        'bool(u8)', 'bool(eu8)', 'bool(zu8)', 'bool(u8[0])', 'bool(u8[1])', 'not u8', 'u8 and b',
        'u8 if u8 else 0', 'bool(np.array([5]))', 'bool(np.array([0.0]))', 'bool(zb)', 'not zu8', 'b or u8',
        '0 < u8 < 10', 'u8 < 10 < 20', 'bool(sf32)', 'not sb',
    ],
    'python': [
        '7 // 2', '-7 // 2', '7 % -3', '-7 % 3', '7.5 % 2', '-7.5 % 2', '2 ** 10', '2 ** -1', '(-2) ** 3',
        '-2 ** 2', '2 ** 0.5', '1 / 3', '0.1 + 0.2', '0.1 * 3', '5 / 0', '5 // 0', '5 % 0', '5.0 / 0',
        '5.0 // 0.0', 'True + True', 'True * 3', 'True / 2', '10 ** 15', '2 ** 53', '2 ** 53 + 1', '10 ** 20',
        '1e308 * 10', '-1e308 * 10', '1e-320', '5e-324 / 2', 'float("inf")', 'float("nan")', 'float("-inf")',
        'float("1e-5")', 'int(3.7)', 'int(-3.7)', 'int(True)', 'int("42")', 'float(3)', 'float(True)', 'bool(0)',
        'bool(0.0)', 'bool("")', 'bool("a")', 'bool(())', 'bool(None)', 'abs(-3)', 'abs(-2.5)', 'abs(-0.0)',
        'abs(True)', 'len([1, 2, 3])', 'len("abc")', 'len(())', '(1, 2) + (3,)', '[1, 2] * 2', '(0,) * 3',
        '"ab" + "cd"', '"ab" * 2', '3 if True else 4', '1 < 2 < 3', '3 > 2 > 2', '1 == 1.0', '1 is None',
        'None is None', '1e-7', '1e16', '1e15', '1.5e-5', '0.0001', '123456789012345678.0', '1e22', '-0.0',
        '0.0 == -0.0', '-0.0 * 1', '1 and 2', '0 or 3', '0 and 3', 'not 0', '~5', '~-1', '-(-3)', '5 & 3',
        '5 | 3', '5 ^ 3', 'True & False', 'True | False', 'True ^ True', '2 in (1, 2)', '3 not in [1, 2]',
        '"b" in "abc"', 'len(range(5))', '(1, 2, 3)[1]', '(1, 2, 3)[-1]', '(1, 2, 3)[1:]', '[1, 2, 3][::-1]',
        '"hello"[1:3]', '(1, 2, 2).count(2)', '(1, 2, 3).index(3)', '(1, 2)[5]', '1 / 3 * 3', '2 ** 0.5 * 2 ** 0.5',
        '4.35 * 100', '1.1 + 2.2', '3 * 1.1', '1e16 + 1', '2.5 // 1', '-2.5 // 1', '10 / 4', '10 // 4',
        '-10 // 4', '-10 % 4', '0.5 ** 2', '(-8) ** (1 / 3)', '0 ** 0', '0.0 ** -1', 'int(2.5e9)',
        'float(2 ** 53 + 1)', '7 // -2.0', '7 % -2.0', 'np.pi', 'np.e', 'np.nan', 'np.inf', '-np.inf',
        'np.nan == np.nan', 'np.inf > 1e308', 'np.pi * 2', 'np.newaxis is None',
    ],
    'dtype': [
        'u8.dtype', 'b.dtype', 'i32.dtype', 'i64.dtype', 'u64.dtype', 'f32.dtype', 'f64.dtype', 'u8.dtype.name',
        'f64.dtype.name', 'b.dtype.name', 'u8.dtype == np.uint8', 'u8.dtype == np.int32', "u8.dtype == 'uint8'",
        'f64.dtype == np.float64', 'f64.dtype == np.float32', 'b.dtype == np.bool_', 'i64.dtype == np.int64',
        "f32.dtype == 'float32'", 'u8.dtype == u8s.dtype', '(u8 + 1).dtype', '(u8 + 1.5).dtype', '(u8 / 1).dtype',
        '(u8 // 1).dtype', 'u8.sum().dtype', 'i32.sum().dtype', 'b.sum().dtype', 'u8.mean().dtype', 'f32.mean().dtype',
        'f32.sum().dtype', 'f32.std().dtype', '(u8 + i32).dtype', '(u64 + i64).dtype', '(u8 + u64).dtype',
        '(b + b).dtype', '(b + 1).dtype', '(b * 1.5).dtype', '(f32 + 1.5).dtype', '(f32 + f64).dtype',
        '(f32 + i32).dtype', '(f32 + u8).dtype', '(u8 + su8).dtype', '(u8 + zi64).dtype', '(f32 + zf64).dtype',
        '(f32 + sf64).dtype', 'u8.argmax().dtype', 'np.zeros(3).dtype', 'np.arange(3).dtype', 'np.arange(3.0).dtype',
        'np.array([1, 2]).dtype', 'np.array([1.0]).dtype', 'np.array([True]).dtype', 'np.array([]).dtype',
        'np.array([1, 2.5]).dtype', 'np.array([True, 2]).dtype', 'np.array(5).dtype', 'np.array(5.0).dtype',
        'u8.astype(np.float32).dtype', "u8.astype('int64').dtype", 'u8.astype(int).dtype', 'u8.astype(float).dtype',
        'u8.astype(bool).dtype', 'np.abs(i32).dtype', 'np.sqrt(f32).dtype', 'np.sqrt(i32).dtype', 'np.exp(i64).dtype',
        '(u8 > 1).dtype', 'np.where(b, u8, 0).dtype', 'np.where(b, u8, 1.5).dtype', 'np.where(b, u8, i32).dtype',
        'np.unique(u8).dtype', 'np.bincount(lab).dtype', 'np.count_nonzero(u8m, axis=0).dtype', 'u8[0].dtype',
        'u8.max().dtype', 'lab.std().dtype', 'img.mean().dtype', '(img / 255).dtype', '(img * 1.0).dtype',
    ],
    'print': [
        'np.array([0.1, 0.25, 1.0])', 'np.array([1.0, 2.0])', 'np.array([1e-5, 1.0])', 'np.array([1e-4, 1.0])',
        'np.array([1e8, 1.0])', 'np.array([1e7, 1.0])', 'np.array([1000.0, 0.5])', 'np.array([1001.0, 1.0])',
        'np.array([999.0, 1.0])', 'np.array([np.nan, 1.0])', 'np.array([np.inf, -np.inf, 0.5])', 'np.array([-0.0, 0.0])',
        'np.array([0.0, 0.0])', 'np.array([-0.0])', 'np.array(-0.0)', 'f64 * -0.0', 'np.array([1 / 3, 2 / 3])',
        'np.array([1 / 3], dtype=np.float32)', 'np.array([1 / 3, 1e-5])', 'np.array([123456.789])',
        'np.array([0.123456789])', 'np.array([0.123456789], dtype=np.float32)', 'np.arange(12.0) / 7',
        'np.arange(20).reshape(4, 5)', 'np.arange(1200)', 'np.arange(1200.0) / 7', 'np.arange(3000).reshape(30, 100)',
        'np.zeros((2, 3, 4))', 'np.array([[1.5, 2.0], [3.0, 4.25]])', 'np.array([100, -5, 3])', 'np.array([True, False])',
        'np.array(5)', 'np.array(5.5)', 'np.array([1.5], dtype=np.float32)', 'np.array([0.1, 0.2, 0.3], dtype=np.float32)',
        'np.array([1e-8], dtype=np.float32)', 'np.array([3.4e38], dtype=np.float32)', 'np.array([255], dtype=np.uint8)',
        'np.arange(30) * 1000', 'np.arange(25) / 3', 'np.array([1e100, 1.0])', 'np.array([1e-300])', 'np.array([5e-324])',
        'f64x', 'f32x', 'np.array([5e-06])', 'np.array([5e-06], dtype=np.float32)', 'np.array([1.5e10, 1.0])',
        'np.array([0.1, 1e-8])', 'np.array([1e16])', 'np.array([1e15])', 'np.array([1e-5], dtype=np.float32)',
        'np.array([123456789.0])', 'np.array([123456789.0], dtype=np.float32)', 'np.array([0.1], dtype=np.float32) * 3',
        'np.array([16777217.0], dtype=np.float32)', 'np.array([-1e-5, 1e5])', 'np.array([1e-5, np.nan])',
        'np.array([-np.inf, 1e10])', 'np.array([np.nan])', 'np.array([np.nan, -np.inf])', 'np.array([[np.nan, 1.5], [2.0, -0.0]])',
        'np.array([0.5, 100.0, 1e-3])', 'np.array([-1.5, 22.25, -333.125])', 'np.array([[0.001, 1000.0]])',
        'np.array([1e-4, 1e-4])', 'np.array([9.999e-5, 1.0])', 'np.array([1.0, 1e3])', 'np.array([1.0, 1.001e3])',
        'np.array(1e-5)', 'np.array(1e20)', 'np.array(np.nan)', 'np.array([-5, 100], dtype=np.int32)',
        'np.array([0, 18446744073709551615], dtype=np.uint64)', 'np.array([-9223372036854775808, 5], dtype=np.int64)',
        'np.arange(10) * 1000000000', 'np.array([[1, 22], [333, -4444]])', 'np.array([[True], [False]])',
        'np.zeros((3, 0))', 'np.zeros((0,))', 'np.zeros(0, dtype=np.uint8)', 'np.array([], dtype=np.int32)',
        'np.array([[]])', 'np.zeros((2, 0, 3), dtype=np.float32)', 'np.arange(100).reshape(2, 50)',
        'np.arange(60).reshape(3, 20) / 7', 'np.array([0.1]) * 3', 'np.array([1.0]) / 3', 'f64[3]', 'f32[3]',
        'f32[3] * 3', 'f64[3] * 3', 'f64.mean()', 'f32.mean()', 'f64x[0]', 'f32x[3]', 'f64x[3]', 'f64x[4]', 'f32x[4]',
        'sf32 + sf32', 'u8[0]', 'b[0]', 'b[1]', 'i64[4]', 'u64[5]', 'zf32', 'zf64', 'zu8', 'zb', 'su8', 'sb',
        'np.array([0.1])[0]', 'np.array([1e-5])[0]', 'np.array([1e16])[0]', 'np.array([1e-5], dtype=np.float32)[0]',
        'np.array([3e38], dtype=np.float32)[0] * 10', 'np.array([2.5])[0] * 2', 'np.array([255], dtype=np.uint8)[0] + 1',
        'f64x.sum()', 'f32s.sum()', 'f64s.sum()', 'cf64.sum()', 'cf64.mean()', 'cf64.std()', 'cf32.mean()',
    ],
    'order': [
        'of64.sum()', 'of64.sum(axis=0)', 'of64.sum(axis=1)', 'of64.mean(axis=1)', 'of64.std()', 'of64.var(axis=1)',
        'of64.reshape(20, 3, 100).sum(axis=(1, 2))', 'of64.reshape(20, 3, 100).sum(axis=(0, 2))',
        'of64.reshape(20, 3, 100).sum(axis=(0, 1))[:5]', 'of64.reshape(4, 5, 300).mean(axis=(0, 1))[:5]',
        'of64.reshape(2, 10, 300).std(axis=(1, 2))', 'of32.sum()', 'of32.sum(axis=(1, 2))', 'of32.mean(axis=2)[0]',
        'of32.std()', 'of32.var(axis=(0, 2))',
        'gu8.std()', 'gu8.var()', 'gu8.mean()', 'gu8.sum()', 'gu8.std(axis=0).max()', 'gu8.std(axis=0)[14]',
        'gu8.var(axis=(1, 2))[:5]', 'gu8.std(axis=(0, 2))[:4]', 'gu8.std(axis=2)[0][:4]', 'gu8.reshape(300, 784).std(axis=1)[:3]',
        '(gu8 / 255).mean()', '(gu8 / 255).sum()', '(gu8 / 255).std()', '(gu8 / 255).var(axis=0).max()',
        '(gu8 / 255).mean(axis=(1, 2))[:5]', '(gu8 / 255).sum(axis=0)[3]', '(gu8 * 0.5 - 3).std()', '(gu8 - 0.25).sum()',
        '(255 - gu8.astype(np.float64)).mean()', 'gu8.astype(np.float64).mean(axis=0)[10]', '(-(gu8 / 7)).sum()',
        '((gu8 / 255) ** 2).mean()', '(gu8 / 3.0 // 1).mean()', '(gu8 % 7.5).std()', '(1 / (gu8 + 1.0)).sum()',
        'gb.std()', 'gb.var()', 'gb.mean()', '(gb / 3).sum()', 'gb.std(axis=0).max()',
        'gu8[:150].std()', 'gu8[100:].var()', 'gu8[gu8.sum(axis=(1, 2)) > 100000].std()', 'x = gu8 / 255\nx.std()',
        'gu8.T.std()', 'gu8[:, ::2].std()',
    ],
    'dtypecall': [
        'np.uint8(300)', 'np.uint8(-1)', 'np.uint8(3.7)', 'np.uint8(300.5)', 'np.int32(np.nan)', 'np.int64(np.inf)',
        'np.int32(np.float64(3.9))', 'np.uint8(np.int64(300))', 'np.float32(0.1)', 'np.float32()', 'np.bool_(2)',
        'np.float64(np.float32(0.1))', 'np.uint8([1, 2, 300])', 'np.uint8([1, 2, 3])', 'np.int64(True)',
        'np.float32(np.array([1, 2]))', 'np.uint8(np.array(300))', 'np.int32(2 ** 40)', 'np.uint64(-1)',
        'np.int32(-3.9)', 'np.float32(1, 2)', 'np.float64(7) / 2', 'np.uint8(200) + np.uint8(100)', 'np.float32(7) * 3',
        'np.int32(u8)', 'np.float64(f32)', 'np.bool_(u8)', 'np.uint8(f64s)', 'np.float32(lab)[:3]', 'np.int64(7).dtype',
        'np.uint8(sf64)', 'np.int32(si64)', 'np.float32(su8)', 'np.uint8(True)',
    ],
}

ARITH = ('+', '-', '*', '/', '//', '%', '**')
BITWISE = ('&', '|', '^')
COMPARE = ('==', '!=', '<', '<=', '>', '>=')
# Python ints around every dtype's edges (NEP 50: one that does not fit the array's dtype raises OverflowError).
INT_POOL = (0, 1, 2, 3, 7, -1, -3, 10, 100, 127, 128, 255, 256, 300, -129, 1000, 65535, 2147483647, 2147483648,
            -2147483649, 4294967296, 9007199254740992, 9223372036854775807, 9223372036854775808,
            18446744073709551615, -9223372036854775808)
FLOAT_POOL = ('0.5', '1.5', '-2.0', '0.1', '3.0', '0.001', '1e+20', '-0.0', 'np.nan', 'np.inf', '2.5', '-np.inf')
LISTS = ('[1, 2, 3, 4, 5, 6]', '[-1, 0, 2, -3, 4, 300]', '[0.5, 2.0, -1.0, 1.0, 4.0, 0.0]', '[True, False, True, False, True, True]')


def left(text):
    """A literal as a left operand: negatives parenthesized, so `(-1) ** x` is not `-(1 ** x)`."""
    return f'({text})' if str(text).startswith('-') else str(text)


def gen_binary(rng):
    cells = []
    for op in ARITH:
        for a in KINDS:
            for c in KINDS:
                cells.append(f'{MAIN[a]} {op} {SMALL[c]}')
                if rng.random() < 0.2:
                    cells.append(f'{SMALL[a]} {op} {MAIN[c]}')
                if rng.random() < 0.25:
                    cells.append(f'{rng.choice((MAIN, SMALL))[a]} {op} {ZERO_D[c]}')
                if rng.random() < 0.2:
                    cells.append(f'{SMALL[a]} {op} {SCALAR[c]}')
                if rng.random() < 0.1:
                    cells.append(f'{SCALAR[a]} {op} {SCALAR[c]}')
                if rng.random() < 0.06:
                    cells.append(f'{ZERO_D[a]} {op} {ZERO_D[c]}')
                if rng.random() < 0.08:
                    cells.append(f'{MAT[a]} {op} {SMALL[c]}[:3]')
                if rng.random() < 0.03:
                    cells.append(f'{MAT[a]} {op} {SMALL[c]}[:2].reshape(2, 1)')
            for n in rng.sample(INT_POOL, 3):
                cells.append(f'{rng.choice((MAIN, MAIN, SMALL))[a]} {op} {n}')
            for n in rng.sample(INT_POOL, 2):
                cells.append(f'{left(n)} {op} {SMALL[a]}')
            cells.append(f'{rng.choice((SCALAR, ZERO_D))[a]} {op} {rng.choice(INT_POOL)}')
            for f in rng.sample(FLOAT_POOL, 2):
                cells.append(f'{rng.choice((MAIN, SMALL))[a]} {op} {f}')
            cells.append(f'{left(rng.choice(FLOAT_POOL))} {op} {SMALL[a]}')
            cells.append(f'{rng.choice((MAIN, SMALL))[a]} {op} {rng.choice(("True", "False"))}')
            cells.append(f'{SMALL[a]} {op} {rng.choice(LISTS)}')
            if rng.random() < 0.3:
                cells.append(f'{rng.choice(LISTS)} {op} {SMALL[a]}')
            if rng.random() < 0.3:
                cells.append(f'{EMPTY[a]} {op} {rng.choice(("1", "2.5", EMPTY[rng.choice(KINDS)]))}')
    return [('binary', c) for c in cells]


def gen_bitwise(rng):
    kinds = ('b', 'u8', 'i32', 'i64', 'u64')
    cells = []
    for op in BITWISE:
        for a in kinds:
            for c in kinds:
                cells.append(f'{MAIN[a]} {op} {SMALL[c]}')
            for n in rng.sample(INT_POOL, 2):
                cells.append(f'{rng.choice((MAIN, SMALL))[a]} {op} {n}')
            cells.append(f'{SMALL[a]} {op} {rng.choice(("True", "False"))}')
            cells.append(f'{rng.choice((SCALAR, ZERO_D))[a]} {op} {rng.choice((ZERO_D, SCALAR))[rng.choice(kinds)]}')
        for f in FLOATS:
            cells.append(f'{MAIN[f]} {op} {MAIN[rng.choice(kinds)]}')
            cells.append(f'{SMALL[rng.choice(kinds)]} {op} 1.5')
    return [('bitwise', c) for c in cells]


def gen_compare(rng):
    cells = []
    for a in KINDS:
        for c in KINDS:
            cells.append(f'{MAIN[a]} {rng.choice(COMPARE)} {SMALL[c]}')
            if rng.random() < 0.4:
                cells.append(f'{SMALL[a]} {rng.choice(COMPARE)} {MAIN[c]}')
            if rng.random() < 0.25:
                cells.append(f'{MAIN[a]} {rng.choice(COMPARE)} {rng.choice((ZERO_D, SCALAR))[c]}')
        for op in COMPARE:
            for n in rng.sample(INT_POOL, 2):
                cells.append(f'{rng.choice((MAIN, SMALL))[a]} {op} {n}')
            cells.append(f'{rng.choice((MAIN, SMALL) + ((SPECIAL,) if a in SPECIAL else ()))[a]} {op} {rng.choice(FLOAT_POOL)}')
        cells.append(f'{SMALL[a]} == {rng.choice(LISTS)}')
        cells.append(f'{MAIN[a]} {rng.choice(COMPARE)} {rng.choice(("True", "False"))}')
        cells.append(f'{MAT[a]} {rng.choice(COMPARE)} {SMALL[rng.choice(KINDS)]}[:3]')
        cells.append(f'{EMPTY[a]} {rng.choice(COMPARE)} {rng.choice(("0", "1.5"))}')
        cells.append(f'{MAIN[a]} == None')
        cells.append(f'{rng.choice(INT_POOL)} in {MAIN[a]}')
        if a in SPECIAL:
            cells.append(f'{SPECIAL[a]} {rng.choice(COMPARE)} {SPECIAL[a]}')
    return [('compare', c) for c in cells]


UNARY = ('-{x}', '+{x}', '~{x}', 'abs({x})', 'np.abs({x})', 'np.sqrt({x})', 'np.exp({x})', 'np.log({x})')
UNARY_EXTRA = [
    'np.sqrt(img / 255)', 'np.sqrt(u8.astype(np.float32))', 'np.log(0.0)', 'np.sqrt(-1.0)', 'np.exp(1000.0)',
    'np.exp(0.5)', 'np.log(10)', 'np.sqrt(2)', 'np.abs(-128)', 'np.abs(-2.5)', 'np.abs(True)', 'abs(su8)', 'abs(si32)',
    '-su8', '-si32', '~su8', '~sb', 'not zb', 'not su8', 'np.sqrt(zf32)', 'np.log(ef64)', 'np.exp(e2)', '-e2', '~eb',
    'np.sqrt(f64x)', 'np.log(f64x)', 'np.exp(f32x)', '-f64x', 'abs(f32x)', 'np.log(f32s)', 'np.sqrt(-0.0)', '-(-u8)',
    '--i32x', '~~u8', 'np.abs(i32x)', 'np.abs(i64x)', '-i64x', '-u64x', '~u64x', 'np.exp(cf64)', 'np.log(cf32 + 1)',
]


def gen_unary(rng):
    fixtures = (SMALL, MAT, ZERO_D, SCALAR, EMPTY, CUBE)
    cells = []
    for pattern in UNARY:
        for a in KINDS:
            cells.append(pattern.format(x=MAIN[a]))
            cells.append(pattern.format(x=rng.choice(fixtures)[a]))
            if a in SPECIAL and rng.random() < 0.5:
                cells.append(pattern.format(x=SPECIAL[a]))
    for a in KINDS:
        cells.append(f'not {rng.choice((MAIN, ZERO_D, SCALAR, EMPTY))[a]}')
    return [('unary', c) for c in cells + UNARY_EXTRA]


REDUCERS = ('sum', 'mean', 'min', 'max', 'std', 'var', 'any', 'all', 'argmax', 'argmin', 'count_nonzero')
AXES = {
    0: ('', 'axis=None', 'axis=0', 'keepdims=True', 'axis=-1'),
    1: ('', 'axis=0', 'axis=-1', 'keepdims=True', 'axis=1', 'axis=0, keepdims=True', 'axis=(0,)', 'axis=None'),
    2: ('', 'axis=0', 'axis=1', 'axis=-1', 'axis=(0, 1)', 'axis=1, keepdims=True', 'keepdims=True', 'axis=2',
        'axis=-3', 'axis=(1, 0)', 'axis=(0, 0)', 'axis=-2, keepdims=True'),
    3: ('', 'axis=0', 'axis=1', 'axis=2', 'axis=(0, 2)', 'axis=(1, 2)', 'axis=-1, keepdims=True', 'axis=(0, 1, 2)',
        'axis=(2, 0), keepdims=True', 'axis=3'),
}


def reduction(kind, x, args, form, rng):
    """`x.sum(axis=0)`, `x.sum(0)` or `np.sum(x, axis=0)` (np.amin/np.amax for half of min/max)."""
    sep = ', ' if args else ''
    if kind == 'count_nonzero' or form == 'np':
        name = 'a' + kind if kind in ('min', 'max') and rng.random() < 0.5 else kind
        return f'np.{name}({x}{sep}{args})'
    if form == 'positional' and re.fullmatch(r'axis=-?\d+', args):
        return f'{x}.{kind}({args[5:]})'
    return f'{x}.{kind}({args})'


def gen_reduce(rng):
    fixtures = lambda a: [(MAIN[a], 1), (SMALL[a], 1), (MAT[a], 2), (CUBE[a], 3), (EMPTY[a], 1), (ZERO_D[a], 0)] + (
        [(SPECIAL[a], 1)] if a in SPECIAL else [])
    cells = []
    for kind in REDUCERS:
        for a in KINDS:
            form = rng.choice(('method', 'method', 'np'))
            cells.append(reduction(kind, MAIN[a], '', form, rng))
            cells.append(reduction(kind, MAT[a], 'axis=0', form, rng))
            cells.append(reduction(kind, CUBE[a], 'axis=(1, 2)', rng.choice(('method', 'np')), rng))
            cells.append(reduction(kind, EMPTY[a], '', 'method', rng))
            if a in SPECIAL:
                cells.append(reduction(kind, SPECIAL[a], '', 'method', rng))
            for _ in range(3):
                x, ndim = rng.choice(fixtures(a))
                cells.append(reduction(kind, x, rng.choice(AXES[ndim]), rng.choice(('method', 'np', 'positional')), rng))
    return [('reduce', c) for c in cells]


def in_range(values, dst):
    """Float to integer casts are defined in C only for values the target holds: others are left out (platform-defined)."""
    values = np.asarray(values)
    if dst not in ('u8', 'i32', 'i64', 'u64') or values.dtype.kind != 'f':
        return True
    info = np.iinfo(DT_STR[dst])
    finite = np.isfinite(values).all()
    return bool(finite and (values.size == 0 or (values.min() > info.min - 1 and values.max() < info.max + 1)))


def gen_astype(rng, base):
    cells = []
    for a in KINDS:
        fixtures = [MAIN[a], SMALL[a], MAT[a], ZERO_D[a], SCALAR[a], EMPTY[a]] + ([SPECIAL[a]] if a in SPECIAL else [])
        for c in KINDS:
            picks = [MAIN[a], SMALL[a]] + rng.sample(fixtures[2:], 1)
            for x in picks:
                if not in_range(base[x], c):
                    continue
                spelling = DT[c] if rng.random() < 0.8 else repr(DT_STR[c])
                cells.append(f'{x}.astype({spelling})')
        for builtin in ('int', 'float', 'bool'):
            x = rng.choice(fixtures)
            if in_range(base[x], 'i64'):
                cells.append(f'{x}.astype({builtin})')
        x = rng.choice(fixtures)
        if in_range(base[x], 'i64'):
            cells.append(f'{x}.astype({rng.choice(("int", "float", "bool", "uint8", "f8", "i4", "nonsense"))!r})')
        c = rng.choice(KINDS)
        if in_range(base[MAIN[a]], c):
            cells.append(f'np.array({MAIN[a]}, dtype={DT[c]})')
    cells += ['u8.astype(np.int32) + 300', 'img.astype(np.int32) - img2', 'img.astype(np.float32) / 255',
              "lab.astype('float64').mean()", 'f64s.astype(np.int32)', 'f64s.astype(np.uint8)', 'f32s.astype(np.int64)',
              'i32.astype(np.uint8)', 'i64.astype(np.int32)', 'u64.astype(np.int64)', 'i64.astype(np.uint64)',
              'i32x.astype(np.float32)', 'i64x.astype(np.float64)', 'u64x.astype(np.float32)', 'f64.astype(np.float32)',
              'np.array([16777217]).astype(np.float32)', 'np.array([0.1]).astype(np.float32)', 'f64x.astype(np.float32)',
              'f64x.astype(bool)', "u8.astype('f4')", "u8.astype('i8')", "u8.astype('?')", "u8.astype('float')",
              "u8.astype('int')", "u8.astype('bool')", "u8.astype('u1')", "u8.astype('nonsense')", 'u8.astype(5)']
    return [('astype', c) for c in cells]


INDEX_1D = ('[0]', '[-1]', '[5]', '[6]', '[-7]', '[1:4]', '[::-1]', '[::2]', '[-3:]', '[4:1]', '[1:100]', '[[0, 2, 2]]',
            '[[-1, 0]]', '[np.array([1, 3])]', '[bs]', '[[True, False, True, False, True, False]]', '[None]', '[:, None]',
            '[...]', '[2:3]', '[1::-2]', '[::-2]', '[[]]', '[0.5]', '[[6]]', '[1][()]', '[b]', '[lab[:2]]')
INDEX_2D = ('[1]', '[:, 1]', '[1, 2]', '[-1, -1]', '[..., 0]', '[None]', '[:, None]', '[0, :2]', '[:, ::-1]', '[[1, 0]]',
            '[[0, 1], [2, 0]]', '[2]', '[0, 3]', '[bm]', '[1][2]', '[:, [0, 2]]', '[0][::2]', '.T[2]', '[0, 0, 0]',
            '[:, -1:]', '[1:, 1:]', '[::-1, ::2]', '[bs[:2]]', '[:, bs[:3]]')
INDEX_3D = ('[1, :, ::2]', '[:, 1]', '[..., -1]', '[1, 2, 3]', '[0][1]', '[:, :, 0]', '[cb]', '[1, ..., 1]', '[None, 0]',
            '[:, None, 1]', '[-1, -1]', '[0, [0, 2]]', '[..., ::-3]', '[2]')


def gen_index(rng):
    cells = []
    for a in KINDS:
        for form in INDEX_1D:
            if rng.random() < 0.5:
                cells.append(rng.choice((MAIN, SMALL))[a] + form)
        for form in INDEX_2D:
            if rng.random() < 0.5:
                cells.append(MAT[a] + form)
        for form in INDEX_3D:
            if rng.random() < 0.6:
                cells.append(CUBE[a] + form)
        cells.append(f'{ZERO_D[a]}[()]')
        cells.append(f'{ZERO_D[a]}[0]')
        cells.append(f'{EMPTY[a]}[0]')
        cells.append(f'{EMPTY[a]}[:3]')
    cells += ['img[1:3, 1:3]', 'img[1][1:3]', 'lab[0:10]', 'lab[lab > 3]', 'lab[-3:]', 'img[:, 1]', 'img[2, 1]',
              'u8[i32s[:2]]', 'u8[u8s]', 'u8[np.array([0, 1], dtype=np.uint8)]', 'u8[zi32]', 'u8[si64]', 'u8[su8]',
              'u8[sf32]', 'u8[True]', 'u8[np.array([True, False])]', '(1, 2, 3)[su8 - su8]', 'f64[bs][::-1]']
    return [('index', c) for c in cells]


def gen_mask(rng):
    cells = []
    thresholds = {'b': ('0', 'False'), 'u8': ('5', '100', '254'), 'i32': ('0', '-5', '99'), 'i64': ('0', '1', '7'),
                  'u64': ('1', '100'), 'f32': ('0', '0.1', '-2.25'), 'f64': ('0', '0.1', '1.5')}
    for a in KINDS:
        t = rng.choice(thresholds[a])
        x = MAIN[a]
        cells += [f'{x}[{x} > {t}]', f'({x} > {t}).sum()', f'{x}[({x} > {t}) & bs]', f'{MAT[a]}[{MAT[a]} > {t}]',
                  f'np.where({x} > {t}, {x}, 0)', f'np.where({x} > {t})', f'({x} > {t}).any()', f'({x} == {t}).all()',
                  f'{x}[~({x} > {t})]', f'np.count_nonzero({x} > {t})', f'{x}[{x} > {t}].mean()', f'({x} > {t}).mean()',
                  f'{x}[{x} > {t}].sum()', f'{x}[({x} > {t}) | b]', f'{CUBE[a]}[{CUBE[a]} > {t}].sum()',
                  f'{x}[{x} < {t}].max()']
        if a in FLOATS:
            cells += [f'{SPECIAL[a]}[{SPECIAL[a]} != {SPECIAL[a]}]', f'{SPECIAL[a]}[{SPECIAL[a]} > 0]',
                      f'({SPECIAL[a]} == {SPECIAL[a]}).sum()']
    cells += ['img[img > 0]', 'img[img > 0].mean()', '(img > 128).sum()', 'lab[lab == 1]', '(lab == 1).sum()',
              'img[img2 > 50]', 'u8[u8 > 300]', 'u8[u8 > 1000].sum()', 'u8[u8 == 7]', 'u8[b & bs]', 'u8[b | bs]',
              'u8[b ^ bs]', 'u8[~b]', 'u8[(u8 > 5) & (u8 < 200)]', '((u8 > 5) & (u8 < 200)).sum()']
    return [('mask', c) for c in cells]


ATTR_FORMS = ('{x}.shape', '{x}.ndim', '{x}.size', '{x}.dtype', 'len({x})', '{x}.T', '{x}.flatten()', '{x}.ravel()',
              '{x}.reshape(3, 2)', '{x}.reshape(-1)', '{x}.reshape(2, -1)', '{x}.reshape((1, 6))', '{x}.item()', 'int({x})',
              'float({x})', 'bool({x})', '{x}.reshape(4, 2)', '{x}.reshape(-1, -1)', 'np.reshape({x}, (3, 2))',
              'np.shape({x})', '{x}.T.shape', '{x}.reshape(6, 1).T', '{x}.flatten().shape', '{x}.shape[0]')


def gen_attr(rng):
    cells = []
    for a in KINDS:
        for form in ATTR_FORMS:
            if rng.random() < 0.45:
                cells.append(form.format(x=rng.choice((MAIN, MAT, CUBE, ZERO_D, SCALAR, EMPTY))[a]))
        cells += [f'{ZERO_D[a]}.item()', f'{SCALAR[a]}.item()', f'int({SCALAR[a]})', f'float({ZERO_D[a]})',
                  f'{MAT[a]}.T', f'{CUBE[a]}.T.shape', f'{MAT[a]}[0].item()' if a == 'u8' else f'{MAIN[a]}[1].item()']
    cells += ['u8.shape == (6,)', 'len(img)', 'img.shape', 'img[0].ndim', 'lab.size', 'img.reshape(16)', 'img.T',
              'u8m.T.T', 'u8.shape + (1,)', 'u8m.shape[1]', 'u8m.reshape(6)[::-1]', 'int(su8) + 300', 'float(sf32)',
              'int(sf64)', 'int(f64x[0])', 'int(f64x[1])', 'int(i64x[0])', 'float(u64x[0])', 'int(u64x[0])']
    return [('attr', c) for c in cells]


def gen_numpy(rng):
    cells = []
    for a in KINDS:
        d = DT[a]
        cells += [f'np.array([1, 2, 3], dtype={d})', f'np.array([True, False], dtype={d})',
                  f'np.array([[1, 2], [3, 4]], dtype={d})', f'np.array([], dtype={d})', f'np.array(7, dtype={d})',
                  f"np.array([0, 1], dtype='{DT_STR[a]}')", f'np.zeros(3, dtype={d})', f'np.zeros((2, 3), dtype={d})',
                  f'np.arange(5, dtype={d})', f'np.array([-1], dtype={d})', f'np.array([256], dtype={d})',
                  f'np.array([2147483648], dtype={d})', f'np.array([1.5, 2.5], dtype={d})',
                  f'np.unique({rng.choice((MAIN, SMALL, MAT, EMPTY))[a]})', f'np.unique({SMALL[a]})',
                  f'vals, counts = np.unique({SMALL[a]}, return_counts=True)\ncounts',
                  f'vals, counts = np.unique({MAIN[a]}, return_counts=True)\nvals',
                  f'np.count_nonzero({MAIN[a]})', f'np.count_nonzero({MAT[a]}, axis={rng.choice((0, 1, -1))})',
                  f'np.count_nonzero({CUBE[a]}, axis=(0, 2))', f'np.count_nonzero({EMPTY[a]})',
                  f'np.nonzero({MAIN[a]})[0]', f'np.nonzero({MAT[a]})[1]', f'np.where({MAT[a]})[0]',
                  f'np.where(bs, {MAIN[a]}, {rng.choice(("0", "1.5", "300", "-1", "True"))})',
                  f'np.where(bs, {SMALL[a]}, {SMALL[rng.choice(KINDS)]})', f'np.where({MAIN[a]}, 1, 0)',
                  f'np.where(bm, {MAT[a]}, {ZERO_D[rng.choice(KINDS)]})', f'np.reshape({MAIN[a]}, (2, 3))',
                  f'np.amax({MAT[a]}, axis=1)', f'np.amin({MAIN[a]})']
        if a in SPECIAL:
            cells.append(f'np.unique({SPECIAL[a]})')
    cells += ['np.array([1, 2, 3])', 'np.array([1.5, 2])', 'np.array([True, 2])', 'np.array([True, 2.5])',
              'np.array([[1, 2], [3]])', 'np.array([[1], [2]])', 'np.array([])', 'np.array([[]])', 'np.array(5)',
              'np.array(2.5)', 'np.array(True)', 'np.array((1, 2))', 'np.array([[1, 2], [3, 4]]) * 2',
              'np.array([9223372036854775807])', 'np.array([9223372036854775808])', 'np.array([-9223372036854775809])',
              'np.array([18446744073709551615])', 'np.array([1, 2], dtype=float)', 'np.array([1.7, -1.7], dtype=int)',
              'np.array([0, 1, 2], dtype=bool)', 'np.array(u8)', 'np.array(u8, dtype=np.int32)', 'np.array(f64, dtype=np.float32)',
              'np.arange(5)', 'np.arange(2, 10, 3)', 'np.arange(0, 1, 0.1)', 'np.arange(5.0)', 'np.arange(-3, 3)',
              'np.arange(0)', 'np.arange(10, 0, -3)', 'np.arange(0, 5, 0)', 'np.arange(1.5, 4)', 'np.arange(0.1, 0.5, 0.1)',
              'np.arange(3, dtype=np.float32) / 3', 'np.arange(300, dtype=np.uint8)', 'np.arange(5) * 0.1',
              'np.zeros(3)', 'np.zeros((2, 3))', 'np.zeros(0)', 'np.zeros((0, 3)).shape', 'np.zeros(-1)', 'np.zeros((2, 2), dtype=int)',
              'np.zeros(3, dtype=bool)', "np.zeros(2, dtype='uint8')", 'np.unique([3, 1, 3, 2])', 'np.unique([])',
              'np.unique(np.array([2.0, np.nan, 1.0, np.nan]))', 'np.unique(lab)', 'np.unique(img)',
              'vals, counts = np.unique(lab, return_counts=True)\ncounts', 'vals, counts = np.unique(img, return_counts=True)\nvals',
              'np.where(lab > 3)[0]', 'np.where(lab > 3, lab, 0)', 'np.where(lab > 3, lab, -1)', 'np.where(lab > 3, lab, 0.5)',
              'np.where(lab > 3, 1, 0)', 'np.where(lab > 3, 1.0, 0)', 'np.where(True, 1, 2)', 'np.where(b, u8, u8s)',
              'np.where(b, u8, i32)', 'np.where(b, u8, f32)', 'np.where(b, f32, 1e300)', 'np.where(b, u8)',
              'np.where(eb, eu8, eu8)', 'np.count_nonzero(lab)', 'np.count_nonzero([0, 1, 2])', 'np.count_nonzero(img, axis=0)',
              'np.count_nonzero(eu8)', 'np.count_nonzero(f64x)', 'np.nonzero(img)[0]', 'np.nonzero(zu8)',
              'np.sum([1, 2, 3])', 'np.sum([0.1, 0.2])', 'np.mean([1, 2, 3, 4])', 'np.max([1.5, 2])', 'np.sum(5)',
              'np.sum(True)', 'np.abs([-1, 2])', 'np.sqrt([4, 9])', 'np.exp([0, 1])', 'np.log([1, np.e])',
              'np.sum(img, axis=1)', 'np.mean(img, axis=(0, 1))', 'np.std(img, axis=0)', 'np.var(lab)',
              'np.any(eu8)', 'np.all(eu8)', 'np.argmax(img, axis=1)', 'np.argmin(img)', 'np.shape(img)', 'np.shape(5)',
              'np.reshape(img, (2, 8))', 'np.reshape(img, -1)', 'np.reshape(lab, (2, -1))', 'np.reshape(lab, (3, 3))']
    return [('numpy', c) for c in cells]


def float_literal(x):
    """A float as source text the notebook parses: nan/inf through np, negatives with a minus."""
    if x != x:
        return 'np.nan'
    if x in (float('inf'), float('-inf')):
        return ('-' if x < 0 else '') + 'np.inf'
    return repr(x)


def gen_print(rng):
    magnitudes = (0.0, -0.0, 0.5, 1 / 3, 2 / 3, 1e-5, 1e-9, 123.456, 1e8, 1e16, 2.5e-3, 7.0, 99999.5, 1e-4, 1234567.0,
                  0.1, 1.0, float('nan'), float('inf'), 3.0e38, 1e-40, 1.5e300, 42.0)
    cells = []
    for _ in range(110):
        n = rng.randint(1, 7)
        vals = [rng.choice(magnitudes) * rng.choice((1, 1, -1)) for _ in range(n)]
        body = ', '.join(float_literal(v) for v in vals)
        if rng.random() < 0.3 and n >= 4 and n % 2 == 0:
            half = n // 2
            body = '[' + ', '.join(float_literal(v) for v in vals[:half]) + '], [' + ', '.join(float_literal(v) for v in vals[half:]) + ']'
        dtype = rng.choice(('', '', ', dtype=np.float32'))
        cells.append(f'np.array([{body}]{dtype})')
        if rng.random() < 0.3:
            cells.append(f'np.array([{body}]{dtype})[0]')
    return [('print', c) for c in cells]


def all_cells(base, seed):
    """Every (group, source) of the corpus, hand-picked first; generated ones from Random(seed)."""
    rng = random.Random(seed)
    cells = []
    for group, sources in HAND.items():
        cells += [(group, s) for s in sources]
    for gen in (gen_binary, gen_bitwise, gen_compare, gen_unary, gen_reduce, gen_index, gen_mask, gen_attr, gen_numpy, gen_print):
        cells += gen(rng)
    cells += gen_astype(rng, base)
    return cells
