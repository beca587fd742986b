/**
 * NumPy's reductions (sum, mean, min, max, std, var, any, all) and argmax/argmin, with NumPy's dtypes
 * (sum of uint8 is uint64, of other integers int64; mean/std/var of integers float64), axis rules and
 * errors. A whole-array reduction gives a NumPy scalar computed exactly: integer sums from partials that
 * stay exact on the GPU, means and variances of integers from those sums, and small arrays read back and
 * reduced with NumPy's own float algorithms.
 */
import * as tf from '@tensorflow/tfjs';
import { axesArg } from './args';
import type { DType } from './dtypes';
import { INT_RANGE, STORAGE, isFloatDType } from './dtypes';
import { PyError } from './errors';
import type { SumParts } from './exact-sum';
import { EXACT_FLOAT32, addPartials, chunkedFloatPartials, chunkedFloatSum, exactIntSumParts, finishSum, tilingChunk, varianceFromSums } from './exact-sum';
import { HOST_MAX, fromHost } from './host';
import { hostArgReduce, hostReduce, meanDType, sumDType } from './host-reduce';
import { histogramReduce } from './byte-histogram';
import { float64Reduce } from './float64-reduce';
import { webglChunkCounts, webglChunkMoments } from './webgl-moments';
import { normalizeAxis, readSync, sizeOf, toInt, unpackedOps } from './tensors';
import type { Value } from './values';
import { NdArray, NpScalar, isTensor, typeName } from './values';

/** The reductions a tensor method and an np function share by name. */
export type Reduction = 'sum' | 'mean' | 'min' | 'max' | 'std' | 'var' | 'any' | 'all';
const REDUCTION_NAMES: Record<Reduction, string> = { sum: 'add', mean: 'mean', min: 'minimum', max: 'maximum', std: 'std', var: 'var', any: 'logical_or', all: 'logical_and' };

/** The largest absolute value an integer array can hold: its dtype's bound, or one small readback for wide dtypes. */
function intBound(x: NdArray): number {
  if (x.dtype === 'bool') return 1;
  if (x.dtype === 'uint8') return INT_RANGE.uint8[1];
  return x.size === 0 ? 0 : readSync(tf.max(tf.abs(x.tensor)))[0];
}

/** A whole-array reduction as a NumPy scalar, exact as described above. Call inside tf.tidy. */
function reduceAll(kind: Reduction, x: NdArray): NpScalar {
  if (x.exact || x.size <= HOST_MAX) return hostReduce(kind, x, x.shape.map((_, i) => i), false) as NpScalar;
  return reduceAllOnDevice(kind, x);
}

/** var / std as a deferred scalar from the exact sums s1 (of x) and s2 (of x**2) of n integers. */
function deferredVariance(s1: SumParts, s2: SumParts, n: number, kind: 'var' | 'std', dtype: DType): NpScalar {
  const t1 = s1.terms.map((t) => t.tensor);
  const t2 = s2.terms.map((t) => t.tensor);
  return NpScalar.deferred([...t1, ...t2], (d) => {
    const variance = varianceFromSums(n, finishSum(s1, d.slice(0, t1.length)), finishSum(s2, d.slice(t1.length)));
    return kind === 'std' ? Math.sqrt(variance) : variance;
  }, dtype);
}

/**
 * var / std of integers from one fused WebGL pass (sums and sums of squares per chunk), exactly; null
 * where the pass does not apply (another backend, no chunk length that tiles the array).
 */
function fusedVariance(flat: tf.Tensor, bound: number, n: number, kind: 'var' | 'std', dtype: DType): NpScalar | null {
  const chunk = tilingChunk(n, Math.max(1, Math.floor((EXACT_FLOAT32 - 1) / (bound * bound))));
  const moments = chunk > 0 ? webglChunkMoments(flat, chunk) : null;
  if (!moments) return null;
  const rows = n / chunk;
  const column = (c: number) => tf.reshape(tf.slice(moments, [0, c], [rows, 1]), [rows]);
  return deferredVariance(exactIntSumParts(column(0), chunk * bound), exactIntSumParts(column(1), chunk * bound * bound), n, kind, dtype);
}

/** Items per fragment of a fused count: enough fragments to keep the GPU's lanes busy, few partials. */
const COUNT_CHUNK = 1024;

/**
 * sum / mean of a comparison not yet computed ((x > 0).sum()): counts per chunk in one WebGL pass over x,
 * exact (a chunk's count is at most COUNT_CHUNK), without writing the mask; null where it does not apply.
 */
function fusedCount(kind: 'sum' | 'mean', x: NdArray): NpScalar | null {
  const c = x.comparison!;
  const n = x.size;
  const chunk = tilingChunk(n, COUNT_CHUNK);
  const counts = chunk > 0 ? webglChunkCounts(tf.reshape(c.source, [n]), chunk, c.op, c.scalar) : null;
  if (!counts) return null;
  const parts = exactIntSumParts(counts, chunk);
  return NpScalar.deferred(parts.terms.map((t) => t.tensor), (d) => (kind === 'sum' ? finishSum(parts, d) : finishSum(parts, d) / n), kind === 'sum' ? 'int64' : 'float64');
}

/**
 * Runs a fused count over a large tensor once, in the background, so that the first `(x > 0).sum()` a
 * learner types finds its shaders compiled (one program serves every comparison of that shape).
 */
export async function warmUpCounts(images: tf.Tensor): Promise<void> {
  if (tf.getBackend() !== 'webgl' || images.isDisposed) return;
  let count: NpScalar | null = null;
  const kept = unpackedOps(() =>
    tf.tidy(() => {
      const mask = new NdArray({ shape: images.shape, comparison: { source: images, op: '>', scalar: 0 }, make: () => tf.greater(images, 0) }, 'bool');
      count = fusedCount('sum', mask);
      return (count?.tensors ?? []).map((t) => tf.keep(t));
    }),
  );
  try {
    await (count as NpScalar | null)?.resolve();
  } finally {
    tf.dispose(kept);
  }
}

/**
 * A whole-array reduction on the GPU as a deferred NumPy scalar: the small tensors it needs are computed
 * here (no readback), and the value is read back when shown (asynchronously) or used. Call inside tf.tidy.
 */
function reduceAllOnDevice(kind: Reduction, x: NdArray): NpScalar {
  const counted = histogramReduce(kind, x);
  if (counted) return counted;
  if ((kind === 'sum' || kind === 'mean') && x.comparison && !x.computed) {
    const fused = fusedCount(kind, x);
    if (fused) return fused;
  }
  if (kind === 'sum' || kind === 'mean' || kind === 'var' || kind === 'std') {
    const ordered = float64Reduce(kind, x, x.shape.map((_, i) => i), false);
    if (ordered) return ordered as NpScalar;
  }
  const flat = tf.reshape(x.tensor, [x.size]);
  const n = x.size;
  const float = isFloatDType(x.dtype);
  const one = (t: tf.Tensor, f: (v: number) => number, dtype: DType) => NpScalar.deferred([t], ([d]) => f(d[0]), dtype);
  switch (kind) {
    case 'any':
      return one(tf.any(tf.cast(flat, 'bool')), (v) => (v ? 1 : 0), 'bool');
    case 'all':
      return one(tf.all(tf.cast(flat, 'bool')), (v) => (v ? 1 : 0), 'bool');
    case 'min':
    case 'max': {
      const source = x.dtype === 'bool' ? tf.cast(flat, 'int32') : flat;
      const extreme = kind === 'min' ? tf.min(source) : tf.max(source);
      if (!float) return one(extreme, (v) => v, x.dtype);
      return NpScalar.deferred([extreme, tf.any(tf.isNaN(flat))], ([v, nan]) => (nan[0] ? NaN : v[0]), x.dtype);
    }
    case 'sum':
    case 'mean':
    case 'var':
    case 'std': {
      const dtype = kind === 'sum' ? sumDType(x.dtype) : meanDType(x.dtype);
      if (float) {
        // float32 partials over chunks, added in float64 on the host: exact for integer-valued floats, else
        // far closer than one float32 accumulator over millions of items (float64 arrays this big are held as float32).
        const round = x.dtype === 'float32' ? Math.fround : (v: number) => v;
        if (kind === 'sum' || kind === 'mean') return NpScalar.deferred([chunkedFloatPartials(flat)], ([d]) => round(kind === 'sum' ? addPartials(d) : addPartials(d) / n), dtype);
        const mean = round(chunkedFloatSum(flat) / n);
        const variance = round(chunkedFloatSum(tf.square(tf.sub(flat, mean))) / n);
        return new NpScalar(kind === 'std' ? round(Math.sqrt(variance)) : variance, dtype);
      }
      const bound = intBound(x);
      if ((kind === 'var' || kind === 'std') && bound * bound < EXACT_FLOAT32) {
        const fused = fusedVariance(flat, bound, n, kind, dtype);
        if (fused) return fused;
      }
      const s1 = exactIntSumParts(flat, bound);
      if (kind === 'sum' || kind === 'mean') return NpScalar.deferred(s1.terms.map((t) => t.tensor), (d) => (kind === 'sum' ? finishSum(s1, d) : finishSum(s1, d) / n), dtype);
      if (bound * bound >= EXACT_FLOAT32) throw new PyError('NotImplementedError', `${kind}() of integer arrays with values past ${Math.floor(Math.sqrt(EXACT_FLOAT32))} over ${HOST_MAX.toLocaleString('en-US')} items is not supported in this notebook; use .astype('float32').${kind}()`);
      return deferredVariance(s1, exactIntSumParts(tf.square(tf.cast(flat, 'float32')), bound * bound), n, kind, dtype);
    }
  }
}

/** numpy reductions of any array: axis=None|int|tuple, keepdims; a NumPy scalar for whole-array reductions. Call inside tf.tidy. */
export function reduce(kind: Reduction, x: NdArray, axisValue: Value | undefined, keepdims: boolean): NdArray | NpScalar {
  // NumPy lets a 0-d array reduce over axis 0 or -1 (as if it had one axis).
  if (x.rank === 0 && (axisValue === 0 || axisValue === -1) && (kind === 'sum' || kind === 'min' || kind === 'max' || kind === 'any' || kind === 'all')) axisValue = null;
  const axes = axesArg(axisValue, x.rank);
  const reduced = axes ?? x.shape.map((_, i) => i);
  const removedSize = sizeOf(reduced.map((a) => x.shape[a]));
  if (removedSize === 0 && (kind === 'min' || kind === 'max') && (reduced.length > 0 || x.size === 0)) {
    throw new PyError('ValueError', `zero-size array to reduction operation ${REDUCTION_NAMES[kind]} which has no identity`);
  }
  if (reduced.length === x.rank && !keepdims) return reduceAll(kind, x);
  if (x.exact || x.size <= HOST_MAX) return hostReduce(kind, x, reduced, keepdims);
  if (kind === 'sum' || kind === 'mean' || kind === 'var' || kind === 'std') {
    const ordered = float64Reduce(kind, x, reduced, keepdims);
    if (ordered) return ordered;
  }
  return reduceOnDevice(kind, x, reduced, removedSize, keepdims);
}

function reduceOnDevice(kind: Reduction, x: NdArray, reduced: number[], removedSize: number, keepdims: boolean): NdArray {
  const axis = reduced;
  const t = x.tensor;
  const out = (r: tf.Tensor, d: DType) => new NdArray(tf.cast(r, STORAGE[d]), d);
  switch (kind) {
    case 'sum': {
      const source = x.dtype === 'bool' ? tf.cast(t, 'int32') : t;
      if (!isFloatDType(x.dtype) && removedSize > 1) {
        const bound = intBound(x);
        const resultSize = sizeOf(keptShape(x.shape, axis, keepdims));
        if (removedSize * bound >= EXACT_FLOAT32 && 2 * bound < EXACT_FLOAT32 && resultSize <= HOST_MAX) return digitSum(source, axis, keepdims, removedSize, bound, sumDType(x.dtype));
        if (removedSize * bound > INT_RANGE.int32[1]) {
          throw new PyError('OverflowError', `this ${sumDType(x.dtype)} sum over an axis could pass 2**31 (${removedSize} items of up to ${bound}), which TensorFlow.js int32 tensors cannot hold; sum over all axes for an exact answer`);
        }
      }
      return out(tf.sum(source, axis, keepdims), sumDType(x.dtype));
    }
    case 'mean':
      if (!isFloatDType(x.dtype) && removedSize * intBound(x) < EXACT_FLOAT32 && sizeOf(keptShape(x.shape, axis, keepdims)) <= HOST_MAX) {
        // Exact integer sums on the GPU, divided in float64 on the host: NumPy's float64 means.
        const sums = readSync(tf.sum(x.dtype === 'bool' ? tf.cast(t, 'int32') : t, axis, keepdims));
        return fromHost(Float64Array.from(sums, (v) => v / removedSize), keptShape(x.shape, axis, keepdims), 'float64');
      }
      return out(removedSize === 0 ? tf.fill(keptShape(x.shape, axis, keepdims), NaN) : tf.div(tf.sum(tf.cast(t, 'float32'), axis, keepdims), removedSize), meanDType(x.dtype));
    case 'var':
    case 'std': {
      const f = tf.cast(t, 'float32');
      const mean = tf.mean(f, axis, true);
      const variance = tf.mean(tf.square(tf.sub(f, mean)), axis, keepdims);
      return out(kind === 'std' ? tf.sqrt(variance) : variance, meanDType(x.dtype));
    }
    case 'min':
    case 'max': {
      const source = x.dtype === 'bool' ? tf.cast(t, 'int32') : t;
      let r = kind === 'min' ? tf.min(source, axis, keepdims) : tf.max(source, axis, keepdims);
      if (isFloatDType(x.dtype)) r = tf.where(tf.any(tf.isNaN(t), axis, keepdims), tf.fill(r.shape, NaN), r);
      return out(r, x.dtype);
    }
    case 'any':
      return out(tf.any(tf.cast(t, 'bool'), axis, keepdims), 'bool');
    case 'all':
      return out(removedSize === 0 ? tf.ones(keptShape(x.shape, axis, keepdims), 'bool') : tf.all(tf.cast(t, 'bool'), axis, keepdims), 'bool');
  }
}

/**
 * An integer sum over axes whose totals can pass 2**24 (where WebGL's float32 int32 rounds), exactly:
 * the values (shifted to be non-negative) split into k-bit digits whose sums stay below 2**24, each digit
 * plane summed on the GPU, the planes read back and combined on the host (a result of at most HOST_MAX items).
 */
function digitSum(t: tf.Tensor, axis: number[], keepdims: boolean, removedSize: number, bound: number, dtype: DType): NdArray {
  const bits = Math.max(1, Math.floor(Math.log2((EXACT_FLOAT32 - 1) / removedSize)));
  const base = 2 ** bits;
  const shifted = tf.add(tf.cast(t, 'float32'), bound); // 0 .. 2 * bound, exact in float32 below 2**24
  const planes: ArrayLike<number>[] = [];
  let rest: tf.Tensor = shifted;
  for (let scale = 1; scale <= 2 * bound; scale *= base) {
    const high = tf.floor(tf.div(rest, base));
    planes.push(readSync(tf.sum(tf.sub(rest, tf.mul(high, base)), axis, keepdims)));
    rest = high;
  }
  const shape = keptShape(t.shape, axis, keepdims);
  const total = new Float64Array(sizeOf(shape));
  for (let i = 0; i < total.length; i++) {
    let v = 0;
    planes.forEach((plane, j) => (v += plane[i] * base ** j));
    total[i] = v - removedSize * bound;
  }
  return fromHost(total, shape, dtype);
}

function keptShape(shape: readonly number[], axes: number[], keepdims: boolean): number[] {
  return keepdims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));
}

/** numpy argmax/argmin of any array: the first NaN wins, as in NumPy; an int64 scalar when axis is None, else the axis removed (kept with keepdims). Call inside tf.tidy. */
export function argReduce(kind: 'argmax' | 'argmin', x: NdArray, axisValue: Value | undefined, keepdims = false): NdArray | NpScalar {
  if (axisValue !== undefined && axisValue !== null && !(typeof axisValue === 'number' || typeof axisValue === 'boolean' || isTensor(axisValue) || axisValue instanceof NpScalar)) {
    throw new PyError('TypeError', `'${typeName(axisValue)}' object cannot be interpreted as an integer`);
  }
  if (x.rank === 0 && (axisValue === 0 || axisValue === -1)) return new NpScalar(0, 'int64');
  const hostAxis = axisValue === undefined || axisValue === null ? null : normalizeAxis(toInt(axisValue, 'axis'), x.rank);
  if ((x.exact || x.size <= HOST_MAX) && x.size > 0 && (hostAxis === null || x.shape[hostAxis] > 0)) return hostArgReduce(kind, x, hostAxis, keepdims);
  const source = x.dtype === 'bool' ? tf.cast(x.tensor, 'int32') : x.tensor;
  const pick = (t: tf.Tensor, axis: number): tf.Tensor => {
    const best = kind === 'argmax' ? tf.argMax(t, axis) : tf.argMin(t, axis);
    if (!isFloatDType(x.dtype)) return best;
    const nan = tf.isNaN(t);
    return tf.where(tf.any(nan, axis), tf.argMax(tf.cast(nan, 'int32'), axis), best);
  };
  if (axisValue === undefined || axisValue === null) {
    if (x.size === 0) throw new PyError('ValueError', `attempt to get ${kind} of an empty sequence`);
    const index = pick(tf.reshape(source, [x.size]), 0);
    if (keepdims) return new NdArray(tf.reshape(index, x.shape.map(() => 1)), 'int64');
    return new NpScalar(readSync(index)[0], 'int64');
  }
  const axis = normalizeAxis(toInt(axisValue, 'axis'), x.rank);
  if (x.shape[axis] === 0) throw new PyError('ValueError', `attempt to get ${kind} of an empty sequence`);
  const result = x.size === 0 ? tf.zeros(x.shape.filter((_, i) => i !== axis), 'int32') : pick(source, axis);
  const shaped = keepdims ? tf.reshape(result, x.shape.map((d, i) => (i === axis ? 1 : d))) : result;
  return shaped.rank === 0 ? new NpScalar(readSync(shaped)[0], 'int64') : new NdArray(shaped, 'int64');
}
