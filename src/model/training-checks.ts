/** What createTrainer refuses before building anything: dataset tensors of the wrong shape, settings that would break a run. */
import type * as tf from '@tensorflow/tfjs';
import { formatCount } from '../lib/format';
import { OPTIMIZERS, validationCount, type TrainingSettings } from './settings';
import { formatImageShape, sameImageShape, type ImageShape } from './spec';

/** The dataset tensors, borrowed: the trainer reads them and never disposes or copies them. */
export interface TrainingData {
  /** [n, rows, cols] int32, values 0..255 ([n, 28, 28] for MNIST); the model's input follows rows x cols. */
  trainImages: tf.Tensor;
  /** [n] int32, values 0..9. */
  trainLabels: tf.Tensor;
  /** [m, rows, cols] int32, the same rows x cols; needed for validation 'test' and testEachEpoch. */
  testImages?: tf.Tensor;
  /** [m] int32. */
  testLabels?: tf.Tensor;
}

/** The rows x cols of [n, rows, cols] images. */
export function imageShapeOf(images: tf.Tensor): ImageShape {
  return { rows: images.shape[1] ?? 0, cols: images.shape[2] ?? 0 };
}

/** Checks the tensors' shapes against each other and `expected` (the test pair only if `needTest`); null if fine, else the message. */
export function checkData(data: TrainingData, needTest: boolean, expected: ImageShape | undefined): string | null {
  const { trainImages, trainLabels, testImages, testLabels } = data;
  if (trainImages.rank !== 3 || !(trainImages.shape[1]! >= 1 && trainImages.shape[2]! >= 1)) return `training images must be [n, rows, cols] with rows and cols at least 1, got [${trainImages.shape.join(', ')}]`;
  const image = imageShapeOf(trainImages);
  if (expected && !sameImageShape(image, expected)) return `the training images are ${formatImageShape(image)}, but the dataset says ${formatImageShape(expected)}`;
  const images = (t: tf.Tensor, name: string) =>
    t.rank === 3 && t.shape[1] === image.rows && t.shape[2] === image.cols ? null : `${name} must be [n, ${image.rows}, ${image.cols}] like the training images, got [${t.shape.join(', ')}]`;
  const labels = (t: tf.Tensor, n: number, name: string) => (t.rank === 1 && t.shape[0] === n ? null : `${name} must be [${n}] to match the images, got [${t.shape.join(', ')}]`);
  const problem = images(trainImages, 'training images') ?? labels(trainLabels, trainImages.shape[0], 'training labels');
  if (problem) return problem;
  if (!needTest) return null;
  if (!testImages || !testLabels) return 'the test images and labels are not loaded yet; load them or validate on a split of the training subset';
  return images(testImages, 'test images') ?? labels(testLabels, testImages.shape[0], 'test labels');
}

/** Checks what would break a run (not the form's comfort limits, which validateSettingsText applies). */
export function checkSettings(settings: TrainingSettings, available: number): string | null {
  const { subsetSize, batchSize, epochs, learningRate, validation, optimizer } = settings;
  if (!(OPTIMIZERS as readonly string[]).includes(optimizer)) return `unknown optimizer '${optimizer}'`;
  if (!Number.isFinite(learningRate) || learningRate <= 0) return `learning rate ${learningRate} must be a number greater than 0`;
  if (!Number.isInteger(epochs) || epochs < 1) return `epochs ${epochs} must be a whole number of at least 1`;
  if (!Number.isInteger(subsetSize) || subsetSize < 1 || subsetSize > available) {
    return `subset size ${subsetSize} must be a whole number from 1 to ${formatCount(available)}, the training images loaded`;
  }
  let trainCount = subsetSize;
  if (validation.kind === 'split') {
    if (!(validation.fraction > 0 && validation.fraction < 1)) return `validation fraction ${validation.fraction} must be between 0 and 1`;
    const held = validationCount(subsetSize, validation.fraction);
    if (held < 1) return `a validation fraction of ${validation.fraction} holds out no image of a subset of ${subsetSize}; use a larger fraction or subset`;
    trainCount -= held;
    if (trainCount < 1) return `a validation fraction of ${validation.fraction} leaves no training image`;
  }
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > trainCount) return `batch size ${batchSize} must be a whole number from 1 to ${formatCount(trainCount)}, the training examples per epoch`;
  return null;
}
