/**
 * Values as Python and numpy print them, and a plain description for choosing a renderer.
 *
 * Floats: tfjs has no float64, so float arrays are float32 and print the way numpy prints float32
 * (shortest digits that round-trip through float32: 33.31842, not 33.318421449829934). Scalars from
 * reductions are 0-d tensors and print plain, like numpy 1.x's str (`33.31842`, not `np.float32(33.31842)`).
 * Python floats (from literals and Python arithmetic) are float64 and print like Python's repr.
 */
import * as tf from '@tensorflow/tfjs';
import { IMAGE_SIZE } from '../data/format';
import type { DType } from './dtypes';
import { isIntegerDType } from './dtypes';
import type { PrintCall } from './evaluate';
import type { Value } from './values';
import { ELLIPSIS, NpScalar, PyCallable, PyDType, PyFloat, PyList, PyModule, PyOpaque, PySlice, PyTuple, PyType, isTensor } from './values';

/** numpy's print options: summarize past 1000 items, 3 at each edge, 75 characters a line, 8 digits. */
export const PRINT_THRESHOLD = 1000;
export const PRINT_EDGE_ITEMS = 3;
export const PRINT_LINE_WIDTH = 75;
export const PRINT_PRECISION = 8;

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

/** Python's repr of a float64: shortest round-trip digits, exponent past 1e16 and below 1e-4 (1e-05, 1e+16). */
export function formatPyFloat(v: number): string {
  return formatFloat(v, (x) => x);
}

/** numpy's str of a float32 scalar: the shortest digits that round-trip through float32. */
export function formatFloat32(v: number): string {
  return formatFloat(v, Math.fround);
}

function formatFloat(v: number, round: (x: number) => number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const { digits, exponent } = shortestDigits(v, round);
  const sign = v < 0 ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exponent);
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  return sign + positional(digits, exponent, true);
}

/** Shortest decimal digits d1d2... and exponent such that |v| = 0.d1d2... * 10^(exponent+1) round-trips. */
function shortestDigits(v: number, round: (x: number) => number): { digits: string; exponent: number } {
  const target = round(Math.abs(v));
  for (let p = 1; p <= 17; p++) {
    const s = target.toExponential(p - 1);
    if (round(Number(s)) === target) {
      const [m, e] = s.split('e');
      return { digits: m.replace('.', '').replace(/0+$/, '') || '0', exponent: Number(e) };
    }
  }
  const [m, e] = target.toExponential(16).split('e');
  return { digits: m.replace('.', ''), exponent: Number(e) };
}

/** Digits placed around the point; Python style adds ".0" to integral values, numpy's array style leaves "." */
function positional(digits: string, exponent: number, python: boolean): string {
  let int: string;
  let frac: string;
  if (exponent < 0) {
    int = '0';
    frac = '0'.repeat(-exponent - 1) + digits;
  } else if (digits.length > exponent + 1) {
    int = digits.slice(0, exponent + 1);
    frac = digits.slice(exponent + 1);
  } else {
    int = digits + '0'.repeat(exponent + 1 - digits.length);
    frac = '';
  }
  return frac === '' ? (python ? `${int}.0` : `${int}.`) : `${int}.${frac}`;
}

/** A float32 array item in numpy's positional style (at most 8 fractional digits), unpadded: "0.5", "1.", "-2.25". */
function arrayFloatPositional(v: number, round: (x: number) => number): string {
  if (v === 0) return Object.is(v, -0) ? '-0.' : '0.';
  const { digits, exponent } = shortestDigits(v, round);
  let s = positional(digits, exponent, false);
  const [int, frac] = s.split('.');
  if (frac.length > PRINT_PRECISION) {
    s = Math.abs(v).toFixed(PRINT_PRECISION).replace(/0+$/, '');
    return (v < 0 ? '-' : '') + s;
  }
  return (v < 0 ? '-' : '') + `${int}.${frac}`;
}

/** A float32 array item in numpy's scientific style, unpadded parts: mantissa "1.5", exponent "-05". */
function arrayFloatScientific(v: number, round: (x: number) => number): { mantissa: string; exponent: string } {
  if (v === 0) return { mantissa: '0.', exponent: '+00' };
  const { digits, exponent } = shortestDigits(v, round);
  const sliced = digits.slice(0, PRINT_PRECISION + 1);
  const mantissa = `${v < 0 ? '-' : ''}${sliced[0]}.${sliced.slice(1)}`;
  const e = Math.abs(exponent);
  return { mantissa, exponent: `${exponent < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}` };
}

/** A formatter for every item of an array, with numpy's common width (computed over the items shown). */
function itemFormatter(values: ArrayLike<number>, dtype: DType): (v: number) => string {
  if (dtype === 'bool') return (v) => (v ? ' True' : 'False');
  const round = dtype === 'float32' ? Math.fround : (x: number) => x;
  const scientificOf = (v: number) => arrayFloatScientific(v, round);
  const positionalOf = (v: number) => arrayFloatPositional(v, round);
  if (isIntegerDType(dtype)) {
    let width = 0;
    for (let i = 0; i < values.length; i++) width = Math.max(width, String(values[i]).length);
    return (v) => String(v).padStart(width, ' ');
  }
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite.push(values[i]);
  const nonZero = finite.filter((v) => v !== 0).map(Math.abs);
  const max = nonZero.length ? Math.max(...nonZero) : 0;
  const min = nonZero.length ? Math.min(...nonZero) : 0;
  const scientific = nonZero.length > 0 && (max >= 1e8 || min < 1e-4 || max / min > 1e3);
  const special = (v: number) => (Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf');
  if (scientific) {
    const parts = finite.map(scientificOf);
    const precision = Math.max(0, ...parts.map((p) => p.mantissa.split('.')[1].length));
    const padLeft = Math.max(0, ...parts.map((p) => p.mantissa.split('.')[0].length));
    const expSize = Math.max(0, ...parts.map((p) => p.exponent.length - 1));
    const width = padLeft + 1 + precision + 2 + expSize;
    return (v) => {
      if (!Number.isFinite(v)) return special(v).padStart(width, ' ');
      const p = scientificOf(v);
      const [int, frac] = p.mantissa.split('.');
      const exp = p.exponent[0] + p.exponent.slice(1).padStart(expSize, '0');
      return `${int.padStart(padLeft, ' ')}.${frac.padEnd(precision, '0')}e${exp}`;
    };
  }
  const strs = finite.map(positionalOf);
  let padLeft = Math.max(0, ...strs.map((s) => s.split('.')[0].length));
  const padRight = Math.max(0, ...strs.map((s) => s.split('.')[1].length));
  if (finite.length !== values.length) {
    const hasNegInf = Array.from(values).some((v) => v === -Infinity);
    padLeft = Math.max(padLeft, 3 - padRight - 1, 3 + (hasNegInf ? 1 : 0) - padRight - 1);
  }
  return (v) => {
    if (!Number.isFinite(v)) return special(v).padStart(padLeft + padRight + 1, ' ');
    const [int, frac] = positionalOf(v).split('.');
    return `${int.padStart(padLeft, ' ')}.${frac.padEnd(padRight, ' ')}`;
  };
}

/** The items numpy shows: whole arrays up to the threshold, else 3 at each end of every long axis. */
async function readShown(t: tf.Tensor): Promise<{ values: ArrayLike<number>; shape: number[]; summarized: boolean[] }> {
  const summarize = t.size > PRINT_THRESHOLD;
  const summarized = t.shape.map((d) => summarize && d > 2 * PRINT_EDGE_ITEMS);
  const shown = tf.tidy(() => {
    let s: tf.Tensor = t;
    summarized.forEach((cut, axis) => {
      if (!cut) return;
      const n = t.shape[axis];
      const edges = [0, 1, 2, n - 3, n - 2, n - 1].slice(0, 2 * PRINT_EDGE_ITEMS);
      s = tf.gather(s, tf.tensor1d(edges, 'int32'), axis);
    });
    return s === t ? tf.clone(t) : s;
  });
  try {
    return { values: await shown.data(), shape: shown.shape, summarized };
  } finally {
    shown.dispose();
  }
}

/** numpy's _formatArray: nested brackets, line wrapping at 75 characters, "..." where summarized. */
function formatArrayText(values: ArrayLike<number>, shape: number[], summarized: boolean[], dtype: DType, separator: string, prefixWidth: number, lineWidth: number): string {
  if (shape.some((d) => d === 0)) return '[]';
  const format = itemFormatter(values, dtype);
  const strides = shape.map((_, k) => shape.slice(k + 1).reduce((a, b) => a * b, 1));
  const extend = (s: string, line: string, word: string, width: number, indent: string): [string, string] => {
    let wrap = line.length + word.length > width;
    if (line.length <= indent.length) wrap = false;
    if (wrap) {
      s += line.trimEnd() + '\n';
      line = indent;
    }
    return [s, line + word];
  };
  const recurse = (offset: number, axis: number, indent: string, width: number): string => {
    if (axis === shape.length) return format(values[offset]);
    const nextIndent = indent + ' ';
    const nextWidth = width - 1;
    const n = shape[axis];
    const cut = summarized[axis];
    const leading = cut ? PRINT_EDGE_ITEMS : 0;
    const trailing = cut ? PRINT_EDGE_ITEMS : n;
    const at = (i: number) => offset + i * strides[axis];
    const positions: (number | 'sum')[] = [];
    for (let i = 0; i < leading; i++) positions.push(i);
    if (cut) positions.push('sum');
    for (let i = trailing; i >= 1; i--) positions.push((cut ? 2 * PRINT_EDGE_ITEMS : n) - i);
    let s = '';
    if (axis === shape.length - 1) {
      const elemWidth = width - Math.max(separator.trimEnd().length, 1);
      let line = indent;
      positions.forEach((p, k) => {
        const last = k === positions.length - 1;
        const word = p === 'sum' ? '...' : recurse(at(p), axis + 1, nextIndent, nextWidth);
        [s, line] = extend(s, line, word, last ? width - 1 : elemWidth, indent);
        if (!last) line += separator;
      });
      s += line;
    } else {
      const lineSep = separator.trimEnd() + '\n'.repeat(shape.length - axis - 1);
      positions.forEach((p, k) => {
        const last = k === positions.length - 1;
        const nested = p === 'sum' ? '...' : recurse(at(p), axis + 1, nextIndent, nextWidth);
        s += indent + nested + (last ? '' : lineSep);
      });
    }
    return '[' + s.slice(indent.length) + ']';
  };
  return recurse(0, 0, ' '.repeat(prefixWidth + 1), lineWidth);
}

function fromStorage(d: tf.DataType): DType {
  return d === 'bool' ? 'bool' : d === 'int32' ? 'int32' : 'float32';
}

/** NumPy's str of a scalar of `dtype`: 1567298545, 33.318421449829934, True. */
export function formatScalarStr(v: number, dtype: DType): string {
  if (dtype === 'bool') return v ? 'True' : 'False';
  if (isIntegerDType(dtype)) return String(v);
  return dtype === 'float32' ? formatFloat32(v) : formatPyFloat(v);
}

/** NumPy 2's repr of a scalar: np.uint64(1567298545), np.float64(33.318421449829934), np.True_. */
export function formatScalarRepr(v: number, dtype: DType): string {
  if (dtype === 'bool') return v ? 'np.True_' : 'np.False_';
  return `np.${dtype}(${formatScalarStr(v, dtype)})`;
}

/** numpy's str(array) of a tensor of any shape and dtype: `[5 0 4 ... 5 6 8]`, a 0-d array as its scalar. Does not dispose `t`. */
export async function formatTensorStr(t: tf.Tensor, dtype: DType = fromStorage(t.dtype)): Promise<string> {
  const { values, shape, summarized } = await readShown(t);
  if (shape.length === 0) return formatScalarStr(values[0], dtype);
  return formatArrayText(values, shape, summarized, dtype, ' ', 0, PRINT_LINE_WIDTH);
}

/** numpy's repr(array) of a tensor: `array([5, 0, 4], dtype=int32)` (float32 and int32 are not numpy's defaults, so the dtype shows). Does not dispose `t`. */
export async function formatTensorRepr(t: tf.Tensor, dtype: DType = fromStorage(t.dtype)): Promise<string> {
  const { values, shape, summarized } = await readShown(t);
  if (shape.length === 0) return `array(${formatScalarStr(values[0], dtype)}${dtype === 'bool' || dtype === 'int64' || dtype === 'float64' ? '' : `, dtype=${dtype}`})`;
  const empty = shape.some((d) => d === 0);
  const shown = empty || !(dtype === 'bool' || dtype === 'int64' || dtype === 'float64');
  const suffixText = shown ? `dtype=${dtype})` : '';
  const suffix = suffixText ? ',' : ')';
  const body = empty && !(shape.length === 1) ? `[], shape=(${shape.join(', ')})` : formatArrayText(values, shape, summarized, dtype, ', ', 'array('.length, PRINT_LINE_WIDTH - suffix.length);
  const text = `array(${body}${suffix}`;
  if (!suffixText) return text;
  const lastLine = text.length - (text.lastIndexOf('\n') + 1);
  const spacer = lastLine + suffixText.length + 1 > PRINT_LINE_WIDTH ? '\n' + ' '.repeat('array('.length) : ' ';
  return text + spacer + suffixText;
}

export type PrintStyle = 'out' | 'repr' | 'str';

/**
 * A value as Python shows it. 'out' is what an Out[n] shows here: repr, except arrays in numpy's str style
 * (`[5 0 4 1 9]`, as the lesson shows them); 'repr' is Python's repr (arrays as `array([...], dtype=int32)`);
 * 'str' is what print() writes. Reads back only the items shown, with await data().
 */
export async function toPython(value: Value | undefined, style: PrintStyle = 'out'): Promise<string> {
  if (value === undefined || value === null) return 'None';
  if (isTensor(value)) return style === 'repr' ? formatTensorRepr(value.tensor, value.dtype) : formatTensorStr(value.tensor, value.dtype);
  if (value instanceof NpScalar) return style === 'repr' ? formatScalarRepr(value.value, value.dtype) : formatScalarStr(value.value, value.dtype);
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
