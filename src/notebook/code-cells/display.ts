/** What a run of a code cell shows, as plain data (no tensors): made by the expression service, drawn by CellOutput. */

/** Images shown in a strip at most; the rest of a stack is counted, not read back. */
export const STACK_MAX_IMAGES = 20;
/** Rows and columns of a 2-D table read back and shown. */
export const TABLE_MAX_ROWS = 200;
export const TABLE_MAX_COLUMNS = 50;
/** A 1-D array gets the bar-chart toggle up to this length. */
export const BAR_CHART_MAX_ITEMS = 100;

/** The value a cell ends with, by how it is drawn. */
export type OutValue =
  /** Scalars, tuples, text and 1-D arrays as Python prints them; `bars` for a short numeric 1-D array. */
  | { kind: 'text'; text: string; valueKind: string; bars?: number[] }
  /** An array of the dataset's image shape (rows x cols, 28 x 28 for MNIST) drawn as pixels (values mapped to 0..255). */
  | { kind: 'image'; pixels: Uint8Array; rows: number; cols: number; dtype: string; range: [number, number] }
  /** [n, rows, cols]: the first `count` images (count*rows*cols bytes) of `total`. */
  | { kind: 'images'; pixels: Uint8Array; rows: number; cols: number; count: number; total: number; dtype: string }
  /** 2-D non-image: cells as printed, capped at TABLE_MAX_ROWS x TABLE_MAX_COLUMNS. */
  | { kind: 'table'; rows: string[][]; shape: [number, number]; dtype: string };

/** One piece of a cell's output, in order: what print() wrote, then the Out value or the error. */
export type OutputPart =
  | { type: 'stream'; text: string }
  /** print(x) of an image-shaped (rows x cols) array of bytes: the numeric grid. */
  | { type: 'grid'; pixels: Uint8Array; rows: number; cols: number }
  | { type: 'out'; value: OutValue }
  /** Source line, caret line and the Python error line. */
  | { type: 'error'; text: string }
  /** Where NumPy's answer would surprise a learner (a uint8 wrap-around), said under the answer. */
  | { type: 'hint'; text: string };

/** A finished run: the execution count shown as In [n] / Out[n], and the output. */
export interface CellRun {
  count: number;
  ok: boolean;
  parts: OutputPart[];
}

/**
 * An image's values as bytes for drawing: bool and float values in [0, 1] stretched to 0..255
 * (x / 255 draws like x), integers in 0..255 kept, anything else mapped min..max to 0..255.
 */
export function toDisplayBytes(values: ArrayLike<number | boolean>, dtype: string): { pixels: Uint8Array; range: [number, number] } {
  const n = values.length;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = Number(values[i]);
    if (Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity) {
    min = 0;
    max = 0;
  }
  const pixels = new Uint8Array(n);
  const fractional = min >= 0 && max <= 1 && (dtype === 'bool' || dtype === 'float32' || dtype === 'float64');
  const bytes = !fractional && min >= 0 && max <= 255;
  for (let i = 0; i < n; i++) {
    const v = Number(values[i]);
    const scaled = Number.isNaN(v) ? 0 : bytes ? v : fractional ? v * 255 : max === min ? 0 : ((v - min) / (max - min)) * 255;
    pixels[i] = Math.round(Math.min(255, Math.max(0, scaled)));
  }
  return { pixels, range: [min, max] };
}

/** True when every value is an integer 0..255 (a print of it can be the numeric grid). */
export function isByteImage(values: ArrayLike<number | boolean>): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255) return false;
  }
  return true;
}

/** Appends text to the last stream part, or starts one. */
export function appendStream(parts: OutputPart[], text: string): void {
  if (!text) return;
  const last = parts[parts.length - 1];
  if (last?.type === 'stream') parts[parts.length - 1] = { type: 'stream', text: last.text + text };
  else parts.push({ type: 'stream', text });
}
