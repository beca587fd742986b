/** Python's and numpy's operators on values: truthiness, arithmetic and bitwise operators, comparisons, unary operators. */
import * as tf from '@tensorflow/tfjs';
import type { BinaryOp, CompareOp } from './ast';
import { PyError } from './errors';
import { arithmeticDtype, asTensor, broadcastShapes, guardListSize, guardSize, listOf, readSync } from './tensors';
import type { Value } from './values';
import { PyDType, PyFloat, PyList, PyTuple, isTensor, pyNum, pyNumber, typeName } from './values';

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
    return readSync(v)[0] !== 0;
  }
  return true;
}

const OP_NAMES: Record<string, string> = { '+': 'add', '-': 'subtract', '*': 'multiply', '/': 'true_divide', '//': 'floor_divide', '%': 'remainder', '**': 'power', '&': 'bitwise_and', '|': 'bitwise_or', '^': 'bitwise_xor' };

function isScalar(v: Value): boolean {
  return typeof v === 'number' || typeof v === 'boolean' || v instanceof PyFloat;
}

function arrayLike(v: Value): boolean {
  return isTensor(v) || isScalar(v) || v instanceof PyList || v instanceof PyTuple;
}

function unsupported(op: string, a: Value, b: Value): PyError {
  return new PyError('TypeError', `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

/** Python's (and NumPy's npy_divmod) float floor division and remainder: fmod-based, so 1 // 0.1 is 9.0 and -5 % inf is inf. */
export function floatDivmod(a: number, b: number): [number, number] {
  let mod = a % b; // fmod, exact
  let div = (a - mod) / b;
  if (mod !== 0) {
    if (b < 0 !== mod < 0) {
      mod += b;
      div -= 1;
    }
  } else mod = b < 0 ? -0 : 0;
  let floordiv: number;
  if (div !== 0) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
  } else floordiv = a / b < 0 || Object.is(a / b, -0) ? -0 : 0;
  return [floordiv, mod];
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

/** Elementwise operators on tensors (and scalars/lists against tensors): numpy broadcasting and dtypes. */
function tensorBinary(op: BinaryOp, a: Value, b: Value): tf.Tensor {
  if (op === '@') throw new PyError('NotImplementedError', 'matrix multiplication (@) is not supported in this notebook');
  const dtype = arithmeticDtype(a, b);
  const ta = tf.cast(asTensor(a, dtype), dtype);
  const tb = tf.cast(asTensor(b, dtype), dtype);
  guardSize(broadcastShapes(ta.shape, tb.shape));
  const bool = dtype === 'bool';
  switch (op) {
    case '+':
      return bool ? tf.logicalOr(ta, tb) : tf.add(ta, tb);
    case '-':
      if (bool) throw new PyError('TypeError', 'numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.');
      return tf.sub(ta, tb);
    case '*':
      return bool ? tf.logicalAnd(ta, tb) : tf.mul(ta, tb);
    case '/':
      return tf.div(tf.cast(ta, 'float32'), tf.cast(tb, 'float32'));
    case '//': {
      if (dtype === 'float32') return tf.floor(tf.div(ta, tb));
      const ia = tf.cast(ta, 'int32');
      const ib = tf.cast(tb, 'int32');
      // numpy: integer floor division by zero gives 0 (with a warning).
      return tf.where(tf.equal(ib, 0), tf.zerosLike(tf.add(ia, ib)), tf.floorDiv(ia, ib));
    }
    case '%': {
      if (dtype === 'float32') return tf.mod(ta, tb);
      const ia = tf.cast(ta, 'int32');
      const ib = tf.cast(tb, 'int32');
      return tf.where(tf.equal(ib, 0), tf.zerosLike(tf.add(ia, ib)), tf.mod(ia, ib));
    }
    case '**': {
      if (dtype === 'float32') return tf.pow(ta, tb);
      const ia = tf.cast(ta, 'int32');
      const ib = tf.cast(tb, 'int32');
      if (ib.size > 0 && readSync(tf.any(tf.less(ib, 0)))[0]) throw new PyError('ValueError', 'Integers to negative integer powers are not allowed.');
      return tf.cast(tf.round(tf.pow(tf.cast(ia, 'float32'), tf.cast(ib, 'float32'))), 'int32');
    }
    case '&':
    case '|':
    case '^':
      if (!bool) throw new PyError('TypeError', `ufunc '${OP_NAMES[op]}' is supported on boolean arrays only in this notebook (got ${dtype}); compare first, e.g. (x > 0) ${op} (y < 5)`);
      return op === '&' ? tf.logicalAnd(ta, tb) : op === '|' ? tf.logicalOr(ta, tb) : tf.logicalXor(ta, tb);
  }
}

/** `a op b` for any two values, as Python and numpy do it. */
export function binary(op: BinaryOp, a: Value, b: Value): Value {
  if ((isTensor(a) || isTensor(b)) && arrayLike(a) && arrayLike(b)) return tensorBinary(op, a, b);
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
  if (a instanceof PyDType && typeof b === 'string') return a.name === b || (b === 'float64' && a.name === 'float32') || (b === 'int64' && a.name === 'int32');
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
    if (b instanceof PyTuple || b instanceof PyList) found = b.items.some((item) => (isTensor(item) || isTensor(a) ? truthy(tf.any(tf.cast(compare('==', item, a) as tf.Tensor, 'bool'))) : pyEquals(item, a)));
    else if (typeof b === 'string' && typeof a === 'string') found = b.includes(a);
    else if (isTensor(b) && arrayLike(a)) found = readSync(tf.any(tensorCompare('==', b, a)))[0] !== 0;
    else throw new PyError('TypeError', `argument of type '${typeName(b)}' is not iterable`);
    return op === 'in' ? found : !found;
  }
  if ((isTensor(a) || isTensor(b)) && arrayLike(a) && arrayLike(b)) return tensorCompare(op, a, b);
  if (op === '==') return pyEquals(a, b);
  if (op === '!=') return !pyEquals(a, b);
  const order = scalarOrder(a, b);
  if (order === undefined || Number.isNaN(order)) {
    if (order !== undefined) return false;
    throw new PyError('TypeError', `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
  }
  return op === '<' ? order < 0 : op === '<=' ? order <= 0 : op === '>' ? order > 0 : order >= 0;
}

function tensorCompare(op: '==' | '!=' | '<' | '<=' | '>' | '>=', a: Value, b: Value): tf.Tensor {
  const dtype = arithmeticDtype(a, b);
  const ta = tf.cast(asTensor(a, dtype), dtype);
  const tb = tf.cast(asTensor(b, dtype), dtype);
  guardSize(broadcastShapes(ta.shape, tb.shape));
  switch (op) {
    case '==':
      return tf.equal(ta, tb);
    case '!=':
      return tf.notEqual(ta, tb);
    case '<':
      return tf.less(ta, tb);
    case '<=':
      return tf.lessEqual(ta, tb);
    case '>':
      return tf.greater(ta, tb);
    case '>=':
      return tf.greaterEqual(ta, tb);
  }
}

/** `-x`, `+x`, `~x`, `not x`. */
export function unary(op: '-' | '+' | '~' | 'not', v: Value): Value {
  if (op === 'not') return !truthy(v);
  if (isTensor(v)) {
    if (op === '+') return v;
    if (op === '-') {
      if (v.dtype === 'bool') throw new PyError('TypeError', 'The numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead.');
      return tf.neg(v);
    }
    if (v.dtype === 'bool') return tf.logicalNot(v);
    if (v.dtype === 'int32') return tf.sub(tf.neg(v), tf.scalar(1, 'int32'));
    throw new PyError('TypeError', "ufunc 'invert' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''");
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
