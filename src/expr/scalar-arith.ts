/**
 * Arithmetic on single numbers with NumPy's and Python's semantics: floor division and remainder of
 * floats (fmod-based, so 1 // 0.1 is 9.0), integer powers exact, integers wrapped into their dtype.
 * Used for Python scalars and NumPy scalars alike; the dtype says how the result is held.
 */
import type { BinaryOp } from './ast';
import type { DType } from './dtypes';
import { isFloatDType, isIntegerDType, wrapScalar } from './dtypes';
import { PyError } from './errors';
import { bigRatio, exactBinary } from './exact-sum';

/** NumPy's npy_divmod for floats: [floor quotient, remainder], as Python's float // and % too. */
export function floatDivmod(a: number, b: number): [number, number] {
  if (b === 0) return [a / b, NaN];
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

/** Python's integer floor division and modulo (divisor non-zero). */
function intDivmod(a: number, b: number): [number, number] {
  if (Number.isSafeInteger(a) && Number.isSafeInteger(b)) {
    const q = BigInt(a) / BigInt(b);
    const r = BigInt(a) - q * BigInt(b);
    const floored = r !== 0n && r < 0n !== b < 0 ? [q - 1n, r + BigInt(b)] : [q, r];
    return [Number(floored[0]), Number(floored[1])];
  }
  const q = Math.floor(a / b);
  return [q, a - q * b];
}

/** a ** b for integers, exact (BigInt) when it fits, then wrapped into `dtype` (uint8 wraps modulo 256, as NumPy). */
function intPower(a: number, b: number, dtype: DType): number {
  if (b < 0) throw new PyError('ValueError', 'Integers to negative integer powers are not allowed.');
  const bits = dtype === 'uint8' ? 8 : dtype === 'int32' ? 32 : 64;
  const r = BigInt(a) ** BigInt(Math.min(b, 4096));
  const wrapped = dtype === 'uint8' || dtype === 'uint64' ? BigInt.asUintN(bits, r) : BigInt.asIntN(bits, r);
  return Number(wrapped);
}

/**
 * `a op b` on two numbers of a NumPy result dtype (already promoted): the result value held as `dtype`
 * holds it, and the dtype the result has (true division of integers is float64).
 */
export function numberBinary(op: BinaryOp, a: number, b: number, dtype: DType): { value: number; dtype: DType } {
  const f32 = dtype === 'float32';
  const r = (v: number, d: DType = dtype) => ({ value: wrapScalar(v, d), dtype: d });
  if (dtype === 'bool') {
    if (op === '+' || op === '|') return r(a || b ? 1 : 0);
    if (op === '*' || op === '&') return r(a && b ? 1 : 0);
    if (op === '^') return r(a !== b ? 1 : 0);
    if (op === '-') throw new PyError('TypeError', 'numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.');
    if (op === '/') return r(a / b, 'float64');
    // //, %, ** of bools are int8 in NumPy; int64 here.
    return numberBinary(op, a, b, 'int64');
  }
  const x = f32 ? Math.fround(a) : a;
  const y = f32 ? Math.fround(b) : b;
  switch (op) {
    case '+':
      return r(isIntegerDType(dtype) ? exactInt(x, y, (p, q) => p + q) : x + y);
    case '-':
      return r(isIntegerDType(dtype) ? exactInt(x, y, (p, q) => p - q) : x - y);
    case '*':
      return r(isIntegerDType(dtype) ? exactInt(x, y, (p, q) => p * q) : x * y);
    case '/':
      return r(x / y, isFloatDType(dtype) ? dtype : 'float64');
    case '//':
      if (isIntegerDType(dtype)) return r(y === 0 ? 0 : intDivmod(x, y)[0]);
      return r(floatDivmod(x, y)[0]);
    case '%':
      if (isIntegerDType(dtype)) return r(y === 0 ? 0 : intDivmod(x, y)[1]);
      return r(floatDivmod(x, y)[1]);
    case '**':
      if (isIntegerDType(dtype)) return r(intPower(x, y, dtype));
      // C's pow (NumPy's): 1 ** y and x ** 0 are 1 even for NaN, where JavaScript's ** gives NaN.
      return r(x === 1 || y === 0 ? 1 : floatPower(x, y));
    case '&':
    case '|':
    case '^': {
      if (!isIntegerDType(dtype)) throw new PyError('TypeError', `ufunc 'bitwise_${op === '&' ? 'and' : op === '|' ? 'or' : 'xor'}' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''`);
      const p = BigInt(x);
      const q = BigInt(y);
      return r(Number(op === '&' ? p & q : op === '|' ? p | q : p ^ q));
    }
    case '@':
      throw new PyError('NotImplementedError', 'matrix multiplication (@) is not supported in this notebook');
  }
}

/**
 * x ** y for floats: correctly rounded for integer exponents (exact in BigInt, one rounding), as C's pow
 * gives them; JavaScript's ** otherwise (it can differ from C's pow in the last digit).
 */
export function floatPower(x: number, y: number): number {
  if (!Number.isFinite(x) || x === 0 || !Number.isInteger(y) || Math.abs(y) > 2048) return x ** y;
  const negative = x < 0 && y % 2 !== 0;
  const [mantissa, exponent] = exactBinary(Math.abs(x));
  const k = Math.abs(y);
  let p = mantissa ** BigInt(k);
  let q = 1n;
  let shift = exponent * k;
  if (y < 0) {
    [p, q] = [q, p];
    shift = -shift;
  }
  if (shift >= 0) p <<= BigInt(shift);
  else q <<= BigInt(-shift);
  const magnitude = bigRatio(p, q);
  // Past the normal range, JavaScript's ** rounds the same way C's pow does (to 0, a subnormal or inf).
  const result = magnitude === 0 || !Number.isFinite(magnitude) || magnitude < 2.2250738585072014e-308 ? Math.abs(x) ** y : magnitude;
  return negative ? -result : result;
}

/** An integer operation exact beyond 2**53 (through BigInt) so that wrapping into the dtype is exact too. */
function exactInt(x: number, y: number, f: (p: bigint, q: bigint) => bigint): number {
  return Number(f(BigInt(x), BigInt(y)));
}

/**
 * The hint when a uint8 `a op b` wrapped around (its result differs from the exact one), else null:
 * "uint8 wrapped around: 253 + 10 = 7 ...".
 */
export function uint8WrapHint(op: BinaryOp, a: number, b: number, result: number, dtype: DType): string | null {
  if (dtype !== 'uint8' || !(op === '+' || op === '-' || op === '*' || op === '**')) return null;
  const exact = op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : a ** b;
  if (exact === result) return null;
  return `uint8 wrapped around: ${a} ${op} ${b} = ${result} (NumPy keeps uint8 results modulo 256). Use .astype('int32') first to avoid it.`;
}

/** One comparison of two numbers (already rounded to the common dtype); NaN compares false, as in NumPy. */
export function compareNumbers(op: '==' | '!=' | '<' | '<=' | '>' | '>=', p: number, q: number): boolean {
  return op === '==' ? p === q : op === '!=' ? p !== q : op === '<' ? p < q : op === '<=' ? p <= q : op === '>' ? p > q : p >= q;
}

/** -x or ~x of one integer or float value of `dtype` (not bool), wrapped into it: uint8 gives 256 - x and 255 - x. */
export function unaryNumber(op: '-' | '~', v: number, dtype: DType): number {
  if (op === '-') return wrapScalar(-v, dtype);
  return dtype === 'uint8' ? 255 - v : wrapScalar(-v - 1, dtype);
}
