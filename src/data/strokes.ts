/**
 * Drawn strokes -> a 28x28 input made the way MNIST was: rasterize with anti-aliasing, crop to the
 * ink, scale to fit 20x20 keeping the aspect ratio (area averaging, so grey levels), then place in
 * 28x28 with the centre of mass at the centre. Every step is handed out as a plain image so a UI can
 * show why a raw drawing would be misread. Pure TypeScript: no DOM, no TensorFlow.js.
 */
import { err, ok, type Result } from '../lib/result';
import { IMAGE_SIZE, MAX_PIXEL } from './format';

/** MNIST's digits were size-normalized to fit this box (pixels) before centring. */
export const DIGIT_BOX = 20;
/** Where the centre of mass is put, in pixel-index coordinates (pixel (c, r) sits at (c, r)), as the usual MNIST recipe does. */
export const MASS_CENTRE = IMAGE_SIZE / 2;
/** Largest canvas side accepted (pixels); a bigger one is almost surely a units mistake. */
export const MAX_CANVAS_SIDE = 4096;

/** A point in canvas pixels, origin top-left, y down. */
export interface Point {
  x: number;
  y: number;
}

/** What a drawing pad records: its size, the pen width and the strokes (one array of points per pen-down). */
export interface Drawing {
  /** Canvas width in pixels (integer). */
  width: number;
  /** Canvas height in pixels (integer). */
  height: number;
  /** Pen diameter in canvas pixels. */
  penWidth: number;
  strokes: readonly (readonly Point[])[];
}

/** A grey image, row-major, `width * height` bytes: 0 background, 255 ink. */
export interface GreyImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** Each step of the preprocessing, plus the numbers behind the last one. */
export interface MnistSteps {
  /** (a) The drawing rasterized at canvas resolution, anti-aliased. */
  raster: GreyImage;
  /** (b) The raster cropped to the bounding box of its ink. */
  cropped: GreyImage;
  /** (c) The crop scaled (area averaging) so its longer side is 20 px, aspect ratio kept. */
  scaled: GreyImage;
  /** (d) 28x28: the scaled image placed so its centre of mass is at (14, 14); the model's input. */
  centred: GreyImage;
  /** Where (b) lies in the raster: left, top, width, height (pixels). */
  inkBox: { x: number; y: number; width: number; height: number };
  /** Centre of mass of (c), pixel-index coordinates. */
  scaledCentreOfMass: Point;
  /** Where (c)'s top-left pixel lands in (d): whole pixels. */
  offset: Point;
  /** True if the centring shift was cut short so no ink falls off the 28x28 field (very lopsided drawings). */
  clamped: boolean;
}

/** Runs the MNIST preprocessing on a drawing; an empty or malformed drawing is an error a person can act on. */
export function tryPreprocessDrawing(drawing: Drawing): Result<MnistSteps> {
  const { width, height, penWidth, strokes } = drawing;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > MAX_CANVAS_SIDE || height > MAX_CANVAS_SIDE) {
    return err(`drawing: the canvas must be 1..${MAX_CANVAS_SIDE} whole pixels on each side, found ${width}x${height}`);
  }
  if (!Number.isFinite(penWidth) || penWidth <= 0) return err(`drawing: the pen width must be a positive number of pixels, found ${penWidth}`);
  let points = 0;
  for (const [s, stroke] of strokes.entries()) {
    for (const p of stroke) {
      if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) return err(`drawing: stroke ${s} has a point that is not a finite number (${p.x}, ${p.y})`);
      points++;
    }
  }
  if (points === 0) return err('Nothing drawn yet: draw a digit first.');

  const raster = rasterizeStrokes(width, height, penWidth, strokes);
  const box = inkBounds(raster);
  if (box === null) {
    const reach = penWidth / 2 + 0.5;
    const near = strokes.some((stroke) => stroke.some((p) => p.x > -reach && p.x < width + reach && p.y > -reach && p.y < height + reach));
    return err(near ? `The pen (${penWidth} px) is too thin to leave any ink on the canvas: use a wider pen.` : `Nothing drawn inside the ${width}x${height} canvas: every stroke lies outside it.`);
  }
  const cropped = cropImage(raster, box);

  const long = Math.max(box.width, box.height);
  const scaledW = Math.max(1, Math.round((box.width * DIGIT_BOX) / long));
  const scaledH = Math.max(1, Math.round((box.height * DIGIT_BOX) / long));
  const scaled = toGreyImage(scaledW, scaledH, areaResize(cropped.pixels, box.width, box.height, scaledW, scaledH));

  const com = centreOfMass(scaled);
  // Only a pen far thinner than a pixel can average out to nothing.
  if (com === null) return err(`The drawing is too faint to survive scaling to ${DIGIT_BOX}x${DIGIT_BOX}: use a wider pen (now ${penWidth} px).`);
  const ideal = { x: Math.round(MASS_CENTRE - com.x), y: Math.round(MASS_CENTRE - com.y) };
  const offset = { x: clamp(ideal.x, 0, IMAGE_SIZE - scaledW), y: clamp(ideal.y, 0, IMAGE_SIZE - scaledH) };
  const centred = placeImage(scaled, IMAGE_SIZE, IMAGE_SIZE, offset.x, offset.y);
  return ok({
    raster,
    cropped,
    scaled,
    centred,
    inkBox: box,
    scaledCentreOfMass: com,
    offset,
    clamped: offset.x !== ideal.x || offset.y !== ideal.y,
  });
}

/**
 * Rasterizes strokes as round-capped lines of diameter `penWidth`: each pixel's grey level is its
 * coverage, approximated from the distance of its centre to the nearest stroke (a one-pixel ramp).
 */
export function rasterizeStrokes(width: number, height: number, penWidth: number, strokes: readonly (readonly Point[])[]): GreyImage {
  const radius = penWidth / 2;
  const reach = radius + 0.5;
  // Squared distance from each pixel centre to the nearest stroke, only where it can matter.
  const nearest = new Float32Array(width * height).fill(Infinity);
  const visitSegment = (a: Point, b: Point) => {
    const x0 = Math.max(0, Math.floor(Math.min(a.x, b.x) - reach));
    const x1 = Math.min(width - 1, Math.ceil(Math.max(a.x, b.x) + reach));
    const y0 = Math.max(0, Math.floor(Math.min(a.y, b.y) - reach));
    const y1 = Math.min(height - 1, Math.ceil(Math.max(a.y, b.y) + reach));
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len2 = dx * dx + dy * dy;
    for (let y = y0; y <= y1; y++) {
      const py = y + 0.5;
      for (let x = x0; x <= x1; x++) {
        const px = x + 0.5;
        const t = len2 === 0 ? 0 : clamp(((px - a.x) * dx + (py - a.y) * dy) / len2, 0, 1);
        const ex = px - (a.x + t * dx);
        const ey = py - (a.y + t * dy);
        const d2 = ex * ex + ey * ey;
        const i = y * width + x;
        if (d2 < nearest[i]) nearest[i] = d2;
      }
    }
  };
  for (const stroke of strokes) {
    if (stroke.length === 1) visitSegment(stroke[0], stroke[0]);
    for (let i = 1; i < stroke.length; i++) visitSegment(stroke[i - 1], stroke[i]);
  }
  const pixels = new Uint8Array(width * height);
  for (let i = 0; i < pixels.length; i++) {
    const d2 = nearest[i];
    if (d2 === Infinity) continue;
    const coverage = clamp(reach - Math.sqrt(d2), 0, 1);
    pixels[i] = Math.round(coverage * MAX_PIXEL);
  }
  return { width, height, pixels };
}

/** Bounding box of the non-zero pixels, or null if there are none. */
export function inkBounds(image: GreyImage): { x: number; y: number; width: number; height: number } | null {
  const { width, height, pixels } = image;
  let left = width;
  let right = -1;
  let top = height;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (pixels[row + x] === 0) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      bottom = y;
    }
  }
  return right < 0 ? null : { x: left, y: top, width: right - left + 1, height: bottom - top + 1 };
}

/** Centre of mass in pixel-index coordinates (pixel (c, r) at (c, r)), weights = grey levels; null for a blank image. */
export function centreOfMass(image: GreyImage): Point | null {
  const { width, height, pixels } = image;
  let total = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = pixels[y * width + x];
      total += v;
      sx += v * x;
      sy += v * y;
    }
  }
  return total === 0 ? null : { x: sx / total, y: sy / total };
}

/**
 * Resizes a grey image by area averaging: each output pixel is the mean of the source area it
 * covers, fractional overlaps weighted (separable box filter). Returns floats 0..255, row-major.
 */
export function areaResize(src: ArrayLike<number>, srcW: number, srcH: number, dstW: number, dstH: number): Float32Array {
  const rows = new Float32Array(dstW * srcH);
  const colWeights = boxWeights(srcW, dstW);
  for (let y = 0; y < srcH; y++) {
    for (let x = 0; x < dstW; x++) {
      let sum = 0;
      for (const [s, w] of colWeights[x]) sum += src[y * srcW + s] * w;
      rows[y * dstW + x] = sum;
    }
  }
  const out = new Float32Array(dstW * dstH);
  const rowWeights = boxWeights(srcH, dstH);
  for (let y = 0; y < dstH; y++) {
    for (let x = 0; x < dstW; x++) {
      let sum = 0;
      for (const [s, w] of rowWeights[y]) sum += rows[s * dstW + x] * w;
      out[y * dstW + x] = sum;
    }
  }
  return out;
}

/** For each of `dst` output cells, the source cells it overlaps and their weights (summing to 1). */
function boxWeights(src: number, dst: number): [number, number][][] {
  const step = src / dst;
  const all: [number, number][][] = [];
  for (let d = 0; d < dst; d++) {
    const start = d * step;
    const end = (d + 1) * step;
    const cells: [number, number][] = [];
    for (let s = Math.floor(start); s < Math.min(src, Math.ceil(end)); s++) {
      const overlap = Math.min(end, s + 1) - Math.max(start, s);
      if (overlap > 0) cells.push([s, overlap / step]);
    }
    all.push(cells);
  }
  return all;
}

function cropImage(image: GreyImage, box: { x: number; y: number; width: number; height: number }): GreyImage {
  const pixels = new Uint8Array(box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    const from = (box.y + y) * image.width + box.x;
    pixels.set(image.pixels.subarray(from, from + box.width), y * box.width);
  }
  return { width: box.width, height: box.height, pixels };
}

/** `image` copied into a blank `width` x `height` image with its top-left at (left, top); parts outside are dropped. */
function placeImage(image: GreyImage, width: number, height: number, left: number, top: number): GreyImage {
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < image.height; y++) {
    const ty = top + y;
    if (ty < 0 || ty >= height) continue;
    for (let x = 0; x < image.width; x++) {
      const tx = left + x;
      if (tx >= 0 && tx < width) pixels[ty * width + tx] = image.pixels[y * image.width + x];
    }
  }
  return { width, height, pixels };
}

function toGreyImage(width: number, height: number, values: Float32Array): GreyImage {
  const pixels = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) pixels[i] = clamp(Math.round(values[i]), 0, MAX_PIXEL);
  return { width, height, pixels };
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
