/** One optimizer step on a batch gathered from the resident dataset tensors, and the NaN guard around a run's steps. */
import * as tf from '@tensorflow/tfjs';
import { withUnpackedSync } from '../data/backend';
import { NUM_CLASSES } from '../data/format';
import { InvariantError } from '../lib/assert';
import type { NanEvent, TrainingPosition } from './events';
import { crossEntropy, toModelInput } from './factory';
import { NanGuard } from './nan-guard';
import { createOptimizer, type OptimizerHandle } from './optimizer';
import type { OptimizerName } from './settings';
import type { TrainingData } from './training-checks';
import { traceTrainingWork } from './work-trace';

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

/** A finite step: the batch's loss and accuracy (weights before the update) and its time (gather to readback). */
export interface StepStats {
  type: 'step';
  loss: number;
  accuracy: number;
  ms: number;
}

/**
 * The optimizer steps of one model's run: one readback per step, the NaN guard around each, and a
 * fresh optimizer after a NaN. Owns the optimizer and the guard's weight copies (dispose() frees
 * them); the model and the data are the caller's.
 */
export class TrainSteps {
  private readonly model: tf.LayersModel;
  private readonly data: TrainingData;
  private readonly optimizerName: OptimizerName;
  private readonly now: () => number;
  private readonly variables: tf.Variable[];
  private readonly guard: NanGuard;
  private optimizer_: OptimizerHandle;

  constructor(model: tf.LayersModel, data: TrainingData, optimizer: OptimizerName, learningRate: number, now: () => number) {
    this.model = model;
    this.data = data;
    this.optimizerName = optimizer;
    this.now = now;
    this.guard = new NanGuard(model);
    this.variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    this.optimizer_ = createOptimizer(optimizer, learningRate);
  }

  /** The optimizer in use (replaced after a NaN, since its moments may hold NaN too). */
  get optimizer(): OptimizerHandle {
    return this.optimizer_;
  }

  /**
   * One step on `rows` of the training data, the step at `at` (its epoch, its 1-based batch, the
   * examples seen before it). A loss that is not finite puts the last good weights back, starts the
   * optimizer afresh and returns the nan event to emit. Leaves no tensors behind but the guard's copies.
   */
  async step(rows: Int32Array, at: TrainingPosition): Promise<StepStats | NanEvent> {
    // The loss of this step is computed with the weights before it: a finite loss certifies them.
    this.guard.beforeStep();
    const started = this.now();
    let loss: number;
    let accuracy: number;
    try {
      const stats = traceTrainingWork('step', () => tf.tidy(() => trainStepOps(this.model, this.optimizer_.optimizer, this.variables, this.data, rows)));
      try {
        [loss, accuracy] = await stats.data();
      } finally {
        stats.dispose();
      }
    } catch (e) {
      this.guard.stepFailed();
      throw e;
    }
    const ms = this.now() - started;
    if (!Number.isFinite(loss)) return this.recover(loss, at);
    this.guard.stepFinite({ epoch: at.epoch, batchInEpoch: at.batchInEpoch, examplesSeen: at.examplesSeen + rows.length });
    return { type: 'step', loss, accuracy, ms };
  }

  /** Frees the optimizer and the weight copies. */
  dispose(): void {
    this.guard.dispose();
    this.optimizer_.dispose();
  }

  private recover(loss: number, at: TrainingPosition): NanEvent {
    const learningRate = this.optimizer_.learningRate;
    const event = this.guard.recover(loss, at, learningRate);
    // Adam's and momentum's accumulators went non-finite with the weights: start them afresh.
    this.optimizer_.dispose();
    this.optimizer_ = createOptimizer(this.optimizerName, learningRate);
    return event;
  }
}
