/** Tensor helpers for the evaluator: conversions, numpy's broadcasting and dtype rules, the size bound. */
import * as tf from '@tensorflow/tfjs';
import { castLookup } from './float64-reduce';
import { PyError } from './errors';
import type { DType, Operand } from './dtypes';
import { DEFAULT_FLOAT, DEFAULT_INT, fitsDType, isFloatDType, isIntegerDType, promoteTypes } from './dtypes';
import { HOST_MAX, castNumber, fromHost, hostCast } from './host';
import type { Value } from './values';
import { NdArray, NpScalar, PyFloat, PyList, PyTuple, isTensor, pyNumber, typeName } from './values';

/** Largest result, in elements, an evaluation may allocate (MNIST's training images are 47 M). */
export const MAX_RESULT_ELEMENTS = 50_000_000;

/** numpy's shape text inside error messages: (3,) and (2,3), without spaces. */
export function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(',')})`;
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Largest Python list or tuple an evaluation may build. JavaScript arrays this long cost ~8 bytes an
 * item, and a sparse array of tens of millions (what Array.from({ length }) makes) is a fatal
 * out-of-memory in V8, not an exception: the tab would crash.
 */
export const MAX_LIST_ITEMS = 10_000_000;

/** Refuses, before allocating, a list or tuple of more than MAX_LIST_ITEMS items. */
export function guardListSize(items: number): void {
  if (items > MAX_LIST_ITEMS) {
    throw new PyError('MemoryError', `the list would have ${items.toLocaleString('en-US')} items; this notebook refuses lists over ${MAX_LIST_ITEMS.toLocaleString('en-US')} items (an array, e.g. np.arange, can hold more)`);
  }
}

/** [f(0), ..., f(count - 1)], grown by push (dense storage however long; Array.from({ length }) is sparse past ~100k). */
export function listOf<T>(count: number, f: (k: number) => T): T[] {
  const out: T[] = [];
  for (let k = 0; k < count; k++) out.push(f(k));
  return out;
}

/** Refuses, before allocating, a result with more than MAX_RESULT_ELEMENTS elements. */
export function guardSize(shape: readonly number[]): void {
  const size = sizeOf(shape);
  if (size > MAX_RESULT_ELEMENTS) {
    throw new PyError('MemoryError', `the result would have ${size.toLocaleString('en-US')} elements, shape ${shapeText(shape)}; this notebook refuses results over ${MAX_RESULT_ELEMENTS.toLocaleString('en-US')} elements`);
  }
}

/** numpy's broadcasting: the shape of `a op b`, or numpy's ValueError. */
export function broadcastShapes(...shapes: (readonly number[])[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let dim = 1;
    for (const s of shapes) {
      const d = s[s.length - rank + i] ?? 1;
      if (d === 1) continue;
      if (dim !== 1 && d !== dim) throw new PyError('ValueError', `operands could not be broadcast together with shapes ${shapes.map(shapeText).join(' ')}`);
      dim = d;
    }
    // A zero-length axis broadcasts against 1 to 0.
    out.push(shapes.some((s) => (s[s.length - rank + i] ?? 1) === 0) ? 0 : dim);
  }
  return out;
}

/** A Python scalar, NumPy scalar, list or tuple as NumPy's promotion sees it; null for values that are not array-like. */
export function operandOf(v: Value): Operand | null {
  if (isTensor(v) || v instanceof NpScalar) return { kind: 'strong', dtype: v.dtype };
  if (typeof v === 'boolean') return { kind: 'strong', dtype: 'bool' };
  if (typeof v === 'number') return { kind: 'int', value: v };
  if (v instanceof PyFloat) return { kind: 'float' };
  if (v instanceof PyList || v instanceof PyTuple) return { kind: 'strong', dtype: sequenceDType(v) };
  return null;
}

/** The dtype np.array(seq) would give: bool, then int64, then float64 (float64 when empty). */
function sequenceDType(v: PyList | PyTuple): DType {
  let kind: DType | null = null;
  const visit = (x: Value): void => {
    if (x instanceof PyList || x instanceof PyTuple) x.items.forEach(visit);
    else if (isTensor(x) || x instanceof NpScalar) kind = kind === null ? x.dtype : promoteTypes(kind, x.dtype);
    else if (typeof x === 'boolean') kind = kind === null ? 'bool' : promoteTypes(kind, 'bool');
    else if (typeof x === 'number') kind = kind === null || kind === 'bool' ? DEFAULT_INT : kind;
    else if (x instanceof PyFloat) kind = kind === null || !isFloatDType(kind) ? DEFAULT_FLOAT : kind;
  };
  visit(v);
  return kind ?? DEFAULT_FLOAT;
}

/** OverflowError unless the Python int fits `dtype` (NumPy 2: `np.uint8 array + 300` raises). */
export function checkFits(value: number, dtype: DType): void {
  if (!fitsDType(value, dtype)) throw new PyError('OverflowError', `Python integer ${value} out of bounds for ${dtype}`);
}

/** Any array-like value as an NdArray of `dtype` (Python ints checked against integer dtypes); scalars and lists exactly, on the host. Call inside tf.tidy. */
export function asArray(v: Value, dtype?: DType): NdArray {
  if (isTensor(v)) return dtype === undefined || dtype === v.dtype ? v : castArray(v, dtype);
  if (v instanceof NpScalar) {
    const d = dtype ?? v.dtype;
    return fromHost(Float64Array.of(castNumber(v.value, d)), [], d);
  }
  if (typeof v === 'boolean' || typeof v === 'number' || v instanceof PyFloat) {
    const d = dtype ?? (typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? DEFAULT_INT : DEFAULT_FLOAT);
    const n = pyNumber(v) as number;
    if (typeof v === 'number') checkFits(n, d);
    return fromHost(Float64Array.of(castNumber(n, d)), [], d);
  }
  if (v instanceof PyList || v instanceof PyTuple) return arrayFromSequence(v, dtype);
  throw new PyError('TypeError', `unsupported operand type: '${typeName(v)}' cannot be used as an array`);
}

/** x.astype(dtype) with NumPy's unsafe casting: float to int truncates toward 0 (NaN becomes 0 here), ints wrap into uint8. Call inside tf.tidy. */
export function castArray(x: NdArray, dtype: DType): NdArray {
  if (x.exact || x.size <= HOST_MAX) return hostCast(x, dtype);
  if (x.dtype === dtype) return new NdArray(tf.clone(x.tensor), dtype, undefined, x.lookup);
  return castOnDevice(x, dtype);
}

function castOnDevice(x: NdArray, dtype: DType): NdArray {
  const t = x.tensor;
  if (dtype === 'bool') return new NdArray(tf.notEqual(t, tf.zerosLike(t)), 'bool');
  if (isFloatDType(dtype)) {
    const lookup = castLookup(x, dtype);
    return lookup ? new NdArray({ shape: x.shape, make: () => tf.cast(x.tensor, 'float32') }, dtype, undefined, lookup) : new NdArray(tf.cast(t, 'float32'), dtype);
  }
  let ints = t.dtype === 'float32' ? tf.cast(tf.where(tf.isNaN(t), tf.zerosLike(t), t), 'int32') : tf.cast(t, 'int32');
  if (dtype === 'uint8' && x.dtype !== 'bool') ints = tf.mod(ints, tf.scalar(256, 'int32'));
  return new NdArray(ints, dtype);
}

/** np.array([...]) rules for nested lists: a rectangular shape, NumPy's default dtypes (or `dtype`, with Python ints range-checked), exact values. Call inside tf.tidy. */
export function arrayFromSequence(v: PyList | PyTuple, dtype?: DType): NdArray {
  const flat: number[] = [];
  const ints: number[] = [];
  const shapeOf = (x: Value, depth: number): number[] => {
    if (depth > 32) throw new PyError('ValueError', 'maximum supported dimension for an ndarray is 32');
    if (x instanceof PyList || x instanceof PyTuple) {
      const shapes = x.items.map((item) => shapeOf(item, depth + 1));
      const first = shapes[0] ?? [];
      for (const s of shapes) if (s.length !== first.length || s.some((d, i) => d !== first[i])) inhomogeneous(depth);
      return [x.items.length, ...first];
    }
    if (isTensor(x)) throw new PyError('NotImplementedError', 'lists of arrays are not supported in this notebook; index or reshape the array instead');
    const n = pyNumber(x);
    if (n === undefined) throw new PyError('TypeError', `cannot make an array element from a '${typeName(x)}'`);
    if (typeof x === 'number') ints.push(n);
    flat.push(n);
    return [];
  };
  const shape = shapeOf(v, 0);
  guardSize(shape);
  const d = dtype ?? sequenceDType(v);
  for (const n of ints) checkFits(n, isIntegerDType(d) ? d : 'float64');
  return fromHost(Float64Array.from(flat, (n) => castNumber(n, d)), shape, d);
}

function inhomogeneous(depth: number): never {
  throw new PyError('ValueError', `setting an array element with a sequence. The requested array has an inhomogeneous shape after ${depth + 1} dimensions.`);
}

/** A 0-d array's one value as a NumPy scalar (NumPy hands out scalars, not 0-d arrays, from operations). Call inside tf.tidy. */
export function toScalar(x: NdArray): NpScalar {
  return new NpScalar(x.exact ? x.exact[0] : readSync(x.tensor)[0], x.dtype);
}

/** An operation's array result, or the NumPy scalar when it is 0-d. */
export function arrayOrScalar(x: NdArray): NdArray | NpScalar {
  return x.rank === 0 ? toScalar(x) : x;
}

/** Reads a tensor known to be small (an index, a mask) synchronously: evaluation runs inside tf.tidy. */
export function readSync(t: tf.Tensor): Float32Array | Int32Array | Uint8Array {
  return t.dataSync() as Float32Array | Int32Array | Uint8Array;
}

/** A Python int from an int, a bool or a 0-d int tensor; `what` names the argument in the TypeError. */
export function toInt(v: Value, what: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof NpScalar && !isFloatDType(v.dtype)) return v.value;
  if (isTensor(v) && v.rank === 0 && !isFloatDType(v.dtype)) return toScalar(v).value;
  throw new PyError('TypeError', `${what} must be an integer, not '${v instanceof PyFloat ? 'float' : v instanceof NpScalar || isTensor(v) ? `${v.dtype} array` : typeName(v)}'`);
}

/** Normalizes an axis like numpy: negatives count from the end; AxisError when out of range. */
export function normalizeAxis(axis: number, ndim: number): number {
  if (axis < -ndim || axis >= ndim) throw new PyError('AxisError', `axis ${axis} is out of bounds for array of dimension ${ndim}`);
  return axis < 0 ? axis + ndim : axis;
}

/**
 * Runs `f` with TensorFlow.js's packed WebGL binary ops off. On this machine's WebGL (SwiftShader), a
 * packed comparison of all 47 M training pixels with a broadcast scalar gave a mask whose sum was off
 * (8,994,147 pixels > 0 where NumPy counts 8,994,156); the unpacked programs give NumPy's counts. The
 * evaluator runs a whole cell inside it; it is synchronous, so nothing else runs while the flags are off.
 */
export function unpackedOps<T>(f: () => T): T {
  const env = tf.env();
  if (tf.getBackend() !== 'webgl') return f();
  const flags = PACK_FLAGS.filter((flag) => env.getBool(flag));
  for (const flag of flags) env.set(flag, false);
  try {
    return f();
  } finally {
    for (const flag of flags) env.set(flag, true);
  }
}

/** The packed-program flags turned off: unpacked programs also skip packing the dataset's unpacked 47 M-item tensor (a packed op on it took ~2.9 s here, an unpacked one ~0.4 s). */
const PACK_FLAGS = ['WEBGL_PACK_BINARY_OPERATIONS', 'WEBGL_PACK_UNARY_OPERATIONS', 'WEBGL_PACK_REDUCE', 'WEBGL_PACK_ARRAY_OPERATIONS'] as const;

/**
 * np.float32(x), np.uint8(x), ...: NumPy's scalar types called. A Python int or float (np.float64 is one)
 * becomes an integer through int() and is range-checked (OverflowError, as NumPy 2); other NumPy scalars
 * and bools are cast (integers wrap); arrays are cast as astype, lists built as np.array(list, dtype).
 */
export function callDType(dtype: DType, args: readonly Value[], keywords: ReadonlyMap<string, Value>): Value {
  const name = dtype === 'bool' ? 'bool_' : dtype;
  if (keywords.size > 0) throw new PyError('TypeError', `${name}() takes no keyword arguments in this notebook`);
  if (args.length > 1) throw new PyError('TypeError', `function takes at most 1 argument (${args.length} given)`);
  if (args.length === 0) return new NpScalar(0, dtype);
  const v = args[0];
  if (isTensor(v)) return arrayOrScalar(castArray(v, dtype));
  if (v instanceof PyList || v instanceof PyTuple) return arrayOrScalar(asArray(v, dtype));
  const pythonFloat = v instanceof PyFloat || (v instanceof NpScalar && v.dtype === 'float64');
  if (typeof v === 'number' || pythonFloat) {
    let n = pyNumber(v) as number;
    if (isIntegerDType(dtype) && pythonFloat) {
      if (Number.isNaN(n)) throw new PyError('ValueError', 'cannot convert float NaN to integer');
      if (!Number.isFinite(n)) throw new PyError('OverflowError', 'cannot convert float infinity to integer');
      n = Math.trunc(n);
    }
    if (isIntegerDType(dtype)) checkFits(n, dtype);
    return new NpScalar(dtype === 'bool' ? (n !== 0 ? 1 : 0) : dtype === 'float32' ? Math.fround(n) : n, dtype);
  }
  if (typeof v === 'boolean' || v instanceof NpScalar) return new NpScalar(castNumber(pyNumber(v) as number, dtype), dtype);
  throw new PyError('NotImplementedError', `np.${name}() of a ${typeName(v)} is not supported in this notebook (numbers, arrays and lists are)`);
}
