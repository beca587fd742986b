/** The weights drawn as pictures and histograms: the layout checked against TF.js (cpu) itself, the counts against a sort. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { divergingRgba, pictureableKernels, SCALE_QUANTILE, weightHistogram, weightPictures } from '../../../src/model/weight-views';
import { readWeights, type WeightValues } from '../../../src/model/weights';
import { seededRandom } from '../data/fixtures';
import { expectNoLeak } from '../leak';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const IMAGE = { rows: 28, cols: 28 };

function denseModel(units: number): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: [28, 28, 1] }));
  model.add(tf.layers.dense({ units, activation: 'linear', kernelInitializer: tf.initializers.randomNormal({ seed: 3 }) }));
  model.add(tf.layers.dense({ units: 10, activation: 'softmax' }));
  return model;
}

describe('weightPictures on a dense first layer', () => {
  it("draws unit j's 784 weights so that an image's dot product with its tile is the unit's output in TF.js", async () => {
    const model = denseModel(6);
    const weights = await readWeights(model);
    const picture = weightPictures(pictureableKernels(weights, IMAGE)[0], IMAGE)!;
    expect(picture.kind).toBe('dense');
    expect(picture.tiles).toHaveLength(6);
    const random = seededRandom(9);
    const image = Float32Array.from({ length: 784 }, () => random());
    const hidden = model.layers[1] as tf.layers.Layer;
    const [bias] = [weights[1].values];
    const outputs = tf.tidy(() => (hidden.apply(tf.tensor2d(image, [1, 784])) as tf.Tensor).dataSync());
    for (const tile of picture.tiles) {
      expect([tile.rows, tile.cols]).toEqual([28, 28]);
      const dot = tile.values.reduce((a, w, p) => a + w * image[p], 0);
      expect(dot + bias[tile.unit]).toBeCloseTo(outputs[tile.unit], 4);
    }
    model.dispose();
  });

  it('puts the strongest unit first and uses one colour scale, which 99.5% of the weights stay within', async () => {
    const model = denseModel(8);
    const kernel = (await readWeights(model))[0];
    const picture = weightPictures(kernel, IMAGE)!;
    const norms = picture.tiles.map((t) => t.norm);
    expect(norms).toEqual([...norms].sort((a, b) => b - a));
    expect(new Set(picture.tiles.map((t) => t.unit)).size).toBe(8);
    const magnitudes = Array.from(kernel.values, Math.abs);
    const within = magnitudes.filter((m) => m <= picture.scale).length / magnitudes.length;
    expect(within).toBeGreaterThanOrEqual(SCALE_QUANTILE);
    expect(within).toBeLessThan(SCALE_QUANTILE + 2 / magnitudes.length);
    expect(magnitudes).toContain(picture.scale);
    model.dispose();
  });

  it('is only the first kernel, and only when it reads the image itself', () => {
    const w = (name: string, shape: number[]): WeightValues => ({ name, shape, values: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
    const dense = [w('d1/kernel', [784, 4]), w('d1/bias', [4]), w('d2/kernel', [4, 10]), w('d2/bias', [10])];
    expect(pictureableKernels(dense, IMAGE).map((k) => k.name)).toEqual(['d1/kernel']);
    // A second dense layer of 784 inputs is not a picture of the image.
    expect(pictureableKernels([w('d1/kernel', [784, 784]), w('d2/kernel', [784, 10])], IMAGE).map((k) => k.name)).toEqual(['d1/kernel']);
    expect(pictureableKernels(dense, { rows: 32, cols: 32 })).toEqual([]);
    const conv = [w('c1/kernel', [5, 5, 1, 8]), w('c1/bias', [8]), w('c2/kernel', [3, 3, 8, 4]), w('d/kernel', [64, 10])];
    expect(pictureableKernels(conv, IMAGE).map((k) => k.name)).toEqual(['c1/kernel', 'c2/kernel']);
    expect(weightPictures(w('d2/kernel', [4, 10]), IMAGE)).toBeNull();
  });
});

describe('weightPictures on conv kernels', () => {
  it('draws output channel o for input channel c as TF.js slices it, and refuses a channel out of range', async () => {
    const model = tf.sequential();
    model.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 4, kernelSize: 3, kernelInitializer: tf.initializers.randomNormal({ seed: 5 }) }));
    model.add(tf.layers.conv2d({ filters: 5, kernelSize: 3, kernelInitializer: tf.initializers.randomNormal({ seed: 6 }) }));
    const weights = await readWeights(model);
    const [first, second] = pictureableKernels(weights, IMAGE);
    const kernel = model.layers[1].getWeights()[0];
    for (const channel of [0, 3]) {
      const picture = weightPictures(second, IMAGE, channel)!;
      expect([picture.kind, picture.inputChannel, picture.inputChannels, picture.tiles.length]).toEqual(['conv', channel, 4, 5]);
      for (const tile of picture.tiles) {
        const reference = tf.tidy(() => kernel.slice([0, 0, channel, tile.unit], [3, 3, 1, 1]).dataSync());
        expect(Array.from(tile.values)).toEqual(Array.from(reference));
      }
    }
    expect(weightPictures(first, IMAGE, 0)!.tiles).toHaveLength(4);
    expect(weightPictures(second, IMAGE, 4)).toBeNull();
    expect(weightPictures(second, IMAGE, -1)).toBeNull();
    model.dispose();
  });

  it('reads the weights without leaving a tensor behind', async () => {
    const model = denseModel(3);
    await expectNoLeak(async () => {
      weightPictures((await readWeights(model))[0], IMAGE);
    });
    model.dispose();
  });
});

describe('divergingRgba', () => {
  it('is white at zero, the blue end at -scale and below, the red end at +scale and above', () => {
    const px = divergingRgba([0, -1, -5, 1, 5, 0.5], 1);
    const at = (i: number) => Array.from(px.subarray(i * 4, i * 4 + 4));
    expect(at(0)).toEqual([255, 255, 255, 255]);
    expect(at(1)).toEqual([33, 102, 172, 255]);
    expect(at(2)).toEqual(at(1));
    expect(at(3)).toEqual([178, 24, 43, 255]);
    expect(at(4)).toEqual(at(3));
    expect(at(5)[0]).toBeGreaterThan(at(3)[0]);
    expect(Array.from(divergingRgba([3, -3], 0))).toEqual([255, 255, 255, 255, 255, 255, 255, 255]);
  });
});

describe('weightHistogram', () => {
  /** Counts by sorting and walking the edges: another way to the same bins. */
  function sortedCounts(values: number[], bins: number): number[] {
    const sorted = [...values].sort((a, b) => a - b);
    const [min, max] = [sorted[0], sorted[sorted.length - 1]];
    const counts = new Array<number>(bins).fill(0);
    let k = 0;
    for (const v of sorted) {
      while (k < bins - 1 && v >= min + ((k + 1) * (max - min)) / bins) k++;
      counts[k]++;
    }
    return counts;
  }

  it('counts every finite weight once, in the bins a sort gives, with the mean and std of the values', () => {
    const random = seededRandom(4);
    for (const n of [1, 7, 1000, 4096]) {
      const values = Array.from({ length: n }, () => Math.fround(random() * 2 - 1));
      const h = weightHistogram({ name: 'k', shape: [n], values: Float32Array.from(values) }, 30);
      expect(h.counts.reduce((a, b) => a + b, 0)).toBe(n);
      if (n > 1) expect(h.counts).toEqual(sortedCounts(values, 30));
      const mean = values.reduce((a, b) => a + b, 0) / n;
      expect(h.mean).toBeCloseTo(mean, 10);
      expect(h.std).toBeCloseTo(Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / n), 10);
      expect([h.min, h.max]).toEqual([Math.min(...values), Math.max(...values)]);
    }
  });

  it('sets NaN and infinite weights apart, and puts equal values in one bin', () => {
    const h = weightHistogram({ name: 'b', shape: [5], values: Float32Array.from([NaN, 2, Infinity, 2, -Infinity]) }, 10);
    expect(h.nonFinite).toBe(3);
    expect(h.counts[0]).toBe(2);
    expect([h.min, h.max, h.mean, h.std]).toEqual([2, 2, 2, 0]);
    const empty = weightHistogram({ name: 'e', shape: [0], values: new Float32Array(0) }, 4);
    expect([empty.counts, empty.min, empty.max]).toEqual([[0, 0, 0, 0], 0, 0]);
  });
});
