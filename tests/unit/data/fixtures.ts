/** Test fixtures written independently of src/: IDX bytes, seeded random digits, naive reference computations. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SIDE = 28;
export const PIXELS = SIDE * SIDE;

/** Mulberry32: a small seeded generator so every run sees the same "random" images. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` images of `side`x`side` random bytes; every image holds at least one 0 and one 255 pixel. */
export function randomImages(count: number, seed: number, side = SIDE): Uint8Array {
  const rand = seededRandom(seed);
  const px = side * side;
  const out = new Uint8Array(count * px);
  for (let i = 0; i < out.length; i++) out[i] = Math.floor(rand() * 256);
  for (let i = 0; i < count; i++) {
    out[i * px + Math.floor(rand() * px)] = 0;
    out[i * px + Math.floor(rand() * px)] = 255;
  }
  return out;
}

/** `count` random labels 0..numClasses-1. */
export function randomLabels(count: number, seed: number, numClasses = 10): Uint8Array {
  const rand = seededRandom(seed);
  return Uint8Array.from({ length: count }, () => Math.floor(rand() * numClasses));
}

/** An IDX file: two zero bytes, the type code, the number of dims, big-endian uint32 dims, then the body. */
export function idxFile(dims: readonly number[], body: Uint8Array | number = 0, type = 0x08): Uint8Array {
  const data = typeof body === 'number' ? new Uint8Array(body) : body;
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out[2] = type;
  out[3] = dims.length;
  dims.forEach((d, i) => {
    out[4 + 4 * i] = (d >>> 24) & 0xff;
    out[5 + 4 * i] = (d >>> 16) & 0xff;
    out[6 + 4 * i] = (d >>> 8) & 0xff;
    out[7 + 4 * i] = d & 0xff;
  });
  out.set(data, 4 + 4 * dims.length);
  return out;
}

/** An IDX images file (magic 2051) holding `pixels` as [count, side, side]. */
export function imagesIdx(pixels: Uint8Array, count: number, side = SIDE): Uint8Array {
  return idxFile([count, side, side], pixels);
}

/** An IDX labels file (magic 2049). */
export function labelsIdx(labels: Uint8Array): Uint8Array {
  return idxFile([labels.length], labels);
}

/** Per-image pixel sums, computed the slow obvious way. */
export function naiveSums(pixels: Uint8Array, count: number, px = PIXELS): number[] {
  const sums: number[] = [];
  for (let i = 0; i < count; i++) sums.push(Array.from(pixels.subarray(i * px, (i + 1) * px)).reduce((a, b) => a + b, 0));
  return sums;
}

/** Index of the first element where two arrays differ (length included), or -1 when equal. */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

export interface SplitFixture {
  pixels: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export interface MnistFixture {
  train: SplitFixture;
  test: SplitFixture;
}

/** Seeded random train and test splits of 28x28 images with labels 0..9. */
export function makeMnistFixture(trainCount: number, testCount: number, seed = 1): MnistFixture {
  return {
    train: { pixels: randomImages(trainCount, seed), labels: randomLabels(trainCount, seed + 100), count: trainCount },
    test: { pixels: randomImages(testCount, seed + 1), labels: randomLabels(testCount, seed + 101), count: testCount },
  };
}

/** The MNIST file names, spelled out here rather than imported, so a renamed constant shows up in tests. */
export const MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** Writes the four IDX files of `fixture` into `dir` (created if needed). */
export function writeMnistSource(dir: string, fixture: MnistFixture): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, MNIST_FILES.trainImages), imagesIdx(fixture.train.pixels, fixture.train.count));
  writeFileSync(join(dir, MNIST_FILES.trainLabels), labelsIdx(fixture.train.labels));
  writeFileSync(join(dir, MNIST_FILES.testImages), imagesIdx(fixture.test.pixels, fixture.test.count));
  writeFileSync(join(dir, MNIST_FILES.testLabels), labelsIdx(fixture.test.labels));
}

/** Per-class mean of each pixel, in plain JavaScript (the reference for classMeanImages); a class with no images has mean 0. */
export function cpuClassMeans(pixels: Uint8Array, labels: Uint8Array): Float64Array {
  const sums = new Float64Array(10 * 784);
  const counts = new Array<number>(10).fill(0);
  labels.forEach((label, i) => {
    counts[label] += 1;
    for (let p = 0; p < 784; p++) sums[label * 784 + p] += pixels[i * 784 + p];
  });
  return sums.map((s, k) => (counts[Math.floor(k / 784)] ? s / counts[Math.floor(k / 784)] : 0));
}
