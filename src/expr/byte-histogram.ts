/**
 * Whole-array reductions of the dataset's images from the histogram of their bytes on the host (the
 * bytes the loader decoded and uploaded, handed over with the tensors): 256 counts give exact sums,
 * means, extremes and counts of any comparison with a scalar, `(training_images > 0).sum()` included,
 * in microseconds once the histogram exists (one pass over the bytes, made in the background at bind).
 */
import type * as tf from '@tensorflow/tfjs';
import { addByteCounts } from '../data/grey-levels';
import type { DType } from './dtypes';
import { readyBytes } from './host-bytes';
import { meanDType, sumDType } from './host-reduce';
import { compareNumbers } from './scalar-arith';
import type { Reduction } from './reductions';
import { NpScalar, type NdArray } from './values';

/** Items counted per step of the background pass (about 10 ms here), so no long task. */
const STEP_ITEMS = 4_000_000;

/** Histograms by tensor data (a reshape shares its data and so its histogram). */
const histograms = new WeakMap<object, Float64Array>();
const building = new WeakMap<object, Promise<void>>();

/** The 256-bin histogram of a tensor's host bytes (computed now if need be), or null when its bytes are not on the host. */
export function histogramNow(t: tf.Tensor): Float64Array | null {
  const key = t.dataId as object;
  const known = histograms.get(key);
  if (known) return known;
  const bytes = readyBytes(t);
  if (!bytes || bytes.length !== t.size) return null;
  const h = new Float64Array(256);
  addByteCounts(bytes, h);
  histograms.set(key, h);
  return h;
}

/** Builds a tensor's histogram in the background, in steps (nothing when its bytes are not on the host). */
export function warmHistogram(t: tf.Tensor): Promise<void> {
  const key = t.dataId as object;
  const bytes = readyBytes(t);
  if (!bytes || histograms.has(key)) return Promise.resolve();
  const existing = building.get(key);
  if (existing) return existing;
  const done = (async () => {
    const h = new Float64Array(256);
    for (let start = 0; start < bytes.length; start += STEP_ITEMS) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (histograms.has(key)) return;
      addByteCounts(bytes, h, start, Math.min(bytes.length, start + STEP_ITEMS));
    }
    histograms.set(key, h);
  })();
  building.set(key, done);
  return done;
}

/**
 * A whole-array reduction of a uint8 array whose bytes are on the host, or of a comparison of one with a
 * scalar, from the histogram; null when neither applies (or for var/std, which NumPy's float64 order
 * decides: float64-reduce.ts replays it on the same bytes).
 */
export function histogramReduce(kind: Reduction, x: NdArray): NpScalar | null {
  if (kind === 'var' || kind === 'std') return null;
  const c = x.comparison;
  if (c && !x.computed) {
    const h = histogramNow(c.source);
    if (!h) return null;
    let hits = 0;
    for (let v = 0; v < 256; v++) if (compareNumbers(c.op, v, c.scalar)) hits += h[v];
    return fromCounts(kind, [x.size - hits, hits], x.size, 'bool');
  }
  if (x.dtype !== 'uint8' || !x.computed) return null;
  const h = histogramNow(x.tensor);
  return h && fromCounts(kind, h, x.size, 'uint8');
}

/** The reduction of `n` items with counts[v] items of value v. */
function fromCounts(kind: Exclude<Reduction, 'var' | 'std'>, counts: ArrayLike<number>, n: number, dtype: DType): NpScalar {
  let sum = 0;
  let min = -1;
  let max = -1;
  for (let v = 0; v < counts.length; v++) {
    if (counts[v] === 0) continue;
    sum += v * counts[v];
    if (min < 0) min = v;
    max = v;
  }
  switch (kind) {
    case 'sum':
      return new NpScalar(sum, sumDType(dtype));
    case 'mean':
      return new NpScalar(n === 0 ? NaN : sum / n, meanDType(dtype));
    case 'min':
      return new NpScalar(min, dtype);
    case 'max':
      return new NpScalar(max, dtype);
    case 'any':
      return new NpScalar(n > counts[0] ? 1 : 0, 'bool');
    case 'all':
      return new NpScalar(counts[0] === 0 ? 1 : 0, 'bool');
  }
}
