/** Tensor attributes and methods, the `np` module and Python builtins of the expression language. */
import * as tf from '@tensorflow/tfjs';
import { PyError } from './errors';
import { asTensor, guardListSize, guardSize, listOf, normalizeAxis, readSync, shapeText, sizeOf, tensorFromSequence, toInt } from './tensors';
import type { CallArgs, Value } from './values';
import { PyCallable, PyDType, PyFloat, PyList, PyModule, PyTuple, PyType, isTensor, pyNumber, typeName } from './values';

/** Checks arity and keyword names like Python, returning positional-or-keyword parameters by name. */
function bind(fn: string, call: CallArgs, params: readonly string[], required = 0): (Value | undefined)[] {
  if (call.args.length > params.length) {
    throw new PyError('TypeError', `${fn}() takes ${params.length === required ? '' : 'from ' + required + ' to '}${params.length} positional argument${params.length === 1 ? '' : 's'} but ${call.args.length} were given`);
  }
  const out: (Value | undefined)[] = params.map((_, i) => call.args[i]);
  for (const [name, value] of call.keywords) {
    const i = params.indexOf(name);
    if (i < 0) throw new PyError('TypeError', `${fn}() got an unexpected keyword argument '${name}'`);
    if (out[i] !== undefined) throw new PyError('TypeError', `${fn}() got multiple values for argument '${name}'`);
    out[i] = value;
  }
  for (let i = 0; i < required; i++) if (out[i] === undefined) throw new PyError('TypeError', `${fn}() missing required argument: '${params[i]}'`);
  return out;
}

function tensorArg(v: Value | undefined, fn: string): tf.Tensor {
  if (v === undefined) throw new PyError('TypeError', `${fn}() missing required argument`);
  if (isTensor(v)) return v;
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat || v instanceof PyList || v instanceof PyTuple) return asTensor(v);
  throw new PyError('TypeError', `${fn}(): expected an array, got '${typeName(v)}'`);
}

/** axis=None | int | tuple of ints, normalized; null means all axes. */
function axesArg(v: Value | undefined, ndim: number): number[] | null {
  if (v === undefined || v === null) return null;
  const list = v instanceof PyTuple ? v.items.map((a) => toInt(a, 'axis')) : [toInt(v, 'axis')];
  const axes = list.map((a) => normalizeAxis(a, ndim));
  if (new Set(axes).size !== axes.length) throw new PyError('ValueError', 'duplicate value in axis');
  return axes;
}

function truthy(v: Value | undefined): boolean {
  if (v === undefined || v === null) return false;
  const n = pyNumber(v);
  if (n !== undefined) return n !== 0;
  throw new PyError('TypeError', `expected a bool, got '${typeName(v)}'`);
}

const INT32_MAX = 2147483647;

/**
 * The exact sum of an int32 tensor whose int32 sum could overflow, as a Python int: int32 partial sums over
 * chunks small enough not to overflow, read back and added in float64 (exact up to 2**53).
 */
function exactIntSum(x: tf.Tensor, maxAbs: number): number {
  const flat = tf.reshape(x, [x.size]);
  const chunk = Math.max(1, Math.floor(INT32_MAX / Math.max(1, maxAbs)));
  const rows = Math.floor(x.size / chunk);
  let total = 0;
  if (rows > 0) for (const v of readSync(tf.sum(tf.reshape(tf.slice(flat, 0, rows * chunk), [rows, chunk]), 1))) total += v;
  if (rows * chunk < x.size) total += readSync(tf.sum(tf.slice(flat, rows * chunk)))[0];
  if (!Number.isSafeInteger(total)) throw new PyError('OverflowError', 'integer result too large for this notebook (beyond 2**53)');
  return total;
}

type Reduction = 'sum' | 'mean' | 'min' | 'max' | 'std' | 'var' | 'any' | 'all';
const REDUCTION_NAMES: Record<Reduction, string> = { sum: 'add', mean: 'mean', min: 'minimum', max: 'maximum', std: 'std', var: 'var', any: 'logical_or', all: 'logical_and' };

/** numpy reductions of any tensor: axis=None|int|tuple, keepdims; sum of int32/bool is int32 (or an exact Python int when int32 could overflow), mean/std/var float32, min/max keep the dtype. Call inside tf.tidy. */
export function reduce(kind: Reduction, x: tf.Tensor, axisValue: Value | undefined, keepdims: boolean): Value {
  const axes = axesArg(axisValue, x.rank);
  const reduced = axes ?? x.shape.map((_, i) => i);
  const removedSize = sizeOf(reduced.map((a) => x.shape[a]));
  if (removedSize === 0 && (kind === 'min' || kind === 'max') && reduced.length > 0) {
    throw new PyError('ValueError', `zero-size array to reduction operation ${REDUCTION_NAMES[kind]} which has no identity`);
  }
  const axis = axes ?? undefined;
  switch (kind) {
    case 'sum': {
      const source = x.dtype === 'bool' ? tf.cast(x, 'int32') : x;
      if (source.dtype === 'int32' && removedSize > 1) {
        // int32 sums wrap around where numpy's int64 would not (all of MNIST's pixels sum to ~1.2e10).
        const maxAbs = x.dtype === 'bool' ? 1 : readSync(tf.max(tf.abs(source)))[0];
        if (removedSize * maxAbs > INT32_MAX) {
          if (axes === null && !keepdims) return exactIntSum(source, maxAbs);
          throw new PyError('OverflowError', `this int32 sum could overflow (${removedSize} items of up to ${maxAbs}; numpy would use int64); sum over all axes, or use .astype('float32').sum(...) for an approximate sum`);
        }
      }
      return tf.sum(source, axis, keepdims);
    }
    case 'mean':
      return tf.mean(tf.cast(x, 'float32'), axis, keepdims);
    case 'var':
    case 'std': {
      const f = tf.cast(x, 'float32');
      const mean = tf.mean(f, axis, true);
      const variance = tf.mean(tf.square(tf.sub(f, mean)), axis, keepdims);
      return kind === 'std' ? tf.sqrt(variance) : variance;
    }
    case 'min':
    case 'max': {
      const source = x.dtype === 'bool' ? tf.cast(x, 'int32') : x;
      const r = kind === 'min' ? tf.min(source, axis, keepdims) : tf.max(source, axis, keepdims);
      return x.dtype === 'bool' ? tf.cast(r, 'bool') : r;
    }
    case 'any':
      return tf.any(tf.cast(x, 'bool'), axis, keepdims);
    case 'all':
      return tf.all(tf.cast(x, 'bool'), axis, keepdims);
  }
}

/** numpy argmax/argmin of any tensor: a 0-d flat index when axis is None, else the axis removed; int32 (numpy: int64). Call inside tf.tidy. */
export function argReduce(kind: 'argmax' | 'argmin', x: tf.Tensor, axisValue: Value | undefined): tf.Tensor {
  if (axisValue !== undefined && axisValue !== null && !(typeof axisValue === 'number' || typeof axisValue === 'boolean' || isTensor(axisValue))) {
    throw new PyError('TypeError', `'${typeName(axisValue)}' object cannot be interpreted as an integer`);
  }
  const source = x.dtype === 'bool' ? tf.cast(x, 'int32') : x;
  if (axisValue === undefined || axisValue === null) {
    if (x.size === 0) throw new PyError('ValueError', `attempt to get ${kind} of an empty sequence`);
    const flat = tf.reshape(source, [x.size]);
    return kind === 'argmax' ? tf.argMax(flat) : tf.argMin(flat);
  }
  const axis = normalizeAxis(toInt(axisValue, 'axis'), x.rank);
  if (x.shape[axis] === 0) throw new PyError('ValueError', `attempt to get ${kind} of an empty sequence`);
  if (x.size === 0) return tf.zeros(x.shape.filter((_, i) => i !== axis), 'int32');
  return kind === 'argmax' ? tf.argMax(source, axis) : tf.argMin(source, axis);
}

/** dtype names accepted by astype and np.*; float64/int64 map to tfjs's float32/int32 (documented). */
export function dtypeFrom(v: Value): tf.DataType {
  if (v instanceof PyDType) return v.name;
  if (v instanceof PyCallable && v.kind === 'builtin_function_or_method') {
    if (v.name === 'int') return 'int32';
    if (v.name === 'float') return 'float32';
    if (v.name === 'bool') return 'bool';
  }
  if (typeof v === 'string') {
    const map: Record<string, tf.DataType> = { float32: 'float32', float64: 'float32', float: 'float32', f4: 'float32', f8: 'float32', int32: 'int32', int64: 'int32', int: 'int32', i4: 'int32', i8: 'int32', bool: 'bool', '?': 'bool' };
    const d = map[v];
    if (d) return d;
    if (/^u?int(8|16)$/.test(v) || v === 'uint32' || v === 'uint64' || v === 'float16') {
      throw new PyError('TypeError', `data type '${v}' is not available in TensorFlow.js; use 'int32', 'float32' or 'bool'`);
    }
    throw new PyError('TypeError', `data type '${v}' not understood`);
  }
  throw new PyError('TypeError', `Cannot interpret '${typeName(v)}' as a data type`);
}

function reshape(x: tf.Tensor, dims: Value[]): tf.Tensor {
  const list = dims.length === 1 && (dims[0] instanceof PyTuple || dims[0] instanceof PyList) ? (dims[0] as PyTuple).items : dims;
  const shape = list.map((d) => toInt(d, "'shape' item"));
  const unknown = shape.filter((d) => d === -1).length;
  if (unknown > 1) throw new PyError('ValueError', 'can only specify one unknown dimension');
  if (shape.some((d) => d < -1)) throw new PyError('ValueError', 'negative dimensions not allowed');
  const known = sizeOf(shape.filter((d) => d !== -1));
  const fail = () => new PyError('ValueError', `cannot reshape array of size ${x.size} into shape ${shapeText(shape)}`);
  if (unknown === 1) {
    if (known === 0 || x.size % known !== 0) throw fail();
    shape[shape.indexOf(-1)] = x.size / known;
  } else if (known !== x.size) throw fail();
  return tf.reshape(x, shape);
}

function astype(x: tf.Tensor, dtype: tf.DataType): tf.Tensor {
  if (dtype === 'int32' && x.dtype === 'float32') return tf.cast(tf.where(tf.isNaN(x), tf.zerosLike(x), x), 'int32'); // truncation toward 0, as numpy
  return tf.cast(x, dtype);
}

/** `x.name` on a tensor: an attribute value (.shape tuple, .dtype, .ndim, .size, .T tensor) or a bound method. Call inside tf.tidy. */
export function tensorAttribute(x: tf.Tensor, name: string): Value {
  const method = (fn: (call: CallArgs) => Value) => new PyCallable(name, 'builtin_function_or_method', fn);
  const reduction = (kind: Reduction) =>
    method((call) => {
      const [axis, , , keepdims] = bind(name, call, ['axis', 'dtype', 'out', 'keepdims']);
      return reduce(kind, x, axis, truthy(keepdims));
    });
  switch (name) {
    case 'shape':
      return new PyTuple(x.shape);
    case 'dtype':
      return new PyDType(x.dtype);
    case 'ndim':
      return x.rank;
    case 'size':
      return x.size;
    case 'T':
      return tf.transpose(x);
    case 'sum':
    case 'mean':
    case 'min':
    case 'max':
    case 'std':
    case 'var':
    case 'any':
    case 'all':
      return reduction(name);
    case 'argmax':
    case 'argmin':
      return method((call) => {
        const [axis] = bind(name, call, ['axis', 'out']);
        return argReduce(name, x, axis);
      });
    case 'reshape':
      return method((call) => {
        if (call.keywords.size > 0) throw new PyError('TypeError', `reshape() got an unexpected keyword argument '${[...call.keywords.keys()][0]}'`);
        if (call.args.length === 0) throw new PyError('TypeError', 'reshape() takes exactly 1 argument (0 given)');
        return reshape(x, call.args);
      });
    case 'astype':
      return method((call) => {
        const [dtype] = bind(name, call, ['dtype'], 1);
        return astype(x, dtypeFrom(dtype as Value));
      });
    case 'flatten':
    case 'ravel':
      return method((call) => {
        bind(name, call, []);
        return tf.reshape(x, [x.size]);
      });
    case 'item':
      return method((call) => {
        bind(name, call, []);
        if (x.size !== 1) throw new PyError('ValueError', 'can only convert an array of size 1 to a Python scalar');
        const v = readSync(x)[0];
        return x.dtype === 'float32' ? new PyFloat(v) : x.dtype === 'bool' ? v !== 0 : v;
      });
  }
  throw new PyError('AttributeError', `'Tensor' object has no attribute '${name}' (this notebook supports .shape .dtype .ndim .size .T and .sum() .mean() .min() .max() .std() .var() .any() .all() .argmax() .argmin() .reshape() .astype() .flatten() .item())`);
}

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
      return reduce(kind, tensorArg(a, kind), axis, truthy(keepdims));
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
    if (truthy(returnIndex) || truthy(returnInverse)) throw new PyError('NotImplementedError', 'np.unique supports return_counts only in this notebook');
    return unique(tensorArg(a, 'unique'), truthy(returnCounts));
  });
  def('bincount', (call) => {
    const [a, weights, minlength] = bind('bincount', call, ['x', 'weights', 'minlength'], 1);
    if (weights !== undefined && weights !== null) throw new PyError('NotImplementedError', 'np.bincount weights are not supported in this notebook');
    return bincount(tensorArg(a, 'bincount'), minlength === undefined ? 0 : toInt(minlength, 'minlength'));
  });
  def('count_nonzero', (call) => {
    const [a, axis, keepdims] = bind('count_nonzero', call, ['a', 'axis', 'keepdims'], 1);
    const x = tensorArg(a, 'count_nonzero');
    return reduce('sum', tf.notEqual(x, tf.zerosLike(x)), axis, truthy(keepdims));
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

/** Python's repr of a type, for type(x): honest about tensors, with the numpy equivalent in a note. */
export function typeOf(v: Value): PyType {
  if (isTensor(v)) {
    const numpy = v.rank === 0 ? `numpy.${v.dtype === 'bool' ? 'bool' : v.dtype}` : 'numpy.ndarray';
    return new PyType(`<class 'tf.Tensor'> (a ${v.rank}-d TensorFlow.js tensor, ${v.dtype}; numpy: <class '${numpy}'>)`);
  }
  if (v instanceof PyModule) return new PyType("<class 'module'>");
  return new PyType(`<class '${typeName(v)}'>`);
}

/** Python builtins; `print` hands its arguments to `onPrint` (the caller formats them later, asynchronously). */
export function createBuiltins(onPrint: (items: Value[], sep: string, end: string) => void, numpy: PyModule): Map<string, Value> {
  const b = new Map<string, Value>();
  const def = (name: string, fn: (call: CallArgs) => Value) => b.set(name, new PyCallable(name, 'builtin_function_or_method', fn));
  def('len', (call) => {
    const [v] = bind('len', call, ['obj'], 1);
    if (v instanceof PyTuple || v instanceof PyList) return v.items.length;
    if (typeof v === 'string') return Array.from(v).length;
    if (isTensor(v as Value)) {
      const t = v as tf.Tensor;
      if (t.rank === 0) throw new PyError('TypeError', 'len() of unsized object');
      return t.shape[0];
    }
    throw new PyError('TypeError', `object of type '${typeName(v as Value)}' has no len()`);
  });
  def('type', (call) => typeOf(bind('type', call, ['object'], 1)[0] as Value));
  def('print', (call) => {
    const sep = call.keywords.get('sep');
    const end = call.keywords.get('end');
    for (const k of call.keywords.keys()) if (k !== 'sep' && k !== 'end') throw new PyError('TypeError', `'${k}' is an invalid keyword argument for print()`);
    if ((sep !== undefined && sep !== null && typeof sep !== 'string') || (end !== undefined && end !== null && typeof end !== 'string')) throw new PyError('TypeError', 'sep and end must be None or a string');
    onPrint(call.args, typeof sep === 'string' ? sep : ' ', typeof end === 'string' ? end : '\n');
    return null;
  });
  def('range', (call) => {
    if (call.keywords.size > 0) throw new PyError('TypeError', 'range() takes no keyword arguments');
    if (call.args.length < 1 || call.args.length > 3) throw new PyError('TypeError', `range expected at most 3 arguments, got ${call.args.length}`);
    const n = call.args.map((a) => {
      if (typeof a !== 'number' && typeof a !== 'boolean') throw new PyError('TypeError', `'${typeName(a)}' object cannot be interpreted as an integer`);
      return toInt(a, 'range');
    });
    const [start, stop, step] = n.length === 1 ? [0, n[0], 1] : [n[0], n[1], n[2] ?? 1];
    if (step === 0) throw new PyError('ValueError', 'range() arg 3 must not be zero');
    const count = Math.max(0, Math.ceil((stop - start) / step));
    guardListSize(count);
    return new PyList(listOf(count, (k) => start + k * step));
  });
  const scalar = (name: 'int' | 'float' | 'bool') =>
    def(name, (call) => {
      const [v] = bind(name, call, ['x']);
      if (v === undefined) return name === 'float' ? new PyFloat(0) : name === 'bool' ? false : 0;
      let n = pyNumber(v);
      if (n === undefined && isTensor(v)) {
        if (v.size !== 1) throw new PyError('TypeError', 'only length-1 arrays can be converted to Python scalars');
        n = readSync(v)[0];
      }
      if (n === undefined && typeof v === 'string' && name !== 'bool') {
        const parsed = name === 'int' ? (/^\s*[-+]?\d+\s*$/.test(v) ? Number(v) : NaN) : Number(v.trim() === '' ? NaN : v);
        if (Number.isNaN(parsed) && !/nan/i.test(v)) throw new PyError('ValueError', name === 'int' ? `invalid literal for int() with base 10: '${v}'` : `could not convert string to float: '${v}'`);
        n = parsed;
      }
      if (name === 'bool') return n === undefined ? v !== null && !(v instanceof PyTuple && v.items.length === 0) && v !== '' : n !== 0;
      if (n === undefined) throw new PyError('TypeError', `${name}() argument must be a string or a real number, not '${typeName(v)}'`);
      if (name === 'float') return new PyFloat(n);
      if (!Number.isFinite(n)) throw new PyError(Number.isNaN(n) ? 'ValueError' : 'OverflowError', Number.isNaN(n) ? 'cannot convert float NaN to integer' : 'cannot convert float infinity to integer');
      return Math.trunc(n);
    });
  scalar('int');
  scalar('float');
  scalar('bool');
  def('abs', (call) => {
    const [v] = bind('abs', call, ['x'], 1);
    if (isTensor(v as Value)) return tf.abs(v as tf.Tensor);
    if (typeof v === 'number') return Math.abs(v);
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (v instanceof PyFloat) return new PyFloat(Math.abs(v.value));
    throw new PyError('TypeError', `bad operand type for abs(): '${typeName(v as Value)}'`);
  });
  def('str', (call) => {
    const [v] = bind('str', call, ['object']);
    if (v === undefined) return '';
    if (typeof v === 'string') return v;
    throw new PyError('NotImplementedError', 'str() of non-strings is not supported in this notebook; use print()');
  });
  b.set('np', numpy);
  return b;
}
