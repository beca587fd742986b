/**
 * Evaluation: accuracy, loss, confusion matrix and per-image predictions as plain arrays. The maths
 * on arrays (confusion, per-class accuracy, mistakes) is pure and separate from the tensor pass.
 */
import * as tf from '@tensorflow/tfjs';
import { withUnpackedSync } from '../data/backend';
import { NUM_CLASSES } from '../data/format';
import { crossEntropy, toModelInput } from './factory';
import { accuracyFromConfusion, confusionMatrix, perClassAccuracy, type ClassAccuracy } from './metrics';
import { yieldToEventLoop } from './schedule';
import { traceTrainingWork } from './work-trace';

export { accuracyFromConfusion, confusionCellIndices, confusionMatrix, mostConfidentMistakes, perClassAccuracy } from './metrics';
export type { ClassAccuracy, Mistake } from './metrics';

/** Everything the evaluation cells draw, as plain data (no tensors). Index i is the i-th image evaluated. */
export interface EvaluationResult {
  count: number;
  accuracy: number;
  /** Mean cross-entropy. */
  loss: number;
  /** 10x10 counts: confusion[trueLabel][predicted]. */
  confusion: number[][];
  perClass: ClassAccuracy[];
  /** True labels of the images evaluated, in order (so a gallery can filter a confusion cell). */
  labels: Uint8Array;
  predictions: Uint8Array;
  /** Probability the model gave its predicted class. */
  confidences: Float32Array;
}

/**
 * One evaluation chunk's ops (call inside tidy): rows [start, start+m) of `images`/`labels`, or those
 * rows of `indices`. Returns [4*m] float32: predicted, confidence, label, loss.
 */
export function evaluationChunk(model: tf.LayersModel, images: tf.Tensor, labels: tf.Tensor, start: number, m: number, indices?: Int32Array): tf.Tensor {
  const [pixels, y] = withUnpackedSync(() => {
    if (!indices) return [images.slice(start, m), labels.slice(start, m)];
    const rows = tf.tensor1d(indices.subarray(start, start + m), 'int32');
    return [tf.gather(images, rows), tf.gather(labels, rows)];
  });
  const probs = model.apply(toModelInput(pixels, model), { training: false }) as tf.Tensor;
  const loss = crossEntropy(probs, tf.oneHot(y.toInt(), NUM_CLASSES));
  // One readback per chunk: [predicted, confidence, label, loss] x m.
  return tf.concat([probs.argMax(-1).toFloat(), probs.max(-1), y.toFloat(), loss]);
}

/** Output of the model for image `index` (call inside tidy): [1, 10] probabilities. */
export function predictionOf(model: tf.LayersModel, images: tf.Tensor, index: number): tf.Tensor {
  return model.apply(toModelInput(withUnpackedSync(() => images.slice(index, 1)), model), { training: false }) as tf.Tensor;
}

export interface EvaluateOptions {
  /** Images per forward pass; larger is faster on WebGL and uses more memory. Default 500. */
  batchSize?: number;
  /** Evaluate only these rows (e.g. a validation split), in this order; default all rows. */
  indices?: Int32Array;
  /** Called between chunks; default yields to the event loop. */
  yieldBetweenChunks?: () => Promise<void>;
}

/**
 * Runs the model over `images` [n, rows, cols] int32 0..255 (the size the model was built for) with
 * `labels` [n] int32 0..9 (both borrowed) in chunks, one readback per chunk. Weights are read as
 * they are; evaluate while training is paused, stopped or in the trainer's afterEpoch hook. Leaves
 * no tensors behind.
 */
export async function evaluate(model: tf.LayersModel, images: tf.Tensor, labels: tf.Tensor, options: EvaluateOptions = {}): Promise<EvaluationResult> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 500));
  const indices = options.indices;
  const n = indices ? indices.length : images.shape[0];
  const pause = options.yieldBetweenChunks ?? yieldToEventLoop;
  const trueLabels = new Uint8Array(n);
  const predictions = new Uint8Array(n);
  const confidences = new Float32Array(n);
  let lossSum = 0;

  for (let start = 0; start < n; start += batchSize) {
    const m = Math.min(batchSize, n - start);
    const packed = traceTrainingWork('evaluate', () => tf.tidy(() => evaluationChunk(model, images, labels, start, m, indices)));
    let values: Float32Array;
    try {
      values = (await packed.data()) as Float32Array;
    } finally {
      packed.dispose();
    }
    for (let j = 0; j < m; j++) {
      predictions[start + j] = values[j];
      confidences[start + j] = values[m + j];
      trueLabels[start + j] = values[2 * m + j];
      lossSum += values[3 * m + j];
    }
    if (start + m < n) await pause();
  }

  const confusion = confusionMatrix(trueLabels, predictions);
  return {
    count: n,
    accuracy: accuracyFromConfusion(confusion),
    loss: n > 0 ? lossSum / n : 0,
    confusion,
    perClass: perClassAccuracy(confusion),
    labels: trueLabels,
    predictions,
    confidences,
  };
}

/**
 * The model's 10 class probabilities for image `index` of `images` [n, rows, cols] int32 0..255
 * (borrowed); one small readback, no tensors left behind.
 */
export async function predictOne(model: tf.LayersModel, images: tf.Tensor, index: number): Promise<Float32Array> {
  if (!Number.isInteger(index) || index < 0 || index >= images.shape[0]) throw new RangeError(`predictOne: index ${index} is outside 0..${images.shape[0] - 1}`);
  const probs = tf.tidy(() => predictionOf(model, images, index));
  try {
    return Float32Array.from(await probs.data());
  } finally {
    probs.dispose();
  }
}
