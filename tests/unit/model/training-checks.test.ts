import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainingSettings } from '../../../src/model/settings';
import { checkData, checkSettings, imageShapeOf, type TrainingData } from '../../../src/model/training-checks';
import { expectNoLeak } from '../leak';
import { tinySettings } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('checkSettings', () => {
  const cases: [string, Partial<TrainingSettings>, number, string | null][] = [
    ['the tiny settings', {}, 400, null],
    ['validation on the test images keeps the whole subset for training', { validation: { kind: 'test' }, batchSize: 400 }, 400, null],
    ['an unknown optimizer', { optimizer: 'lbfgs' as TrainingSettings['optimizer'] }, 400, "unknown optimizer 'lbfgs'"],
    ['a learning rate of 0', { learningRate: 0 }, 400, 'learning rate 0 must be a number greater than 0'],
    ['a negative learning rate', { learningRate: -0.1 }, 400, 'learning rate -0.1 must be a number greater than 0'],
    ['a NaN learning rate', { learningRate: NaN }, 400, 'learning rate NaN must be a number greater than 0'],
    ['an infinite learning rate', { learningRate: Infinity }, 400, 'learning rate Infinity must be a number greater than 0'],
    ['0 epochs', { epochs: 0 }, 400, 'epochs 0 must be a whole number of at least 1'],
    ['1.5 epochs', { epochs: 1.5 }, 400, 'epochs 1.5 must be a whole number of at least 1'],
    ['a subset of 0', { subsetSize: 0 }, 400, 'subset size 0 must be a whole number from 1 to 400, the training images loaded'],
    ['a subset larger than the images loaded', { subsetSize: 60001 }, 60000, 'subset size 60001 must be a whole number from 1 to 60,000, the training images loaded'],
    ['a fractional subset', { subsetSize: 100.5 }, 400, 'subset size 100.5 must be a whole number from 1 to 400, the training images loaded'],
    ['a validation fraction of 0', { validation: { kind: 'split', fraction: 0 } }, 400, 'validation fraction 0 must be between 0 and 1'],
    ['a validation fraction of 1', { validation: { kind: 'split', fraction: 1 } }, 400, 'validation fraction 1 must be between 0 and 1'],
    [
      'a fraction that holds out nothing',
      { subsetSize: 10, batchSize: 1, validation: { kind: 'split', fraction: 0.01 } },
      400,
      'a validation fraction of 0.01 holds out no image of a subset of 10; use a larger fraction or subset',
    ],
    ['a fraction that holds out everything', { subsetSize: 1, batchSize: 1, validation: { kind: 'split', fraction: 0.9 } }, 400, 'a validation fraction of 0.9 leaves no training image'],
    ['a batch of 0', { batchSize: 0 }, 400, 'batch size 0 must be a whole number from 1 to 320, the training examples per epoch'],
    ['a batch larger than the training examples', { batchSize: 321 }, 400, 'batch size 321 must be a whole number from 1 to 320, the training examples per epoch'],
    ['a fractional batch', { batchSize: 2.5 }, 400, 'batch size 2.5 must be a whole number from 1 to 320, the training examples per epoch'],
  ];
  it.each(cases)('%s', (_name, overrides, available, expected) => {
    expect(checkSettings(tinySettings(overrides), available)).toBe(expected);
  });
});

describe('checkData', () => {
  const data = (train: number[], labels: number[], test?: [number[], number[]]): TrainingData => ({
    trainImages: tf.zeros(train, 'int32'),
    trainLabels: tf.zeros(labels, 'int32'),
    ...(test ? { testImages: tf.zeros(test[0], 'int32'), testLabels: tf.zeros(test[1], 'int32') } : {}),
  });
  const MNIST = { rows: 28, cols: 28 };
  const cases: [string, () => TrainingData, boolean, typeof MNIST | undefined, string | null][] = [
    ['MNIST-shaped training data', () => data([4, 28, 28], [4]), false, MNIST, null],
    ['with a test pair of another count', () => data([4, 28, 28], [4], [[3, 28, 28], [3]]), true, MNIST, null],
    ['any size when the caller expects none', () => data([2, 5, 7], [2]), false, undefined, null],
    ['flat images', () => data([4, 784], [4]), false, undefined, 'training images must be [n, rows, cols] with rows and cols at least 1, got [4, 784]'],
    ['images with no columns', () => data([4, 28, 0], [4]), false, undefined, 'training images must be [n, rows, cols] with rows and cols at least 1, got [4, 28, 0]'],
    ['images of another size than the dataset says', () => data([4, 32, 32], [4]), false, MNIST, 'the training images are 32x32, but the dataset says 28x28'],
    ['too few labels', () => data([4, 28, 28], [3]), false, MNIST, 'training labels must be [4] to match the images, got [3]'],
    ['one-hot labels', () => data([4, 28, 28], [4, 10]), false, MNIST, 'training labels must be [4] to match the images, got [4, 10]'],
    ['no test pair when one is needed', () => data([4, 28, 28], [4]), true, MNIST, 'the test images and labels are not loaded yet; load them or validate on a split of the training subset'],
    ['test images of another size', () => data([4, 28, 28], [4], [[3, 20, 20], [3]]), true, MNIST, 'test images must be [n, 28, 28] like the training images, got [3, 20, 20]'],
    ['test labels of another count', () => data([4, 28, 28], [4], [[3, 28, 28], [2]]), true, MNIST, 'test labels must be [3] to match the images, got [2]'],
    ['a bad test pair that is not needed', () => data([4, 28, 28], [4], [[3, 20, 20], [2]]), false, MNIST, null],
  ];
  it.each(cases)('%s', async (_name, make, needTest, expected, message) => {
    const made = make();
    try {
      expect(await expectNoLeak(() => checkData(made, needTest, expected))).toBe(message);
    } finally {
      tf.dispose(Object.values(made));
    }
  });

  it('imageShapeOf reads rows and cols of [n, rows, cols]', () => {
    const images = tf.zeros([2, 20, 30], 'int32');
    expect(imageShapeOf(images)).toEqual({ rows: 20, cols: 30 });
    images.dispose();
  });
});
