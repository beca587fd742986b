/** Tiny synthetic "digits" for model tests on the cpu backend: digit c is a bright bar at rows 2c+4..2c+5, over noise. */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll } from 'vitest';
import type { ModelSpec } from '../../../src/model/spec';
import type { TrainingSettings } from '../../../src/model/settings';

/** Deterministic without src/lib/random (which is under test): a plain LCG is enough for fixtures. */
function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** `count` images [count*784] 0..255 and labels 0..9 of an easily separable task. */
export function barDigits(count: number, seed: number): { pixels: Int32Array; labels: Int32Array } {
  const rand = lcg(seed);
  const pixels = new Int32Array(count * 784);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = Math.floor(rand() * 10);
    labels[i] = label;
    for (let p = 0; p < 784; p++) pixels[i * 784 + p] = Math.floor(rand() * 60);
    for (let row = 2 * label + 4; row < 2 * label + 6; row++) {
      for (let col = 4; col < 24; col++) pixels[i * 784 + row * 28 + col] = 180 + Math.floor(rand() * 75);
    }
  }
  return { pixels, labels };
}

/** The same as tensors: images [count, 28, 28] int32, labels [count] int32. Caller disposes. */
export function barTensors(count: number, seed: number): { images: tf.Tensor3D; labels: tf.Tensor1D } {
  const { pixels, labels } = barDigits(count, seed);
  return { images: tf.tensor3d(pixels, [count, 28, 28], 'int32'), labels: tf.tensor1d(labels, 'int32') };
}

/** A small dense model: 784 -> 16 relu -> 10 softmax (12,730 parameters). */
export const TINY_DENSE: ModelSpec = {
  layers: [
    { kind: 'dense', units: 16, activation: 'relu' },
    { kind: 'dense', units: 10, activation: 'softmax' },
  ],
};

/** Same with dropout, to check that dropout masks are seeded too. */
export const TINY_DROPOUT: ModelSpec = {
  layers: [
    { kind: 'dense', units: 16, activation: 'relu', dropout: 0.3 },
    { kind: 'dense', units: 10, activation: 'softmax' },
  ],
};

/** A small CNN: conv 4 3x3 -> pool 4 -> flatten -> dense 10. */
export const TINY_CNN: ModelSpec = {
  layers: [
    { kind: 'conv2d', filters: 4, kernelSize: 3, activation: 'relu' },
    { kind: 'maxPool', poolSize: 4 },
    { kind: 'flatten' },
    { kind: 'dense', units: 10, activation: 'softmax' },
  ],
};

/** The CNN preset as it was with dropout (before issue 12): a dropout layer (L6), and a dense layer with its own dropout (L7). */
export const CNN_WITH_DROPOUT: ModelSpec = {
  layers: [
    { kind: 'conv2d', filters: 16, kernelSize: 5, activation: 'relu' },
    { kind: 'maxPool', poolSize: 2 },
    { kind: 'conv2d', filters: 32, kernelSize: 5, activation: 'relu' },
    { kind: 'maxPool', poolSize: 2 },
    { kind: 'flatten' },
    { kind: 'dropout', rate: 0.25 },
    { kind: 'dense', units: 128, activation: 'relu', dropout: 0.5 },
    { kind: 'dense', units: 10, activation: 'softmax' },
  ],
};

/** 400 images, 20% held out: 320 training examples, 10 batches of 32 per epoch. */
export function tinySettings(overrides: Partial<TrainingSettings> = {}): TrainingSettings {
  return {
    model: TINY_DENSE,
    optimizer: 'adam',
    learningRate: 0.01,
    schedule: 'constant',
    batchSize: 32,
    epochs: 2,
    subsetSize: 400,
    validation: { kind: 'split', fraction: 0.2 },
    seed: 7,
    ...overrides,
  };
}

/** Every weight of a model, copied to plain arrays. */
export function weightValues(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => Float32Array.from(w.dataSync()));
}

/** A macrotask turn, for "nothing happens while paused" checks. */
export function tick(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The four split tensors the training tests run on (cpu backend). */
export interface BarSplits {
  trainImages: tf.Tensor3D;
  trainLabels: tf.Tensor1D;
  testImages: tf.Tensor3D;
  testLabels: tf.Tensor1D;
}

/**
 * For a test file: the cpu backend and 400 training / 100 test bar digits, made before the file's
 * tests (after `before`, e.g. installAnimationFrame) and disposed after them. The object is filled in
 * beforeAll, so read its fields inside tests.
 */
export function useBarSplits(before: () => void = () => {}): BarSplits {
  const data = {} as BarSplits;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
    before();
    const train = barTensors(400, 1);
    const test = barTensors(100, 2);
    Object.assign(data, { trainImages: train.images, trainLabels: train.labels, testImages: test.images, testLabels: test.labels });
  });
  afterAll(() => tf.dispose([data.trainImages, data.trainLabels, data.testImages, data.testLabels]));
  return data;
}
