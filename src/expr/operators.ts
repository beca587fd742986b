/** Python's and numpy's operators on values: truthiness, arithmetic and bitwise operators, comparisons, unary operators. */
import * as tf from '@tensorflow/tfjs';
import type { BinaryOp, CompareOp } from './ast';
import { PyError } from './errors';
import { hostOperand, numpyBinary, shapeOfOperand } from './arith';
import { negatedLookup } from './float64-reduce';
import { HOST_MAX, fromHost, hostCompare, hostUnary } from './host';
import { INT_RANGE, STORAGE, isFloatDType, resultType } from './dtypes';
import { compareNumbers, floatDivmod, unaryNumber } from './scalar-arith';
import { arrayOrScalar, asArray, broadcastShapes, guardListSize, guardSize, listOf, operandOf, readSync, sizeOf } from './tensors';
import type { Comparison, Value } from './values';
import { NdArray, NpScalar, PyDType, PyFloat, PyList, PyTuple, isTensor, pyNum, pyNumber, typeName } from './values';

/** Python truthiness; arrays of more than one element are ambiguous, as in numpy. */
export function truthy(v: Value): boolean {
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (v instanceof PyFloat) return v.value !== 0;
  if (v instanceof PyTuple || v instanceof PyList) return v.items.length > 0;
  if (isTensor(v)) {
    if (v.size === 0) throw new PyError('ValueError', 'The truth value of an empty array is ambiguous. Use `array.size > 0` to check that an array is not empty.');
    if (v.size > 1) throw new PyError('ValueError', 'The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()');
    return (v.exact ? v.exact[0] : readSync(v.tensor)[0]) !== 0;
  }
  if (v instanceof NpScalar) return v.value !== 0;
  return true;
}


function isScalar(v: Value): boolean {
  return typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat;
}

function arrayLike(v: Value): boolean {
  return isTensor(v) || v instanceof NpScalar || isScalar(v) || v instanceof PyList || v instanceof PyTuple;
}

/** A NumPy operand is among them: an array or a NumPy scalar. */
function numpyOperands(a: Value, b: Value): boolean {
  return (isTensor(a) || isTensor(b) || a instanceof NpScalar || b instanceof NpScalar) && arrayLike(a) && arrayLike(b);
}

function unsupported(op: string, a: Value, b: Value): PyError {
  return new PyError('TypeError', `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

/** Arithmetic and bitwise operators on Python scalars, with Python's floor semantics and errors. */
function scalarBinary(op: BinaryOp, a: Value, b: Value): Value {
  const x = pyNumber(a) as number;
  const y = pyNumber(b) as number;
  const ints = !(a instanceof PyFloat) && !(b instanceof PyFloat);
  switch (op) {
    case '+':
      return pyNum(x + y, ints);
    case '-':
      return pyNum(x - y, ints);
    case '*':
      return pyNum(x * y, ints);
    case '/':
      if (y === 0) throw new PyError('ZeroDivisionError', ints ? 'division by zero' : 'float division by zero');
      return new PyFloat(x / y);
    case '//':
      if (y === 0) throw new PyError('ZeroDivisionError', ints ? 'integer division or modulo by zero' : 'float floor division by zero');
      return ints ? pyNum(Math.floor(x / y), true) : new PyFloat(floatDivmod(x, y)[0]);
    case '%': {
      if (y === 0) throw new PyError('ZeroDivisionError', ints ? 'integer division or modulo by zero' : 'float modulo');
      if (!ints) return new PyFloat(floatDivmod(x, y)[1]);
      let r = x % y;
      if (r !== 0 && r < 0 !== y < 0) r += y;
      return pyNum(r, true);
    }
    case '**': {
      if (x === 0 && y < 0) throw new PyError('ZeroDivisionError', '0.0 cannot be raised to a negative power');
      if (x < 0 && !Number.isInteger(y)) throw new PyError('NotImplementedError', 'complex results are not supported in this notebook');
      const r = x ** y;
      if (ints && y >= 0) return pyNum(r, true);
      if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y)) throw new PyError('OverflowError', "(34, 'Numerical result out of range')");
      return new PyFloat(r);
    }
    case '&':
    case '|':
    case '^': {
      if (!ints) throw unsupported(op, a, b);
      if (typeof a === 'boolean' && typeof b === 'boolean') return op === '&' ? a && b : op === '|' ? a || b : a !== b;
      const bx = BigInt(x);
      const by = BigInt(y);
      return pyNum(Number(op === '&' ? bx & by : op === '|' ? bx | by : bx ^ by), true);
    }
    case '@':
      throw unsupported(op, a, b);
  }
}

/** `a op b` for any two values, as Python and numpy do it. */
export function binary(op: BinaryOp, a: Value, b: Value, notes: string[] = []): Value {
  if (numpyOperands(a, b)) return numpyBinary(op, a, b, notes);
  if (isScalar(a) && isScalar(b)) return scalarBinary(op, a, b);
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return guardedString(a + b);
  if (op === '+' && a instanceof PyTuple && b instanceof PyTuple) return new PyTuple([...a.items, ...b.items]);
  if (op === '+' && a instanceof PyList && b instanceof PyList) return new PyList([...a.items, ...b.items]);
  if (op === '*') {
    const [seq, n] = isScalar(b) && !(b instanceof PyFloat) ? [a, b] : [b, a];
    if ((typeof seq === 'string' || seq instanceof PyTuple || seq instanceof PyList) && isScalar(n) && !(n instanceof PyFloat)) {
      const times = Math.max(0, pyNumber(n) as number);
      const length = (typeof seq === 'string' ? seq.length : seq.items.length) * times;
      if (typeof seq === 'string') {
        guardSize([length]);
        return length === 0 ? '' : seq.repeat(times);
      }
      guardListSize(length);
      const items = length === 0 ? [] : listOf(length, (k) => seq.items[k % seq.items.length]);
      return seq instanceof PyTuple ? new PyTuple(items) : new PyList(items);
    }
  }
  throw unsupported(op, a, b);
}

function guardedString(s: string): string {
  guardSize([s.length]);
  return s;
}

/** dtype names a string may use in `x.dtype == 'f8'`. */
const DTYPE_ALIASES: Record<string, string> = { float: 'float64', f8: 'float64', f4: 'float32', int: 'int64', i8: 'int64', i4: 'int32', u1: 'uint8', u8: 'uint64', '?': 'bool', bool_: 'bool' };

/** Python equality for non-tensor values (tuples compared item by item). */
export function pyEquals(a: Value, b: Value): boolean {
  if (isScalar(a) && isScalar(b)) return pyNumber(a) === pyNumber(b);
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  if ((a instanceof PyTuple && b instanceof PyTuple) || (a instanceof PyList && b instanceof PyList)) {
    return a.items.length === b.items.length && a.items.every((item, i) => {
      const other = b.items[i];
      if (isTensor(item) || isTensor(other)) return truthy(compare('==', item, other));
      return pyEquals(item, other);
    });
  }
  if (a instanceof PyDType && b instanceof PyDType) return a.name === b.name;
  if (a instanceof PyDType && typeof b === 'string') return a.name === (DTYPE_ALIASES[b] ?? b);
  if (b instanceof PyDType && typeof a === 'string') return pyEquals(b, a);
  return a === b;
}

function scalarOrder(a: Value, b: Value): number | undefined {
  if (isScalar(a) && isScalar(b)) return (pyNumber(a) as number) - (pyNumber(b) as number);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if ((a instanceof PyTuple && b instanceof PyTuple) || (a instanceof PyList && b instanceof PyList)) {
    for (let i = 0; i < Math.min(a.items.length, b.items.length); i++) {
      if (!pyEquals(a.items[i], b.items[i])) return scalarOrder(a.items[i], b.items[i]);
    }
    return a.items.length - b.items.length;
  }
  return undefined;
}

/** One comparison `a op b`: bool tensors for arrays, Python bools otherwise. */
export function compare(op: CompareOp, a: Value, b: Value): Value {
  if (op === 'is' || op === 'is not') {
    const same = a === b || (isScalar(a) && isScalar(b) && typeof a === typeof b && pyNumber(a) === pyNumber(b));
    return op === 'is' ? same : !same;
  }
  if (op === 'in' || op === 'not in') {
    let found: boolean;
    if (b instanceof PyTuple || b instanceof PyList) found = b.items.some((item) => (isTensor(item) || isTensor(a) ? anyTrue(compare('==', item, a)) : truthy(compare('==', item, a))));
    else if (typeof b === 'string' && typeof a === 'string') found = b.includes(a);
    else if (isTensor(b) && arrayLike(a)) found = anyTrue(tensorCompare('==', b, a));
    else throw new PyError('TypeError', `argument of type '${typeName(b)}' is not iterable`);
    return op === 'in' ? found : !found;
  }
  if (numpyOperands(a, b)) return tensorCompare(op, a, b);
  // NumPy 2: `array == None` compares element-wise (all False; != all True).
  if ((op === '==' || op === '!=') && ((isTensor(a) && b === null) || (isTensor(b) && a === null))) {
    const x = (isTensor(a) ? a : b) as NdArray;
    return arrayOrScalar(fromHost(new Float64Array(x.size).fill(op === '==' ? 0 : 1), x.shape, 'bool'));
  }
  if (op === '==') return pyEquals(a, b);
  if (op === '!=') return !pyEquals(a, b);
  const order = scalarOrder(a, b);
  if (order === undefined || Number.isNaN(order)) {
    if (order !== undefined) return false;
    throw new PyError('TypeError', `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
  }
  return op === '<' ? order < 0 : op === '<=' ? order <= 0 : op === '>' ? order > 0 : order >= 0;
}

function anyTrue(v: Value): boolean {
  if (isTensor(v)) return v.size > 0 && (v.exact ? v.exact.some((x) => x !== 0) : readSync(tf.any(v.tensor))[0] !== 0);
  return truthy(v);
}

/** A comparison operand in the storage the comparison runs in (no range check: NumPy 2 compares `u8 > 300` fine). */
function compareTensor(v: Value, float: boolean): tf.Tensor {
  const storage = float ? 'float32' : 'int32';
  if (isTensor(v)) return v.dtype === 'bool' && !float ? tf.cast(v.tensor, 'int32') : tf.cast(v.tensor, storage);
  if (v instanceof PyList || v instanceof PyTuple) return compareTensor(asArray(v), float);
  return tf.scalar(pyNumber(v) as number, storage);
}

type Ordering = '==' | '!=' | '<' | '<=' | '>' | '>=';

/**
 * `array op s` for an array of a dtype held exactly in int32 (bool, uint8, int32) and a finite scalar s
 * that is not an integer, as the integer comparison it equals: NumPy compares in float64, so
 * `x >= 100.000001` is `x >= 101` and `x == 0.5` is false everywhere (written `x < min`, which no item is).
 * Compared in float32 as given, s would round to 100 first. Null where this does not apply.
 */
function integerComparison(op: Ordering, a: Value, b: Value): [Ordering, Value, Value] | null {
  const flip = !isTensor(a);
  const [array, scalar, which] = flip ? [b, a, FLIPPED[op]] : [a, b, op];
  if (!isTensor(array) || !(array.dtype === 'bool' || array.dtype === 'uint8' || array.dtype === 'int32') || isTensor(scalar) || scalar instanceof PyList || scalar instanceof PyTuple) return null;
  const s = pyNumber(scalar);
  if (typeof s !== 'number' || !Number.isFinite(s) || Number.isInteger(s)) return null;
  const min = INT_RANGE[array.dtype][0];
  const [o, t]: [Ordering, number] = { '==': ['<', min] as [Ordering, number], '!=': ['>=', min] as [Ordering, number], '<': ['<=', Math.floor(s)] as [Ordering, number], '<=': ['<=', Math.floor(s)] as [Ordering, number], '>': ['>=', Math.ceil(s)] as [Ordering, number], '>=': ['>=', Math.ceil(s)] as [Ordering, number] }[which];
  return [o, array, t];
}

/** Element-wise comparison in the operands' common dtype: a bool array, or a NumPy bool scalar for scalars. */
function tensorCompare(op: Ordering, a: Value, b: Value): Value {
  const oa = operandOf(a);
  const ob = operandOf(b);
  if (!oa || !ob) throw new Error('tensorCompare: operands must be array-like');
  const common = resultType(oa, ob);
  if (!isTensor(a) && !isTensor(b) && !(a instanceof PyList || a instanceof PyTuple) && !(b instanceof PyList || b instanceof PyTuple)) {
    const x = pyNumber(a) as number;
    const y = pyNumber(b) as number;
    const [p, q] = common === 'float32' ? [Math.fround(x), Math.fround(y)] : [x, y];
    return new NpScalar(compareNumbers(op, p, q) ? 1 : 0, 'bool');
  }
  const shape = broadcastShapes(shapeOfOperand(a), shapeOfOperand(b));
  guardSize(shape);
  if (sizeOf(shape) <= HOST_MAX) return arrayOrScalar(hostCompare(op, hostOperand(a), hostOperand(b), shape, common));
  const integral = integerComparison(op, a, b);
  if (integral) return tensorCompare(...integral);
  const float = isFloatDType(common) || [a, b].some((v) => typeof v === 'number' && (v < -2147483648 || v > 2147483647));
  const fn = { '==': tf.equal, '!=': tf.notEqual, '<': tf.less, '<=': tf.lessEqual, '>': tf.greater, '>=': tf.greaterEqual }[op];
  const make = () => fn(compareTensor(a, float), compareTensor(b, float));
  const comparison = scalarComparison(op, a, b);
  if (comparison) return new NdArray({ shape, comparison, make }, 'bool');
  const ta = compareTensor(a, float);
  const tb = compareTensor(b, float);
  guardSize(broadcastShapes(ta.shape, tb.shape));
  return arrayOrScalar(new NdArray(fn(ta, tb), 'bool'));
}

const FLIPPED = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as const;

/** `array op scalar` (or `scalar op array`, flipped) with a finite scalar, as the comparison's tensor computes it (the scalar in float32); else null. */
function scalarComparison(op: '==' | '!=' | '<' | '<=' | '>' | '>=', a: Value, b: Value): Comparison | null {
  const [array, value, which] = isTensor(a) ? [a, pyNumber(b), op] : isTensor(b) ? [b, pyNumber(a), FLIPPED[op]] : [null, undefined, op];
  if (!array || value === undefined || !Number.isFinite(value) || array.exact || !array.computed) return null;
  return { source: array.tensor, op: which, scalar: Math.fround(value) };
}

/** `-x`, `+x`, `~x`, `not x`. */
export function unary(op: '-' | '+' | '~' | 'not', v: Value): Value {
  if (op === 'not') return !truthy(v);
  if (isTensor(v)) {
    const refused = op === '+' || (op === '-' && v.dtype === 'bool') || (op === '~' && isFloatDType(v.dtype));
    return arrayOrScalar(!refused && (v.exact || v.size <= HOST_MAX) ? hostUnary(op as '-' | '~', v) : unaryArray(op, v));
  }
  if (v instanceof NpScalar) {
    if (v.dtype === 'bool' || op === '+' || (op === '~' && isFloatDType(v.dtype))) return arrayOrScalar(unaryArray(op, new NdArray(tf.scalar(v.value, STORAGE[v.dtype]), v.dtype)));
    return new NpScalar(unaryNumber(op, v.value, v.dtype), v.dtype);
  }
  if (isScalar(v)) {
    const n = pyNumber(v) as number;
    if (op === '~') {
      if (v instanceof PyFloat) throw new PyError('TypeError', "bad operand type for unary ~: 'float'");
      return -n - 1;
    }
    return v instanceof PyFloat ? new PyFloat(op === '-' ? -n : n) : op === '-' ? -n : n;
  }
  throw new PyError('TypeError', `bad operand type for unary ${op}: '${typeName(v)}'`);
}

/** -x, +x, ~x on an array with NumPy's dtype rules: uint8 negation and inversion wrap modulo 256. */
function unaryArray(op: '-' | '+' | '~', v: NdArray): NdArray {
  const lookup = op === '-' ? negatedLookup(v) : undefined;
  if (lookup) return new NdArray({ shape: v.shape, make: () => tf.neg(v.tensor) }, v.dtype, undefined, lookup);
  const t = v.tensor;
  if (op === '+') {
    if (v.dtype === 'bool') throw new PyError('TypeError', "ufunc 'positive' did not contain a loop with signature matching types <class 'numpy.dtypes.BoolDType'> -> None");
    return v;
  }
  if (op === '-') {
    if (v.dtype === 'bool') throw new PyError('TypeError', 'The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.');
    return new NdArray(v.dtype === 'uint8' ? tf.mod(tf.neg(t), tf.scalar(256, 'int32')) : tf.neg(t), v.dtype);
  }
  if (v.dtype === 'bool') return new NdArray(tf.logicalNot(t), 'bool');
  if (v.dtype === 'uint8') return new NdArray(tf.sub(tf.scalar(255, 'int32'), t), 'uint8');
  if (!isFloatDType(v.dtype)) return new NdArray(tf.sub(tf.neg(t), tf.scalar(1, 'int32')), v.dtype);
  throw new PyError('TypeError', "ufunc 'invert' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''");
}
