/**
 * The training loop: batches gathered from the resident dataset tensors, one async readback per
 * batch, controls (pause, resume, step, stop, learning rate) and a stream of plain events.
 */
import * as tf from '@tensorflow/tfjs';
import { withUnpackedSync } from '../data/backend';
import { NUM_CLASSES } from '../data/format';
import { InvariantError } from '../lib/assert';
import { errorMessage, formatCount } from '../lib/format';
import { createRng, deriveSeed, range, type Rng } from '../lib/random';
import { err, ok, type Result } from '../lib/result';
import { evaluate, evaluationForward, predictionOf, type EvaluationResult } from './evaluate';
import type { EpochEvent, TrainerEvent, TrainerListener, TrainerState, TrainingCheckpoint, TrainingPosition, WatchedSample } from './events';
import { createModelFromSpec, crossEntropy, toModelInput } from './factory';
import { createOptimizer, type OptimizerHandle } from './optimizer';
import { OPTIMIZERS, validationCount, type TrainingSettings } from './settings';
import { formatImageShape, sameImageShape, type ImageShape } from './spec';
import { predictSample } from './sample-probe';
import { yieldToEventLoop } from './schedule';
import { readWeights, restoreWeights, snapshotWeights, writeWeights, type WeightValues } from './weights';

export type * from './events';

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

/** The rows x cols of [n, rows, cols] images. */
export function imageShapeOf(images: tf.Tensor): ImageShape {
  return { rows: images.shape[1] ?? 0, cols: images.shape[2] ?? 0 };
}

function checkData(data: TrainingData, needTest: boolean, expected: ImageShape | undefined): string | null {
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
function checkSettings(settings: TrainingSettings, available: number): string | null {
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

  private pauseRequested = false;
  private stepRequested = false;
  private stopRequested = false;
  private wake: (() => void) | null = null;
  private parkedWaiters: (() => void)[] = [];
  private run_: Promise<void> | null = null;
  private warmedUp = false;

  /** The newest weights known to give a finite loss, and where they are from (null: the initial ones). */
  private lastGood: { weights: tf.Tensor[]; at: TrainingPosition | null } | null = null;
  /** Position after the last finished batch (whose weights the next batch's loss certifies). */
  private lastPosition: TrainingPosition | null = null;
  private checkpoint_: TrainingCheckpoint | null = null;
  private watched: WatchedSample | null = null;

  /** @internal Use createTrainer, which validates the inputs. */
  constructor(data: TrainingData, settings: TrainingSettings, model: tf.LayersModel, options: TrainerOptions) {
    this.data = data;
    this.settings = settings;
    this.imageShape = imageShapeOf(data.trainImages);
    this.options = options;
    this.model_ = model;
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
    this.pauseRequested = true;
    return this.whenParked();
  }

  /** Continues a paused run (start() does not: it only begins runs). */
  resume(): void {
    if (this.state_ !== 'running' && this.state_ !== 'paused') return;
    this.pauseRequested = false;
    this.stepRequested = false;
    if (this.state_ === 'paused') {
      this.setState('running');
      this.wake?.();
    }
    this.settleParked();
  }

  /**
   * Runs exactly one batch (and the epoch end, if it was the epoch's last) and stays paused. From
   * idle, stopped or done it starts a paused run. Resolves once paused again (or ended).
   */
  step(): Promise<void> {
    if (this.state_ === 'paused') {
      this.stepRequested = true;
      const parked = this.whenParked();
      this.wake?.();
      return parked;
    }
    if (this.state_ === 'idle' || this.state_ === 'stopped' || this.state_ === 'done') {
      const parked = this.whenParked();
      void this.launch(true);
      return parked;
    }
    return Promise.resolve();
  }

  /** Stops after the batch in flight; the weights stay as trained. Resolves when the run has ended. */
  stop(): Promise<void> {
    if (this.state_ !== 'running' && this.state_ !== 'paused') return Promise.resolve();
    this.stopRequested = true;
    this.wake?.();
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
    this.lastGood?.weights.forEach((t) => t.dispose());
    this.lastGood = null;
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
    this.stopRequested = false;
    this.pauseRequested = paused;
    this.stepRequested = paused;
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
          if (!(await this.gate())) return this.finish('stopped');
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

  /** Waits while paused; true to run a batch, false to stop. */
  private async gate(): Promise<boolean> {
    for (;;) {
      if (this.stopRequested) return false;
      if (!this.pauseRequested) return true;
      if (this.stepRequested) {
        this.stepRequested = false;
        return true;
      }
      if (this.state_ !== 'paused') this.setState('paused');
      this.settleParked();
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
  }

  private finish(state: 'stopped' | 'done'): void {
    this.pauseRequested = false;
    this.stepRequested = false;
    this.stopRequested = false;
    this.setState(state);
    this.settleParked();
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
    const before = snapshotWeights(this.model_);
    const started = this.now();
    let loss: number;
    let accuracy: number;
    try {
      const stats = tf.tidy(() => this.trainStep(rows));
      try {
        [loss, accuracy] = await stats.data();
      } finally {
        stats.dispose();
      }
    } catch (e) {
      before.forEach((t) => t.dispose());
      throw e;
    }
    const batchMs = this.now() - started;

    if (!Number.isFinite(loss)) {
      this.recoverFromNan(loss, before, epochNumber);
      return false;
    }
    this.lastGood?.weights.forEach((t) => t.dispose());
    this.lastGood = { weights: before, at: this.lastPosition };

    this.batchInEpoch += 1;
    this.examplesSeen_ += rows.length;
    this.epoch.loss += loss * rows.length;
    this.epoch.correct += accuracy * rows.length;
    this.epoch.count += rows.length;
    this.lastPosition = { epoch: epochNumber, batchInEpoch: this.batchInEpoch, examplesSeen: this.examplesSeen_ };
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

  /** Gather, scale, forward, backward, update; returns [loss, accuracy] (call inside tidy). */
  private trainStep(rows: Int32Array): tf.Tensor {
    return trainStepOps(this.model_, this.optimizer.optimizer, this.variables, this.data, rows);
  }

  /**
   * Compiles the WebGL programs this run will use, without running them, on a scratch copy of the
   * model: tfjs's compile-only mode plus KHR_parallel_shader_compile, so the shaders compile off the
   * main thread instead of blocking it for seconds in the first batches. A no-op off webgl; where the
   * extension is missing the compile is synchronous, as it would have been anyway.
   */
  async warmUp(): Promise<void> {
    if (tf.getBackend() !== 'webgl' || this.warmedUp) return;
    this.warmedUp = true;
    const backend = tf.backend() as unknown as { checkCompileCompletionAsync?: () => Promise<unknown>; getUniformLocations?: () => void };
    if (!backend.checkCompileCompletionAsync || !backend.getUniformLocations) return;
    const scratch = createModelFromSpec(this.settings.model, this.settings.seed, this.imageShape);
    if (!scratch.ok) return;
    const optimizer = createOptimizer(this.settings.optimizer, this.settings.learningRate);
    const variables = scratch.value.trainableWeights.map((w) => w.read() as tf.Variable);
    const { trainImages, testImages } = this.data;
    const size = this.settings.batchSize;
    const last = this.trainCount % size;
    const evalSize = this.options.evalBatchSize ?? 500;
    // Each piece on its own: compile-only mode does not run kernels, and a kernel that needs its
    // inputs' values (tfjs 4.22's concat of some compile-only outputs fails so) must not stop the rest.
    const pieces: (() => void)[] = [];
    for (const n of new Set([size, last].filter((x) => x > 0))) pieces.push(() => void trainStepOps(scratch.value, optimizer.optimizer, variables, this.data, this.trainRows.subarray(0, n)));
    const evalSizes = new Set<number>();
    const evalOf = (count: number) => [Math.min(evalSize, count), count % evalSize].filter((x) => x > 0).forEach((x) => evalSizes.add(x));
    if (this.valRows) evalOf(this.valRows.length);
    if (testImages) evalOf(testImages.shape[0]);
    // The evaluation's forward pass (the bulk of its programs); its small bookkeeping ops compile on first use.
    for (const n of evalSizes) pieces.push(() => void evaluationForward(scratch.value, testImages ?? trainImages, 0, n));
    pieces.push(() => void predictionOf(scratch.value, trainImages, 0));
    for (const piece of pieces) {
      // One piece per task: the page gets the main thread back in between.
      await this.pauseBetweenBatches();
      tf.env().set('ENGINE_COMPILE_ONLY', true);
      try {
        tf.tidy(piece);
      } catch {
        // Left to compile on first use.
      } finally {
        tf.env().set('ENGINE_COMPILE_ONLY', false);
      }
    }
    try {
      await backend.checkCompileCompletionAsync();
      backend.getUniformLocations();
    } finally {
      optimizer.dispose();
      scratch.value.dispose();
    }
  }

  private recoverFromNan(loss: number, before: tf.Tensor[], epochNumber: number): void {
    const restored = this.lastGood ?? { weights: before, at: null };
    restoreWeights(this.model_, restored.weights);
    if (restored.weights !== before) before.forEach((t) => t.dispose());
    else this.lastGood = { weights: before, at: null };
    // Adam's and momentum's accumulators went non-finite with the weights: start them afresh.
    const learningRate = this.optimizer.learningRate;
    this.optimizer.dispose();
    this.optimizer = createOptimizer(this.settings.optimizer, learningRate);

    const at = restored.at;
    const where = at
      ? `the weights after epoch ${at.epoch}, batch ${at.batchInEpoch} (${formatCount(at.examplesSeen)} examples seen), the last that gave a finite loss,`
      : 'the initial weights (no batch gave a finite loss, so check the input data too)';
    this.emit({
      type: 'nan',
      message: `The loss became ${loss} at epoch ${epochNumber}, batch ${this.batchInEpoch + 1}, with learning rate ${learningRate}. Training stopped and ${where} are back in the model. Try a lower learning rate, e.g. ${Number((learningRate / 10).toPrecision(2))}.`,
      loss,
      learningRate,
      epoch: epochNumber,
      batchInEpoch: this.batchInEpoch + 1,
      examplesSeen: this.examplesSeen_,
      restoredTo: at,
    });
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

  private whenParked(): Promise<void> {
    return new Promise((resolve) => this.parkedWaiters.push(resolve));
  }

  private settleParked(): void {
    const waiters = this.parkedWaiters;
    this.parkedWaiters = [];
    waiters.forEach((resolve) => resolve());
  }

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

/** One optimizer step on `rows` of the dataset; returns [loss, accuracy] (call inside tidy). */
function trainStepOps(model: tf.LayersModel, optimizer: tf.Optimizer, variables: tf.Variable[], data: TrainingData, rows: Int32Array): tf.Tensor {
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
