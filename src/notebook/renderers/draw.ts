/** Canvas drawing of greyscale images at one device pixel per data pixel (CSS scales them up). */
import { clampPixel } from './shade';
import type { DataAttributes } from './types';

/** Fills `out` (RGBA, size*size*4) with the grey level of each value: 0 black, 255 white, opaque. */
export function greyToRgba(pixels: ArrayLike<number>, out: Uint8ClampedArray, offset = 0): void {
  for (let i = 0, o = 0; o < out.length; i++, o += 4) {
    const v = clampPixel(pixels[offset + i] ?? 0);
    out[o] = v;
    out[o + 1] = v;
    out[o + 2] = v;
    out[o + 3] = 255;
  }
}

/** Draws rows*cols values 0..255 (cols defaults to rows) onto `canvas`, resizing its backing store to cols x rows. */
export function drawGreyscale(canvas: HTMLCanvasElement, pixels: ArrayLike<number>, rows: number, cols = rows): void {
  if (canvas.width !== cols) canvas.width = cols;
  if (canvas.height !== rows) canvas.height = rows;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const image = ctx.createImageData(cols, rows);
  greyToRgba(pixels, image.data);
  ctx.putImageData(image, 0, 0);
}

/** Keeps only `data-*` keys, so a passthrough cannot override real props. */
export function pickDataAttributes(attrs: Record<string, string> | undefined): DataAttributes {
  const out: DataAttributes = {};
  if (!attrs) return out;
  for (const [key, value] of Object.entries(attrs)) if (key.startsWith('data-')) out[key as `data-${string}`] = value;
  return out;
}
