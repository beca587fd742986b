/**
 * Grey-level histograms: how many pixels take each of the 256 values, for one image, for each digit
 * class and for a whole split. Exact counts from the images' bytes (the bytes the tensors were written
 * from and checked against), in chunks so a split of 47 million pixels never holds the main thread: the
 * host's way, where the GPU's (grey-levels-gpu) does not apply, and for one image, whose bytes the
 * notebook already has for its grid (a GPU round trip per sample would queue behind the activations).
 */
import { NUM_CLASSES } from './format';

export const GREY_LEVELS = 256;

/** A split's counts: `all[v]` pixels have value v; `byClass[c][v]` the same within the images labelled c. */
export interface GreyLevels {
  images: number;
  pixelsPerImage: number;
  all: Float64Array;
  byClass: Float64Array[];
  /** Images per class. */
  classImages: number[];
  /** How many of the images (the first ones) were counted on the GPU from their tensor (grey-levels-gpu); the rest on the host from their bytes. */
  gpuImages: number;
  /** Pixels per second the GPU counted at, when it counted any. */
  gpuPixelsPerSecond: number | null;
}

/** Adds the 256 counts of bytes [start, end) of `bytes` to `into` (counted in uint32 first, the fast loop). */
export function addByteCounts(bytes: Uint8Array, into: Float64Array, start = 0, end = bytes.length): void {
  const bins = new Uint32Array(GREY_LEVELS);
  for (let i = start; i < end; i++) bins[bytes[i]]++;
  for (let v = 0; v < GREY_LEVELS; v++) into[v] += bins[v];
}

/** The 256 counts of `bytes` (one image, or any run of pixels). */
export function countGreyLevels(bytes: Uint8Array): Float64Array {
  const counts = new Float64Array(GREY_LEVELS);
  addByteCounts(bytes, counts);
  return counts;
}

/** Empty counts for a split of `pixelsPerImage`-pixel images. */
export function emptyGreyLevels(pixelsPerImage: number): GreyLevels {
  return {
    gpuImages: 0,
    gpuPixelsPerSecond: null,
    images: 0,
    pixelsPerImage,
    all: new Float64Array(GREY_LEVELS),
    byClass: Array.from({ length: NUM_CLASSES }, () => new Float64Array(GREY_LEVELS)),
    classImages: new Array<number>(NUM_CLASSES).fill(0),
  };
}

/** Adds images whose bytes are `bytes` (back to back) and labels `labels` (one per image, 0..9) to `into`. */
export function addGreyLevels(into: GreyLevels, bytes: Uint8Array, labels: Uint8Array): void {
  const px = into.pixelsPerImage;
  if (bytes.length !== labels.length * px) throw new RangeError(`addGreyLevels: ${bytes.length} bytes for ${labels.length} images of ${px} pixels`);
  const bins = new Uint32Array(NUM_CLASSES * GREY_LEVELS);
  for (let i = 0; i < labels.length; i++) {
    const base = labels[i] * GREY_LEVELS;
    for (let p = i * px, end = p + px; p < end; p++) bins[base + bytes[p]]++;
    into.classImages[labels[i]]++;
  }
  for (let c = 0; c < NUM_CLASSES; c++) {
    for (let v = 0; v < GREY_LEVELS; v++) {
      const n = bins[c * GREY_LEVELS + v];
      into.byClass[c][v] += n;
      into.all[v] += n;
    }
  }
  into.images += labels.length;
}

/** Images per chunk: ~1.5 million pixels, a few ms here. */
const CHUNK_IMAGES = 2000;

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The counts of a whole split: `read(start, end)` gives images [start, end)'s bytes, `labels` every
 * image's label; `pause` runs between chunks (default: a macrotask, so the page stays responsive).
 */
export async function splitGreyLevels(
  read: (start: number, end: number) => Promise<Uint8Array>,
  labels: Uint8Array,
  pixelsPerImage: number,
  pause: () => Promise<void> = nextTask,
): Promise<GreyLevels> {
  const into = emptyGreyLevels(pixelsPerImage);
  await addSplitGreyLevels(into, read, labels, 0, pause);
  return into;
}

/** Adds images [from, labels.length) to `into`, read and counted in chunks as splitGreyLevels does. */
export async function addSplitGreyLevels(
  into: GreyLevels,
  read: (start: number, end: number) => Promise<Uint8Array>,
  labels: Uint8Array,
  from: number,
  pause: () => Promise<void> = nextTask,
): Promise<void> {
  for (let start = from; start < labels.length; start += CHUNK_IMAGES) {
    const end = Math.min(labels.length, start + CHUNK_IMAGES);
    addGreyLevels(into, await read(start, end), labels.subarray(start, end));
    if (end < labels.length) await pause();
  }
}
