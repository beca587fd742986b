/** Text forms of pixel values and vectors, the way numpy prints them. */
import { MAX_PIXEL } from '../../data/format';
import { clampPixel } from './shade';
import type { PixelScale } from './types';

/** numpy's print threshold: arrays with more items than this are summarized. */
export const NUMPY_THRESHOLD = 1000;
/** Items numpy keeps at each end of a summarized array. */
export const NUMPY_EDGE_ITEMS = 3;

/**
 * Formats a 1-D vector like numpy's str(): `[5 0 4 1 9]`, items right-aligned to a common width,
 * and past `maxItems` items summarized as `[5 0 4 ... 5 6 8]`.
 */
export function formatNumpyVector(values: ArrayLike<number>, maxItems = NUMPY_THRESHOLD, edgeItems = NUMPY_EDGE_ITEMS): string {
  const n = values.length;
  const summarize = n > maxItems && n > 2 * edgeItems;
  const pick = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, k) => String(values[from + k]));
  const head = summarize ? pick(0, edgeItems) : pick(0, n);
  const tail = summarize ? pick(n - edgeItems, n) : [];
  const width = Math.max(0, ...head.map((s) => s.length), ...tail.map((s) => s.length));
  const pad = (s: string) => s.padStart(width, ' ');
  const parts = summarize ? [...head.map(pad), '...', ...tail.map(pad)] : head.map(pad);
  return `[${parts.join(' ')}]`;
}

/** One pixel as printed in the grid: '0'..'255', or on the unit scale '0.' for zero and '0.33' style otherwise. */
export function formatPixelValue(value: number, scale: PixelScale): string {
  const v = clampPixel(value);
  if (scale === 'int') return String(v);
  return v === 0 ? '0.' : (v / MAX_PIXEL).toFixed(2);
}
