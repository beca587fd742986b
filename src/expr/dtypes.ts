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

/** Smallest and largest value of each integer dtype (int64/uint64 as far as a JS number reaches). */
export const INT_RANGE: Record<'bool' | 'uint8' | 'int32' | 'int64' | 'uint64', readonly [number, number]> = {
  bool: [0, 1],
  uint8: [0, 255],
  int32: [-2147483648, 2147483647],
  int64: [-(2 ** 63), 2 ** 63 - 1], // 2 ** 63 - 1 rounds to 2 ** 63 as a JS number: fine for range checks of safe integers
  uint64: [0, 2 ** 64 - 1],
};

/** NumPy's default dtype of a Python int, float and bool when they become arrays (np.array([1, 2]) is int64). */
export const DEFAULT_INT: DType = 'int64';
export const DEFAULT_FLOAT: DType = 'float64';

const RANK: Record<DType, number> = { bool: 0, uint8: 1, int32: 2, int64: 3, uint64: 4, float32: 5, float64: 6 };

/** np.promote_types(a, b) for the dtypes here (NumPy 2). */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  const [lo, hi] = RANK[a] <= RANK[b] ? [a, b] : [b, a];
  if (lo === 'bool') return hi;
  if (lo === 'uint8') return hi;
  if (lo === 'int32') return hi === 'int64' ? 'int64' : 'float64';
  if (lo === 'int64') return 'float64'; // with uint64, float32 or float64
  if (lo === 'uint64') return 'float64'; // with float32 or float64
  return 'float64'; // float32 with float64
}

/**
 * An operand as NumPy 2's promotion (NEP 50) sees it: arrays, NumPy scalars, Python bools and lists are
 * strong (they bring their dtype); Python ints and floats are weak (they take the other operand's kind).
 */
export type Operand = { kind: 'strong'; dtype: DType } | { kind: 'int'; value: number } | { kind: 'float' };

/** The result dtype of `a op b` before the operator's own rules (true division's float, comparisons' bool). */
export function resultType(a: Operand, b: Operand): DType {
  if (a.kind === 'strong' && b.kind === 'strong') return promoteTypes(a.dtype, b.dtype);
  if (a.kind !== 'strong' && b.kind !== 'strong') return a.kind === 'float' || b.kind === 'float' ? DEFAULT_FLOAT : DEFAULT_INT;
  const strong = (a.kind === 'strong' ? a : b) as { kind: 'strong'; dtype: DType };
  const weak = a.kind === 'strong' ? b : a;
  if (weak.kind === 'float') return isFloatDType(strong.dtype) ? strong.dtype : DEFAULT_FLOAT;
  return strong.dtype === 'bool' ? DEFAULT_INT : strong.dtype;
}

/** Whether a Python int fits an integer dtype (NumPy 2 raises OverflowError when it does not). */
export function fitsDType(value: number, dtype: DType): boolean {
  if (!isIntegerDType(dtype)) return true;
  const [lo, hi] = INT_RANGE[dtype as keyof typeof INT_RANGE];
  return value >= lo && value <= hi;
}

/** A JS number wrapped into an integer dtype's range the way C (and NumPy) wrap; floats rounded to float32 for float32. */
export function wrapScalar(value: number, dtype: DType): number {
  switch (dtype) {
    case 'bool':
      return value !== 0 ? 1 : 0;
    case 'uint8':
      return ((value % 256) + 256) % 256;
    case 'int32':
      return Number(BigInt.asIntN(32, BigInt(value)));
    case 'int64':
      return Number.isSafeInteger(value) ? value : Number(BigInt.asIntN(64, BigInt(value)));
    case 'uint64':
      return Number.isSafeInteger(value) && value >= 0 ? value : Number(BigInt.asUintN(64, BigInt(value)));
    case 'float32':
      return Math.fround(value);
    case 'float64':
      return value;
  }
}
