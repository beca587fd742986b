/** The `np` module of the expression language: numpy's functions the lesson uses (reductions, unique, bincount, where, array, ...), dtypes and constants. */
import * as tf from '@tensorflow/tfjs';
import { bind, boolArg, tensorArg } from './args';
import { PyError } from './errors';
import { astype, dtypeFrom, reshape } from './methods';
import { argReduce, reduce } from './reductions';
import { asTensor, guardSize, readSync, sizeOf, tensorFromSequence, toInt } from './tensors';
import type { CallArgs, Value } from './values';
import { PyCallable, PyDType, PyFloat, PyList, PyModule, PyTuple, PyType, pyNumber } from './values';

/** np.unique, sorted; with return_counts a tuple (values, counts). Reads the array back. */
function unique(x: tf.Tensor, returnCounts: boolean): Value {
  const data = Array.from(readSync(x));
  const counts = new Map<number, number>();
  for (const v of data) counts.set(v, (counts.get(v) ?? 0) + 1);
  const values = [...counts.keys()].sort((a, b) => (Number.isNaN(a) ? 1 : Number.isNaN(b) ? -1 : a - b));
  const u = tf.tensor1d(values, x.dtype);
  return returnCounts ? new PyTuple([u, tf.tensor1d(values.map((v) => counts.get(v) ?? 0), 'int32')]) : u;
}

function bincount(x: tf.Tensor, minlength: number): tf.Tensor {
  if (x.rank !== 1) throw new PyError('ValueError', 'object too deep for desired array');
  if (x.dtype === 'float32') throw new PyError('TypeError', "Cannot cast array data from dtype('float32') to dtype('int64') according to the rule 'safe'");
  if (minlength < 0) throw new PyError('ValueError', "'minlength' must not be negative");
  const data = readSync(x);
  let max = -1;
  for (const v of data) {
    if (v < 0) throw new PyError('ValueError', "'list' argument must have no negative elements");
    if (v > max) max = v;
  }
  const n = Math.max(max + 1, minlength);
  guardSize([n]);
  const out = new Int32Array(n);
  for (const v of data) out[v]++;
  return tf.tensor1d(out, 'int32');
}

function nonzero(x: tf.Tensor): PyTuple {
  if (x.rank === 0) throw new PyError('ValueError', 'Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar).nonzero() instead.');
  const data = readSync(x);
  const hits: number[] = [];
  for (let i = 0; i < data.length; i++) if (data[i]) hits.push(i);
  const strides = x.shape.map((_, k) => sizeOf(x.shape.slice(k + 1)));
  return new PyTuple(x.shape.map((dim, k) => tf.tensor1d(hits.map((h) => Math.floor(h / strides[k]) % dim), 'int32')));
}

/** np.where(cond, a, b) with broadcasting and a common dtype; np.where(cond) is np.nonzero. */
function where(call: CallArgs, broadcast: (...s: (readonly number[])[]) => number[], commonDtype: (a: Value, b: Value) => tf.DataType): Value {
  const [cond, a, b] = bind('where', call, ['condition', 'x', 'y'], 1);
  const c = tensorArg(cond, 'where');
  if (a === undefined && b === undefined) return nonzero(c);
  if (a === undefined || b === undefined) throw new PyError('ValueError', 'either both or neither of x and y should be given');
  const dtype = commonDtype(a, b);
  const ta = tf.cast(asTensor(a, dtype), dtype);
  const tb = tf.cast(asTensor(b, dtype), dtype);
  const shape = broadcast(c.shape, ta.shape, tb.shape);
  guardSize(shape);
  return tf.where(tf.broadcastTo(tf.cast(c, 'bool'), shape), tf.broadcastTo(ta, shape), tf.broadcastTo(tb, shape));
}

/** The `np` module: the functions the lesson uses, plus dtypes and constants. */
export function createNumpy(helpers: { broadcast: (...s: (readonly number[])[]) => number[]; commonDtype: (a: Value, b: Value) => tf.DataType }): PyModule {
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
      const [a, axis] = bind(kind, call, ['a', 'axis', 'out'], 1);
      return argReduce(kind, tensorArg(a, kind), axis);
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
    return reduce('sum', tf.notEqual(x, tf.zerosLike(x)), axis, boolArg(keepdims));
  });
  def('nonzero', (call) => nonzero(tensorArg(bind('nonzero', call, ['a'], 1)[0], 'nonzero')));
  def('where', (call) => where(call, helpers.broadcast, helpers.commonDtype));
  def('array', (call) => {
    const [obj, dtype] = bind('array', call, ['object', 'dtype'], 1);
    const t = obj instanceof PyList || obj instanceof PyTuple ? tensorFromSequence(obj) : tensorArg(obj, 'array');
    return dtype === undefined || dtype === null ? tf.clone(t) : astype(t, dtypeFrom(dtype));
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
    const t = tf.range(start, start + count * step, step, float ? 'float32' : 'int32');
    return dtype === undefined || dtype === null ? t : astype(t, dtypeFrom(dtype));
  });
  for (const [name, fn] of [
    ['abs', tf.abs],
    ['sqrt', tf.sqrt],
    ['exp', tf.exp],
    ['log', tf.log],
  ] as const) {
    def(name, (call) => {
      const x = tensorArg(bind(name, call, ['x'], 1)[0], name);
      return name === 'abs' ? fn(x.dtype === 'bool' ? tf.cast(x, 'int32') : x) : fn(tf.cast(x, 'float32'));
    });
  }
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
    return tf.zeros(dims, dtype === undefined || dtype === null ? 'float32' : dtypeFrom(dtype));
  });
  fns.set('float32', new PyDType('float32'));
  fns.set('float64', new PyDType('float32'));
  fns.set('int32', new PyDType('int32'));
  fns.set('int64', new PyDType('int32'));
  fns.set('bool_', new PyDType('bool'));
  fns.set('newaxis', null);
  fns.set('pi', new PyFloat(Math.PI));
  fns.set('e', new PyFloat(Math.E));
  fns.set('nan', new PyFloat(NaN));
  fns.set('inf', new PyFloat(Infinity));
  fns.set('ndarray', new PyType("<class 'tf.Tensor'>"));
  return new PyModule('numpy', fns);
}
