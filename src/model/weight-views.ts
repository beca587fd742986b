/**
 * What the "Inside the network" cell draws of a model's weights, from plain arrays (the weights an
 * epoch end copies to the CPU, or a readback of the current model): the kernels as pictures and each
 * weight tensor's histogram. No tensors.
 */
import type { ImageShape } from './spec';
import type { WeightValues } from './weights';

/** One unit's (dense) or one output channel's (conv) weights as a rows x cols picture. */
export interface WeightTile {
  /** The unit or output channel, 0-based. */
  unit: number;
  rows: number;
  cols: number;
  /** rows*cols weights, row-major. */
  values: Float32Array;
  /** L2 norm of `values`: the order the grid shows them in, strongest first. */
  norm: number;
}

export interface WeightPictures {
  /** The weight's name, e.g. "dense_Dense1/kernel". */
  name: string;
  kind: 'dense' | 'conv';
  /** For a conv kernel, the input channel drawn (0-based), and how many there are; 1 for dense. */
  inputChannel: number;
  inputChannels: number;
  /** Strongest first. */
  tiles: WeightTile[];
  /**
   * One symmetric colour scale for the whole grid, so tiles compare: the SCALE_QUANTILE quantile of
   * |weight| over every tile (the few weights beyond it are drawn at the map's ends; a scale set by the
   * single largest weight washed every template out).
   */
  scale: number;
}

const isKernel = (w: WeightValues) => w.name.endsWith('/kernel');

/** The share of |weight| values a picture grid's colour scale covers; the rest saturate. */
export const SCALE_QUANTILE = 0.995;

/**
 * The kernels that can be drawn as pictures, in layer order: a dense kernel that reads the image
 * itself ([rows*cols, units], a first layer after a flatten) and every conv kernel ([kh, kw, in, out]).
 */
export function pictureableKernels(weights: readonly WeightValues[], image: ImageShape): WeightValues[] {
  return weights.filter((w, i) => isKernel(w) && (w.shape.length === 4 || (w.shape.length === 2 && w.shape[0] === image.rows * image.cols && !weights.slice(0, i).some(isKernel))));
}

/**
 * `weight` as pictures: a dense kernel [rows*cols, units] gives one rows x cols tile per unit (the
 * pixel template the unit responds to); a conv kernel [kh, kw, in, out] one kh x kw tile per output
 * channel, for input channel `inputChannel`. null for any other shape or a channel out of range.
 */
export function weightPictures(weight: WeightValues, image: ImageShape, inputChannel = 0): WeightPictures | null {
  const { shape, values } = weight;
  let tiles: WeightTile[];
  let inputChannels = 1;
  if (shape.length === 2 && shape[0] === image.rows * image.cols) {
    const [inputs, units] = shape;
    tiles = Array.from({ length: units }, (_, unit) => {
      const tile = new Float32Array(inputs);
      for (let p = 0; p < inputs; p++) tile[p] = values[p * units + unit];
      return { unit, rows: image.rows, cols: image.cols, values: tile, norm: norm(tile) };
    });
  } else if (shape.length === 4) {
    const [kh, kw, inC, outC] = shape;
    inputChannels = inC;
    if (!Number.isInteger(inputChannel) || inputChannel < 0 || inputChannel >= inC) return null;
    tiles = Array.from({ length: outC }, (_, unit) => {
      const tile = new Float32Array(kh * kw);
      for (let p = 0; p < kh * kw; p++) tile[p] = values[(p * inC + inputChannel) * outC + unit];
      return { unit, rows: kh, cols: kw, values: tile, norm: norm(tile) };
    });
  } else {
    return null;
  }
  const magnitudes = new Float32Array(tiles.length * (tiles[0]?.values.length ?? 0));
  tiles.forEach((t, k) => t.values.forEach((v, p) => (magnitudes[k * t.values.length + p] = Math.abs(v))));
  magnitudes.sort();
  const scale = magnitudes.length > 0 ? magnitudes[Math.min(magnitudes.length - 1, Math.floor(SCALE_QUANTILE * magnitudes.length))] : 0;
  tiles.sort((a, b) => b.norm - a.norm || a.unit - b.unit);
  return { name: weight.name, kind: shape.length === 2 ? 'dense' : 'conv', inputChannel: shape.length === 2 ? 0 : inputChannel, inputChannels, tiles, scale };
}

function norm(values: Float32Array): number {
  let s = 0;
  for (const v of values) s += v * v;
  return Math.sqrt(s);
}

/** The diverging map's ends (ColorBrewer RdBu): negative weights blue, positive red, zero white. */
const NEGATIVE = [33, 102, 172] as const;
const POSITIVE = [178, 24, 43] as const;

/** RGBA pixels (4 per value) of `values` on the diverging map, -scale..0..+scale; a zero scale draws white. */
export function divergingRgba(values: ArrayLike<number>, scale: number): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i++) {
    const t = scale > 0 ? Math.max(-1, Math.min(1, values[i] / scale)) : 0;
    const end = t < 0 ? NEGATIVE : POSITIVE;
    const a = Math.abs(t);
    out[i * 4] = Math.round(255 + (end[0] - 255) * a);
    out[i * 4 + 1] = Math.round(255 + (end[1] - 255) * a);
    out[i * 4 + 2] = Math.round(255 + (end[2] - 255) * a);
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** One weight tensor's distribution at one epoch: `counts` over `bins` equal bins from min to max. */
export interface WeightHistogram {
  name: string;
  shape: number[];
  min: number;
  max: number;
  mean: number;
  std: number;
  /** counts[k] weights fall in [min + k*w, min + (k+1)*w), the last bin closed; w = (max-min)/bins. */
  counts: number[];
  /** Weights that are NaN or infinite (a blown-up layer), left out of everything else. */
  nonFinite: number;
}

/** The histogram of one weight tensor's values (exact counts; all in the first bin when every value is the same). */
export function weightHistogram(weight: WeightValues, bins = 30): WeightHistogram {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let n = 0;
  let nonFinite = 0;
  for (const v of weight.values) {
    if (!Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
    n++;
  }
  const mean = n > 0 ? sum / n : 0;
  let squares = 0;
  const counts = new Array<number>(bins).fill(0);
  const width = (max - min) / bins;
  for (const v of weight.values) {
    if (!Number.isFinite(v)) continue;
    squares += (v - mean) * (v - mean);
    counts[width > 0 ? Math.min(bins - 1, Math.floor((v - min) / width)) : 0]++;
  }
  return { name: weight.name, shape: [...weight.shape], min: n > 0 ? min : 0, max: n > 0 ? max : 0, mean, std: n > 0 ? Math.sqrt(squares / n) : 0, counts, nonFinite };
}
