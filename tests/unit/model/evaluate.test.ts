import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accuracyFromConfusion,
  confusionCellIndices,
  confusionMatrix,
  evaluate,
  mostConfidentMistakes,
  perClassAccuracy,
  predictOne,
} from '../../../src/model/evaluate';
import { createModelFromSpec } from '../../../src/model/factory';
import { expectNoLeak } from '../leak';

describe('confusionMatrix (pure)', () => {
  it('counts (true, predicted) pairs, rows true and columns predicted', () => {
    const labels = [0, 0, 1, 2, 2, 2];
    const predictions = [0, 1, 1, 2, 0, 2];
    expect(confusionMatrix(labels, predictions, 3)).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 2],
    ]);
  });

  it('is 10x10 by default and all zeros when empty', () => {
    const m = confusionMatrix([], []);
    expect(m).toHaveLength(10);
    expect(m.every((row) => row.length === 10 && row.every((v) => v === 0))).toBe(true);
  });

  it('skips labels outside the classes and refuses arrays of different lengths', () => {
    expect(confusionMatrix([0, 5, 1], [0, 1, 7], 2)).toEqual([
      [1, 0],
      [0, 0],
    ]);
    expect(() => confusionMatrix([1, 2], [1])).toThrow(RangeError);
  });
});

describe('perClassAccuracy and accuracyFromConfusion (pure)', () => {
  const confusion = [
    [1, 1, 0],
    [0, 1, 0],
    [1, 0, 2],
  ];

  it('divides the diagonal by the row sums', () => {
    expect(perClassAccuracy(confusion)).toEqual([
      { correct: 1, total: 2, accuracy: 0.5 },
      { correct: 1, total: 1, accuracy: 1 },
      { correct: 2, total: 3, accuracy: 2 / 3 },
    ]);
    expect(accuracyFromConfusion(confusion)).toBe(4 / 6);
  });

  it('gives 0 (with total 0) for a class with no examples, and 0 overall when empty', () => {
    expect(perClassAccuracy([[0, 0], [0, 3]])[0]).toEqual({ correct: 0, total: 0, accuracy: 0 });
    expect(accuracyFromConfusion([[0, 0], [0, 0]])).toBe(0);
  });
});

describe('mostConfidentMistakes and confusionCellIndices (pure)', () => {
  const labels = [1, 2, 3, 4, 5, 6];
  const result = { predictions: Uint8Array.from([1, 7, 3, 9, 0, 0]), confidences: Float32Array.from([0.99, 0.6, 0.8, 0.9, 0.6, 0.95]) };

  it('lists wrong predictions, most confident first, ties by index', () => {
    expect(mostConfidentMistakes(result, labels, 10)).toEqual([
      { index: 5, label: 6, predicted: 0, confidence: expect.closeTo(0.95, 6) },
      { index: 3, label: 4, predicted: 9, confidence: expect.closeTo(0.9, 6) },
      { index: 1, label: 2, predicted: 7, confidence: expect.closeTo(0.6, 6) },
      { index: 4, label: 5, predicted: 0, confidence: expect.closeTo(0.6, 6) },
    ]);
    expect(mostConfidentMistakes(result, labels, 2).map((m) => m.index)).toEqual([5, 3]);
    expect(mostConfidentMistakes(result, labels, 0)).toEqual([]);
  });

  it('finds the images of one confusion cell', () => {
    expect(confusionCellIndices([4, 4, 3, 4], [2, 4, 2, 2], 4, 2)).toEqual([0, 3]);
    expect(confusionCellIndices([4], [4], 1, 1)).toEqual([]);
  });
});

// ---- evaluate() against a model whose every prediction is known by hand ----

/**
 * A one-layer softmax model, input [784], weights set so that lighting pixel p (at intensity v/255)
 * gives logit 10*v/255 to class f(p), 0 elsewhere: f is the identity except 3 -> 5 and 7 -> 1.
 */
const MAP: Record<number, number> = { 0: 0, 1: 1, 2: 2, 3: 5, 4: 4, 5: 5, 6: 6, 7: 1, 8: 8, 9: 9 };
const GAIN = 10;
/** Each image: which pixel is lit, how bright, and its true label. */
const CASES = [
  { pixel: 0, v: 255, label: 0 }, // right
  { pixel: 1, v: 255, label: 1 }, // right
  { pixel: 3, v: 100, label: 3 }, // wrong: 5, logit 3.92
  { pixel: 3, v: 255, label: 3 }, // wrong: 5, logit 10
  { pixel: 7, v: 200, label: 7 }, // wrong: 1, logit 7.84
  { pixel: 2, v: 50, label: 4 }, // wrong: 2, logit 1.96
  { pixel: 5, v: 255, label: 5 }, // right
  { pixel: 9, v: 255, label: 9 }, // right
  { pixel: 9, v: 255, label: 9 }, // right
  { pixel: 4, v: 255, label: 4 }, // right
];
/** Softmax with one logit a and nine zeros. */
const top = (a: number) => Math.exp(a) / (Math.exp(a) + 9);
const other = (a: number) => 1 / (Math.exp(a) + 9);

let model: tf.LayersModel;
let images: tf.Tensor3D;
let labels: tf.Tensor1D;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  const made = createModelFromSpec({ layers: [{ kind: 'dense', units: 10, activation: 'softmax' }] }, 1);
  if (!made.ok) throw new Error(made.error);
  model = made.value;
  const w = new Float32Array(784 * 10);
  for (let p = 0; p < 10; p++) w[p * 10 + MAP[p]] = GAIN;
  const weights = [tf.tensor2d(w, [784, 10]), tf.zeros([10])];
  model.setWeights(weights);
  tf.dispose(weights);
  const pixels = new Int32Array(CASES.length * 784);
  CASES.forEach((c, i) => (pixels[i * 784 + c.pixel] = c.v));
  images = tf.tensor3d(pixels, [CASES.length, 28, 28], 'int32');
  labels = tf.tensor1d(CASES.map((c) => c.label), 'int32');
});

afterAll(() => {
  model.dispose();
  tf.dispose([images, labels]);
});

describe('evaluate', () => {
  it('matches the hand-computed confusion matrix, per-class accuracy, loss and confidences', async () => {
    const result = await expectNoLeak(() => evaluate(model, images, labels, { batchSize: 3 }));
    const want = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
    want[0][0] = 1;
    want[1][1] = 1;
    want[3][5] = 2;
    want[7][1] = 1;
    want[4][2] = 1;
    want[4][4] = 1;
    want[5][5] = 1;
    want[9][9] = 2;
    expect(result.confusion).toEqual(want);
    expect(result.count).toBe(10);
    expect(result.accuracy).toBe(0.6);
    expect(result.perClass.map((c) => [c.correct, c.total])).toEqual([[1, 1], [1, 1], [0, 0], [0, 2], [1, 2], [1, 1], [0, 0], [0, 1], [0, 0], [2, 2]]);
    expect(Array.from(result.labels)).toEqual(CASES.map((c) => c.label));
    expect(Array.from(result.predictions)).toEqual([0, 1, 5, 5, 1, 2, 5, 9, 9, 4]);

    const logits = CASES.map((c) => (GAIN * c.v) / 255);
    const right = CASES.map((c) => MAP[c.pixel] === c.label);
    logits.forEach((a, i) => expect(result.confidences[i]).toBeCloseTo(top(a), 5));
    const meanLoss = logits.reduce((sum, a, i) => sum - Math.log(right[i] ? top(a) : other(a)), 0) / CASES.length;
    expect(result.loss).toBeCloseTo(meanLoss, 4);
  });

  it('gives the same answer whatever the chunk size', async () => {
    const whole = await evaluate(model, images, labels, { batchSize: 100 });
    const chunked = await evaluate(model, images, labels, { batchSize: 4 });
    expect(chunked.confusion).toEqual(whole.confusion);
    expect(chunked.predictions).toEqual(whole.predictions);
    expect(chunked.loss).toBeCloseTo(whole.loss, 6);
  });

  it('evaluates only the given rows, in their order', async () => {
    const result = await expectNoLeak(() => evaluate(model, images, labels, { indices: Int32Array.of(9, 2, 4), batchSize: 2 }));
    expect(result.count).toBe(3);
    expect(Array.from(result.labels)).toEqual([4, 3, 7]);
    expect(Array.from(result.predictions)).toEqual([4, 5, 1]);
    expect(result.accuracy).toBeCloseTo(1 / 3, 10);
  });

  it('handles an empty selection', async () => {
    const result = await expectNoLeak(() => evaluate(model, images, labels, { indices: new Int32Array(0) }));
    expect(result.count).toBe(0);
    expect(result.accuracy).toBe(0);
    expect(result.loss).toBe(0);
  });

  it('feeds mostConfidentMistakes: the hand-ordered mistakes', async () => {
    const result = await evaluate(model, images, labels);
    // Logits of the mistakes: #3 10, #4 7.84, #2 3.92, #5 1.96.
    expect(mostConfidentMistakes(result, result.labels, 3)).toEqual([
      { index: 3, label: 3, predicted: 5, confidence: expect.closeTo(top(10), 5) },
      { index: 4, label: 7, predicted: 1, confidence: expect.closeTo(top(GAIN * 200 / 255), 5) },
      { index: 2, label: 3, predicted: 5, confidence: expect.closeTo(top(GAIN * 100 / 255), 5) },
    ]);
    expect(confusionCellIndices(result.labels, result.predictions, 3, 5)).toEqual([2, 3]);
  });
});

describe('predictOne', () => {
  it('returns the 10 probabilities of one image, without leaking', async () => {
    const probs = await expectNoLeak(() => predictOne(model, images, 4));
    expect(probs).toBeInstanceOf(Float32Array);
    expect(probs).toHaveLength(10);
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(probs[1]).toBeCloseTo(top(GAIN * 200 / 255), 5);
    expect(probs[7]).toBeCloseTo(other(GAIN * 200 / 255), 5);
  });

  it.each([-1, 10, 1.5])('refuses index %s, without leaking', async (index) => {
    await expectNoLeak(() => expect(predictOne(model, images, index)).rejects.toThrow(RangeError));
  });
});
