/**
 * Values as Python and NumPy 2.4 print them, and a plain description for choosing a renderer.
 *
 * formatArrayStr / formatArrayRepr / formatScalarStr / formatScalarRepr are NumPy's printing of a value
 * of any dtype in src/expr/dtypes.ts, as pure functions of the values shown (floats in print-float.ts).
 * Tensors print through them as float32, int32 or bool until values carry their NumPy dtype; a 0-d
 * tensor (a reduction's result) is a NumPy scalar: `5` as str, `np.int32(5)` as repr. Python floats
 * print like Python's repr.
 */
import * as tf from '@tensorflow/tfjs';
import { IMAGE_SIZE } from '../data/format';
import type { DType } from './dtypes';
import type { PrintCall } from './evaluate';
import type { FloatKind } from './print-float';
import { floatFormatter, formatFloatScalar } from './print-float';
import type { Value } from './values';
import { ELLIPSIS, NpScalar, PyCallable, PyDType, PyFloat, PyList, PyModule, PyOpaque, PySlice, PyTuple, PyType, isTensor } from './values';

/** numpy's print options: summarize past 1000 items, 3 at each edge, 75 characters a line, 8 digits. */
export const PRINT_THRESHOLD = 1000;
export const PRINT_EDGE_ITEMS = 3;
export const PRINT_LINE_WIDTH = 75;
export { FLOAT_PRECISION as PRINT_PRECISION } from './print-float';

export type ValueKind = 'none' | 'scalar' | 'tuple' | 'array' | 'image' | 'image-stack' | 'table' | 'text';

/** Plain data for choosing how a cell shows a value. */
export interface ValueDescription {
  kind: ValueKind;
  /** Tensor shape, or [length] for tuples and lists; [] for scalars. */
  shape: number[];
  /** Tensor dtype, or the Python type name. */
  dtype: string;
}

/**
 * Which renderer fits: an array of the dataset's image shape (`imageShape`, [28, 28] for MNIST) is an
 * image, [n, rows, cols] an image stack, other 2-D a table, 0-d a scalar.
 */
export function describeValue(value: Value | undefined, imageShape: readonly [number, number] = [IMAGE_SIZE, IMAGE_SIZE]): ValueDescription {
  const [rows, cols] = imageShape;
  if (value === undefined || value === null) return { kind: 'none', shape: [], dtype: 'NoneType' };
  if (isTensor(value)) {
    const s = value.shape;
    const kind: ValueKind =
      s.length === 0
        ? 'scalar'
        : s.length === 2 && s[0] === rows && s[1] === cols
          ? 'image'
          : s.length === 3 && s[1] === rows && s[2] === cols
            ? 'image-stack'
            : s.length === 2
              ? 'table'
              : 'array';
    return { kind, shape: [...s], dtype: value.dtype };
  }
  if (value instanceof NpScalar) return { kind: 'scalar', shape: [], dtype: value.dtype };
  if (typeof value === 'number') return { kind: 'scalar', shape: [], dtype: 'int' };
  if (typeof value === 'boolean') return { kind: 'scalar', shape: [], dtype: 'bool' };
  if (value instanceof PyFloat) return { kind: 'scalar', shape: [], dtype: 'float' };
  if (value instanceof PyTuple) return { kind: 'tuple', shape: [value.items.length], dtype: 'tuple' };
  if (value instanceof PyList) return { kind: 'tuple', shape: [value.items.length], dtype: 'list' };
  return { kind: 'text', shape: [], dtype: typeof value === 'string' ? 'str' : 'object' };
}

/** Python's repr of a float (a float64): shortest round-trip digits, exponent past 1e16 and below 1e-4 (1e-05, 1e+16). */
export function formatPyFloat(v: number): string {
  return formatFloatScalar(v, 'float64');
}

/** NumPy's str of a float32 scalar: the shortest digits that round-trip through float32 (33.31842, 1e-07). */
export function formatFloat32(v: number): string {
  return formatFloatScalar(v, 'float32');
}

function isFloat(d: DType): d is FloatKind {
  return d === 'float32' || d === 'float64';
}

/** An integer's exact decimal digits (past 2^53 those of the float64 that holds it). */
function intStr(v: number): string {
  return Number.isSafeInteger(v) ? String(v) : Number.isFinite(v) ? BigInt(Math.trunc(v)).toString() : String(v);
}

/** NumPy's str of a scalar of `dtype`: `5`, `True`, `33.318421449829934`, `nan`, `-0.0`. */
export function formatScalarStr(value: number, dtype: DType): string {
  if (dtype === 'bool') return value ? 'True' : 'False';
  if (isFloat(dtype)) return formatFloatScalar(value, dtype);
  return intStr(value);
}

/** NumPy 2's repr of a scalar of `dtype`: `np.uint8(7)`, `np.float64(nan)`, `np.True_`. */
export function formatScalarRepr(value: number, dtype: DType): string {
  if (dtype === 'bool') return value ? 'np.True_' : 'np.False_';
  return `np.${dtype}(${formatScalarStr(value, dtype)})`;
}

/** NumPy's formatter for the items shown of an array: one width for all (IntegerFormat, BoolFormat, FloatingFormat). */
function itemFormatter(values: ArrayLike<number>, dtype: DType, zeroD: boolean): (v: number) => string {
  if (dtype === 'bool') return (v) => (v ? (zeroD ? 'True' : ' True') : 'False');
  if (isFloat(dtype)) return floatFormatter(values, dtype);
  let width = 0;
  if (values.length > 0) {
    let max = values[0];
    let min = values[0];
    for (let i = 1; i < values.length; i++) {
      max = Math.max(max, values[i]);
      min = Math.min(min, values[i]);
    }
    width = Math.max(intStr(max).length, intStr(min).length);
  }
  return (v) => intStr(v).padStart(width, ' ');
}

/** NumPy's _extendLine: a word onto the line, wrapping first if it would pass `width` (and wrapping helps). */
function extendLine(s: string, line: string, word: string, width: number, indent: string): [string, string] {
  const wrap = line.length + word.length > width && line.length > indent.length;
  return wrap ? [s + line.trimEnd() + '\n', indent + word] : [s, line + word];
}

/**
 * NumPy's _formatArray over the items shown: nested brackets, lines wrapped at `lineWidth`, "..." where an
 * axis is summarized. `values` hold the shown items in C order (summarized axes cut to 3 + 3).
 */
function formatArrayBody(values: ArrayLike<number>, shape: readonly number[], summarized: readonly boolean[], format: (v: number) => string, separator: string, indent: string, lineWidth: number): string {
  const shown = shape.map((d, k) => (summarized[k] ? 2 * PRINT_EDGE_ITEMS : d));
  const strides = shown.map((_, k) => shown.slice(k + 1).reduce((a, b) => a * b, 1));
  const sepEnd = separator.trimEnd();
  const recurse = (offset: number, axis: number, hanging: string, width: number): string => {
    if (axis === shape.length) return format(values[offset]);
    const nextHanging = hanging + ' ';
    const nextWidth = width - 1;
    const n = shown[axis];
    const cut = summarized[axis];
    const leading = cut ? PRINT_EDGE_ITEMS : 0;
    const trailing = cut ? PRINT_EDGE_ITEMS : n;
    const item = (i: number) => recurse(offset + i * strides[axis], axis + 1, nextHanging, nextWidth);
    let s = '';
    if (axis === shape.length - 1) {
      const elemWidth = width - Math.max(sepEnd.length, 1);
      let line = hanging;
      for (let i = 0; i < leading; i++) {
        [s, line] = extendLine(s, line, item(i), elemWidth, hanging);
        line += separator;
      }
      if (cut) {
        [s, line] = extendLine(s, line, '...', elemWidth, hanging);
        line += separator;
      }
      for (let i = trailing; i > 1; i--) {
        [s, line] = extendLine(s, line, item(n - i), elemWidth, hanging);
        line += separator;
      }
      [s, line] = extendLine(s, line, item(n - 1), elemWidth, hanging);
      s += line;
    } else {
      const lineSep = sepEnd + '\n'.repeat(shape.length - axis - 1);
      for (let i = 0; i < leading; i++) s += hanging + item(i) + lineSep;
      if (cut) s += hanging + '...' + lineSep;
      for (let i = trailing; i > 1; i--) s += hanging + item(n - i) + lineSep;
      s += hanging + item(n - 1);
    }
    return '[' + s.slice(hanging.length) + ']';
  };
  return recurse(0, 0, indent, lineWidth);
}

/** NumPy's array2string with its defaults; `suffix` is what follows (")" in a repr), which the last line must leave room for. */
function array2string(values: ArrayLike<number>, shape: readonly number[], dtype: DType, summarized: readonly boolean[], separator: string, prefix: string, suffix: string): string {
  if (shape.some((d) => d === 0)) return '[]';
  const format = itemFormatter(values, dtype, shape.length === 0);
  return formatArrayBody(values, shape, summarized, format, separator, ' ' + ' '.repeat(prefix.length), PRINT_LINE_WIDTH - suffix.length);
}

/** The dtypes NumPy's repr leaves implied (arrayprint._typelessdata: int_, float64, bool on a 64-bit Linux). */
function dtypeImplied(dtype: DType): boolean {
  return dtype === 'int64' || dtype === 'float64' || dtype === 'bool';
}

function pyTuple(items: readonly number[]): string {
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/**
 * NumPy's str(ndarray): `[5 0 4 ... 5 6 8]`; a 0-d array as its scalar. `shape` is the array's own shape;
 * `values` the items shown in C order, every axis flagged in `summarized` cut to its 3 leading and 3
 * trailing items (NumPy summarizes past 1000 items, axes longer than 6).
 */
export function formatArrayStr(values: ArrayLike<number>, shape: readonly number[], dtype: DType, summarized: readonly boolean[]): string {
  if (shape.length === 0) return formatScalarStr(values[0], dtype);
  return array2string(values, shape, dtype, summarized, ' ', '', '');
}

/**
 * NumPy 2.4's repr(ndarray): `array([5, 0, 4], dtype=uint8)`, `array([], shape=(0, 3), dtype=float64)`,
 * `shape=(...)` too when summarized; dtype shown unless float64, int64 or bool. Arguments as formatArrayStr.
 */
export function formatArrayRepr(values: ArrayLike<number>, shape: readonly number[], dtype: DType, summarized: readonly boolean[]): string {
  const prefix = 'array(';
  const body = array2string(values, shape, dtype, summarized, ', ', prefix, ')');
  const size = shape.reduce((a, b) => a * b, 1);
  const extras: string[] = [];
  if ((size === 0 && !(shape.length === 1 && shape[0] === 0)) || size > PRINT_THRESHOLD) extras.push(`shape=${pyTuple(shape)}`);
  if (!dtypeImplied(dtype) || size === 0) extras.push(`dtype=${dtype}`);
  if (extras.length === 0) return `${prefix}${body})`;
  const text = `${prefix}${body},`;
  const extra = `${extras.join(', ')})`;
  const lastLine = text.length - (text.lastIndexOf('\n') + 1);
  const spacer = lastLine + extra.length + 1 > PRINT_LINE_WIDTH ? '\n' + ' '.repeat(prefix.length) : ' ';
  return text + spacer + extra;
}

/** The NumPy dtype a bare tensor stands for: float32, int32 or bool. */
function tensorDType(t: tf.Tensor): DType {
  return t.dtype === 'int32' ? 'int32' : t.dtype === 'bool' ? 'bool' : 'float32';
}

/** Which axes NumPy cuts when it prints: every axis longer than 6 of an array of more than 1000 items. */
function summarizedAxes(shape: readonly number[], size: number): boolean[] {
  return shape.map((d) => size > PRINT_THRESHOLD && d > 2 * PRINT_EDGE_ITEMS);
}

/** The indices a cut axis of length n shows: 3 at each end. */
function edgeIndices(n: number): number[] {
  return [0, 1, 2, n - 3, n - 2, n - 1];
}

/** The items NumPy shows: whole arrays up to the threshold, else 3 at each end of every axis longer than 6. */
async function readShown(t: tf.Tensor): Promise<{ values: ArrayLike<number>; summarized: boolean[] }> {
  const summarized = summarizedAxes(t.shape, t.size);
  const shown = tf.tidy(() => {
    let s: tf.Tensor = t;
    summarized.forEach((cut, axis) => {
      if (cut) s = tf.gather(s, tf.tensor1d(edgeIndices(t.shape[axis]), 'int32'), axis);
    });
    return s === t ? tf.clone(t) : s;
  });
  try {
    return { values: await shown.data(), summarized };
  } finally {
    shown.dispose();
  }
}

/** The items NumPy shows of exact host values, cut as readShown cuts a tensor. */
function shownExact(exact: Float64Array, shape: readonly number[]): { values: Float64Array; summarized: boolean[] } {
  const summarized = summarizedAxes(shape, exact.length);
  if (!summarized.some(Boolean)) return { values: exact, summarized };
  const strides = shape.map((_, k) => shape.slice(k + 1).reduce((a, b) => a * b, 1));
  const picks = shape.map((n, axis) => (summarized[axis] ? edgeIndices(n) : Array.from({ length: n }, (_, i) => i)));
  const out: number[] = [];
  const visit = (axis: number, offset: number): void => {
    if (axis === shape.length) {
      out.push(exact[offset]);
      return;
    }
    for (const i of picks[axis]) visit(axis + 1, offset + i * strides[axis]);
  };
  visit(0, 0);
  return { values: Float64Array.from(out), summarized };
}

/** NumPy's str(array) of a tensor of any shape, as float32, int32 or bool: `[5 0 4 ... 5 6 8]`, a 0-d tensor as its scalar. Does not dispose `t`. */
export async function formatTensorStr(t: tf.Tensor, dtype: DType = tensorDType(t)): Promise<string> {
  const { values, summarized } = await readShown(t);
  return formatArrayStr(values, t.shape, dtype, summarized);
}

/** NumPy's repr(array) of a tensor: `array([5, 0, 4], dtype=int32)`; a 0-d tensor as a NumPy scalar's repr, `np.int32(5)`. Does not dispose `t`. */
export async function formatTensorRepr(t: tf.Tensor, dtype: DType = tensorDType(t)): Promise<string> {
  const { values, summarized } = await readShown(t);
  return formatArrayRepr(values, t.shape, dtype, summarized);
}

export type PrintStyle = 'out' | 'repr' | 'str';

/**
 * A value as Python shows it. 'out' is what an Out[n] shows here: repr, except arrays in numpy's str style
 * (`[5 0 4 1 9]`, as the lesson shows them); 'repr' is Python's repr (arrays as `array([...], dtype=int32)`);
 * 'str' is what print() writes. Reads back only the items shown, with await data().
 */
export async function toPython(value: Value | undefined, style: PrintStyle = 'out'): Promise<string> {
  if (value === undefined || value === null) return 'None';
  if (isTensor(value) && value.exact) {
    const { values, summarized } = shownExact(value.exact, value.shape);
    return style === 'repr' ? formatArrayRepr(values, value.shape, value.dtype, summarized) : formatArrayStr(values, value.shape, value.dtype, summarized);
  }
  if (isTensor(value)) return style === 'repr' ? formatTensorRepr(value.tensor, value.dtype) : formatTensorStr(value.tensor, value.dtype);
  if (value instanceof NpScalar) {
    const v = await value.resolve();
    return style === 'repr' ? formatScalarRepr(v, value.dtype) : formatScalarStr(v, value.dtype);
  }
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  if (value instanceof PyFloat) return formatPyFloat(value.value);
  if (typeof value === 'string') return style === 'str' ? value : pyStringRepr(value);
  if (value instanceof PyTuple || value instanceof PyList) {
    const items = await Promise.all(value.items.map((item) => toPython(item, 'repr')));
    if (value instanceof PyList) return `[${items.join(', ')}]`;
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  if (value instanceof PyDType) return style === 'str' ? value.name : `dtype('${value.name}')`;
  if (value instanceof PyType) return value.repr;
  if (value instanceof PyCallable) return value.kind === 'function' ? `<function ${value.name}>` : `<built-in function ${value.name}>`;
  if (value instanceof PyModule) return `<module '${value.name}'>`;
  if (value === ELLIPSIS) return 'Ellipsis';
  if (value instanceof PySlice) return `slice(${await toPython(value.start, 'repr')}, ${await toPython(value.stop, 'repr')}, ${await toPython(value.step, 'repr')})`;
  if (value instanceof PyOpaque) return value.repr;
  return String(value);
}

/** Python's repr of a str: single quotes unless the text holds one and no double quote. */
export function pyStringRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(new RegExp(quote, 'g'), `\\${quote}`);
  return `${quote}${body}${quote}`;
}

/** What the print() calls of a cell wrote, as one text. */
export async function formatPrinted(printed: readonly PrintCall[]): Promise<string> {
  let out = '';
  for (const call of printed) {
    const parts = await Promise.all(call.items.map((item) => toPython(item, 'str')));
    out += parts.join(call.sep) + call.end;
  }
  return out;
}
