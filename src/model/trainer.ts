/**
 * The training loop: batches gathered from the resident dataset tensors, one async readback per
 * batch, controls (pause, resume, step, stop, learning rate) and a stream of plain events.
 */
import * as tf from '@tensorflow/tfjs';
import { InvariantError } from '../lib/assert';
import { errorMessage } from '../lib/format';
import { createRng, deriveSeed, range, type Rng } from '../lib/random';
import { err, ok, type Result } from '../lib/result';
import { EpochEnd, type RunProgress } from './epoch-end';
import type { EpochEvent, TrainerEvent, TrainerListener, TrainerState, TrainingCheckpoint, WatchedSample } from './events';
import { createModelFromSpec } from './factory';
import { scheduledRate, type LrScheduleName } from './lr-schedule';
import type { OptimizerHandle } from './optimizer';
import { validationCount, type TrainingSettings } from './settings';
import type { ImageShape } from './spec';
import { RunGate } from './run-gate';
import { yieldToEventLoop } from './schedule';
import { TrainSteps } from './train-step';
import { checkData, checkSettings, imageShapeOf, type TrainingData } from './training-checks';
import { warmUpShaders } from './warm-up';
import { writeWeights, type WeightValues } from './weights';

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
  /** Epochs the initial weights were already trained for (a run continued from a checkpoint): the learning-rate schedule goes on from there. */
  epochsBefore?: number;
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
  private readonly steps: TrainSteps;
  private readonly trainRows: Int32Array;
  private readonly valRows: Int32Array | null;
  private readonly shuffleRng: Rng;
  private readonly now: () => number;
  private readonly pauseBetweenBatches: () => Promise<void>;
  private readonly listeners = new Set<TrainerListener>();

  private state_: TrainerState = 'idle';
  private targetEpochs: number;
  private readonly progress: RunProgress = { epochsCompleted: 0, batchInEpoch: 0, examplesSeen: 0, wallMs: 0, epoch: { loss: 0, correct: 0, count: 0, ms: 0 } };
  private pendingLearningRate: number | null = null;
  /** The settings' schedule until a rate is set by hand (setLearningRate), which holds that rate from then on. */
  private schedule: LrScheduleName;

  private readonly gate = new RunGate();
  private run_: Promise<void> | null = null;
  private warmedUp = false;
  private readonly epochEnd: EpochEnd;

  /** @internal Use createTrainer, which validates the inputs. */
  constructor(data: TrainingData, settings: TrainingSettings, model: tf.LayersModel, options: TrainerOptions) {
    this.data = data;
    this.settings = settings;
    this.imageShape = imageShapeOf(data.trainImages);
    this.options = options;
    this.model_ = model;
    this.now = options.now ?? (() => performance.now());
    this.steps = new TrainSteps(model, data, settings.optimizer, settings.learningRate, this.now);
    this.pauseBetweenBatches = options.yieldBetweenBatches ?? yieldToEventLoop;
    this.targetEpochs = settings.epochs;
    this.schedule = settings.schedule;

    const all = createRng(deriveSeed(settings.seed, SUBSET_STREAM)).shuffle(range(data.trainImages.shape[0]));
    const subset = all.subarray(0, settings.subsetSize);
    const held = settings.validation.kind === 'split' ? validationCount(settings.subsetSize, settings.validation.fraction) : 0;
    this.valRows = held > 0 ? subset.slice(0, held) : null;
    this.trainRows = subset.slice(held);
    this.trainCount = this.trainRows.length;
    this.valCount = this.valRows ? this.valRows.length : (data.testImages?.shape[0] ?? 0);
    this.batchesPerEpoch = Math.ceil(this.trainCount / settings.batchSize);
    this.shuffleRng = createRng(deriveSeed(settings.seed, SHUFFLE_STREAM));
    const { testEachEpoch = false, evalBatchSize = 500, checkpointEachEpoch = true } = options;
    this.epochEnd = new EpochEnd(model, { data, valRows: this.valRows, testEachEpoch, evalBatchSize, checkpointEachEpoch, now: this.now });
  }

  get state(): TrainerState {
    return this.state_;
  }

  /** The model being trained, owned by the trainer (valid until dispose). Input as specInputShape(spec, imageShape), output [batch, 10]. */
  get model(): tf.LayersModel {
    return this.model_;
  }

  get learningRate(): number {
    return this.pendingLearningRate ?? this.steps.optimizer.learningRate;
  }

  /** The optimizer in use (replaced after a NaN, since its moments may hold NaN too). */
  get optimizerHandle(): OptimizerHandle {
    return this.steps.optimizer;
  }

  get examplesSeen(): number {
    return this.progress.examplesSeen;
  }

  /** Epochs finished so far (across runs). */
  get completedEpochs(): number {
    return this.progress.epochsCompleted;
  }

  /** The weights at the end of the last finished epoch, on the CPU; null before the first epoch ends. */
  get checkpoint(): TrainingCheckpoint | null {
    return this.epochEnd.checkpoint;
  }

  /** Reports `sample`'s probabilities on every epoch event from now on (null: none), computed while the weights hold still. */
  watchSample(sample: WatchedSample | null): void {
    this.epochEnd.watch(sample);
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
    this.pendingLearningRate = learningRate === this.steps.optimizer.learningRate && this.schedule === 'constant' ? null : learningRate;
    return ok(undefined);
  }

  /** Stops (after the batch in flight) and frees the model, the optimizer and the weight copies. Borrowed data is left alone. */
  async dispose(): Promise<void> {
    if (this.state_ === 'disposed') return;
    await this.stop();
    if (this.run_) await this.run_;
    this.steps.dispose();
    this.model_.dispose();
    this.setState('disposed');
    this.listeners.clear();
  }

  // ---- The loop ----

  private launch(paused: boolean): Promise<void> {
    if (this.state_ === 'disposed') return Promise.reject(new InvariantError('start() on a disposed trainer'));
    if (this.state_ === 'running' || this.state_ === 'paused') return this.run_ ?? Promise.resolve();
    if (this.progress.epochsCompleted >= this.targetEpochs) this.targetEpochs = this.progress.epochsCompleted + this.settings.epochs;
    this.gate.arm(paused);
    this.run_ = this.run();
    return this.run_;
  }

  private async run(): Promise<void> {
    this.setState('running');
    try {
      while (this.progress.epochsCompleted < this.targetEpochs) {
        if (this.progress.batchInEpoch === 0) {
          this.shuffleRng.shuffle(this.trainRows);
          this.progress.epoch = { loss: 0, correct: 0, count: 0, ms: 0 };
        }
        while (this.progress.batchInEpoch < this.batchesPerEpoch) {
          if (!(await this.gate.pass(() => this.setState('paused')))) return this.finish('stopped');
          const start = this.now();
          const finite = await this.trainBatch();
          if (!finite) return this.finish('stopped');
          await this.pauseBetweenBatches();
          const ms = this.now() - start;
          this.progress.epoch.ms += ms;
          this.progress.wallMs += ms;
        }
        await this.endEpoch();
      }
      this.emit({ type: 'done', epochs: this.progress.epochsCompleted, examplesSeen: this.progress.examplesSeen, wallMs: this.progress.wallMs });
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
    const epochNumber = this.progress.epochsCompleted + 1;
    const optimizer = this.steps.optimizer;
    if (this.pendingLearningRate !== null) {
      const previous = optimizer.learningRate;
      optimizer.setLearningRate(this.pendingLearningRate);
      this.pendingLearningRate = null;
      this.schedule = 'constant';
      this.emit({ type: 'learningRate', learningRate: optimizer.learningRate, previous, examplesSeen: this.progress.examplesSeen, epoch: epochNumber, batchInEpoch: this.progress.batchInEpoch + 1 });
    } else if (this.schedule !== 'constant') {
      // Scheduled changes are not learningRate events (one per batch); each batch event carries its rate.
      const step = ((this.options.epochsBefore ?? 0) + this.progress.epochsCompleted) * this.batchesPerEpoch + this.progress.batchInEpoch;
      const rate = scheduledRate(this.schedule, this.settings.learningRate, step, this.batchesPerEpoch);
      if (rate !== optimizer.learningRate) optimizer.setLearningRate(rate);
    }
    const size = this.settings.batchSize;
    const from = this.progress.batchInEpoch * size;
    const rows = this.trainRows.subarray(from, Math.min(from + size, this.trainCount));
    const stats = await this.steps.step(rows, { epoch: epochNumber, batchInEpoch: this.progress.batchInEpoch + 1, examplesSeen: this.progress.examplesSeen });
    if (stats.type === 'nan') {
      this.emit(stats);
      return false;
    }
    const { loss, accuracy, ms: batchMs } = stats;

    this.progress.batchInEpoch += 1;
    this.progress.examplesSeen += rows.length;
    this.progress.epoch.loss += loss * rows.length;
    this.progress.epoch.correct += accuracy * rows.length;
    this.progress.epoch.count += rows.length;
    this.emit({
      type: 'batch',
      epoch: epochNumber,
      batchInEpoch: this.progress.batchInEpoch,
      batchesPerEpoch: this.batchesPerEpoch,
      batchSize: rows.length,
      examplesSeen: this.progress.examplesSeen,
      epochProgress: this.progress.examplesSeen / this.trainCount,
      loss,
      accuracy,
      learningRate: this.steps.optimizer.learningRate,
      wallMs: this.progress.wallMs + batchMs,
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

  private async endEpoch(): Promise<void> {
    const event = await this.epochEnd.run(this.progress);
    this.emit(event);
    await this.options.afterEpoch?.(this.model_, event);
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
