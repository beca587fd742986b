/** An activation's values as what the view draws: feature maps (channels last) split into one grey image each, 0..255. */

/** Channel `c` of a [h, w, channels] activation as h*w grey levels, 0 at `lo` and 255 at `hi`. */
export function featureMap(values: Float32Array, shape: number[], c: number, lo: number, hi: number): Uint8ClampedArray {
  const [h, w, channels] = shape;
  const out = new Uint8ClampedArray(h * w);
  const span = hi - lo;
  for (let p = 0; p < h * w; p++) out[p] = span > 0 ? Math.round(((values[p * channels + c] - lo) / span) * 255) : 0;
  return out;
}

/** The smallest and largest value: one grey scale for all of a layer's maps, so they compare. */
export function valueRange(values: Float32Array): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return values.length > 0 ? { lo: Math.min(lo, 0), hi: Math.max(hi, 0) } : { lo: 0, hi: 0 };
}
