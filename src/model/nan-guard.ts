/** NaN recovery: the newest weights known to give a finite loss, and putting them back when a loss is not. */
import type * as tf from '@tensorflow/tfjs';
import { InvariantError } from '../lib/assert';
import { formatCount } from '../lib/format';
import type { NanEvent, TrainingPosition } from './events';
import { restoreWeights, snapshotWeights } from './weights';

/**
 * Watches one model's steps. Around each step: beforeStep(), then stepFinite(), recover() or
 * stepFailed(). Owns its weight copies (on the device); dispose() frees them.
 */
export class NanGuard {
  private readonly model: tf.LayersModel;
  /** The newest weights known to give a finite loss, and where they are from (null: the initial ones). */
  private lastGood: { weights: tf.Tensor[]; at: TrainingPosition | null } | null = null;
  /** Position after the last finished step (whose weights the next step's loss certifies). */
  private lastPosition: TrainingPosition | null = null;
  /** The weights the step in flight started from. */
  private before: tf.Tensor[] | null = null;

  constructor(model: tf.LayersModel) {
    this.model = model;
  }

  /** Copies the weights the coming step starts from: the step's loss is computed with them, so it certifies them. */
  beforeStep(): void {
    this.dropBefore();
    this.before = snapshotWeights(this.model);
  }

  /** The step threw: its copy is dropped and nothing else changes. */
  stepFailed(): void {
    this.dropBefore();
  }

  /** The step's loss was finite: the weights it started from become the last good ones; `after` is where the run now is. */
  stepFinite(after: TrainingPosition): void {
    const before = this.takeBefore();
    this.lastGood?.weights.forEach((t) => t.dispose());
    this.lastGood = { weights: before, at: this.lastPosition };
    this.lastPosition = after;
  }

  /**
   * The step at `failed` (its epoch, its 1-based batch, the examples seen before it) gave `loss`:
   * puts the last good weights back in the model (the step's own start if none) and returns the
   * nan event to emit. The caller replaces the optimizer, whose moments went non-finite too.
   */
  recover(loss: number, failed: TrainingPosition, learningRate: number): NanEvent {
    const before = this.takeBefore();
    const restored = this.lastGood ?? { weights: before, at: null };
    restoreWeights(this.model, restored.weights);
    if (restored.weights !== before) before.forEach((t) => t.dispose());
    else this.lastGood = { weights: before, at: null };

    const at = restored.at;
    const where = at
      ? `the weights after epoch ${at.epoch}, batch ${at.batchInEpoch} (${formatCount(at.examplesSeen)} examples seen), the last that gave a finite loss,`
      : 'the initial weights (no batch gave a finite loss, so check the input data too)';
    return {
      type: 'nan',
      message: `The loss became ${loss} at epoch ${failed.epoch}, batch ${failed.batchInEpoch}, with learning rate ${learningRate}. Training stopped and ${where} are back in the model. Try a lower learning rate, e.g. ${Number((learningRate / 10).toPrecision(2))}.`,
      loss,
      learningRate,
      epoch: failed.epoch,
      batchInEpoch: failed.batchInEpoch,
      examplesSeen: failed.examplesSeen,
      restoredTo: at,
    };
  }

  /** Frees the weight copies; the model is the caller's. */
  dispose(): void {
    this.dropBefore();
    this.lastGood?.weights.forEach((t) => t.dispose());
    this.lastGood = null;
  }

  private takeBefore(): tf.Tensor[] {
    const before = this.before;
    if (!before) throw new InvariantError('no step in flight: call beforeStep() first');
    this.before = null;
    return before;
  }

  private dropBefore(): void {
    this.before?.forEach((t) => t.dispose());
    this.before = null;
  }
}
