/** One optimizer step on a batch gathered from the resident dataset tensors. */
import * as tf from '@tensorflow/tfjs';
import { withUnpackedSync } from '../data/backend';
import { NUM_CLASSES } from '../data/format';
import { InvariantError } from '../lib/assert';
import { crossEntropy, toModelInput } from './factory';
import type { TrainingData } from './training-checks';

/**
 * Gathers `rows` of the dataset, scales, runs forward and backward and updates `variables`; returns
 * [2] float32 [loss, accuracy] of the batch, computed with the weights before the update. Call inside tidy.
 */
export function trainStepOps(model: tf.LayersModel, optimizer: tf.Optimizer, variables: tf.Variable[], data: TrainingData, rows: Int32Array): tf.Tensor {
  const index = tf.tensor1d(rows, 'int32');
  const [pixels, rowLabels] = withUnpackedSync(() => [tf.gather(data.trainImages, index), tf.gather(data.trainLabels, index)]);
  const xs = toModelInput(pixels, model);
  const labels = rowLabels.toInt();
  const ys = tf.oneHot(labels, NUM_CLASSES);
  const held: { accuracy?: tf.Tensor } = {};
  const loss = optimizer.minimize(
    () => {
      const probs = model.apply(xs, { training: true }) as tf.Tensor;
      // Kept past minimize's own tidy; released just below.
      held.accuracy = tf.keep(probs.argMax(-1).equal(labels).toFloat().mean());
      return crossEntropy(probs, ys).mean() as tf.Scalar;
    },
    true,
    variables,
  );
  const accuracy = held.accuracy;
  if (!loss || !accuracy) throw new InvariantError('minimize returned no loss');
  const both = tf.stack([loss, accuracy]);
  accuracy.dispose();
  return both;
}
