/**
 * Sums NumPy gets right and a float32 GPU does not: integer sums exact to 2**53 on every backend, and
 * NumPy's own float algorithms (pairwise summation, its mean and variance) replayed on the host for
 * arrays small enough to read back.
 *
 * WebGL holds int32 as float32, so any partial sum past 2**24 is rounded. exactIntSumParts keeps every
 * partial below 2**24: it sums chunks whose bound times length stays below, splits partials into high
 * and low 12-bit halves when there are too many to read back, and adds the few partials left in float64.
 */
import * as tf from '@tensorflow/tfjs';
import { PyError } from './errors';

/** Integers below this are exact in float32 (and so in WebGL's int32). */
export const EXACT_FLOAT32 = 2 ** 24;
/** Longest chunk summed in one row. */
const MAX_CHUNK = 65536;
/** Partials read back and added on the host at most per level (a 256 KB readback). */
const MAX_PARTIALS = 65536;

/** The largest divisor of n not above limit, when it is at least half the limit (so chunks tile n without a copy); else 0. */
export function tilingChunk(n: number, limit: number): number {
  for (let c = Math.min(n, limit); c >= Math.max(1, limit / 2); c--) if (n % c === 0) return c;
  return 0;
}

/** A sum still on the GPU: value = sum over terms of scale * (the sum of the term's tensor items). */
export interface SumParts {
  terms: { tensor: tf.Tensor; scale: number }[];
}

/**
 * The sums of consecutive chunks of at most `limit` items of a 1-D tensor of n > limit / 2 items: a
 * reshape when a chunk length tiles n, else full chunks by a slice and the rest as one more. Call inside tf.tidy.
 */
function chunkSums(values: tf.Tensor, limit: number): tf.Tensor {
  const n = values.size;
  const chunk = tilingChunk(n, limit);
  if (chunk > 0) return tf.sum(tf.reshape(values, [n / chunk, chunk]), 1);
  const rows = Math.floor(n / limit);
  const head = tf.sum(tf.reshape(tf.slice(values, 0, rows * limit), [rows, limit]), 1);
  return tf.concat([head, tf.reshape(tf.sum(tf.slice(values, rows * limit)), [1])]);
}

/**
 * The exact sum of a 1-D tensor of integers whose absolute values are at most `bound`, as small tensors
 * still to read back (no readback here, so a caller can read them asynchronously). `exact` and
 * `maxPartials` are for tests (smaller values exercise every branch on small arrays). Call inside tf.tidy.
 */
export function exactIntSumParts(flat: tf.Tensor, bound: number, exact = EXACT_FLOAT32, maxPartials = MAX_PARTIALS, scale = 1): SumParts {
  const n = flat.size;
  if (n === 0 || bound === 0) return { terms: [] };
  const values = flat.dtype === 'float32' ? flat : tf.cast(flat, 'float32');
  if (n * bound < exact) return { terms: [{ tensor: tf.sum(values), scale }] };
  // Chunks of at most MAX_CHUNK: WebGL's reduction of very long rows miscounted (MNIST's (x > 0).sum() in one 15.68M-item row lost 9).
  const limit = Math.max(1, Math.min(MAX_CHUNK, Math.floor((exact - 1) / bound)));
  const partials = chunkSums(values, limit);
  if (partials.size <= maxPartials) return { terms: [{ tensor: partials, scale }] };
  // Each partial p is an integer below `exact`: p = hi * base + lo with 0 <= lo < base, both exact in float32.
  const base = 2 ** Math.ceil(Math.log2(exact) / 2);
  const hi = tf.floor(tf.div(partials, base));
  const lo = tf.sub(partials, tf.mul(hi, base));
  return { terms: [...exactIntSumParts(lo, base, exact, maxPartials, scale).terms, ...exactIntSumParts(hi, Math.ceil(exact / base), exact, maxPartials, scale * base).terms] };
}

/** The value of SumParts from its tensors' data (in the order of parts.terms), exactly (OverflowError past 2**53). */
export function finishSum(parts: SumParts, data: readonly ArrayLike<number>[]): number {
  let total = 0;
  parts.terms.forEach((term, k) => {
    let sum = 0;
    for (let i = 0; i < data[k].length; i++) sum += data[k][i];
    total += term.scale * sum;
  });
  return addExactly([total]);
}

/** A 1-D float tensor's float32 sums over chunks of at most MAX_CHUNK items, still on the GPU (add them in float64). Call inside tf.tidy. */
export function chunkedFloatPartials(flat: tf.Tensor): tf.Tensor {
  const n = flat.size;
  const values = flat.dtype === 'float32' ? flat : tf.cast(flat, 'float32');
  if (n <= MAX_CHUNK) return tf.reshape(tf.sum(values), [1]);
  return chunkSums(values, MAX_CHUNK);
}

/** Adds read-back partials in float64. */
export function addPartials(data: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < data.length; i++) total += data[i];
  return total;
}

/** chunkedFloatPartials added at once (a synchronous readback). Call inside tf.tidy. */
export function chunkedFloatSum(flat: tf.Tensor): number {
  return flat.size === 0 ? 0 : addPartials(chunkedFloatPartials(flat).dataSync());
}

function addExactly(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  if (!Number.isSafeInteger(total)) throw new PyError('OverflowError', 'integer result too large for this notebook (beyond 2**53)');
  return total;
}

/** NumPy's pairwise summation (8 accumulators in blocks of up to 128, halves above), in float64 or float32 (`round` = Math.fround). */
export function pairwiseSum(a: ArrayLike<number>, start = 0, n = a.length, round: (x: number) => number = (x) => x): number {
  if (n < 8) {
    let res = round(0);
    for (let i = 0; i < n; i++) res = round(res + a[start + i]);
    return res;
  }
  if (n <= 128) {
    const r = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => round(a[start + j]));
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] = round(r[j] + a[start + i + j]);
    let res = round(round(round(r[0] + r[1]) + round(r[2] + r[3])) + round(round(r[4] + r[5]) + round(r[6] + r[7])));
    for (; i < n; i++) res = round(res + a[start + i]);
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return round(pairwiseSum(a, start, n2, round) + pairwiseSum(a, start + n2, n - n2, round));
}

/**
 * The variance of n integers from their exact sum and sum of squares, the way NumPy forms it (deviations
 * from the float64 mean), exactly: NumPy's own rounding of its pairwise sum can differ in the last digit.
 */
export function varianceFromSums(n: number, sum: number, sumOfSquares: number): number {
  if (n === 0) return NaN;
  const mean = sum / n;
  // sum((x - m)^2) = S2 - 2 m S1 + n m^2, with m's exact binary value: BigInt over a common power of two.
  const [mantissa, exponent] = exactBinary(mean);
  const scale = 2n ** BigInt(-Math.min(0, exponent));
  const m = mantissa * 2n ** BigInt(Math.max(0, exponent));
  const s1 = BigInt(sum);
  const s2 = BigInt(sumOfSquares);
  const N = BigInt(n);
  const numerator = s2 * scale * scale - 2n * m * s1 * scale + N * m * m;
  return bigRatio(numerator, N * scale * scale);
}

/** x = mantissa * 2**exponent exactly (x finite). */
export function exactBinary(x: number): [bigint, number] {
  if (x === 0) return [0n, 0];
  let exponent = 0;
  let m = x;
  while (!Number.isInteger(m)) {
    m *= 2;
    exponent--;
  }
  return [BigInt(m), exponent];
}

/** p / q correctly rounded to float64 (p >= 0, q > 0; normal range). */
export function bigRatio(p: bigint, q: bigint): number {
  if (p === 0n) return 0;
  // Scale so the integer quotient has 70+ bits; a sticky low bit keeps Number()'s one rounding correct.
  const shift = Math.max(0, 70 - (p.toString(2).length - q.toString(2).length));
  const scaled = p << BigInt(shift);
  let quotient = scaled / q;
  if (quotient * q !== scaled) quotient |= 1n;
  return Number(quotient) / 2 ** shift;
}
