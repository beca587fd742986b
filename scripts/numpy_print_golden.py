#!/usr/bin/env python3
"""NumPy's printing as golden cases for src/expr/print.ts (a development tool; the app and npm test never run it).

Writes tests/fixtures/expr/print-golden.json: seeded random arrays of every dtype the cells know
(src/expr/dtypes.ts), 0-d to 3-d, empty and summarized ones, magnitudes 1e-12..1e20, nan/inf/-0,
plus NumPy scalars and Python floats, each with NumPy's str and repr.

Per case: name, kind ('array' | 'scalar' | 'pyfloat'), dtype, shape (the array's own shape),
summarized (per axis: cut to 3 + 3 items, as NumPy does past 1000 items), values (the items NumPy
shows, flat in C order, after that cut; nan/inf/-inf/-0.0 as strings), str, repr.

Usage: python3 scripts/numpy_print_golden.py   (needs NumPy 2.4)
"""
import json
import math
import os
import sys

import numpy as np
from numpy._core.arrayprint import _leading_trailing
from golden_encoding import enc_float

SEED = 20240611
OUT = os.path.join(os.path.dirname(__file__), '..', 'tests', 'fixtures', 'expr', 'print-golden.json')
DTYPES = ['bool', 'uint8', 'int32', 'int64', 'uint64', 'float32', 'float64']
EDGE = 3
THRESHOLD = 1000

rng = np.random.default_rng(SEED)
cases = []


def encode(x, dtype):
    if dtype == 'bool':
        return 1 if x else 0
    if dtype in ('float32', 'float64'):
        return enc_float(x)
    return int(x)


def add_array(name, a):
    a = np.asarray(a)
    dtype = a.dtype.name
    assert dtype in DTYPES, dtype
    summarize = a.size > THRESHOLD
    shown = _leading_trailing(a, EDGE) if summarize else a
    cases.append({
        'name': name,
        'kind': 'array',
        'dtype': dtype,
        'shape': list(a.shape),
        'summarized': [bool(summarize and d > 2 * EDGE) for d in a.shape],
        'values': [encode(x, dtype) for x in shown.reshape(-1)],
        'str': str(a),
        'repr': repr(a),
    })


def add_scalar(name, s):
    dtype = s.dtype.name
    cases.append({'name': name, 'kind': 'scalar', 'dtype': dtype, 'shape': [], 'summarized': [],
                  'values': [encode(s, dtype)], 'str': str(s), 'repr': repr(s)})


def add_pyfloat(name, f):
    cases.append({'name': name, 'kind': 'pyfloat', 'dtype': 'float64', 'shape': [], 'summarized': [],
                  'values': [encode(f, 'float64')], 'str': str(f), 'repr': repr(f)})


# ---- float values -------------------------------------------------------------------------------

def signs(n, p_neg=0.4):
    return np.where(rng.random(n) < p_neg, -1.0, 1.0)


def band(n):
    """Magnitudes within a band of 0..3 decades centred anywhere in 1e-12..1e20."""
    lo = rng.uniform(-12, 20)
    width = rng.choice([0.0, 0.3, 1.0, 2.0, 3.0])
    return signs(n) * 10.0 ** rng.uniform(lo, min(lo + width, 20), n)


def wide(n):
    return signs(n) * 10.0 ** rng.uniform(-12, 20, n)


def moderate(n):
    """Values in 1e-4..1e8 with a ratio under 1000: NumPy's positional mode."""
    lo = rng.uniform(-4, 5)
    return signs(n) * 10.0 ** rng.uniform(lo, lo + rng.uniform(0, 3), n)


def nice(n):
    """Integers, halves, eighths, k/512 (exact ties at 8 fractional digits), short decimals."""
    kind = rng.integers(0, 5)
    if kind == 0:
        return rng.integers(-1000, 1000, n).astype(float)
    if kind == 1:
        return rng.integers(-64, 64, n) / 8.0
    if kind == 2:
        return rng.integers(1, 5000, n) / 512.0
    if kind == 3:
        return np.round(rng.uniform(-100, 100, n), int(rng.integers(0, 4)))
    return rng.integers(1, 100, n) / rng.integers(1, 100, n)


def arithmetic(n):
    """What cells compute: means, ratios, square roots, products of decimals."""
    kind = rng.integers(0, 4)
    if kind == 0:
        return rng.integers(0, 256, (n, 7)).mean(axis=1)
    if kind == 1:
        return np.sqrt(rng.uniform(0, 1e4, n))
    if kind == 2:
        return rng.integers(0, 256, n) / 255.0
    return 0.1 * rng.integers(-30, 30, n)


BOUNDARY = [1e8, 99999999.99999999, 99999999.0, 1e6, 999999.94, 1e-4, 9.999999999999999e-05, 0.00010000001,
            1000.0, 0.99999999999, 0.999999995, 9.999999995, 0.123456785, 0.00195312500001, 1e16, 9999999999999998.0,
            1e-12, 1e20, 1.5, 0.5, 2.0 ** 60, 2.0 ** 53, 1e23, 5e-06, 1.5e-10, 123456789.0, 33.318421449829934,
            78.56748998339798, 0.1, 0.2, 0.30000000000000004, 1 / 3, 2 / 3, 1e-05, 1e15, 1.7976931348623157e308,
            5e-324, 2.2250738585072014e-308, 3.4028234663852886e38, 1.401298464324817e-45, 1.1754943508222875e-38]


def specials(values):
    out = values.astype(float).copy()
    k = int(rng.integers(1, 4))
    for _ in range(k):
        i = int(rng.integers(0, out.size))
        out.flat[i] = rng.choice([np.nan, np.inf, -np.inf, -0.0, 0.0])
    return out


FLOAT_FAMILIES = [('band', band), ('wide', wide), ('moderate', moderate), ('nice', nice), ('arith', arithmetic)]


def float_values(n):
    fam, make = FLOAT_FAMILIES[int(rng.integers(0, len(FLOAT_FAMILIES)))]
    v = make(n)
    if rng.random() < 0.25 and n > 0:
        v = specials(v)
        fam += '+special'
    if rng.random() < 0.1 and n > 0:
        v[int(rng.integers(0, n))] = rng.choice(BOUNDARY)
        fam += '+boundary'
    return fam, v


# ---- integer values -----------------------------------------------------------------------------

INT_RANGES = {
    'uint8': [(0, 256), (0, 10), (250, 256)],
    'int32': [(-10, 10), (-1000, 1000), (0, 256), (-2 ** 31, 2 ** 31), (-10 ** 6, 10)],
    'int64': [(-10, 10), (0, 10 ** 5), (-2 ** 53, 2 ** 53 + 1), (1567298545, 1567298546), (-10 ** 12, 10 ** 12)],
    'uint64': [(0, 10), (0, 10 ** 6), (0, 2 ** 53 + 1), (1567298545, 1567298546), (10 ** 15, 2 ** 53 + 1)],
}


def int_values(dtype, n):
    lo, hi = INT_RANGES[dtype][int(rng.integers(0, len(INT_RANGES[dtype])))]
    return f'{lo}..{hi}', rng.integers(lo, hi, n, dtype=np.int64 if dtype != 'uint64' else np.uint64, endpoint=False)


def values_for(dtype, n):
    if dtype == 'bool':
        return 'bool', rng.random(n) < rng.choice([0.1, 0.5, 0.9])
    if dtype in ('float32', 'float64'):
        return float_values(n)
    return int_values(dtype, n)


# ---- shapes -------------------------------------------------------------------------------------

def random_shape():
    r = rng.random()
    if r < 0.08:
        return ()
    if r < 0.45:
        return (int(rng.choice([1, 2, 3, 5, 6, 7, 8, 10, 12, 16, 20, 25, 30, 40, 60])),)
    if r < 0.75:
        return (int(rng.integers(1, 8)), int(rng.choice([1, 2, 3, 4, 6, 7, 9, 12, 20])))
    return (int(rng.integers(1, 4)), int(rng.integers(1, 5)), int(rng.integers(1, 8)))


SUMMARIZED_SHAPES = [(1001,), (2000,), (60000,), (500, 3), (2, 600), (40, 30), (1000, 2), (7, 7, 21), (10, 11, 12),
                     (3, 28, 28), (60, 28, 28), (2, 3, 200), (1001, 1), (1, 1, 1001)]
EMPTY_SHAPES = [(0,), (0, 3), (3, 0), (0, 0), (2, 0, 4), (0, 2, 3)]


def make(dtype, shape):
    n = int(np.prod(shape)) if shape else 1
    fam, v = values_for(dtype, n)
    return fam, np.asarray(v).reshape(shape).astype(dtype)


def main():
    if not np.__version__.startswith('2.4'):
        sys.exit(f'NumPy 2.4 expected, found {np.__version__}')
    np.set_printoptions()  # the defaults: precision 8, threshold 1000, edgeitems 3, linewidth 75, legacy off
    with np.errstate(all='ignore'):
        for dtype in DTYPES:
            floats = dtype in ('float32', 'float64')
            for i in range(150 if floats else 110):
                shape = random_shape()
                fam, a = make(dtype, shape)
                add_array(f'{dtype}-{len(shape)}d-{fam}-{i}', a)
            for i, shape in enumerate(SUMMARIZED_SHAPES):
                fam, a = make(dtype, shape)
                add_array(f'{dtype}-summarized-{"x".join(map(str, shape))}-{fam}-{i}', a)
            for i, shape in enumerate(EMPTY_SHAPES):
                add_array(f'{dtype}-empty-{"x".join(map(str, shape))}-{i}', np.zeros(shape, dtype))
            # Long rows and wide items, for line wrapping.
            for i in range(8):
                n = int(rng.choice([24, 26, 28, 30, 50, 75, 100]))
                fam, a = make(dtype, (n,) if i % 2 == 0 else (2, n // 2))
                add_array(f'{dtype}-wrap-{fam}-{i}', a)
            for i in range(45 if floats else 25):
                fam, v = values_for(dtype, 1)
                add_scalar(f'{dtype}-scalar-{fam}-{i}', np.asarray(v).astype(dtype)[0])
        for dtype in ('float32', 'float64'):
            for i, b in enumerate(BOUNDARY + [0.0, -0.0, math.nan, math.inf, -math.inf]):
                add_scalar(f'{dtype}-scalar-boundary-{i}', np.asarray([b]).astype(dtype)[0])
                add_array(f'{dtype}-0d-boundary-{i}', np.asarray(b).astype(dtype))
            for i in range(20):
                b = rng.choice(BOUNDARY)
                add_array(f'{dtype}-pair-boundary-{i}', np.asarray([b, b * rng.choice([1, 2, 1000, 1001, 0.5])]).astype(dtype))
        # Exact uint8 / int64 results the lesson shows.
        add_scalar('uint64-sum-mnist', np.uint64(1567298545))
        add_scalar('int64-count-mnist', np.int64(8994147))
        add_scalar('float64-mean-mnist', np.float64(33.318421449829934))
        add_scalar('float64-std-mnist', np.float64(78.56748998339798))
        for i in range(120):
            _, v = float_values(1)
            add_pyfloat(f'pyfloat-{i}', float(v[0]))
        for i, b in enumerate(BOUNDARY + [0.0, -0.0, math.nan, math.inf, -math.inf]):
            add_pyfloat(f'pyfloat-boundary-{i}', float(b))

    names = [c['name'] for c in cases]
    assert len(names) == len(set(names)), 'case names must be unique'
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        f.write('{"numpy": %s, "seed": %d, "cases": [\n' % (json.dumps(np.__version__), SEED))
        f.write(',\n'.join(json.dumps(c, separators=(',', ':'), allow_nan=False) for c in cases))
        f.write('\n]}\n')
    print(f'{len(cases)} cases, {os.path.getsize(OUT) / 1e6:.2f} MB -> {os.path.relpath(OUT)}')


if __name__ == '__main__':
    main()
