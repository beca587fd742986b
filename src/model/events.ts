/** The trainer's event stream and state, as plain structured-cloneable data (fit for a worker's postMessage). */
import type { SplitName } from '../data/format';
import type { EvaluationResult } from './evaluate';
import type { WeightValues } from './weights';

export type TrainerState = 'idle' | 'running' | 'paused' | 'stopped' | 'done' | 'disposed';

/** Where training was: after batch `batchInEpoch` of epoch `epoch` (both 1-based). */
export interface TrainingPosition {
  epoch: number;
  batchInEpoch: number;
  examplesSeen: number;
}

export interface StateEvent {
  type: 'state';
  state: TrainerState;
  previous: TrainerState;
}

export interface BatchEvent {
  type: 'batch';
  epoch: number;
  batchInEpoch: number;
  batchesPerEpoch: number;
  /** Examples in this batch (the last batch of an epoch may be smaller). */
  batchSize: number;
  /** Cumulative, including this batch. */
  examplesSeen: number;
  /** Fractional epochs trained, for an epochs x axis: examplesSeen / training examples per epoch. */
  epochProgress: number;
  loss: number;
  accuracy: number;
  learningRate: number;
  /** Training time so far, excluding time paused. */
  wallMs: number;
  /** This batch: gather, forward, backward, update and the loss readback. */
  batchMs: number;
}

export interface EpochEvent {
  type: 'epoch';
  epoch: number;
  /** Mean of the epoch's batch losses, weighted by batch size (Keras's running average). */
  trainLoss: number;
  trainAccuracy: number;
  valLoss: number;
  valAccuracy: number;
  valCount: number;
  /** Time spent on this epoch's batches (excluding pauses and evaluation). */
  epochMs: number;
  /** Time spent on validation, the test evaluation and the checkpoint. */
  evalMs: number;
  examplesSeen: number;
  wallMs: number;
  /** tf.memory().numTensors at the end of the epoch: flat from epoch to epoch, or something leaks. */
  numTensors: number;
  /** All test images evaluated, when the trainer was created with testEachEpoch. */
  test?: EvaluationResult;
  /** The watched sample's probabilities at this epoch's end (see Trainer.watchSample). */
  sample?: WatchedSample & { probabilities: number[] };
}

/** An image whose prediction the trainer reports at every epoch end: image `index` of a split's images. */
export interface WatchedSample {
  split: SplitName;
  index: number;
}

/** A learning-rate change, emitted just before the batch that first uses it (chart marker at examplesSeen). */
export interface LearningRateEvent {
  type: 'learningRate';
  learningRate: number;
  previous: number;
  /** Examples seen before the first batch with the new rate. */
  examplesSeen: number;
  epoch: number;
  batchInEpoch: number;
}

/** The loss became NaN or infinite: training stopped and the last good weights are back. */
export interface NanEvent {
  type: 'nan';
  message: string;
  loss: number;
  learningRate: number;
  epoch: number;
  batchInEpoch: number;
  examplesSeen: number;
  /** The weights now in the model: those after this batch, or the initial ones (null). */
  restoredTo: TrainingPosition | null;
}

/** An unexpected failure (e.g. a lost WebGL context); training stopped. */
export interface TrainerErrorEvent {
  type: 'error';
  message: string;
}

export interface DoneEvent {
  type: 'done';
  epochs: number;
  examplesSeen: number;
  wallMs: number;
}

export type TrainerEvent = StateEvent | BatchEvent | EpochEvent | LearningRateEvent | NanEvent | TrainerErrorEvent | DoneEvent;
export type TrainerListener = (event: TrainerEvent) => void;

/** The weights at the end of an epoch, on the CPU. */
export interface TrainingCheckpoint {
  epoch: number;
  examplesSeen: number;
  weights: WeightValues[];
}
