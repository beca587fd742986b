/**
 * NumPy's reductions of small arrays on the host, with NumPy's own order of additions: pairwise over a
 * contiguous run of items (whole arrays, trailing axes), one item after another down an outer axis
 * (x.sum(axis=0)), so float64 and float32 results agree with NumPy to the last digit.
 */
import type { DType } from './dtypes';
import { isFloatDType } from './dtypes';
import { pairwiseSum } from './exact-sum';
import { pairwiseRun } from './ordered-sum';
import { fromHost, hostValues } from './host';
import type { Reduction } from './reductions';
import type { NdArray } from './values';
import { NpScalar } from './values';

/** The dtype of x.sum(): uint64 for uint8 (and uint64), int64 for bool and other integers, the float dtype itself. */
export function sumDType(d: DType): DType {
  if (d === 'uint8' || d === 'uint64') return 'uint64';
  if (!isFloatDType(d)) return 'int64';
  return d;
}

/** The dtype of x.mean() / std() / var(): float64 for integers and bools, the float dtype itself. */
export function meanDType(d: DType): DType {
  return isFloatDType(d) ? d : 'float64';
}

/** Items of each output, gathered in C order of the reduced axes; `contiguous` when NumPy sums them pairwise. */
function groups(shape: readonly number[], axes: readonly number[]): { outShape: number[]; groupSize: number; index: Int32Array[]; run: number } {
  const rank = shape.length;
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const outShape = kept.map((i) => shape[i]);
  const strides = shape.map((_, k) => shape.slice(k + 1).reduce((a, b) => a * b, 1));
  const groupSize = axes.reduce((n, a) => n * shape[a], 1);
  const outCount = outShape.reduce((a, b) => a * b, 1);
  const index: Int32Array[] = [];
  const sortedAxes = [...axes].sort((a, b) => a - b);
  for (let o = 0; o < outCount; o++) {
    let base = 0;
    let rest = o;
    for (let k = kept.length - 1; k >= 0; k--) {
      const axis = kept[k];
      base += (rest % shape[axis]) * strides[axis];
      rest = Math.floor(rest / shape[axis]);
    }
    const items = new Int32Array(groupSize);
    for (let g = 0; g < groupSize; g++) {
      let offset = base;
      let r = g;
      for (let k = sortedAxes.length - 1; k >= 0; k--) {
        const axis = sortedAxes[k];
        offset += (r % shape[axis]) * strides[axis];
        r = Math.floor(r / shape[axis]);
      }
      items[g] = offset;
    }
    index.push(items);
  }
  // NumPy's iterator drops length-1 axes and merges neighbours (reduced with reduced, kept with kept): when its
  // inner axis is reduced, each run along it is summed pairwise and the runs are added in turn; else items are.
  const run = pairwiseRun(shape, axes);
  return { outShape: rank === 0 ? [] : outShape, groupSize, index, run };
}

/** Adds values in NumPy's order: runs of `run` items pairwise, the runs one after another; `round` = Math.fround for float32. */
function addInOrder(values: ArrayLike<number>, run: number, round: (v: number) => number): number {
  if (run >= values.length || values.length === 0) return pairwiseSum(values, 0, values.length, round);
  let r = run === 1 ? round(values[0]) : pairwiseSum(values, 0, run, round);
  for (let start = run; start < values.length; start += run) r = round(r + (run === 1 ? values[start] : pairwiseSum(values, start, run, round)));
  return r;
}

/** One reduction of one group of values, as NumPy computes it for `dtype`. */
function reduceGroup(kind: Reduction, v: Float64Array, dtype: DType, run: number): number {
  const n = v.length;
  const float = isFloatDType(dtype);
  const round = dtype === 'float32' ? Math.fround : (x: number) => x;
  switch (kind) {
    case 'any':
      return v.some((x) => x !== 0) ? 1 : 0;
    case 'all':
      return v.every((x) => x !== 0) ? 1 : 0;
    case 'min':
    case 'max': {
      let best = v[0];
      for (let i = 1; i < n; i++) {
        if (Number.isNaN(best)) break;
        if (Number.isNaN(v[i]) || (kind === 'min' ? v[i] < best : v[i] > best)) best = v[i];
      }
      return best;
    }
    case 'sum': {
      if (float) return addInOrder(v, run, round);
      let total = 0;
      for (let i = 0; i < n; i++) total += v[i];
      return total;
    }
    case 'mean':
      if (n === 0) return NaN;
      return round(addInOrder(v, run, round) / n);
    case 'var':
    case 'std': {
      if (n === 0) return NaN;
      const mean = round(addInOrder(v, run, round) / n);
      const squares = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const d = round(v[i] - mean);
        squares[i] = round(d * d);
      }
      const variance = round(addInOrder(squares, run, round) / n);
      return kind === 'std' ? round(Math.sqrt(variance)) : variance;
    }
  }
}

/** A reduction of a small array over `axes` on the host: a NumPy scalar when every axis goes and keepdims is off, else an exact array. Call inside tf.tidy. */
export function hostReduce(kind: Reduction, x: NdArray, axes: readonly number[], keepdims: boolean): NdArray | NpScalar {
  const values = hostValues(x);
  const { outShape, index, run } = groups(x.shape, axes);
  const dtype = kind === 'sum' ? sumDType(x.dtype) : kind === 'mean' || kind === 'var' || kind === 'std' ? meanDType(x.dtype) : kind === 'any' || kind === 'all' ? 'bool' : x.dtype;
  // Sums of floats accumulate in the float dtype; of integers exactly; means of integers in float64.
  const accumulate: DType = isFloatDType(x.dtype) ? x.dtype : kind === 'min' || kind === 'max' ? x.dtype : 'int64';
  const out = new Float64Array(index.length);
  index.forEach((items, o) => {
    const group = Float64Array.from(items, (i) => values[i]);
    out[o] = reduceGroup(kind, group, kind === 'mean' || kind === 'var' || kind === 'std' ? (isFloatDType(x.dtype) ? x.dtype : 'float64') : accumulate, run);
  });
  const shape = keepdims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : outShape;
  if (shape.length === 0) return new NpScalar(out[0], dtype);
  return fromHost(out, shape, dtype);
}

/** argmax / argmin of a small array on the host: the first NaN wins, then the first extreme. */
export function hostArgReduce(kind: 'argmax' | 'argmin', x: NdArray, axis: number | null, keepdims: boolean): NdArray | NpScalar {
  const values = hostValues(x);
  const axes = axis === null ? x.shape.map((_, i) => i) : [axis];
  const { outShape, index } = groups(x.shape, axes);
  const out = new Float64Array(index.length);
  index.forEach((items, o) => {
    let best = 0;
    for (let g = 0; g < items.length; g++) {
      const v = values[items[g]];
      const b = values[items[best]];
      if (Number.isNaN(b)) break;
      if (Number.isNaN(v) || (kind === 'argmax' ? v > b : v < b)) best = g;
    }
    out[o] = best;
  });
  if (axis === null && !keepdims) return new NpScalar(out[0], 'int64');
  const shape = keepdims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : outShape;
  if (shape.length === 0) return new NpScalar(out[0], 'int64');
  return fromHost(out, shape, 'int64');
}
