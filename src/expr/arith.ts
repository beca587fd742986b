/**
 * NumPy's arithmetic on arrays and NumPy scalars: NEP 50 promotion, the loop dtype of each operator,
 * integers computed in int32 storage and wrapped into their dtype (uint8 modulo 256, with a hint when
 * it happens), integer powers exact by repeated squaring, floats with NumPy's floor division and remainder.
 */
import * as tf from '@tensorflow/tfjs';
import type { BinaryOp } from './ast';
import type { DType } from './dtypes';
import { STORAGE, isFloatDType, isIntegerDType, resultType } from './dtypes';
import { PyError } from './errors';
import { binaryLookup } from './float64-reduce';
import { numberBinary, uint8WrapHint } from './scalar-arith';
import type { HostOperand } from './host';
import { HOST_MAX, checkOnDevice, hostBinary, hostValues } from './host';
import { arrayFromSequence, arrayOrScalar, asArray, broadcastShapes, checkFits, guardSize, operandOf, readSync, sizeOf } from './tensors';
import type { Value } from './values';
import { NdArray, NpScalar, PyList, PyTuple, isTensor, pyNumber } from './values';

/** The dtype an operator computes in, given the promoted dtype: true division of integers and bools is float64. */
export function loopDType(op: BinaryOp, promoted: DType): DType {
  if (op === '/' && !isFloatDType(promoted)) return 'float64';
  if (promoted === 'bool' && (op === '//' || op === '%' || op === '**')) return 'int64';
  return promoted;
}

/** `a op b` with at least one array or NumPy scalar among them: an array, or a NumPy scalar when both are scalars or the result is 0-d. */
export function numpyBinary(op: BinaryOp, a: Value, b: Value, notes: string[]): NdArray | NpScalar {
  if (op === '@') throw new PyError('NotImplementedError', 'matrix multiplication (@) is not supported in this notebook');
  const oa = operandOf(a);
  const ob = operandOf(b);
  if (!oa || !ob) throw new Error('numpyBinary: operands must be array-like');
  const dtype = loopDType(op, resultType(oa, ob));
  for (const o of [oa, ob]) if (o.kind === 'int' && isIntegerDType(dtype)) checkFits(o.value, dtype);
  const sequence = (v: Value) => v instanceof PyList || v instanceof PyTuple;
  if (!isTensor(a) && !isTensor(b) && !sequence(a) && !sequence(b)) return scalarBinary(op, pyNumber(a) as number, pyNumber(b) as number, dtype, notes);
  const shape = broadcastShapes(shapeOfOperand(a), shapeOfOperand(b));
  guardSize(shape);
  if (sizeOf(shape) <= HOST_MAX) return arrayOrScalar(hostBinary(op, hostOperand(a), hostOperand(b), shape, dtype, notes));
  const x = asArray(a, dtype);
  const y = asArray(b, dtype);
  checkOnDevice(x);
  checkOnDevice(y);
  // A float64 array made item by item from one uint8 array keeps its exact values; its tensor waits for a use.
  const lookup = binaryLookup(op, a, b, dtype);
  if (lookup) return new NdArray({ shape, make: () => tensorBinary(op, x, y, dtype, notes).tensor }, dtype, undefined, lookup);
  return arrayOrScalar(tensorBinary(op, x, y, dtype, notes));
}

/** The shape an operand brings to broadcasting ([] for scalars). */
export function shapeOfOperand(v: Value): number[] {
  if (isTensor(v)) return v.shape;
  if (v instanceof PyList || v instanceof PyTuple) return arrayFromSequence(v).shape;
  return [];
}

/** An operand's values on the host: an array's (exact or read back), a scalar's one value, a list's as np.array makes them. */
export function hostOperand(v: Value): HostOperand {
  if (isTensor(v)) return { values: hostValues(v), shape: v.shape };
  if (v instanceof PyList || v instanceof PyTuple) {
    const x = arrayFromSequence(v);
    return { values: hostValues(x), shape: x.shape };
  }
  return { values: [pyNumber(v) as number], shape: [] };
}

function scalarBinary(op: BinaryOp, a: number, b: number, dtype: DType, notes: string[]): NpScalar {
  const r = numberBinary(op, a, b, dtype);
  const hint = uint8WrapHint(op, a, b, r.value, dtype);
  if (hint) notes.push(hint);
  return new NpScalar(r.value, r.dtype);
}

const int = (v: number) => tf.scalar(v, 'int32');

/** a ** b for integer tensors, exact: repeated squaring in int32, reduced modulo 256 at each step for uint8. */
function intPower(x: tf.Tensor, y: tf.Tensor, uint8: boolean): tf.Tensor {
  if (y.size > 0 && readSync(tf.any(tf.less(y, int(0))))[0]) throw new PyError('ValueError', 'Integers to negative integer powers are not allowed.');
  const shape = broadcastShapes(x.shape, y.shape);
  const wrap = (t: tf.Tensor) => (uint8 ? tf.mod(t, int(256)) : t);
  if (y.size === 1) {
    // One exponent: squaring with its bits known here, no per-item selects (x ** 2 is one multiply).
    let e = readSync(y)[0];
    let base: tf.Tensor = tf.broadcastTo(x, shape);
    let result: tf.Tensor | null = null;
    while (e > 0) {
      if (e % 2 === 1) result = result === null ? base : wrap(tf.mul(result, base));
      e = Math.floor(e / 2);
      if (e > 0) base = wrap(tf.mul(base, base));
    }
    return result ?? tf.onesLike(base);
  }
  let base = tf.broadcastTo(x, shape);
  let e = tf.broadcastTo(y, shape);
  let result: tf.Tensor = tf.onesLike(base);
  const maxExponent = y.size === 0 ? 0 : readSync(tf.max(y))[0];
  for (let bit = 1; bit <= maxExponent; bit *= 2) {
    const odd = tf.equal(tf.mod(e, int(2)), int(1));
    result = tf.where(odd, wrap(tf.mul(result, base)), result);
    e = tf.floorDiv(e, int(2));
    base = wrap(tf.mul(base, base));
  }
  return result;
}

/** NumPy's float floor division and remainder (npy_divmod) on float32 tensors. */
function floatDivmod(x: tf.Tensor, y: tf.Tensor): [tf.Tensor, tf.Tensor] {
  // fmod: x - trunc(x / y) * y, and fmod(x, +-inf) = x (the product would be NaN).
  const q = tf.div(x, y);
  const truncated = tf.where(tf.less(q, 0), tf.ceil(q), tf.floor(q));
  const fmod = tf.where(tf.isInf(y), tf.broadcastTo(x, broadcastShapes(x.shape, y.shape)), tf.sub(x, tf.mul(truncated, y)));
  const fix = tf.logicalAnd(tf.notEqual(fmod, 0), tf.notEqual(tf.less(y, 0), tf.less(fmod, 0)));
  const mod = tf.where(fix, tf.add(fmod, y), fmod);
  const div = tf.where(fix, tf.sub(tf.div(tf.sub(x, fmod), y), 1), tf.div(tf.sub(x, fmod), y));
  const floored = tf.floor(div);
  const rounded = tf.where(tf.greater(tf.sub(div, floored), 0.5), tf.add(floored, 1), floored);
  const zero = tf.equal(y, 0);
  return [tf.where(zero, q, rounded), tf.where(zero, tf.fill(mod.shape, NaN), mod)];
}

/** The first element where a uint8 result wrapped, as a hint; none when nothing wrapped. Reads back one flag (and one element when set). */
function noteWrap(op: BinaryOp, exact: tf.Tensor, x: tf.Tensor, y: tf.Tensor, notes: string[]): void {
  const outside = tf.logicalOr(tf.less(exact, 0), tf.greater(exact, 255));
  if (outside.size === 0 || !readSync(tf.any(outside))[0]) return;
  const at = readSync(tf.argMax(tf.reshape(tf.cast(outside, 'int32'), [outside.size])))[0];
  const item = (t: tf.Tensor) => readSync(tf.slice(tf.reshape(tf.broadcastTo(t, exact.shape), [exact.size]), at, 1))[0];
  const a = item(x);
  const b = item(y);
  const hint = uint8WrapHint(op, a, b, numberBinary(op, a, b, 'uint8').value, 'uint8');
  if (hint) notes.push(hint);
}

/** Element-wise `x op y` of two arrays already in the loop dtype. Call inside tf.tidy. */
function tensorBinary(op: BinaryOp, x: NdArray, y: NdArray, dtype: DType, notes: string[]): NdArray {
  const a = x.tensor;
  const b = y.tensor;
  const out = (t: tf.Tensor, d: DType = dtype) => new NdArray(tf.cast(t, STORAGE[d]), d);
  if (dtype === 'bool') {
    if (op === '+' || op === '|') return out(tf.logicalOr(a, b));
    if (op === '*' || op === '&') return out(tf.logicalAnd(a, b));
    if (op === '^') return out(tf.logicalXor(a, b));
    throw new PyError('TypeError', 'numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.');
  }
  if (isFloatDType(dtype)) {
    switch (op) {
      case '+':
        return out(tf.add(a, b));
      case '-':
        return out(tf.sub(a, b));
      case '*':
        return out(tf.mul(a, b));
      case '/':
        return out(tf.div(a, b));
      case '//':
        return out(floatDivmod(a, b)[0]);
      case '%':
        return out(floatDivmod(a, b)[1]);
      case '**':
        return out(tf.pow(a, b));
      default:
        throw new PyError('TypeError', `ufunc 'bitwise_${op === '&' ? 'and' : op === '|' ? 'or' : 'xor'}' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''`);
    }
  }
  const uint8 = dtype === 'uint8';
  const wrapped = (exact: tf.Tensor) => {
    if (!uint8) return out(exact);
    noteWrap(op, exact, a, b, notes);
    return out(tf.mod(exact, int(256)));
  };
  switch (op) {
    case '+':
      return wrapped(tf.add(a, b));
    case '-':
      return wrapped(tf.sub(a, b));
    case '*':
      return wrapped(tf.mul(a, b));
    case '//':
      // NumPy: integer floor division by zero gives 0 (with a warning).
      return out(tf.where(tf.equal(b, 0), tf.zerosLike(tf.add(a, b)), tf.floorDiv(a, tf.where(tf.equal(b, 0), tf.onesLike(b), b))));
    case '%':
      return out(tf.where(tf.equal(b, 0), tf.zerosLike(tf.add(a, b)), tf.mod(a, tf.where(tf.equal(b, 0), tf.onesLike(b), b))));
    case '**': {
      if (uint8) {
        const approx = tf.pow(tf.cast(a, 'float32'), tf.cast(b, 'float32'));
        noteWrap(op, approx, a, b, notes);
      }
      return out(intPower(a, b, uint8));
    }
    default:
      throw new PyError('NotImplementedError', `bitwise ${op} on integer arrays is not supported in this notebook; compare first to get booleans, e.g. (x > 0) ${op} (y < 5)`);
  }
}
