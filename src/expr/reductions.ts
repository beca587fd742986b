/** numpy's reductions (sum, mean, min, max, std, var, any, all) and argmax/argmin over tensors, with numpy's axis rules and errors. */
import * as tf from '@tensorflow/tfjs';
import { axesArg } from './args';
import { PyError } from './errors';
import { EXACT_FLOAT32, exactIntSum } from './exact-sum';
import { normalizeAxis, readSync, sizeOf, toInt } from './tensors';
import type { Value } from './values';
import { isTensor, typeName } from './values';

const INT32_MAX = 2147483647;

/** The reductions a tensor method and an np function share by name. */
export type Reduction = 'sum' | 'mean' | 'min' | 'max' | 'std' | 'var' | 'any' | 'all';
const REDUCTION_NAMES: Record<Reduction, string> = { sum: 'add', mean: 'mean', min: 'minimum', max: 'maximum', std: 'std', var: 'var', any: 'logical_or', all: 'logical_and' };

/** numpy reductions of any tensor: axis=None|int|tuple, keepdims; sum of int32/bool is int32 (or an exact Python int when int32 could overflow), mean/std/var float32, min/max keep the dtype. Call inside tf.tidy. */
export function reduce(kind: Reduction, x: tf.Tensor, axisValue: Value | undefined, keepdims: boolean): Value {
  const axes = axesArg(axisValue, x.rank);
  const reduced = axes ?? x.shape.map((_, i) => i);
  const removedSize = sizeOf(reduced.map((a) => x.shape[a]));
  if (removedSize === 0 && (kind === 'min' || kind === 'max') && reduced.length > 0) {
    throw new PyError('ValueError', `zero-size array to reduction operation ${REDUCTION_NAMES[kind]} which has no identity`);
  }
  const axis = axes ?? undefined;
  switch (kind) {
    case 'sum': {
      const source = x.dtype === 'bool' ? tf.cast(x, 'int32') : x;
      if (source.dtype === 'int32' && removedSize > 1) {
        // int32 sums wrap around where numpy's int64 would not, and WebGL rounds int32 partials past 2**24.
        const maxAbs = x.dtype === 'bool' ? 1 : readSync(tf.max(tf.abs(source)))[0];
        if (axes === null && !keepdims && removedSize * maxAbs >= EXACT_FLOAT32) return exactIntSum(tf.reshape(source, [source.size]), maxAbs);
        if (removedSize * maxAbs > INT32_MAX) {
          throw new PyError('OverflowError', `this int32 sum could overflow (${removedSize} items of up to ${maxAbs}; numpy would use int64); sum over all axes, or use .astype('float32').sum(...) for an approximate sum`);
        }
      }
      return tf.sum(source, axis, keepdims);
    }
    case 'mean':
      return tf.mean(tf.cast(x, 'float32'), axis, keepdims);
    case 'var':
    case 'std': {
      const f = tf.cast(x, 'float32');
      const mean = tf.mean(f, axis, true);
      const variance = tf.mean(tf.square(tf.sub(f, mean)), axis, keepdims);
      return kind === 'std' ? tf.sqrt(variance) : variance;
    }
    case 'min':
    case 'max': {
      const source = x.dtype === 'bool' ? tf.cast(x, 'int32') : x;
      const r = kind === 'min' ? tf.min(source, axis, keepdims) : tf.max(source, axis, keepdims);
      return x.dtype === 'bool' ? tf.cast(r, 'bool') : r;
    }
    case 'any':
      return tf.any(tf.cast(x, 'bool'), axis, keepdims);
    case 'all':
      return tf.all(tf.cast(x, 'bool'), axis, keepdims);
  }
}

/** numpy argmax/argmin of any tensor: a 0-d flat index when axis is None, else the axis removed; int32 (numpy: int64). Call inside tf.tidy. */
export function argReduce(kind: 'argmax' | 'argmin', x: tf.Tensor, axisValue: Value | undefined): tf.Tensor {
  if (axisValue !== undefined && axisValue !== null && !(typeof axisValue === 'number' || typeof axisValue === 'boolean' || isTensor(axisValue))) {
    throw new PyError('TypeError', `'${typeName(axisValue)}' object cannot be interpreted as an integer`);
  }
  const source = x.dtype === 'bool' ? tf.cast(x, 'int32') : x;
  if (axisValue === undefined || axisValue === null) {
    if (x.size === 0) throw new PyError('ValueError', `attempt to get ${kind} of an empty sequence`);
    const flat = tf.reshape(source, [x.size]);
    return kind === 'argmax' ? tf.argMax(flat) : tf.argMin(flat);
  }
  const axis = normalizeAxis(toInt(axisValue, 'axis'), x.rank);
  if (x.shape[axis] === 0) throw new PyError('ValueError', `attempt to get ${kind} of an empty sequence`);
  if (x.size === 0) return tf.zeros(x.shape.filter((_, i) => i !== axis), 'int32');
  return kind === 'argmax' ? tf.argMax(source, axis) : tf.argMin(source, axis);
}
