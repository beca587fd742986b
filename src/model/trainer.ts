/**
 * The training loop: batches gathered from the resident dataset tensors, one async readback per
 * batch, controls (pause, resume, step, stop, learning rate) and a stream of plain events.
 */
import * as tf from '@tensorflow/tfjs';
import { InvariantError } from '../lib/assert';
import { errorMessage } from '../lib/format';
import { createRng, deriveSeed, range, type Rng } from '../lib/random';
import { err, ok, type Result } from '../lib/result';
import { evaluate, type EvaluationResult } from './evaluate';
import type { EpochEvent, TrainerEvent, TrainerListener, TrainerState, TrainingCheckpoint, WatchedSample } from './events';
import { createModelFromSpec } from './factory';
import { NanGuard } from './nan-guard';
import { createOptimizer, type OptimizerHandle } from './optimizer';
import { validationCount, type TrainingSettings } from './settings';
import type { ImageShape } from './spec';
import { RunGate } from './run-gate';
import { predictSample } from './sample-probe';
import { yieldToEventLoop } from './schedule';
import { trainStepOps } from './train-step';
import { checkData, checkSettings, imageShapeOf, type TrainingData } from './training-checks';
import { warmUpShaders } from './warm-up';
import { readWeights, writeWeights, type WeightValues } from './weights';

export type * from './events';
export type { TrainingData } from './training-checks';
export { imageShapeOf } from './training-checks';

export interface TrainerOptions {
  /** The image size the caller expects (e.g. the dataset's own description); images of another size are refused. */
  imageShape?: ImageShape;
  /** Evaluate all test images at each epoch end; the result rides on the epoch event as `test`. */
  testEachEpoch?: boolean;
  /** Images per forward pass in validation and test evaluation. Default 500. */
  evalBatchSize?: number;
  /** Copy the weights to the CPU at each epoch end (see `checkpoint`). Default true. */
  checkpointEachEpoch?: boolean;
  /** Start from these weights (e.g. a checkpoint from a lost WebGL context) instead of seeded ones. */
  initialWeights?: readonly WeightValues[];
  /** Awaited after each epoch event, before the next batch: the weights hold still (predictOne for the sample, say). */
  afterEpoch?: (model: tf.LayersModel, event: EpochEvent) => void | Promise<void>;
  /** Called between batches; default yields a macrotask so the page stays responsive. */
  yieldBetweenBatches?: () => Promise<void>;
  /** Clock in ms; default performance.now. */
  now?: () => number;
}

/** Seed streams, so the subset, the epoch shuffles and the weights never share random numbers. */
const SUBSET_STREAM = 1;
const SHUFFLE_STREAM = 2;

/**
 * Creates a trainer over borrowed dataset tensors with a model built from `settings.model` and
 * `settings.seed` (same seed: same subset, shuffles, initial weights and dropout masks). The trainer
 * owns the model and optimizer; dispose() frees them.
 */
export function createTrainer(data: TrainingData, settings: TrainingSettings, options: TrainerOptions = {}): Result<Trainer> {
  const needTest = settings.validation.kind === 'test' || options.testEachEpoch === true;
  const dataProblem = checkData(data, needTest, options.imageShape);
  if (dataProblem) return err(dataProblem);
  const settingsProblem = checkSettings(settings, data.trainImages.shape[0]);
  if (settingsProblem) return err(settingsProblem);
  const model = createModelFromSpec(settings.model, settings.seed, imageShapeOf(data.trainImages));
  if (!model.ok) return model;
  if (options.initialWeights) {
    const loaded = writeWeights(model.value, options.initialWeights);
    if (!loaded.ok) {
      model.value.dispose();
      return loaded;
    }
  }
  return ok(new Trainer(data, { ...settings }, model.value, options));
}

/** One training run's state machine; create with createTrainer. */
export class Trainer {
  readonly settings: TrainingSettings;
  /** Training examples per epoch (the subset minus the validation part). */
  readonly trainCount: number;
  /** Height and width of the images the model reads (the training images'). */
  readonly imageShape: ImageShape;
  readonly valCount: number;
  readonly batchesPerEpoch: number;

  private readonly data: TrainingData;
  private readonly options: TrainerOptions;
  private readonly model_: tf.LayersModel;
  private readonly variables: tf.Variable[];
  private optimizer: OptimizerHandle;
  private readonly trainRows: Int32Array;
  private readonly valRows: Int32Array | null;
  private readonly shuffleRng: Rng;
  private readonly now: () => number;
  private readonly pauseBetweenBatches: () => Promise<void>;
  private readonly listeners = new Set<TrainerListener>();

  private state_: TrainerState = 'idle';
  private epochsCompleted = 0;
  private targetEpochs: number;
  /** Batches done in the current epoch; 0 means the next batch starts a new epoch (and a new shuffle). */
  private batchInEpoch = 0;
  private examplesSeen_ = 0;
  private wallMs = 0;
  private epoch = { loss: 0, correct: 0, count: 0, ms: 0 };
  private pendingLearningRate: number | null = null;

  private readonly gate = new RunGate();
  private run_: Promise<void> | null = null;
  private warmedUp = false;

  private readonly nanGuard: NanGuard;
  private checkpoint_: TrainingCheckpoint | null = null;
  private watched: WatchedSample | null = null;

  /** @internal Use createTrainer, which validates the inputs. */
  constructor(data: TrainingData, settings: TrainingSettings, model: tf.LayersModel, options: TrainerOptions) {
    this.data = data;
    this.settings = settings;
    this.imageShape = imageShapeOf(data.trainImages);
    this.options = options;
    this.model_ = model;
    this.nanGuard = new NanGuard(model);
    this.variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    this.optimizer = createOptimizer(settings.optimizer, settings.learningRate);
    this.now = options.now ?? (() => performance.now());
    this.pauseBetweenBatches = options.yieldBetweenBatches ?? yieldToEventLoop;
    this.targetEpochs = settings.epochs;

    const all = createRng(deriveSeed(settings.seed, SUBSET_STREAM)).shuffle(range(data.trainImages.shape[0]));
    const subset = all.subarray(0, settings.subsetSize);
    const held = settings.validation.kind === 'split' ? validationCount(settings.subsetSize, settings.validation.fraction) : 0;
    this.valRows = held > 0 ? subset.slice(0, held) : null;
    this.trainRows = subset.slice(held);
    this.trainCount = this.trainRows.length;
    this.valCount = this.valRows ? this.valRows.length : (data.testImages?.shape[0] ?? 0);
    this.batchesPerEpoch = Math.ceil(this.trainCount / settings.batchSize);
    this.shuffleRng = createRng(deriveSeed(settings.seed, SHUFFLE_STREAM));
  }

  get state(): TrainerState {
    return this.state_;
  }

  /** The model being trained, owned by the trainer (valid until dispose). Input as specInputShape(spec, imageShape), output [batch, 10]. */
  get model(): tf.LayersModel {
    return this.model_;
  }

  get learningRate(): number {
    return this.pendingLearningRate ?? this.optimizer.learningRate;
  }

  /** The optimizer in use (replaced after a NaN, since its moments may hold NaN too). */
  get optimizerHandle(): OptimizerHandle {
    return this.optimizer;
  }

  get examplesSeen(): number {
    return this.examplesSeen_;
  }

  /** Epochs finished so far (across runs). */
  get completedEpochs(): number {
    return this.epochsCompleted;
  }

  /** The weights at the end of the last finished epoch, on the CPU; null before the first epoch ends. */
  get checkpoint(): TrainingCheckpoint | null {
    return this.checkpoint_;
  }

  /** Reports `sample`'s probabilities on every epoch event from now on (null: none), computed while the weights hold still. */
  watchSample(sample: WatchedSample | null): void {
    this.watched = sample ? { split: sample.split, index: sample.index } : null;
  }

  /** Calls `listener` with every event from now on; returns the unsubscribe function. */
  subscribe(listener: TrainerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Trains until `settings.epochs` epochs have finished; after a stop it continues the interrupted
   * epoch, after done it trains `settings.epochs` more. Resolves when the run ends (done or stopped).
   */
  start(): Promise<void> {
    return this.launch(false);
  }

  /** Pauses before the next batch (the batch in flight finishes). Resolves once paused, ended, or resumed before it took effect. */
  pause(): Promise<void> {
    if (this.state_ !== 'running') return Promise.resolve();
    return this.gate.requestPause();
  }

  /** Continues a paused run (start() does not: it only begins runs). */
  resume(): void {
    if (this.state_ !== 'running' && this.state_ !== 'paused') return;
    this.gate.clearPause();
    if (this.state_ === 'paused') {
      this.setState('running');
      this.gate.wakeLoop();
    }
    this.gate.settleParked();
  }

  /**
   * Runs exactly one batch (and the epoch end, if it was the epoch's last) and stays paused. From
   * idle, stopped or done it starts a paused run. Resolves once paused again (or ended).
   */
  step(): Promise<void> {
    if (this.state_ === 'paused') return this.gate.requestStep();
    if (this.state_ === 'idle' || this.state_ === 'stopped' || this.state_ === 'done') {
      const parked = this.gate.whenParked();
      void this.launch(true);
      return parked;
    }
    return Promise.resolve();
  }

  /** Stops after the batch in flight; the weights stay as trained. Resolves when the run has ended. */
  stop(): Promise<void> {
    if (this.state_ !== 'running' && this.state_ !== 'paused') return Promise.resolve();
    this.gate.requestStop();
    return this.run_ ?? Promise.resolve();
  }

  /**
   * Changes the learning rate from the next batch on, which emits a learningRate event. Refuses
   * non-finite or non-positive values (the form's upper bound is the form's business).
   */
  setLearningRate(learningRate: number): Result<void> {
    if (this.state_ === 'disposed') return err('the trainer has been disposed');
    if (!Number.isFinite(learningRate) || learningRate <= 0) return err(`learning rate ${learningRate} must be a number greater than 0`);
    this.pendingLearningRate = learningRate === this.optimizer.learningRate ? null : learningRate;
    return ok(undefined);
  }

  /** Stops (after the batch in flight) and frees the model, the optimizer and the weight copies. Borrowed data is left alone. */
  async dispose(): Promise<void> {
    if (this.state_ === 'disposed') return;
    await this.stop();
    if (this.run_) await this.run_;
    this.nanGuard.dispose();
    this.optimizer.dispose();
    this.model_.dispose();
    this.setState('disposed');
    this.listeners.clear();
  }

  // ---- The loop ----

  private launch(paused: boolean): Promise<void> {
    if (this.state_ === 'disposed') return Promise.reject(new InvariantError('start() on a disposed trainer'));
    if (this.state_ === 'running' || this.state_ === 'paused') return this.run_ ?? Promise.resolve();
    if (this.epochsCompleted >= this.targetEpochs) this.targetEpochs = this.epochsCompleted + this.settings.epochs;
    this.gate.arm(paused);
    this.run_ = this.run();
    return this.run_;
  }

  private async run(): Promise<void> {
    this.setState('running');
    try {
      while (this.epochsCompleted < this.targetEpochs) {
        if (this.batchInEpoch === 0) {
          this.shuffleRng.shuffle(this.trainRows);
          this.epoch = { loss: 0, correct: 0, count: 0, ms: 0 };
        }
        while (this.batchInEpoch < this.batchesPerEpoch) {
          if (!(await this.gate.pass(() => this.setState('paused')))) return this.finish('stopped');
          const start = this.now();
          const finite = await this.trainBatch();
          if (!finite) return this.finish('stopped');
          await this.pauseBetweenBatches();
          const ms = this.now() - start;
          this.epoch.ms += ms;
          this.wallMs += ms;
        }
        await this.endEpoch();
      }
      this.emit({ type: 'done', epochs: this.epochsCompleted, examplesSeen: this.examplesSeen_, wallMs: this.wallMs });
      this.finish('done');
    } catch (e) {
      this.emit({ type: 'error', message: `Training stopped: ${errorMessage(e)}` });
      this.finish('stopped');
    }
  }

  private finish(state: 'stopped' | 'done'): void {
    this.gate.reset();
    this.setState(state);
    this.gate.settleParked();
  }

  /** One optimizer step on the next batch of the shuffled subset; false if the loss was not finite. */
  private async trainBatch(): Promise<boolean> {
    const epochNumber = this.epochsCompleted + 1;
    if (this.pendingLearningRate !== null) {
      const previous = this.optimizer.learningRate;
      this.optimizer.setLearningRate(this.pendingLearningRate);
      this.pendingLearningRate = null;
      this.emit({ type: 'learningRate', learningRate: this.optimizer.learningRate, previous, examplesSeen: this.examplesSeen_, epoch: epochNumber, batchInEpoch: this.batchInEpoch + 1 });
    }
    const size = this.settings.batchSize;
    const from = this.batchInEpoch * size;
    const rows = this.trainRows.subarray(from, Math.min(from + size, this.trainCount));
    // The loss of this step is computed with the weights before it: a finite loss certifies them.
    this.nanGuard.beforeStep();
    const started = this.now();
    let loss: number;
    let accuracy: number;
    try {
      const stats = tf.tidy(() => trainStepOps(this.model_, this.optimizer.optimizer, this.variables, this.data, rows));
      try {
        [loss, accuracy] = await stats.data();
      } finally {
        stats.dispose();
      }
    } catch (e) {
      this.nanGuard.stepFailed();
      throw e;
    }
    const batchMs = this.now() - started;

    if (!Number.isFinite(loss)) {
      this.recoverFromNan(loss, epochNumber);
      return false;
    }

    this.batchInEpoch += 1;
    this.examplesSeen_ += rows.length;
    this.epoch.loss += loss * rows.length;
    this.epoch.correct += accuracy * rows.length;
    this.epoch.count += rows.length;
    this.nanGuard.stepFinite({ epoch: epochNumber, batchInEpoch: this.batchInEpoch, examplesSeen: this.examplesSeen_ });
    this.emit({
      type: 'batch',
      epoch: epochNumber,
      batchInEpoch: this.batchInEpoch,
      batchesPerEpoch: this.batchesPerEpoch,
      batchSize: rows.length,
      examplesSeen: this.examplesSeen_,
      epochProgress: this.examplesSeen_ / this.trainCount,
      loss,
      accuracy,
      learningRate: this.optimizer.learningRate,
      wallMs: this.wallMs + batchMs,
      batchMs,
    });
    return true;
  }

  /** Compiles this run's WebGL programs ahead of its first batches (see warmUpShaders); a no-op off webgl and after the first call. */
  async warmUp(): Promise<void> {
    if (tf.getBackend() !== 'webgl' || this.warmedUp) return;
    this.warmedUp = true;
    const { model, seed, optimizer, learningRate, batchSize } = this.settings;
    await warmUpShaders({
      model,
      seed,
      imageShape: this.imageShape,
      optimizer,
      learningRate,
      data: this.data,
      trainRows: this.trainRows,
      batchSize,
      heldOutRows: this.valRows?.length ?? 0,
      evalBatchSize: this.options.evalBatchSize ?? 500,
      yieldBetween: this.pauseBetweenBatches,
    });
  }

  /** Puts the last good weights back, starts the optimizer afresh and emits the nan event. */
  private recoverFromNan(loss: number, epochNumber: number): void {
    const learningRate = this.optimizer.learningRate;
    const event = this.nanGuard.recover(loss, { epoch: epochNumber, batchInEpoch: this.batchInEpoch + 1, examplesSeen: this.examplesSeen_ }, learningRate);
    // Adam's and momentum's accumulators went non-finite with the weights: start them afresh.
    this.optimizer.dispose();
    this.optimizer = createOptimizer(this.settings.optimizer, learningRate);
    this.emit(event);
  }

  private async endEpoch(): Promise<void> {
    const started = this.now();
    const evalBatchSize = this.options.evalBatchSize ?? 500;
    const { trainImages, trainLabels, testImages, testLabels } = this.data;
    const test = this.options.testEachEpoch && testImages && testLabels ? await evaluate(this.model_, testImages, testLabels, { batchSize: evalBatchSize }) : undefined;
    let validation: EvaluationResult;
    if (this.valRows) validation = await evaluate(this.model_, trainImages, trainLabels, { batchSize: evalBatchSize, indices: this.valRows });
    else if (test) validation = test;
    else if (testImages && testLabels) validation = await evaluate(this.model_, testImages, testLabels, { batchSize: evalBatchSize });
    else throw new InvariantError('no validation data');

    this.epochsCompleted += 1;
    this.batchInEpoch = 0;
    if (this.options.checkpointEachEpoch !== false) {
      this.checkpoint_ = { epoch: this.epochsCompleted, examplesSeen: this.examplesSeen_, weights: await readWeights(this.model_) };
    }
    const evalMs = this.now() - started;
    this.wallMs += evalMs;
    const sample = await this.predictWatched();
    const count = Math.max(1, this.epoch.count);
    const event: EpochEvent = {
      type: 'epoch',
      epoch: this.epochsCompleted,
      trainLoss: this.epoch.loss / count,
      trainAccuracy: this.epoch.correct / count,
      valLoss: validation.loss,
      valAccuracy: validation.accuracy,
      valCount: validation.count,
      epochMs: this.epoch.ms,
      evalMs,
      examplesSeen: this.examplesSeen_,
      wallMs: this.wallMs,
      numTensors: tf.memory().numTensors,
      ...(test ? { test } : {}),
      ...(sample ? { sample } : {}),
    };
    this.emit(event);
    await this.options.afterEpoch?.(this.model_, event);
  }

  /** The watched sample's probabilities now, or undefined (none watched, or its split not loaded, or the index outside). */
  private async predictWatched(): Promise<EpochEvent['sample']> {
    const w = this.watched;
    const images = w ? (w.split === 'train' ? this.data.trainImages : this.data.testImages) : undefined;
    if (!w || !images) return undefined;
    const probabilities = await predictSample(this.model_, images, w.index);
    return probabilities ? { ...w, probabilities } : undefined;
  }

  // ---- Plumbing ----

  private setState(state: TrainerState): void {
    if (state === this.state_) return;
    const previous = this.state_;
    this.state_ = state;
    this.emit({ type: 'state', state, previous });
  }

  private emit(event: TrainerEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (e) {
        // A broken listener must not kill training; surface it as an uncaught error instead.
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }
}
