/** numpy indexing on tensors (basic and advanced) and Python indexing on tuples, lists and strings. */
import * as tf from '@tensorflow/tfjs';
import { PyError } from './errors';
import { isFloatDType } from './dtypes';
import { followExact } from './host';
import { arrayFromSequence, arrayOrScalar, broadcastShapes, guardSize, listOf, readSync, shapeText, sizeOf, toInt } from './tensors';
import type { Value , NdArray} from './values';
import { ELLIPSIS, NpScalar, PyFloat, PyList, PySlice, PyTuple, isTensor, typeName } from './values';

/** Python's slice.indices(length): concrete start, stop, step and the number of items. */
export function sliceIndices(slice: PySlice, length: number): { start: number; stop: number; step: number; count: number } {
  const part = (v: Value): number | null => {
    if (v === null) return null;
    if (typeof v === 'number' || typeof v === 'boolean' || (isTensor(v) && v.rank === 0 && !isFloatDType(v.dtype)) || (v instanceof NpScalar && !isFloatDType(v.dtype))) return toInt(v, 'slice index');
    throw new PyError('TypeError', 'slice indices must be integers or None or have an __index__ method');
  };
  const stepValue = part(slice.step);
  const step = stepValue ?? 1;
  if (step === 0) throw new PyError('ValueError', 'slice step cannot be zero');
  const lower = step < 0 ? -1 : 0;
  const upper = step < 0 ? length - 1 : length;
  const clamp = (v: number | null, fallback: number) => {
    if (v === null) return fallback;
    const w = v < 0 ? v + length : v;
    return w < lower ? lower : w > upper ? upper : w;
  };
  const start = clamp(part(slice.start), step < 0 ? upper : lower);
  const stop = clamp(part(slice.stop), step < 0 ? lower : upper);
  const count = step > 0 ? (stop > start ? Math.ceil((stop - start) / step) : 0) : start > stop ? Math.ceil((start - stop) / -step) : 0;
  return { start, stop, step, count };
}

function boundsCheck(i: number, size: number, axis: number): number {
  if (i < -size || i >= size) throw new PyError('IndexError', `index ${i} is out of bounds for axis ${axis} with size ${size}`);
  return i < 0 ? i + size : i;
}

/** `seq[index]` for a tuple, list or string, as Python does it. */
export function indexSequence(seq: PyTuple | PyList | string, index: Value): Value {
  const name = typeof seq === 'string' ? 'string' : seq instanceof PyTuple ? 'tuple' : 'list';
  const items: readonly Value[] = typeof seq === 'string' ? Array.from(seq) : seq.items;
  if (index instanceof PySlice) {
    const { start, step, count } = sliceIndices(index, items.length);
    const picked = Array.from({ length: count }, (_, k) => items[start + k * step]);
    if (typeof seq === 'string') return picked.join('');
    return seq instanceof PyTuple ? new PyTuple(picked) : new PyList(picked);
  }
  if (typeof index === 'number' || typeof index === 'boolean' || (index instanceof NpScalar && !isFloatDType(index.dtype))) {
    const i = toInt(index, 'index');
    if (i < -items.length || i >= items.length) throw new PyError('IndexError', `${name} index out of range`);
    return items[i < 0 ? i + items.length : i];
  }
  const shown = index instanceof PyFloat ? 'float' : isTensor(index) ? 'numpy.ndarray' : typeName(index);
  throw new PyError('TypeError', `${name} indices must be integers or slices, not ${shown}`);
}

type Item = { kind: 'int'; value: number } | { kind: 'slice'; slice: PySlice } | { kind: 'newaxis'; length?: 0 } | { kind: 'ellipsis' } | { kind: 'array'; tensor: tf.Tensor };

const VALID = 'only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices';

function toItem(v: Value): Item {
  if (v === null) return { kind: 'newaxis' };
  // NumPy: x[True] adds an axis of length 1, x[False] one of length 0.
  if (typeof v === 'boolean') return v ? { kind: 'newaxis' } : { kind: 'newaxis', length: 0 };
  if (v === ELLIPSIS) return { kind: 'ellipsis' };
  if (v instanceof PySlice) return { kind: 'slice', slice: v };
  if (typeof v === 'number') return { kind: 'int', value: v };
  if (v instanceof NpScalar) {
    if (isFloatDType(v.dtype)) throw new PyError('IndexError', VALID);
    if (v.dtype !== 'bool') return { kind: 'int', value: v.value };
  }
  if (isTensor(v)) {
    if (isFloatDType(v.dtype)) throw new PyError('IndexError', 'arrays used as indices must be of integer (or boolean) type');
    if (v.rank === 0 && v.dtype !== 'bool') return { kind: 'int', value: readSync(v.tensor)[0] };
    return { kind: 'array', tensor: v.tensor };
  }
  if (v instanceof PyList || v instanceof PyTuple) {
    const a = arrayFromSequence(v);
    if (v.items.length === 0) return { kind: 'array', tensor: tf.cast(a.tensor, 'int32') };
    if (isFloatDType(a.dtype)) throw new PyError('IndexError', 'arrays used as indices must be of integer (or boolean) type');
    return { kind: 'array', tensor: a.tensor };
  }
  throw new PyError('IndexError', VALID);
}

/** `x[index]` with numpy's semantics: the same dtype out, a NumPy scalar when one element is picked. Call inside tf.tidy. */
export function indexArray(x: NdArray, index: Value): NdArray | NpScalar {
  const picked = followExact(x, (t) => indexTensor(t, index));
  const ellipsis = index === ELLIPSIS || (index instanceof PyTuple && index.items.includes(ELLIPSIS));
  return ellipsis ? picked : arrayOrScalar(picked);
}

/** `x[index]` on the tensor holding an array; index: a value or a tuple of them. Call inside tf.tidy. */
function indexTensor(x: tf.Tensor, index: Value): tf.Tensor {
  const raw = index instanceof PyTuple ? index.items : [index];
  let items = raw.map(toItem);
  if (items.filter((i) => i.kind === 'ellipsis').length > 1) throw new PyError('IndexError', "an index can only have a single ellipsis ('...')");
  const consumed = items.reduce((n, i) => n + (i.kind === 'int' || i.kind === 'slice' ? 1 : i.kind === 'array' ? (i.tensor.dtype === 'bool' ? Math.max(1, i.tensor.rank) : 1) : 0), 0);
  if (consumed > x.rank) {
    throw new PyError('IndexError', `too many indices for array: array is ${x.rank}-dimensional, but ${consumed} were indexed`);
  }
  const full = (): Item => ({ kind: 'slice', slice: new PySlice(null, null, null) });
  const fill = Array.from({ length: x.rank - consumed }, full);
  const e = items.findIndex((i) => i.kind === 'ellipsis');
  items = e >= 0 ? [...items.slice(0, e), ...fill, ...items.slice(e + 1)] : [...items, ...fill];

  // 0-d boolean masks (x[True]) are rare and confusing; numpy's own behaviour adds an axis.
  if (items.some((i) => i.kind === 'array' && i.tensor.rank === 0)) throw new PyError('IndexError', VALID);
  if (!items.some((i) => i.kind === 'array')) return basicIndex(x, items);
  return advancedIndex(x, items);
}

/** Integers, slices and newaxis: slice, gather for strided axes, reshape. */
function basicIndex(x: tf.Tensor, items: Item[]): tf.Tensor {
  const begin: number[] = [];
  const size: number[] = [];
  const strided: { axis: number; indices: number[] }[] = [];
  const outShape: number[] = [];
  let axis = 0;
  for (const item of items) {
    if (item.kind === 'newaxis') {
      outShape.push(item.length ?? 1);
      continue;
    }
    const dim = x.shape[axis];
    if (item.kind === 'int') {
      begin.push(boundsCheck(item.value, dim, axis));
      size.push(1);
    } else if (item.kind === 'slice') {
      const { start, step, count } = sliceIndices(item.slice, dim);
      if (step === 1 || count <= 1) {
        begin.push(count === 0 ? 0 : start);
        size.push(count);
      } else {
        begin.push(0);
        size.push(dim);
        strided.push({ axis, indices: listOf(count, (k) => start + k * step) });
      }
      outShape.push(count);
    }
    axis++;
  }
  guardSize(outShape);
  let y = x.rank === 0 ? x : tf.slice(x, begin, size);
  for (const { axis: a, indices } of strided) y = tf.gather(y, tf.tensor1d(indices, 'int32'), a);
  return sizeOf(outShape) === 0 ? tf.zeros(outShape, y.dtype) : tf.reshape(y, outShape);
}

/** Integer and boolean arrays (with ints, slices around them): numpy's advanced indexing. */
function advancedIndex(x: tf.Tensor, items: Item[]): tf.Tensor {
  if (items.some((i) => i.kind === 'newaxis')) throw new PyError('NotImplementedError', 'combining None (newaxis) with array indices is not supported in this notebook');
  // Boolean arrays become the integer arrays of their nonzero positions; ints become 0-d arrays.
  const expanded: ({ kind: 'slice'; slice: PySlice } | { kind: 'adv'; values: Int32Array | number[]; shape: number[] })[] = [];
  let axis = 0;
  for (const item of items) {
    if (item.kind === 'slice') {
      expanded.push(item);
      axis++;
    } else if (item.kind === 'int') {
      expanded.push({ kind: 'adv', values: [item.value], shape: [] });
      axis++;
    } else if (item.kind === 'array' && item.tensor.dtype === 'bool') {
      const mask = item.tensor;
      for (let k = 0; k < mask.rank; k++) {
        if (mask.shape[k] !== x.shape[axis + k]) {
          throw new PyError('IndexError', `boolean index did not match indexed array along axis ${axis + k}; size of axis is ${x.shape[axis + k]} but size of corresponding boolean axis is ${mask.shape[k]}`);
        }
      }
      const bits = readSync(mask);
      const hits: number[] = [];
      for (let i = 0; i < bits.length; i++) if (bits[i]) hits.push(i);
      const strides = mask.shape.map((_, k) => sizeOf(mask.shape.slice(k + 1)));
      for (let k = 0; k < mask.rank; k++) {
        expanded.push({ kind: 'adv', values: hits.map((h) => Math.floor(h / strides[k]) % mask.shape[k]), shape: [hits.length] });
      }
      axis += mask.rank;
    } else if (item.kind === 'array') {
      expanded.push({ kind: 'adv', values: readSync(item.tensor) as Int32Array, shape: item.tensor.shape });
      axis++;
    }
  }
  const advAxes = expanded.flatMap((e, i) => (e.kind === 'adv' ? [i] : []));
  const advs = expanded.filter((e): e is { kind: 'adv'; values: Int32Array | number[]; shape: number[] } => e.kind === 'adv');
  let b: number[];
  try {
    b = broadcastShapes(...advs.map((a) => a.shape));
  } catch {
    throw new PyError('IndexError', `shape mismatch: indexing arrays could not be broadcast together with shapes ${advs.map((a) => shapeText(a.shape)).join(' ')}`);
  }
  // Slices first, on the other axes (advanced axes kept whole).
  const sliced = basicIndex(
    x,
    expanded.map((e) => (e.kind === 'slice' ? e : { kind: 'slice', slice: new PySlice(null, null, null) })),
  );
  const restAxes = expanded.flatMap((e, i) => (e.kind === 'slice' ? [i] : []));
  const restShape = restAxes.map((a) => sliced.shape[a]);
  const advDims = advAxes.map((a) => sliced.shape[a]);
  const outSize = sizeOf(b);
  guardSize([...b, ...restShape]);
  // Flat positions into the advanced axes, broadcast to b, bounds-checked like numpy.
  const flat = new Int32Array(outSize);
  const bStrides = b.map((_, k) => sizeOf(b.slice(k + 1)));
  for (let o = 0; o < outSize; o++) {
    let pos = 0;
    for (let k = 0; k < advs.length; k++) {
      const a = advs[k];
      let src = 0;
      let stride = 1;
      for (let d = a.shape.length - 1; d >= 0; d--) {
        const bd = b.length - a.shape.length + d;
        const coord = a.shape[d] === 1 ? 0 : Math.floor(o / bStrides[bd]) % b[bd];
        src += coord * stride;
        stride *= a.shape[d];
      }
      const i = boundsCheck(a.values[src], advDims[k], advAxes[k]);
      pos = pos * advDims[k] + i;
    }
    flat[o] = pos;
  }
  const perm = [...advAxes, ...restAxes];
  const moved = perm.every((p, i) => p === i) ? sliced : tf.transpose(sliced, perm);
  const merged = tf.reshape(moved, [sizeOf(advDims), ...restShape]);
  let out = tf.reshape(tf.gather(merged, tf.tensor1d(flat, 'int32'), 0), [...b, ...restShape]);
  // numpy keeps the broadcast dims in place when the advanced indices are adjacent.
  const adjacent = advAxes.every((a, i) => i === 0 || a === advAxes[i - 1] + 1);
  const first = advAxes[0];
  if (adjacent && first > 0 && b.length > 0 && restShape.length > 0) {
    const rest = restShape.map((_, i) => b.length + i);
    const bAxes = b.map((_, i) => i);
    out = tf.transpose(out, [...rest.slice(0, first), ...bAxes, ...rest.slice(first)]);
  }
  return out;
}
