import { IMAGE_PIXELS, IMAGE_SIZE } from './format';

/**
 * Lays out images [first, first+count) of `pixels` (row-major [n, 28, 28] bytes) as a sheet of
 * 28x28 tiles, `columns` per row, tile t = image first+t. Unused tiles at the end stay 0.
 */
export function packSheet(pixels: Uint8Array, first: number, count: number, columns: number, rows: number): Uint8Array {
  const width = columns * IMAGE_SIZE;
  const sheet = new Uint8Array(width * rows * IMAGE_SIZE);
  for (let t = 0; t < count; t++) {
    const src = (first + t) * IMAGE_PIXELS;
    const x0 = (t % columns) * IMAGE_SIZE;
    const y0 = Math.floor(t / columns) * IMAGE_SIZE;
    for (let r = 0; r < IMAGE_SIZE; r++) {
      const from = src + r * IMAGE_SIZE;
      sheet.set(pixels.subarray(from, from + IMAGE_SIZE), (y0 + r) * width + x0);
    }
  }
  return sheet;
}

/**
 * The inverse of packSheet: copies `count` tiles of a sheet (`channels` interleaved bytes per pixel,
 * the first channel read) into `out` at image offset `first`, in canonical image order.
 */
export function unpackSheet(sheet: ArrayLike<number>, channels: number, columns: number, count: number, out: Uint8Array | Float32Array, first: number): void {
  const width = columns * IMAGE_SIZE;
  if (channels === 1 && sheet instanceof Uint8Array && out instanceof Uint8Array) {
    // Fast path (grayscale PNGs): copy whole tile rows.
    for (let t = 0; t < count; t++) {
      const dst = (first + t) * IMAGE_PIXELS;
      const x0 = (t % columns) * IMAGE_SIZE;
      const y0 = Math.floor(t / columns) * IMAGE_SIZE;
      for (let r = 0; r < IMAGE_SIZE; r++) {
        const row = (y0 + r) * width + x0;
        out.set(sheet.subarray(row, row + IMAGE_SIZE), dst + r * IMAGE_SIZE);
      }
    }
    return;
  }
  for (let t = 0; t < count; t++) {
    const dst = (first + t) * IMAGE_PIXELS;
    const x0 = (t % columns) * IMAGE_SIZE;
    const y0 = Math.floor(t / columns) * IMAGE_SIZE;
    for (let r = 0; r < IMAGE_SIZE; r++) {
      const row = ((y0 + r) * width + x0) * channels;
      const o = dst + r * IMAGE_SIZE;
      for (let c = 0; c < IMAGE_SIZE; c++) out[o + c] = sheet[row + c * channels];
    }
  }
}

/** Sum of each image's 784 pixels: the integrity vector the browser checks its tensors against. */
export function pixelSums(pixels: ArrayLike<number>, count: number): Uint32Array {
  const sums = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    let s = 0;
    const o = i * IMAGE_PIXELS;
    for (let p = 0; p < IMAGE_PIXELS; p++) s += pixels[o + p];
    sums[i] = s;
  }
  return sums;
}

/** Images per class for labels in 0..numClasses-1. */
export function classCounts(labels: ArrayLike<number>, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]] += 1;
  return counts;
}
