/** Tensor helpers for the evaluator: conversions, numpy's broadcasting and dtype rules, the size bound. */
import * as tf from '@tensorflow/tfjs';
import { PyError } from './errors';
import type { Value } from './values';
import { PyFloat, PyList, PyTuple, isTensor, typeName } from './values';

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

/** int32's range: Python ints outside it cannot meet an int32 tensor (numpy 2 raises OverflowError too). */
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** A Python scalar (0-d), list or tuple (nested: n-d) as a tensor, or a tensor as is; `dtype` forces one for Python scalars. Call inside tf.tidy. */
export function asTensor(v: Value, dtype?: tf.DataType): tf.Tensor {
  if (isTensor(v)) return v;
  if (typeof v === 'boolean') return tf.scalar(v, dtype ?? 'bool');
  if (typeof v === 'number') {
    const d = dtype ?? 'int32';
    if (d === 'int32' && (v < INT32_MIN || v > INT32_MAX)) throw new PyError('OverflowError', `Python integer ${v} out of bounds for int32`);
    return tf.scalar(v, d);
  }
  if (v instanceof PyFloat) return tf.scalar(v.value, dtype === 'bool' || dtype === 'int32' || dtype === undefined ? 'float32' : dtype);
  if (v instanceof PyList || v instanceof PyTuple) return tensorFromSequence(v);
  throw new PyError('TypeError', `unsupported operand type: '${typeName(v)}' cannot be used as an array`);
}

/** np.array([...]) rules for nested lists: a rectangular shape, dtype bool < int32 < float32 (float32 when empty). Call inside tf.tidy. */
export function tensorFromSequence(v: PyList | PyTuple): tf.Tensor {
  const flat: number[] = [];
  let kind: 'bool' | 'int32' | 'float32' = 'bool';
  let empty = true;
  const shapeOf = (x: Value, depth: number): number[] => {
    if (depth > 32) throw new PyError('ValueError', 'maximum supported dimension for an ndarray is 32');
    if (x instanceof PyList || x instanceof PyTuple) {
      const shapes = x.items.map((item) => shapeOf(item, depth + 1));
      const first = shapes[0] ?? [];
      for (const s of shapes) if (s.length !== first.length || s.some((d, i) => d !== first[i])) inhomogeneous(depth);
      return [x.items.length, ...first];
    }
    if (isTensor(x)) throw new PyError('NotImplementedError', 'lists of arrays are not supported in this notebook; index or reshape the array instead');
    if (typeof x === 'boolean') flat.push(x ? 1 : 0);
    else if (typeof x === 'number') {
      flat.push(x);
      if (kind === 'bool') kind = 'int32';
    } else if (x instanceof PyFloat) {
      flat.push(x.value);
      kind = 'float32';
    } else throw new PyError('TypeError', `cannot make an array element from a '${typeName(x)}'`);
    empty = false;
    return [];
  };
  const shape = shapeOf(v, 0);
  guardSize(shape);
  if (empty) kind = 'float32';
  if ((kind as string) === 'int32' && flat.some((x) => x < INT32_MIN || x > INT32_MAX)) throw new PyError('OverflowError', 'Python integer out of bounds for int32');
  return tf.tensor(flat, shape, kind);
}

function inhomogeneous(depth: number): never {
  throw new PyError('ValueError', `setting an array element with a sequence. The requested array has an inhomogeneous shape after ${depth + 1} dimensions.`);
}

/** Result dtype of arithmetic between two values (numpy 2 rules; float64 is float32 here). */
export function arithmeticDtype(a: Value, b: Value): tf.DataType {
  const kind = (v: Value): number => {
    if (isTensor(v)) return v.dtype === 'float32' ? 2 : v.dtype === 'int32' ? 1 : 0;
    if (v instanceof PyFloat) return 2;
    if (typeof v === 'number') return 1;
    return 0;
  };
  const k = Math.max(kind(a), kind(b));
  return k === 2 ? 'float32' : k === 1 ? 'int32' : 'bool';
}

/** Reads a tensor known to be small (an index, a mask) synchronously: evaluation runs inside tf.tidy. */
export function readSync(t: tf.Tensor): Float32Array | Int32Array | Uint8Array {
  return t.dataSync() as Float32Array | Int32Array | Uint8Array;
}

/** A Python int from an int, a bool or a 0-d int tensor; `what` names the argument in the TypeError. */
export function toInt(v: Value, what: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (isTensor(v) && v.rank === 0 && v.dtype !== 'float32') return readSync(v)[0];
  throw new PyError('TypeError', `${what} must be an integer, not '${v instanceof PyFloat ? 'float' : isTensor(v) ? `${v.dtype} array` : typeName(v)}'`);
}

/** Normalizes an axis like numpy: negatives count from the end; AxisError when out of range. */
export function normalizeAxis(axis: number, ndim: number): number {
  if (axis < -ndim || axis >= ndim) throw new PyError('AxisError', `axis ${axis} is out of bounds for array of dimension ${ndim}`);
  return axis < 0 ? axis + ndim : axis;
}
