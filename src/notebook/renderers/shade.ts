/** Heat shading of pixel values for the numeric grid: a grey background and a readable text colour. */
import { MAX_PIXEL } from '../../data/format';

/** Background and text colour of one cell; `zero` marks the quiet style of empty margins. */
export interface Shade {
  background: string;
  color: string;
  zero: boolean;
}

/** Background at value 0: off-white paper, so the digit stands out from the margins. */
export const PAPER_RGB: readonly [number, number, number] = [253, 253, 251];
/** Background at value 255: near-black ink. */
export const INK_RGB: readonly [number, number, number] = [16, 18, 22];
/** Text of zero cells: light enough to recede, dark enough to read as 0. */
export const ZERO_TEXT = 'rgb(178, 180, 184)';

const BLACK = 'rgb(0, 0, 0)';
const WHITE = 'rgb(255, 255, 255)';

/** WCAG relative luminance of an sRGB colour with 0..255 channels. */
export function relativeLuminance([r, g, b]: readonly number[]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** The background grey for a value: a linear blend from paper (0) to ink (255). */
export function shadeRgb(value: number): [number, number, number] {
  const t = clampPixel(value) / MAX_PIXEL;
  return [0, 1, 2].map((i) => Math.round(PAPER_RGB[i] + (INK_RGB[i] - PAPER_RGB[i]) * t)) as [number, number, number];
}

/** Rounds and clamps any number into the 0..255 pixel range (NaN reads as 0). */
export function clampPixel(value: number): number {
  if (!Number.isFinite(value)) return value === Infinity ? MAX_PIXEL : 0;
  return Math.min(MAX_PIXEL, Math.max(0, Math.round(value)));
}

function computeShade(value: number): Shade {
  const rgb = shadeRgb(value);
  const background = `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;
  if (value === 0) return { background, color: ZERO_TEXT, zero: true };
  // Pure black or white, whichever contrasts more: at mid-grey either still clears WCAG AA (4.5:1).
  const lum = relativeLuminance(rgb);
  const onWhite = 1.05 / (lum + 0.05);
  const onBlack = (lum + 0.05) / 0.05;
  return { background, color: onBlack >= onWhite ? BLACK : WHITE, zero: false };
}

const SHADES: readonly Shade[] = Array.from({ length: MAX_PIXEL + 1 }, (_, v) => computeShade(v));

/** Heat shade of a pixel value (rounded and clamped to 0..255); shared objects, do not mutate. */
export function heatShade(value: number): Shade {
  return SHADES[clampPixel(value)];
}
