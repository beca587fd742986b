/**
 * Models on datasets whose images are not 28x28 (issue 5): the input follows the images, the presets
 * build, train and evaluate on 20x20, 32x32 and 28x56 images, and a layer list that would shrink an
 * image below 1 pixel is refused with a message computed through the list. cpu backend, leak checks.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, predictOne } from '../../../src/model/evaluate';
import { createModelFromSpec, modelImageShape, summarizeModel, toModelInput } from '../../../src/model/factory';
import { CNN_PRESET, DENSE_PRESET } from '../../../src/model/presets';
import { analyzeSpec, minImageSide, specInputShape, type ImageShape, type ModelSpec } from '../../../src/model/spec';
import { createTrainer, type EpochEvent, type TrainingData } from '../../../src/model/trainer';
import { expectNoLeak } from '../leak';
import { tinySettings } from './fixtures';

/** Deterministic noise for fixtures. */
function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/**
 * `count` images [count, rows, cols] int32 0..255 and labels [count]: class c is a bright band over
 * the c-th tenth of the rows (at least one row), over faint noise. Caller disposes.
 */
function bandImages(count: number, seed: number, { rows, cols }: ImageShape): { images: tf.Tensor3D; labels: tf.Tensor1D } {
  const rand = lcg(seed);
  const pixels = new Int32Array(count * rows * cols);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = Math.floor(rand() * 10);
    labels[i] = label;
    const from = Math.floor((label * rows) / 10);
    const to = Math.max(from + 1, Math.floor(((label + 1) * rows) / 10));
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) pixels[(i * rows + r) * cols + c] = r >= from && r < to ? 170 + Math.floor(rand() * 85) : Math.floor(rand() * 50);
    }
  }
  return { images: tf.tensor3d(pixels, [count, rows, cols], 'int32'), labels: tf.tensor1d(labels, 'int32') };
}

const SHAPES: readonly ImageShape[] = [
  { rows: 20, cols: 20 },
  { rows: 32, cols: 32 },
  { rows: 28, cols: 56 },
];

const PRESETS: readonly { name: string; spec: ModelSpec }[] = [
  { name: 'dense', spec: DENSE_PRESET },
  { name: 'cnn', spec: CNN_PRESET },
];

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('the model input follows the image shape', () => {
  it('flat [rows*cols] without conv/pool layers, [rows, cols, 1] with them; MNIST by default', () => {
    expect(specInputShape(DENSE_PRESET)).toEqual([784]);
    expect(specInputShape(CNN_PRESET)).toEqual([28, 28, 1]);
    expect(specInputShape(DENSE_PRESET, { rows: 32, cols: 32 })).toEqual([1024]);
    expect(specInputShape(CNN_PRESET, { rows: 28, cols: 56 })).toEqual([28, 56, 1]);
  });

  it.each([
    // Dense: rows*cols*128 + 128, then 128*10 + 10.
    { preset: 'dense', image: { rows: 20, cols: 20 }, out: [10], params: 400 * 128 + 128 + 1290 },
    { preset: 'dense', image: { rows: 32, cols: 32 }, out: [10], params: 1024 * 128 + 128 + 1290 },
    { preset: 'dense', image: { rows: 28, cols: 56 }, out: [10], params: 1568 * 128 + 128 + 1290 },
    // CNN: conv 416 + conv 12,832 + dense (flat*128 + 128) + 1,290; flat = 2x2x32, 5x5x32, 4x11x32.
    { preset: 'cnn', image: { rows: 20, cols: 20 }, flat: 128, out: [10], params: 416 + 12832 + 128 * 128 + 128 + 1290 },
    { preset: 'cnn', image: { rows: 32, cols: 32 }, flat: 800, out: [10], params: 416 + 12832 + 800 * 128 + 128 + 1290 },
    { preset: 'cnn', image: { rows: 28, cols: 56 }, flat: 1408, out: [10], params: 416 + 12832 + 1408 * 128 + 128 + 1290 },
  ])('the $preset preset on $image.rows x $image.cols images: shapes and $params parameters', ({ preset, image, flat, params }) => {
    const spec = preset === 'dense' ? DENSE_PRESET : CNN_PRESET;
    const plan = analyzeSpec(spec, image);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.value.totalParams).toBe(params);
    if (flat !== undefined) expect(plan.value.layers.find((l) => l.kind === 'flatten')?.outputShape).toEqual([flat]);
    expect(plan.value.layers.at(-1)?.outputShape).toEqual([10]);
  });

  it('the 28x56 CNN keeps the two sides apart: 24x52, 12x26, 8x22, 4x11', () => {
    const plan = analyzeSpec(CNN_PRESET, { rows: 28, cols: 56 });
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.value.layers.slice(0, 4).map((l) => l.outputShape)).toEqual([
      [24, 52, 16],
      [12, 26, 16],
      [8, 22, 32],
      [4, 11, 32],
    ]);
  });
});

describe('images too small for the layer list', () => {
  it('minImageSide walks the conv/pool layers back from 1 pixel', () => {
    expect(minImageSide(DENSE_PRESET)).toBe(1);
    // pool 2 -> 2, conv 5 -> 6, pool 2 -> 12, conv 5 -> 16.
    expect(minImageSide(CNN_PRESET)).toBe(16);
  });

  it.each([
    {
      name: 'the CNN preset on 12x12 images: the second conv meets a 4x4 input',
      image: { rows: 12, cols: 12 },
      spec: CNN_PRESET,
      message:
        "Layer 3 (conv2d): its 5x5 kernel is larger than its 4x4 input; use a kernel of at most 4, or remove a pooling layer above it. This layer list shrinks the image below 1 pixel: it needs images of at least 16x16 pixels, and this dataset's are 12x12, which layers 1-2 shrink to 4x4.",
    },
    {
      name: 'the CNN preset on 15x15 images: the last pool meets a 1x1 input',
      image: { rows: 15, cols: 15 },
      spec: CNN_PRESET,
      message:
        "Layer 4 (maxPool): its 2x2 window is larger than its 1x1 input; use a pool size of at most 1, or remove a layer above it. This layer list shrinks the image below 1 pixel: it needs images of at least 16x16 pixels, and this dataset's are 15x15, which layers 1-3 shrink to 1x1.",
    },
    {
      name: 'a wide image too short: 10 rows of 40',
      image: { rows: 10, cols: 40 },
      spec: CNN_PRESET,
      message: /Layer 3 \(conv2d\): its 5x5 kernel is larger than its 3x18 input; .* at least 16x16 pixels, and this dataset's are 10x40, which layers 1-2 shrink to 3x18\./,
    },
    {
      name: 'a first layer larger than the image itself',
      image: { rows: 8, cols: 8 },
      spec: { layers: [{ kind: 'conv2d', filters: 4, kernelSize: 9, activation: 'relu' }, { kind: 'flatten' }, { kind: 'dense', units: 10, activation: 'softmax' }] },
      message: /Layer 1 \(conv2d\): kernel size must be a whole number from 1 to 8; got 9\./,
    },
    {
      name: 'a first pool larger than the short side',
      image: { rows: 6, cols: 30 },
      spec: { layers: [{ kind: 'maxPool', poolSize: 7 }, { kind: 'flatten' }, { kind: 'dense', units: 10, activation: 'softmax' }] },
      message: "Layer 1 (maxPool): its 7x7 window is larger than its 6x30 input; use a pool size of at most 6, or remove a layer above it. This layer list shrinks the image below 1 pixel: it needs images of at least 7x7 pixels, and this dataset's are 6x30.",
    },
  ] satisfies { name: string; image: ImageShape; spec: ModelSpec; message: string | RegExp }[])('$name', ({ image, spec, message }) => {
    const plan = analyzeSpec(spec, image);
    expect(plan.ok).toBe(false);
    if (plan.ok) return;
    if (typeof message === 'string') expect(plan.error).toBe(message);
    else expect(plan.error).toMatch(message);
    // The factory refuses with the same message and builds nothing.
    const before = tf.memory().numTensors;
    const made = createModelFromSpec(spec, 1, image);
    expect(made.ok).toBe(false);
    if (!made.ok) expect(made.error).toBe(plan.error);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the Dense preset reads any size, down to 1x1', () => {
    expect(analyzeSpec(DENSE_PRESET, { rows: 1, cols: 1 }).ok).toBe(true);
    expect(analyzeSpec(DENSE_PRESET, { rows: 0, cols: 28 })).toEqual({ ok: false, error: 'The images are 0x28 pixels; a model needs at least 1x1.' });
  });
});

describe('createModelFromSpec and toModelInput on other sizes', () => {
  it.each(SHAPES)('builds both presets for $rows x $cols with that input, and frees them', async (image) => {
    await expectNoLeak(() => {
      for (const { spec } of PRESETS) {
        const made = createModelFromSpec(spec, 3, image);
        if (!made.ok) throw new Error(made.error);
        const model = made.value;
        const spatial = spec === CNN_PRESET;
        expect(model.inputs[0].shape).toEqual(spatial ? [null, image.rows, image.cols, 1] : [null, image.rows * image.cols]);
        expect(modelImageShape(model)).toEqual(spatial ? image : null);
        const plan = analyzeSpec(spec, image);
        expect(summarizeModel(model).totalParams).toBe(plan.ok ? plan.value.totalParams : NaN);
        model.dispose();
      }
    });
  });

  it('toModelInput refuses images of another size, naming both', async () => {
    await expectNoLeak(() => {
      const made = createModelFromSpec(CNN_PRESET, 1, { rows: 32, cols: 32 });
      if (!made.ok) throw new Error(made.error);
      const dense = createModelFromSpec(DENSE_PRESET, 1, { rows: 32, cols: 32 });
      if (!dense.ok) throw new Error(dense.error);
      tf.tidy(() => {
        const mnist = tf.zeros([2, 28, 28], 'int32');
        expect(() => toModelInput(mnist, made.value)).toThrow(/the images are 28x28 \(784 pixels\) but the model reads 32x32x1 \(1024 values\)/);
        expect(() => toModelInput(mnist, dense.value)).toThrow(RangeError);
        // Same pixel count, other sides: still refused by a spatial model.
        expect(() => toModelInput(tf.zeros([1, 16, 64], 'int32'), made.value)).toThrow(/16x64/);
        expect(toModelInput(tf.zeros([3, 32, 32], 'int32'), made.value).shape).toEqual([3, 32, 32, 1]);
        expect(toModelInput(tf.zeros([3, 32, 32], 'int32'), dense.value).shape).toEqual([3, 1024]);
      });
      made.value.dispose();
      dense.value.dispose();
    });
  });
});

describe('training and evaluation on other sizes', () => {
  const datasets = new Map<string, TrainingData>();
  const key = (image: ImageShape) => `${image.rows}x${image.cols}`;

  beforeAll(() => {
    SHAPES.forEach((image, i) => {
      const train = bandImages(300, 10 + i, image);
      const test = bandImages(60, 20 + i, image);
      datasets.set(key(image), { trainImages: train.images, trainLabels: train.labels, testImages: test.images, testLabels: test.labels });
    });
  });

  afterAll(() => {
    for (const d of datasets.values()) tf.dispose([d.trainImages, d.trainLabels, d.testImages!, d.testLabels!]);
  });

  const cases = SHAPES.flatMap((image) => PRESETS.map((p) => ({ ...p, image, label: `${p.name} on ${image.rows}x${image.cols}` })));

  // The CNN on the cpu backend is slow (seconds per hundred images on a shared 2-core machine): a smaller subset, more time.
  it.each(cases)('$label: builds from the data\'s shape, trains an epoch, evaluates all test images; leaks nothing', { timeout: 240_000 }, async ({ spec, image }) => {
    const data = datasets.get(key(image))!;
    const subsetSize = spec === CNN_PRESET ? 100 : 300;
    await expectNoLeak(async () => {
      const settings = tinySettings({ model: spec, epochs: 1, subsetSize, batchSize: 20, learningRate: 0.003 });
      const made = createTrainer(data, settings, { testEachEpoch: true, imageShape: image });
      if (!made.ok) throw new Error(made.error);
      const trainer = made.value;
      expect(trainer.imageShape).toEqual(image);
      expect(trainer.model.inputs[0].shape.slice(1)).toEqual(specInputShape(spec, image));
      const epochs: EpochEvent[] = [];
      trainer.subscribe((e) => {
        if (e.type === 'epoch') epochs.push(e);
      });
      await trainer.start();
      expect(trainer.state).toBe('done');
      expect(epochs).toHaveLength(1);
      expect(Number.isFinite(epochs[0].trainLoss)).toBe(true);
      expect(epochs[0].valCount).toBe(subsetSize / 5);
      expect(epochs[0].test?.count).toBe(60);

      const result = await evaluate(trainer.model, data.testImages!, data.testLabels!, { batchSize: 25 });
      expect(result.count).toBe(60);
      expect(result.confusion.flat().reduce((a, b) => a + b, 0)).toBe(60);
      expect(result.accuracy).toBeGreaterThanOrEqual(0);
      expect(result.accuracy).toBeLessThanOrEqual(1);
      expect(result.predictions.every((p) => p >= 0 && p < 10)).toBe(true);
      const probs = await predictOne(trainer.model, data.testImages!, 7);
      expect(probs).toHaveLength(10);
      expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      await trainer.dispose();
    });
  });

  it('the dense preset learns the 32x32 band task in a few epochs (the data reaches the model the right way up)', { timeout: 60_000 }, async () => {
    const data = datasets.get('32x32')!;
    await expectNoLeak(async () => {
      const made = createTrainer(data, tinySettings({ model: DENSE_PRESET, epochs: 4, subsetSize: 300, batchSize: 30, learningRate: 0.003 }), { testEachEpoch: true });
      if (!made.ok) throw new Error(made.error);
      await made.value.start();
      const result = await evaluate(made.value.model, data.testImages!, data.testLabels!);
      expect(result.accuracy).toBeGreaterThan(0.8);
      await made.value.dispose();
    });
  });

  it('refuses test images of another size, images the dataset does not describe, and a layer list too deep for them', async () => {
    await expectNoLeak(() => {
      const a = datasets.get('32x32')!;
      const b = datasets.get('20x20')!;
      const mixed = createTrainer({ ...a, testImages: b.testImages, testLabels: b.testLabels }, tinySettings({ subsetSize: 300 }), { testEachEpoch: true });
      expect(mixed).toEqual({ ok: false, error: 'test images must be [n, 32, 32] like the training images, got [60, 20, 20]' });
      const described = createTrainer(a, tinySettings({ subsetSize: 300 }), { imageShape: { rows: 28, cols: 28 } });
      expect(described).toEqual({ ok: false, error: 'the training images are 32x32, but the dataset says 28x28' });
      const flatImages = a.trainImages.reshape([300, 1024]);
      const flat = createTrainer({ ...a, trainImages: flatImages }, tinySettings({ subsetSize: 300 }));
      flatImages.dispose();
      expect(flat.ok).toBe(false);
      if (!flat.ok) expect(flat.error).toMatch(/training images must be \[n, rows, cols\]/);
      const deep = createTrainer(b, tinySettings({ subsetSize: 300, model: { layers: [...CNN_PRESET.layers.slice(0, 4), ...CNN_PRESET.layers.slice(0, 2), ...CNN_PRESET.layers.slice(4)] } }));
      expect(deep.ok).toBe(false);
      if (!deep.ok) expect(deep.error).toMatch(/needs images of at least \d+x\d+ pixels, and this dataset's are 20x20/);
    });
  });
});
