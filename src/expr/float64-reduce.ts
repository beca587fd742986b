/**
 * Large arrays whose float64 values are known exactly although their tensors are float32: a uint8 or bool
 * array, and a float64 array computed item by item from one (x / 255, x * 0.5 - 3, x.astype(np.float64)),
 * which keeps a 256-entry table of its values (NdArray.lookup). Their sum / mean / var / std are NumPy's
 * float64 loop replayed on the host over the codes' bytes (ordered-sum.ts), so they print NumPy's digits.
 */
import type { BinaryOp } from './ast';
import type { DType } from './dtypes';
import { awaitBytes, bytesNow, hasHostCopy, packBytes, unpackBytes } from './host-bytes';
import { HOST_MAX, fromHost } from './host';
import { orderedSums, runAsync, runSync } from './ordered-sum';
import { numberBinary, unaryNumber } from './scalar-arith';
import type { Lookup, Value , NdArray} from './values';
import { NpScalar, isTensor, pyNumber } from './values';

const IDENTITY = Float64Array.from({ length: 256 }, (_, v) => v);

/** The lookup an array's float64 values have: its own, or for a large uint8 / bool array its codes as they are. */
export function lookupOf(x: NdArray): Lookup | null {
  if (x.lookup) return x.lookup;
  if ((x.dtype === 'uint8' || x.dtype === 'bool') && !x.exact && x.size > HOST_MAX) return { codes: x.tensor, table: IDENTITY };
  return null;
}

/** The lookup of `a op b` when it is float64 and one side is a coded array, the other a scalar; else undefined. */
export function binaryLookup(op: BinaryOp, a: Value, b: Value, dtype: DType): Lookup | undefined {
  if (dtype !== 'float64') return undefined;
  const left = isTensor(a) ? lookupOf(a) : null;
  const right = isTensor(b) ? lookupOf(b) : null;
  if (left && !isTensor(b)) {
    const s = pyNumber(b);
    if (s !== undefined) return { codes: left.codes, table: left.table.map((t) => numberBinary(op, t, s, dtype).value) };
  }
  if (right && !isTensor(a)) {
    const s = pyNumber(a);
    if (s !== undefined) return { codes: right.codes, table: right.table.map((t) => numberBinary(op, s, t, dtype).value) };
  }
  return undefined;
}

/** The lookup of -x (float64 x with a lookup). */
export function negatedLookup(x: NdArray): Lookup | undefined {
  return x.dtype === 'float64' && x.lookup ? { codes: x.lookup.codes, table: x.lookup.table.map((t) => unaryNumber('-', t, 'float64')) } : undefined;
}

/** The lookup of x.astype(np.float64). */
export function castLookup(x: NdArray, dtype: DType): Lookup | undefined {
  return dtype === 'float64' ? (lookupOf(x) ?? undefined) : undefined;
}

type Moment = 'sum' | 'mean' | 'var' | 'std';

/**
 * NumPy's float64 sum / mean / var / std (ddof 0) over `axes` of a coded array, computed from its bytes:
 * a deferred scalar for a whole-array reduction without keepdims, else an array. Null when the array has
 * no lookup or the reduction is not one of these (an integer sum, a uint8 mean: exact elsewhere).
 * Call inside tf.tidy.
 */
export function float64Reduce(kind: Moment, x: NdArray, axes: readonly number[], keepdims: boolean): NdArray | NpScalar | null {
  const lookup = lookupOf(x);
  if (!lookup || x.size <= HOST_MAX || x.exact) return null;
  // Sums and means of uint8 / bool arrays are exact integers already: only their var / std come here.
  if (!x.lookup && (kind === 'sum' || kind === 'mean')) return null;
  const shape = x.shape;
  const count = axes.reduce((n, a) => n * shape[a], 1);
  const compute = (codes: Uint8Array): Float64Array => runSync(moment(kind, codes, shape, axes, lookup.table, count));
  const outShape = keepdims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));
  if (outShape.length > 0 || keepdims) return fromHost(compute(bytesNow(lookup.codes)), outShape, 'float64');
  // The scalar owns the codes (a kept clone when it leaves the cell) and a packed copy when no host copy is coming.
  const packed = hasHostCopy(lookup.codes) ? null : packBytes(lookup.codes);
  const tensors = packed ? [lookup.codes, packed] : [lookup.codes];
  const unpack = (data: ArrayLike<number>, codes: { size: number }) => unpackBytes(data, new Uint8Array(codes.size));
  return NpScalar.computed(
    tensors,
    {
      run: ([codes, pack]) => compute(pack ? unpack(pack.dataSync(), codes) : bytesNow(codes))[0],
      runAsync: async ([codes, pack]) => {
        const bytes = pack ? unpack(await pack.data(), codes) : ((await awaitBytes(codes)) ?? bytesNow(codes));
        return (await runAsync(moment(kind, bytes, shape, axes, lookup.table, count)))[0];
      },
    },
    'float64',
  );
}

/**
 * The work of one reduction, as NumPy's _methods.py does it: sum = add.reduce; mean = sum / n; var =
 * add.reduce((x - mean)**2) / n with mean the float64 mean (for integers, their exact sum / n); std = sqrt(var).
 */
function* moment(kind: Moment, codes: Uint8Array, shape: readonly number[], axes: readonly number[], table: Float64Array, n: number): Generator<void, Float64Array, void> {
  const sums = yield* orderedSums(codes, shape, axes, table);
  if (kind === 'sum') return sums;
  // Integer sums in float64 are exact (below 2**53), as NumPy's float64 sum of integers is.
  const means = sums.map((s) => s / n);
  if (kind === 'mean') return means;
  const squares = yield* orderedSums(codes, shape, axes, table, means);
  const variance = squares.map((s) => s / n);
  return kind === 'std' ? variance.map(Math.sqrt) : variance;
}
