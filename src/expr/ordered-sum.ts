/**
 * NumPy's float64 sums, replayed on the host in NumPy's own order of additions, for arrays of any size whose
 * items are table[code] with one byte per item (a uint8 or bool array, or a float64 array computed from one
 * item by item: x / 255, x - x.mean(), ...). The GPU has no float64, and NumPy's last digit depends on every
 * rounding of its loop, so sum/mean/var/std of such arrays are computed here from the bytes, exactly as NumPy
 * adds: the iterator's coalesced axes, pairwise summation (8 accumulators, blocks of 128, halves above)
 * along a reduced inner run, one item after another down an outer axis.
 *
 * The work is a generator that yields every few milliseconds, so a caller can let the page breathe
 * (`runAsync`) or run it through (`runSync`).
 */

/** NumPy's iteration of a C-contiguous reduction: length-1 axes dropped, neighbours of the same kind merged. */
export interface ReduceLayout {
  /** Sizes of the merged axes, outermost first. */
  dims: number[];
  /** Whether each merged axis is reduced. */
  reduced: boolean[];
  /** Items of the result (the product of the kept sizes). */
  outCount: number;
}

export function reduceLayout(shape: readonly number[], axes: readonly number[]): ReduceLayout {
  const dims: number[] = [];
  const reduced: boolean[] = [];
  shape.forEach((size, axis) => {
    if (size === 1) return;
    const r = axes.includes(axis);
    if (dims.length > 0 && reduced[reduced.length - 1] === r) dims[dims.length - 1] *= size;
    else {
      dims.push(size);
      reduced.push(r);
    }
  });
  const outCount = dims.reduce((n, d, i) => (reduced[i] ? n : n * d), 1);
  return { dims, reduced, outCount };
}

/**
 * The length of the runs NumPy sums pairwise: the merged inner axis when it is reduced (the whole array
 * for a full reduction), else 1 (items are added one after another). Empty arrays give 0.
 */
export function pairwiseRun(shape: readonly number[], axes: readonly number[]): number {
  if (shape.some((d) => d === 0)) return 0;
  const { dims, reduced } = reduceLayout(shape, axes);
  return dims.length > 0 && reduced[reduced.length - 1] ? dims[dims.length - 1] : 1;
}

/** A yield point about every SLICE_MS of work. */
const SLICE_MS = 25;
/** Pairwise nodes up to this size are summed without a yield check. */
const NODE = 1 << 16;

type Work<T> = Generator<void, T, void>;

class Clock {
  private last = now();
  due(): boolean {
    const t = now();
    if (t - this.last < SLICE_MS) return false;
    this.last = t;
    return true;
  }
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

/** NumPy's pairwise_sum over table[codes[start .. start + n)], float64. */
function pairwiseCodes(codes: Uint8Array, start: number, n: number, table: Float64Array): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += table[codes[start + i]];
    return res;
  }
  if (n <= 128) {
    let r0 = table[codes[start]];
    let r1 = table[codes[start + 1]];
    let r2 = table[codes[start + 2]];
    let r3 = table[codes[start + 3]];
    let r4 = table[codes[start + 4]];
    let r5 = table[codes[start + 5]];
    let r6 = table[codes[start + 6]];
    let r7 = table[codes[start + 7]];
    const end = start + n - (n % 8);
    let i = start + 8;
    for (; i < end; i += 8) {
      r0 += table[codes[i]];
      r1 += table[codes[i + 1]];
      r2 += table[codes[i + 2]];
      r3 += table[codes[i + 3]];
      r4 += table[codes[i + 4]];
      r5 += table[codes[i + 5]];
      r6 += table[codes[i + 6]];
      r7 += table[codes[i + 7]];
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < start + n; i++) res += table[codes[i]];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseCodes(codes, start, n2, table) + pairwiseCodes(codes, start + n2, n - n2, table);
}

/** pairwiseCodes with yield points between nodes (the same additions in the same order). */
function* pairwiseWork(codes: Uint8Array, start: number, n: number, table: Float64Array, clock: Clock): Work<number> {
  if (n <= NODE) {
    if (clock.due()) yield;
    return pairwiseCodes(codes, start, n, table);
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  const left = yield* pairwiseWork(codes, start, n2, table, clock);
  const right = yield* pairwiseWork(codes, start + n2, n - n2, table, clock);
  return left + right;
}

/**
 * The sums NumPy's add.reduce gives over `axes` of a C-contiguous array of `shape` whose items are
 * term(table[code]): the item itself, or with `means` (one per output) its squared deviation
 * (table[code] - mean)**2, as NumPy's var forms it (x - mean, then x * x, each rounded). Outputs in C order.
 */
export function* orderedSums(codes: Uint8Array, shape: readonly number[], axes: readonly number[], table: Float64Array, means: Float64Array | null = null): Work<Float64Array> {
  const { dims, reduced, outCount } = reduceLayout(shape, axes);
  const out = new Float64Array(outCount);
  if (codes.length === 0 || dims.length === 0) {
    // No items, or one item (every axis of length 1): NumPy's identity 0 plus the item.
    if (codes.length === 1) out[0] = term(table[codes[0]], means ? means[0] : null);
    return out;
  }
  const clock = new Clock();
  const inner = dims[dims.length - 1];
  const innerReduced = reduced[reduced.length - 1];
  // Output strides of the outer merged axes (0 for reduced ones).
  const outer = dims.slice(0, -1);
  const stride = new Array<number>(outer.length).fill(0);
  let s = innerReduced ? 1 : inner;
  for (let k = outer.length - 1; k >= 0; k--) {
    if (!reduced[k]) {
      stride[k] = s;
      s *= outer[k];
    }
  }
  const index = new Array<number>(outer.length).fill(0);
  const outerCount = outer.reduce((a, b) => a * b, 1);
  const deviations = new Float64Array(table.length);
  let deviationsFor = -1;
  let o = 0;
  for (let run = 0, offset = 0; run < outerCount; run++, offset += inner) {
    if (innerReduced) {
      let t = table;
      if (means) {
        if (deviationsFor !== o) {
          for (let v = 0; v < table.length; v++) deviations[v] = term(table[v], means[o]);
          deviationsFor = o;
        }
        t = deviations;
      }
      out[o] += yield* pairwiseWork(codes, offset, inner, t, clock);
    } else {
      if (means) for (let k = 0; k < inner; k++) out[o + k] += term(table[codes[offset + k]], means[o + k]);
      else for (let k = 0; k < inner; k++) out[o + k] += table[codes[offset + k]];
      if (clock.due()) yield;
    }
    // The next outer index, C order, and its output offset.
    for (let k = outer.length - 1; k >= 0; k--) {
      index[k]++;
      o += stride[k];
      if (index[k] < outer[k]) break;
      o -= stride[k] * outer[k];
      index[k] = 0;
    }
  }
  return out;
}

function term(value: number, mean: number | null): number {
  if (mean === null) return value;
  const d = value - mean;
  return d * d;
}

/** Runs a work generator to its end at once. */
export function runSync<T>(work: Work<T>): T {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
  }
}

/** Runs a work generator, giving the page a turn at each yield (a macrotask). */
export async function runAsync<T>(work: Work<T>): Promise<T> {
  for (;;) {
    const step = work.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
}
