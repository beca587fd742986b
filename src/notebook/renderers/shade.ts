/** Heat shading of pixel values for the numeric grid: a grey background and a readable text colour. */
import { MAX_PIXEL } from '../../data/format';
import { GRID_PAPER_RGB, cssRgb, textColorOn, type Rgb } from './palette';

/** Background and text colour of one cell; `zero` marks the quiet style of empty margins. */
export interface Shade {
  background: string;
  color: string;
  zero: boolean;
}

/** Background at value 255: near-black ink (value 0 is the grid's paper, GRID_PAPER_RGB). */
export const INK_RGB: Rgb = [16, 18, 22];
/** Text of zero cells: light enough to recede, dark enough to read as 0. */
export const ZERO_TEXT = 'rgb(178, 180, 184)';

/** The background grey for a value: a linear blend from the grid's paper (0) to ink (255). */
export function shadeRgb(value: number): [number, number, number] {
  const t = clampPixel(value) / MAX_PIXEL;
  return [0, 1, 2].map((i) => Math.round(GRID_PAPER_RGB[i] + (INK_RGB[i] - GRID_PAPER_RGB[i]) * t)) as [number, number, number];
}

/** Rounds and clamps any number into the 0..255 pixel range (NaN reads as 0). */
export function clampPixel(value: number): number {
  if (!Number.isFinite(value)) return value === Infinity ? MAX_PIXEL : 0;
  return Math.min(MAX_PIXEL, Math.max(0, Math.round(value)));
}

function computeShade(value: number): Shade {
  const rgb = shadeRgb(value);
  const background = cssRgb(rgb);
  if (value === 0) return { background, color: ZERO_TEXT, zero: true };
  return { background, color: textColorOn(rgb), zero: false };
}

const SHADES: readonly Shade[] = Array.from({ length: MAX_PIXEL + 1 }, (_, v) => computeShade(v));

/** Heat shade of a pixel value (rounded and clamped to 0..255); shared objects, do not mutate. */
export function heatShade(value: number): Shade {
  return SHADES[clampPixel(value)];
}
