/**
 * A sprite sheet decoded without a canvas (png-inflate.ts) into its images' bytes in canonical order,
 * with each image's pixel sum for the integrity check. Pure and async: it runs in the sheet worker
 * (src/workers/sheet-decoder.worker.ts) or, where there are no workers (Node), in the caller's thread.
 */
import { ok, type Result } from '../lib/result';
import { IMAGE_PIXELS, IMAGE_SIZE, type SheetManifest } from './format';
import { tryInflatePng } from './png-inflate';

/** One sheet's images: [sheet.count, 28, 28] bytes 0..255, their pixel sums, and (if asked for) the bytes as floats. */
export interface DecodedSheet {
  pixels: Uint8Array;
  sums: Uint32Array;
  /** The same values as float32, what a WebGL texture upload takes (made here so a worker does the conversion). */
  floats?: Float32Array;
}

/** Decodes a sheet PNG whose geometry the manifest gives; `floats` adds DecodedSheet.floats. Never rejects. */
export async function tryDecodeSheet(png: Uint8Array, sheet: SheetManifest, floats = false): Promise<Result<DecodedSheet>> {
  const inflated = await tryInflatePng(png, sheet.file, sheet);
  if (!inflated.ok) return inflated;
  const { rows, stride, channels } = inflated.value;
  const pixels = new Uint8Array(sheet.count * IMAGE_PIXELS);
  const sums = new Uint32Array(sheet.count);
  // One pass, no allocation per row (a subarray per tile row was 280,000 objects per sheet).
  for (let t = 0; t < sheet.count; t++) {
    const x0 = (t % sheet.columns) * IMAGE_SIZE;
    const y0 = Math.floor(t / sheet.columns) * IMAGE_SIZE;
    let o = t * IMAGE_PIXELS;
    let sum = 0;
    for (let r = 0; r < IMAGE_SIZE; r++) {
      let at = (y0 + r) * stride + 1 + x0 * channels;
      for (let c = 0; c < IMAGE_SIZE; c++, at += channels) {
        const v = rows[at];
        pixels[o++] = v;
        sum += v;
      }
    }
    sums[t] = sum;
  }
  return ok(floats ? { pixels, sums, floats: new Float32Array(pixels) } : { pixels, sums });
}

/** The first image of `sheet` whose sum differs from the split's integrity vector `expected` (split index), or -1. */
export function firstSumMismatch(sheet: SheetManifest, sums: Uint32Array, expected: Uint32Array): number {
  for (let t = 0; t < sums.length; t++) if (sums[t] !== expected[sheet.first + t]) return sheet.first + t;
  return -1;
}

/** Images of `sheet` whose sums differ from `expected`. */
export function sumMismatches(sheet: SheetManifest, sums: Uint32Array, expected: Uint32Array): number {
  let bad = 0;
  for (let t = 0; t < sums.length; t++) if (sums[t] !== expected[sheet.first + t]) bad++;
  return bad;
}
