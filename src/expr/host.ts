/**
 * Small arrays computed on the host, exactly as NumPy computes them: float64 in float64, int64 past
 * int32, uint8 wrapping, NumPy's own rounding. A result of at most HOST_MAX items is computed here from
 * its operands' values (read back once, or their exact values when they have them) and keeps its exact
 * values beside the tensor; larger results stay on the GPU.
 */
import * as tf from '@tensorflow/tfjs';
import type { BinaryOp, CompareOp } from './ast';
import type { DType } from './dtypes';
import { STORAGE, isIntegerDType, wrapScalar } from './dtypes';
import { PyError } from './errors';
import { compareNumbers, numberBinary, uint8WrapHint, unaryNumber } from './scalar-arith';
import { NdArray } from './values';

/** Results up to this many items are computed on the host. */
export const HOST_MAX = 1 << 16;

/** An array's values in C order: its exact values, else read back from the tensor. Call inside tf.tidy. */
export function hostValues(x: NdArray): Float64Array {
  if (x.exact) return x.exact;
  return Float64Array.from(x.tensor.dataSync() as ArrayLike<number>);
}

/** An array of exact host values; the tensor holds them in its storage (int64 past int32 wraps there, the exact values stay the truth). */
export function fromHost(values: Float64Array, shape: readonly number[], dtype: DType): NdArray {
  const storage = STORAGE[dtype];
  const data = storage === 'float32' ? Float32Array.from(values) : storage === 'int32' ? Int32Array.from(values) : Uint8Array.from(values, (v) => (v !== 0 ? 1 : 0));
  return new NdArray(tf.tensor(data, [...shape], storage), dtype, values);
}

/** For every item of `out`, the flat index of the item of an operand of `shape` broadcast to it. */
export function broadcastIndex(shape: readonly number[], out: readonly number[]): Int32Array {
  const n = out.reduce((a, b) => a * b, 1);
  const rank = out.length;
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    const axis = rank - shape.length + k;
    strides[axis] = shape[k] === 1 ? 0 : stride;
    stride *= shape[k];
  }
  const index = new Int32Array(n);
  const counter = new Array<number>(rank).fill(0);
  let src = 0;
  for (let i = 0; i < n; i++) {
    index[i] = src;
    for (let k = rank - 1; k >= 0; k--) {
      counter[k]++;
      src += strides[k];
      if (counter[k] < out[k]) break;
      src -= strides[k] * counter[k];
      counter[k] = 0;
    }
  }
  return index;
}

/** An operand on the host: its values and shape (a scalar is one value of shape []). */
export interface HostOperand {
  values: ArrayLike<number>;
  shape: readonly number[];
}

/** Element-wise `a op b` in the loop dtype, with NumPy's scalar semantics per item; a uint8 wrap-around is noted once. */
export function hostBinary(op: BinaryOp, a: HostOperand, b: HostOperand, shape: readonly number[], dtype: DType, notes: string[]): NdArray {
  const ia = broadcastIndex(a.shape, shape);
  const ib = broadcastIndex(b.shape, shape);
  const n = ia.length;
  const out = new Float64Array(n);
  let hint: string | null = null;
  for (let i = 0; i < n; i++) {
    const x = a.values[ia[i]];
    const y = b.values[ib[i]];
    out[i] = numberBinary(op, x, y, dtype).value;
    hint ??= uint8WrapHint(op, x, y, out[i], dtype);
  }
  if (hint) notes.push(hint);
  // The loop dtype is the result's: loopDType has already made true division float64.
  return fromHost(out, shape, dtype);
}

/** Element-wise comparison in the common dtype (float32 compares float32 values). */
export function hostCompare(op: Exclude<CompareOp, 'is' | 'is not' | 'in' | 'not in'>, a: HostOperand, b: HostOperand, shape: readonly number[], common: DType): NdArray {
  const ia = broadcastIndex(a.shape, shape);
  const ib = broadcastIndex(b.shape, shape);
  const round = common === 'float32' ? Math.fround : (v: number) => v;
  const out = new Float64Array(ia.length);
  for (let i = 0; i < ia.length; i++) {
    const p = round(a.values[ia[i]]);
    const q = round(b.values[ib[i]]);
    out[i] = compareNumbers(op, p, q) ? 1 : 0;
  }
  return fromHost(out, shape, 'bool');
}

/** -x and ~x item by item, wrapping into the dtype (uint8: 256 - x and 255 - x). */
export function hostUnary(op: '-' | '~', x: NdArray): NdArray {
  const v = hostValues(x);
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = x.dtype === 'bool' ? (v[i] ? 0 : 1) : unaryNumber(op, v[i], x.dtype);
  return fromHost(out, x.shape, x.dtype);
}

/** NumPy's unsafe cast of one value: floats to integers truncate toward 0 (NaN and inf become 0 here), integers wrap. */
export function castNumber(value: number, dtype: DType): number {
  if (dtype === 'bool') return value !== 0 ? 1 : 0;
  if (isIntegerDType(dtype) && !Number.isInteger(value)) value = Number.isFinite(value) ? Math.trunc(value) : 0;
  return wrapScalar(value, dtype);
}

/** x.astype(dtype) on the host. */
export function hostCast(x: NdArray, dtype: DType): NdArray {
  const v = hostValues(x);
  return fromHost(Float64Array.from(v, (n) => castNumber(n, dtype)), x.shape, dtype);
}

/**
 * Applies a shape operation (index, reshape, transpose) to an array's tensor and, when it has exact
 * values, to their positions, so the exact values follow. Call inside tf.tidy.
 */
export function followExact(x: NdArray, op: (t: tf.Tensor) => tf.Tensor): NdArray {
  const out = op(x.tensor);
  if (!x.exact) return new NdArray(out, x.dtype);
  const exact = x.exact;
  const positions = op(tf.reshape(tf.range(0, x.size, 1, 'int32'), x.shape));
  return new NdArray(out, x.dtype, Float64Array.from(positions.dataSync() as Int32Array, (p) => exact[p]));
}

/** Refuses a GPU computation on an array whose exact values its int32 tensor cannot hold (int64 past 2**31). */
export function checkOnDevice(x: NdArray): void {
  if (!x.exact || STORAGE[x.dtype] !== 'int32') return;
  for (const v of x.exact) {
    if (v < -2147483648 || v > 2147483647) throw new PyError('NotImplementedError', `this ${x.dtype} array holds values past int32, which only small results (up to ${HOST_MAX.toLocaleString('en-US')} items) can use in this notebook`);
  }
}
