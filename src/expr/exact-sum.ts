/**
 * Integer sums exact to 2**53 on every backend. WebGL holds int32 as float32, so any partial sum past
 * 2**24 is rounded (all of MNIST's training pixels summed to 1567298560 there, NumPy: 1567298545).
 * exactIntSum keeps every partial below 2**24: it sums chunks whose bound times length stays below,
 * splits the partials into high and low 12-bit halves when there are too many to read back, and adds
 * the few partials left in float64 on the host. It reads back partials only, never the array.
 */
import * as tf from '@tensorflow/tfjs';
import { PyError } from './errors';

/** Integers below this are exact in float32 (and so in WebGL's int32). */
export const EXACT_FLOAT32 = 2 ** 24;
/** Partials read back and added on the host at most per level (a 256 KB readback). */
const MAX_PARTIALS = 65536;

/** The largest divisor of n not above limit, when it is at least half the limit (so chunks tile n without a copy); else 0. */
function tilingChunk(n: number, limit: number): number {
  for (let c = Math.min(n, limit); c >= Math.max(1, limit / 2); c--) if (n % c === 0) return c;
  return 0;
}

/**
 * The exact sum of a 1-D tensor of integers whose absolute values are at most `bound`, as a JS number
 * (OverflowError past 2**53). `exact` and `maxPartials` are for tests (smaller values exercise every
 * branch on small arrays). Call inside tf.tidy.
 */
export function exactIntSum(flat: tf.Tensor, bound: number, exact = EXACT_FLOAT32, maxPartials = MAX_PARTIALS): number {
  const n = flat.size;
  if (n === 0 || bound === 0) return 0;
  const values = flat.dtype === 'float32' ? flat : tf.cast(flat, 'float32');
  if (n * bound < exact) return addExactly(tf.sum(values).dataSync());
  const limit = Math.max(1, Math.floor((exact - 1) / bound));
  const chunk = tilingChunk(n, limit);
  let partials: tf.Tensor;
  if (chunk > 0) partials = tf.sum(tf.reshape(values, [n / chunk, chunk]), 1);
  else {
    const rows = Math.floor(n / limit);
    const head = tf.sum(tf.reshape(tf.slice(values, 0, rows * limit), [rows, limit]), 1);
    partials = rows * limit < n ? tf.concat([head, tf.reshape(tf.sum(tf.slice(values, rows * limit)), [1])]) : head;
  }
  if (partials.size <= maxPartials) return addExactly(partials.dataSync());
  // Each partial p is an integer below `exact`: p = hi * base + lo with 0 <= lo < base, both exact in float32.
  const base = 2 ** Math.ceil(Math.log2(exact) / 2);
  const hi = tf.floor(tf.div(partials, base));
  const lo = tf.sub(partials, tf.mul(hi, base));
  return addExactly([exactIntSum(lo, base, exact, maxPartials), base * exactIntSum(hi, Math.ceil(exact / base), exact, maxPartials)]);
}

function addExactly(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  if (!Number.isSafeInteger(total)) throw new PyError('OverflowError', 'integer result too large for this notebook (beyond 2**53)');
  return total;
}
