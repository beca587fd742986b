/**
 * The epoch end: validation (and test) evaluation, the checkpoint read back to the CPU, the watched
 * sample's prediction, and the epoch event that reports them. Plain data out; no tensors kept.
 */
import * as tf from '@tensorflow/tfjs';
import { InvariantError } from '../lib/assert';
import { evaluate, type EvaluationResult } from './evaluate';
import type { EpochEvent, TrainingCheckpoint, WatchedSample } from './events';
import { predictSample } from './sample-probe';
import type { TrainingData } from './training-checks';
import { readWeights } from './weights';

/** Where a run is, and what its current epoch's batches add up to; the trainer's loop and its epoch end move it. */
export interface RunProgress {
  epochsCompleted: number;
  /** Batches done in the current epoch; 0 means the next batch starts a new epoch (and a new shuffle). */
  batchInEpoch: number;
  examplesSeen: number;
  /** Training and evaluation time so far, excluding time paused. */
  wallMs: number;
  /** The current epoch's batches: loss and correct summed weighted by batch size, examples, time. */
  epoch: { loss: number; correct: number; count: number; ms: number };
}

/** What a run's epoch ends evaluate, fixed for the run. */
export interface EpochEndPlan {
  /** The dataset tensors, borrowed. */
  data: TrainingData;
  /** Rows of the training images held out for validation; null: validation on the test images. */
  valRows: Int32Array | null;
  /** Evaluate all test images too; the result rides on the event as `test`. */
  testEachEpoch: boolean;
  /** Images per forward pass in evaluation. */
  evalBatchSize: number;
  /** Copy the weights to the CPU (see `checkpoint`). */
  checkpointEachEpoch: boolean;
  /** Clock in ms. */
  now: () => number;
}

/** The epoch ends of one model's run: owns the last checkpoint and the watched sample; reads the model, never changes it. */
export class EpochEnd {
  private readonly model: tf.LayersModel;
  private readonly plan: EpochEndPlan;
  private checkpoint_: TrainingCheckpoint | null = null;
  private watched: WatchedSample | null = null;

  constructor(model: tf.LayersModel, plan: EpochEndPlan) {
    this.model = model;
    this.plan = plan;
  }

  /** The weights at the end of the last finished epoch, on the CPU; null before the first epoch ends. */
  get checkpoint(): TrainingCheckpoint | null {
    return this.checkpoint_;
  }

  /** Reports `sample`'s probabilities on every epoch event from the next one on (null: none). */
  watch(sample: WatchedSample | null): void {
    this.watched = sample ? { split: sample.split, index: sample.index } : null;
  }

  /**
   * Ends the epoch in `progress` and returns its event: evaluates, counts the epoch finished, reads
   * the checkpoint back, predicts the watched sample. Moves `progress` as it goes, so a failure
   * partway (a lost WebGL context, say) leaves it, and the checkpoint, as far as the end got.
   * Leaves no tensors behind.
   */
  async run(progress: RunProgress): Promise<EpochEvent> {
    const started = this.plan.now();
    const { validation, test } = await this.evaluate();
    progress.epochsCompleted += 1;
    progress.batchInEpoch = 0;
    if (this.plan.checkpointEachEpoch) {
      this.checkpoint_ = { epoch: progress.epochsCompleted, examplesSeen: progress.examplesSeen, weights: await readWeights(this.model) };
    }
    const evalMs = this.plan.now() - started;
    progress.wallMs += evalMs;
    const sample = await this.predictWatched();
    const count = Math.max(1, progress.epoch.count);
    return {
      type: 'epoch',
      epoch: progress.epochsCompleted,
      trainLoss: progress.epoch.loss / count,
      trainAccuracy: progress.epoch.correct / count,
      valLoss: validation.loss,
      valAccuracy: validation.accuracy,
      valCount: validation.count,
      epochMs: progress.epoch.ms,
      evalMs,
      examplesSeen: progress.examplesSeen,
      wallMs: progress.wallMs,
      numTensors: tf.memory().numTensors,
      ...(test ? { test } : {}),
      ...(sample ? { sample } : {}),
    };
  }

  /** Validation over the held-out rows (or the test images, evaluated once when the test evaluation is wanted too). */
  private async evaluate(): Promise<{ validation: EvaluationResult; test?: EvaluationResult }> {
    const { data, valRows, testEachEpoch, evalBatchSize: batchSize } = this.plan;
    const { trainImages, trainLabels, testImages, testLabels } = data;
    const test = testEachEpoch && testImages && testLabels ? await evaluate(this.model, testImages, testLabels, { batchSize }) : undefined;
    if (valRows) return { validation: await evaluate(this.model, trainImages, trainLabels, { batchSize, indices: valRows }), test };
    if (test) return { validation: test, test };
    if (testImages && testLabels) return { validation: await evaluate(this.model, testImages, testLabels, { batchSize }) };
    throw new InvariantError('no validation data');
  }

  /** The watched sample's probabilities now, or undefined (none watched, or its split not loaded, or the index outside). */
  private async predictWatched(): Promise<EpochEvent['sample']> {
    const w = this.watched;
    const images = w ? (w.split === 'train' ? this.plan.data.trainImages : this.plan.data.testImages) : undefined;
    if (!w || !images) return undefined;
    const probabilities = await predictSample(this.model, images, w.index);
    return probabilities ? { ...w, probabilities } : undefined;
  }
}
