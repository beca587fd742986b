/** NumPy's dtypes as the cells' language knows them, and how each is held in a TensorFlow.js tensor. */
import type * as tf from '@tensorflow/tfjs';

/** The NumPy dtypes a value can carry, whatever TensorFlow.js stores underneath. */
export type DType = 'bool' | 'uint8' | 'int32' | 'int64' | 'uint64' | 'float32' | 'float64';

export const DTYPES: readonly DType[] = ['bool', 'uint8', 'int32', 'int64', 'uint64', 'float32', 'float64'];

/** TensorFlow.js storage of each dtype: integers in int32 tensors, floats in float32 (tfjs has no 64-bit types). */
export const STORAGE: Record<DType, tf.DataType> = { bool: 'bool', uint8: 'int32', int32: 'int32', int64: 'int32', uint64: 'int32', float32: 'float32', float64: 'float32' };

export function isIntegerDType(d: DType): boolean {
  return d === 'uint8' || d === 'int32' || d === 'int64' || d === 'uint64';
}

export function isFloatDType(d: DType): boolean {
  return d === 'float32' || d === 'float64';
}
