/** The `np` module of the expression language: numpy's functions the lesson uses (reductions, unique, bincount, where, array, ...), dtypes and constants. */
import * as tf from '@tensorflow/tfjs';
import { bind, boolArg, tensorArg } from './args';
import { PyError } from './errors';
import type { DType } from './dtypes';
import { DTYPES, STORAGE, isFloatDType, resultType, wrapScalar } from './dtypes';
import { HOST_MAX, broadcastIndex, castNumber, fromHost, hostValues } from './host';
import { dtypeFrom, reshape } from './methods';
import { argReduce, reduce } from './reductions';
import { arrayFromSequence, arrayOrScalar, asArray, broadcastShapes, castArray, guardSize, operandOf, sizeOf, toInt } from './tensors';
import type { CallArgs, Value , NpScalar} from './values';
import { NdArray, PyCallable, PyDType, PyFloat, PyList, PyModule, PyTuple, PyType, pyNumber } from './values';

/** np.unique, sorted; with return_counts a tuple (values, counts). Reads the array back. */
function unique(x: NdArray, returnCounts: boolean): Value {
  const data = Array.from(hostValues(x));
  const counts = new Map<number, number>();
  // A Map stores -0 as 0: keep the first value of each key as NumPy shows it (-0. stays -0.).
  const first = new Map<number, number>();
  for (const v of data) {
    counts.set(v, (counts.get(v) ?? 0) + 1);
    if (!first.has(v)) first.set(v, v);
  }
  const values = [...counts.keys()].sort((a, b) => (Number.isNaN(a) ? 1 : Number.isNaN(b) ? -1 : a - b));
  const u = fromHost(Float64Array.from(values, (v) => first.get(v) ?? v), [values.length], x.dtype);
  return returnCounts ? new PyTuple([u, fromHost(Float64Array.from(values, (v) => counts.get(v) ?? 0), [values.length], 'int64')]) : u;
}

function bincount(x: NdArray, minlength: number): NdArray {
  if (x.rank !== 1) throw new PyError('ValueError', 'object too deep for desired array');
  if (isFloatDType(x.dtype) && x.size > 0) throw new PyError('TypeError', `Cannot cast array data from dtype('${x.dtype}') to dtype('int64') according to the rule 'safe'`);
  if (minlength < 0) throw new PyError('ValueError', "'minlength' must not be negative");
  const data = hostValues(x);
  let max = -1;
  for (const v of data) {
    if (v < 0) throw new PyError('ValueError', "'list' argument must have no negative elements");
    if (v > max) max = v;
  }
  const n = Math.max(max + 1, minlength);
  guardSize([n]);
  const out = new Int32Array(n);
  for (const v of data) out[v]++;
  return fromHost(Float64Array.from(out), [n], 'int64');
}

function nonzero(x: NdArray): PyTuple {
  if (x.rank === 0) throw new PyError('ValueError', 'Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar).nonzero() instead.');
  const data = hostValues(x);
  const hits: number[] = [];
  for (let i = 0; i < data.length; i++) if (data[i]) hits.push(i);
  const strides = x.shape.map((_, k) => sizeOf(x.shape.slice(k + 1)));
  return new PyTuple(x.shape.map((dim, k) => fromHost(Float64Array.from(hits, (h) => Math.floor(h / strides[k]) % dim), [hits.length], 'int64')));
}

/** np.where(cond, a, b) with broadcasting and NumPy's promotion of a and b; np.where(cond) is np.nonzero. */
function where(call: CallArgs): Value {
  const [cond, a, b] = bind('where', call, ['condition', 'x', 'y'], 1);
  const c = tensorArg(cond, 'where');
  if (a === undefined && b === undefined) return nonzero(c);
  if (a === undefined || b === undefined) throw new PyError('ValueError', 'either both or neither of x and y should be given');
  const oa = operandOf(a);
  const ob = operandOf(b);
  if (!oa || !ob) throw new PyError('TypeError', 'where(): x and y must be arrays or numbers');
  const dtype: DType = resultType(oa, ob);
  // NumPy casts Python ints into the result dtype here without a range check (np.where(lab > 3, lab, -1) is uint8 255).
  const toArray = (v: Value) => (typeof v === 'number' ? fromHost(Float64Array.of(castNumber(v, dtype)), [], dtype) : asArray(v, dtype));
  const xa = toArray(a);
  const xb = toArray(b);
  const shape = broadcastShapes(c.shape, xa.shape, xb.shape);
  guardSize(shape);
  if (sizeOf(shape) <= HOST_MAX) {
    const [vc, va, vb] = [c, xa, xb].map(hostValues);
    const [ic, ia, ib] = [c, xa, xb].map((x) => broadcastIndex(x.shape, shape));
    return fromHost(Float64Array.from(ic, (k, i) => (vc[k] !== 0 ? va[ia[i]] : vb[ib[i]])), shape, dtype);
  }
  const ta = xa.tensor;
  const tb = xb.tensor;
  const mask = c.dtype === 'bool' ? c.tensor : tf.notEqual(c.tensor, 0);
  return arrayOrScalar(new NdArray(tf.where(tf.broadcastTo(mask, shape), tf.broadcastTo(ta, shape), tf.broadcastTo(tb, shape)), dtype));
}

/** A unary ufunc's result dtype: abs keeps it (bool becomes bool); sqrt/exp/log of integers are float64 (NumPy gives float16 for bool and uint8: float64 here). */
function ufunc(name: 'abs' | 'sqrt' | 'exp' | 'log', x: NdArray): NdArray | NpScalar {
  const small = x.exact !== undefined || x.size <= HOST_MAX;
  if (name === 'abs') {
    if (x.dtype === 'bool' || x.dtype === 'uint8' || x.dtype === 'uint64') return arrayOrScalar(x);
    if (small) return arrayOrScalar(fromHost(Float64Array.from(hostValues(x), (v) => wrapScalar(Math.abs(v), x.dtype)), x.shape, x.dtype));
    return arrayOrScalar(new NdArray(tf.abs(x.tensor), x.dtype));
  }
  const dtype: DType = x.dtype === 'float32' ? 'float32' : 'float64';
  if (x.dtype === 'bool' || x.dtype === 'uint8') throw new PyError('NotImplementedError', `np.${name} of ${x.dtype} gives float16 in NumPy, which this notebook does not have; use x.astype('float32') first`);
  if (small) {
    const f = name === 'sqrt' ? Math.sqrt : name === 'exp' ? Math.exp : Math.log;
    const round = dtype === 'float32' ? Math.fround : (v: number) => v;
    return arrayOrScalar(fromHost(Float64Array.from(hostValues(x), (v) => round(f(v))), x.shape, dtype));
  }
  const fn = name === 'sqrt' ? tf.sqrt : name === 'exp' ? tf.exp : tf.log;
  return arrayOrScalar(new NdArray(fn(tf.cast(x.tensor, 'float32')), dtype));
}

/** The `np` module: the functions the lesson uses, plus dtypes and constants. */
export function createNumpy(): PyModule {
  const fns = new Map<string, Value>();
  const def = (name: string, fn: (call: CallArgs) => Value) => fns.set(name, new PyCallable(name, 'function', fn));
  for (const kind of ['sum', 'mean', 'min', 'max', 'std', 'var', 'any', 'all'] as const) {
    def(kind, (call) => {
      const [a, axis, , , keepdims] = bind(kind, call, ['a', 'axis', 'dtype', 'out', 'keepdims'], 1);
      return reduce(kind, tensorArg(a, kind), axis, boolArg(keepdims));
    });
  }
  fns.set('amin', fns.get('min') as Value);
  fns.set('amax', fns.get('max') as Value);
  for (const kind of ['argmax', 'argmin'] as const) {
    def(kind, (call) => {
      const [a, axis, , keepdims] = bind(kind, call, ['a', 'axis', 'out', 'keepdims'], 1);
      return argReduce(kind, tensorArg(a, kind), axis, boolArg(keepdims));
    });
  }
  def('unique', (call) => {
    const [a, returnIndex, returnInverse, returnCounts] = bind('unique', call, ['ar', 'return_index', 'return_inverse', 'return_counts', 'axis'], 1);
    if (boolArg(returnIndex) || boolArg(returnInverse)) throw new PyError('NotImplementedError', 'np.unique supports return_counts only in this notebook');
    return unique(tensorArg(a, 'unique'), boolArg(returnCounts));
  });
  def('bincount', (call) => {
    const [a, weights, minlength] = bind('bincount', call, ['x', 'weights', 'minlength'], 1);
    if (weights !== undefined && weights !== null) throw new PyError('NotImplementedError', 'np.bincount weights are not supported in this notebook');
    return bincount(tensorArg(a, 'bincount'), minlength === undefined ? 0 : toInt(minlength, 'minlength'));
  });
  def('count_nonzero', (call) => {
    const [a, axis, keepdims] = bind('count_nonzero', call, ['a', 'axis', 'keepdims'], 1);
    const x = tensorArg(a, 'count_nonzero');
    const small = x.exact || x.size <= HOST_MAX;
    const device = () => tf.notEqual(x.tensor, tf.zerosLike(x.tensor));
    // Integers and bools count in one pass (a comparison computed on first use); floats keep NaN != 0 on the tensor.
    const nonzero = small
      ? fromHost(Float64Array.from(hostValues(x), (v) => (v !== 0 ? 1 : 0)), x.shape, 'bool')
      : !isFloatDType(x.dtype) && x.computed
        ? new NdArray({ shape: x.shape, comparison: { source: x.tensor, op: '!=', scalar: 0 }, make: device }, 'bool')
        : new NdArray(device(), 'bool');
    return reduce('sum', nonzero, axis, boolArg(keepdims));
  });
  def('nonzero', (call) => nonzero(tensorArg(bind('nonzero', call, ['a'], 1)[0], 'nonzero')));
  def('where', (call) => where(call));
  def('array', (call) => {
    const [obj, dtype] = bind('array', call, ['object', 'dtype'], 1);
    const d = dtype === undefined || dtype === null ? undefined : dtypeFrom(dtype);
    if (obj instanceof PyList || obj instanceof PyTuple) return arrayFromSequence(obj, d);
    const t = tensorArg(obj, 'array');
    return castArray(t, d ?? t.dtype);
  });
  def('arange', (call) => {
    const [a, b, c, dtype] = bind('arange', call, ['start', 'stop', 'step', 'dtype'], 1);
    const nums = [a, b, c].map((v) => (v === undefined || v === null ? undefined : pyNumber(v)));
    if (nums.some((n, i) => n === undefined && [a, b, c][i] !== undefined && [a, b, c][i] !== null)) throw new PyError('TypeError', 'arange() arguments must be numbers');
    const [start, stop, step] = b === undefined ? [0, nums[0] as number, 1] : [nums[0] as number, nums[1] as number, nums[2] ?? 1];
    if (step === 0) throw new PyError('ZeroDivisionError', 'division by zero');
    const count = Math.max(0, Math.ceil((stop - start) / step));
    guardSize([count]);
    const float = [a, b, c].some((v) => v instanceof PyFloat);
    const kind: DType = float ? 'float64' : 'int64';
    if (dtype !== undefined && dtype !== null && dtypeFrom(dtype) === 'bool' && count > 2) throw new PyError('TypeError', 'arange() is only supported for booleans when the result has at most length 2.');
    const t = count <= HOST_MAX ? fromHost(Float64Array.from({ length: count }, (_, i) => start + i * step), [count], kind) : new NdArray(tf.range(start, start + count * step, step, float ? 'float32' : 'int32'), kind);
    return dtype === undefined || dtype === null ? t : castArray(t, dtypeFrom(dtype));
  });
  for (const name of ['abs', 'sqrt', 'exp', 'log'] as const) def(name, (call) => ufunc(name, tensorArg(bind(name, call, ['x'], 1)[0], name)));
  def('reshape', (call) => {
    const [a, newshape] = bind('reshape', call, ['a', 'newshape'], 2);
    return reshape(tensorArg(a, 'reshape'), [newshape as Value]);
  });
  def('shape', (call) => new PyTuple(tensorArg(bind('shape', call, ['a'], 1)[0], 'shape').shape));
  def('zeros', (call) => {
    const [shape, dtype] = bind('zeros', call, ['shape', 'dtype'], 1);
    const dims = shape instanceof PyTuple || shape instanceof PyList ? shape.items.map((d) => toInt(d, 'shape')) : [toInt(shape as Value, 'shape')];
    if (dims.some((d) => d < 0)) throw new PyError('ValueError', 'negative dimensions are not allowed');
    guardSize(dims);
    const d = dtype === undefined || dtype === null ? 'float64' : dtypeFrom(dtype);
    return sizeOf(dims) <= HOST_MAX ? fromHost(new Float64Array(sizeOf(dims)), dims, d) : new NdArray(tf.zeros(dims, STORAGE[d]), d);
  });
  for (const d of DTYPES) fns.set(d === 'bool' ? 'bool_' : d, new PyDType(d));
  fns.set('newaxis', null);
  fns.set('pi', new PyFloat(Math.PI));
  fns.set('e', new PyFloat(Math.E));
  fns.set('nan', new PyFloat(NaN));
  fns.set('inf', new PyFloat(Infinity));
  fns.set('ndarray', new PyType("<class 'numpy.ndarray'>"));
  return new PyModule('numpy', fns);
}
