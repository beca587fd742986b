/**
 * The notebook's only door to training: owns the trainer (and so the model's tensors), turns its
 * events into a TrainingStatus snapshot (at most one update per animation frame), appends batch
 * points to a series the charts read in place, and evaluates on the test images after each epoch.
 * The model modules (and TensorFlow.js) are imported on the first Train.
 */
import type * as TfModule from '@tensorflow/tfjs';
import type { SplitName } from '../../data/format';
import type * as EvaluateModule from '../../model/evaluate';
import type * as FactoryModule from '../../model/factory';
import type * as TrainerModule from '../../model/trainer';
import type * as WeightsModule from '../../model/weights';
import type { LoadedModel } from '../../model/model-io';
import type { CheckpointStore } from '../../model/model-store';
import { CHECKPOINT_VERSION, downsampleColumns, tryParseCheckpoint, type StoredCheckpoint } from '../../model/checkpoint';
import { presetOf } from '../../model/presets';
import { sameSpec, specToText } from '../../model/spec';
import type { EvaluationResult } from '../../model/evaluate';
import type { TrainingSettings } from '../../model/settings';
import type { EpochEvent, Trainer, TrainerEvent, TrainingCheckpoint } from '../../model/trainer';
import type { WeightValues } from '../../model/weights';
import { errorMessage, formatCount } from '../../lib/format';
import { appendBatch, clearBatchSeries, createBatchSeries, type BatchSeries, type EpochPoint, type LrMarker } from '../training/charts/series';
import type { DatasetService } from './dataset-service';
import { FramePublisher } from './frame-publisher';
import type { TestEvaluation, TrainingMessage, TrainingProgress, TrainingResources, TrainingStatus } from './training-types';
import type { DatasetSource } from './types';

const MISTAKES_SHOWN = 24;
/** Batch events kept for the throughput estimate (a sliding window of training time). */
const RATE_WINDOW = 30;
const RESOURCE_REFRESH_MS = 500;
/**
 * Batch updates reach the page at most this often (a trailing timer): drawing two live charts costs
 * tens of ms on a slow machine, and doing that per batch would take the main thread from training
 * and from the rest of the notebook. Epoch ends, pauses and stops are shown at once.
 */
const BATCH_UI_INTERVAL_MS = 200;

type Modules = {
  tf: typeof TfModule;
  trainer: typeof TrainerModule;
  evaluate: typeof EvaluateModule;
  factory: typeof FactoryModule;
  weights: typeof WeightsModule;
};

declare global {
  interface Window {
    /** The training service, for `npm run bench` and e2e tests to read figures from. */
    __mnistTraining?: TrainingService;
  }
}

let modules: Promise<Modules> | null = null;
function loadModules(): Promise<Modules> {
  modules ??= Promise.all([import('@tensorflow/tfjs'), import('../../model/trainer'), import('../../model/evaluate'), import('../../model/factory'), import('../../model/weights')]).then(
    ([tf, trainer, evaluate, factory, weights]) => ({ tf, trainer, evaluate, factory, weights }),
  );
  modules.catch(() => (modules = null));
  return modules;
}

const EMPTY_PROGRESS: TrainingProgress = { epoch: 0, batchInEpoch: 0, batchesPerEpoch: 0, epochFraction: 0, runFraction: 0, examplesSeen: 0, examplesPerSecond: null, etaMs: null, wallMs: 0 };

const INITIAL: TrainingStatus = {
  phase: 'idle',
  run: null,
  progress: EMPTY_PROGRESS,
  chartsVersion: 0,
  learningRate: null,
  test: null,
  testHistory: [],
  sample: null,
  resources: null,
  message: null,
  checkpointEpoch: null,
  canContinueFromCheckpoint: false,
  resumable: null,
  loadedModel: null,
};

export interface TrainingServiceOptions {
  /** Where each epoch's checkpoint is kept across reloads (IndexedDB in the app); none: no resume offer. */
  checkpoints?: CheckpointStore;
}

/** Where a continued run's counters start on the charts (a run continued on cpu after a lost context). */
interface Offset {
  examples: number;
  epochs: number;
  timeMs: number;
}

/** Settings that define the model and its data: a change means a new model. Epochs and learning rate can change between runs. */
function sameRun(a: TrainingSettings, b: TrainingSettings): boolean {
  return (
    JSON.stringify([a.model, a.optimizer, a.batchSize, a.subsetSize, a.validation, a.seed]) === JSON.stringify([b.model, b.optimizer, b.batchSize, b.subsetSize, b.validation, b.seed])
  );
}

export class TrainingService {
  /** The per-batch points, appended in place; status.chartsVersion tells when they changed. */
  readonly series: BatchSeries = createBatchSeries();
  epochs: EpochPoint[] = [];
  lrChanges: LrMarker[] = [];

  private status: TrainingStatus = INITIAL;
  private readonly publisher = new FramePublisher();
  private readonly dataset: DatasetService;
  private trainer: Trainer | null = null;
  private generation = 0;
  private offset: Offset = { examples: 0, epochs: 0, timeMs: 0 };
  private rateWindow: { examples: number; wallMs: number }[] = [];
  private staged: Partial<TrainingStatus> | null = null;
  private stageTimer: ReturnType<typeof setTimeout> | null = null;
  private lastStagedAt = 0;
  private lastEvalMs = 0;
  private lastResourceAt = 0;
  /** The examples count at the last test evaluation (so Stop knows whether the weights moved since). */
  private evaluatedAt = -1;
  /** CPU copies of each finished epoch's weights: the sample history is recomputed from them. */
  private epochWeights: { epoch: number; weights: WeightValues[] }[] = [];
  private checkpoint: TrainingCheckpoint | null = null;
  private sampleWanted: { split: SplitName; index: number } | null = null;
  private sampleToken = 0;
  private unsubscribeDataset: () => void;
  private lostContext = false;
  /** The model modules, once loaded (the first Train). */
  private m: Modules | null = null;
  /** The dataset the current model (or its run, or its checkpoint) was trained on, and its training images tensor. */
  private trainedOn: { source: DatasetSource; trainImages: TfModule.Tensor } | null = null;

  /** Browser storage for checkpoints (null in tests that do not need it). */
  private readonly checkpoints: CheckpointStore | null;
  /** The checkpoint an earlier page saved, until resumed or discarded. */
  private stored: StoredCheckpoint | null = null;
  /** Bumped when the stored checkpoint is discarded, so a save still in flight clears itself. */
  private checkpointToken = 0;
  /** A model loaded from the library or files, current while there is no trainer. */
  private loaded: (LoadedModel & { name: string }) | null = null;
  /** Set while the loaded model is being evaluated (so a dataset update does not start a second evaluation). */
  private evaluatingLoaded = false;

  constructor(dataset: DatasetService, options: TrainingServiceOptions = {}) {
    this.dataset = dataset;
    this.checkpoints = options.checkpoints ?? null;
    this.unsubscribeDataset = dataset.subscribe(() => this.onDatasetChange());
    if (this.checkpoints) void this.readStoredCheckpoint();
  }

  subscribe = this.publisher.subscribe;

  getStatus = (): TrainingStatus => this.status;

  /**
   * The current model, borrowed (the service owns it: never dispose it, never keep it past a
   * subscriber call), or null when there is none. Input as the trainer's, output [batch, 10].
   */
  currentModel(): TfModule.LayersModel | null {
    return this.trainer?.model ?? this.loaded?.model ?? null;
  }

  /** Whether Train would continue the current model (same model, data and seed) rather than build a new one. */
  continues(settings: TrainingSettings): boolean {
    const t = this.trainer;
    // A loaded model whose layers are the form's layer list trains on from its weights.
    const spec = this.loaded?.info.spec;
    if (t === null && spec) return sameSpec(settings.model, spec);
    return t !== null && (t.state === 'stopped' || t.state === 'done') && sameRun(t.settings, settings);
  }

  /**
   * Trains with `settings`: continues the current model if only epochs or the learning rate changed,
   * else disposes it and builds a new one. Resolves when the run has started (or failed to).
   */
  async train(settings: TrainingSettings): Promise<void> {
    const phase = this.status.phase;
    if (phase === 'running' || phase === 'paused' || phase === 'starting' || phase === 'stopping') return;
    const trainer = this.trainer;
    if (trainer && this.continues(settings)) {
      if (settings.learningRate !== trainer.learningRate) trainer.setLearningRate(settings.learningRate);
      // After done, Train adds `epochs` more; after a stop, it finishes the epochs asked for before.
      const run = this.status.run;
      const targetEpochs = trainer.state === 'done' ? this.offset.epochs + trainer.completedEpochs + settings.epochs : (run?.targetEpochs ?? settings.epochs);
      trainer.settings.epochs = settings.epochs;
      this.update({ message: null, run: run ? { ...run, targetEpochs } : run }, true);
      void trainer.start();
      return;
    }
    const loaded = this.loaded;
    if (loaded?.info.spec && sameSpec(settings.model, loaded.info.spec)) {
      // Train on from the loaded model's weights (its layers are the form's layer list).
      const m = await loadModules();
      const weights = await m.weights.readWeights(loaded.model);
      await this.startNew(settings, { epoch: 0, examplesSeen: 0, weights });
      return;
    }
    await this.startNew(settings, null);
  }

  /** Continues on the current backend from the last epoch's weights kept on the CPU (after a lost WebGL context). */
  async continueFromCheckpoint(): Promise<void> {
    const checkpoint = this.checkpoint;
    const run = this.status.run;
    if (!checkpoint || !run || !this.status.canContinueFromCheckpoint) return;
    const remaining = Math.max(1, run.targetEpochs - checkpoint.epoch);
    await this.startNew({ ...run.settings, epochs: remaining }, checkpoint);
  }

  private async startNew(settings: TrainingSettings, from: TrainingCheckpoint | null): Promise<void> {
    const generation = ++this.generation;
    await this.disposeTrainer();
    this.disposeLoaded();
    // A new model (or one trained on from a loaded model) replaces any checkpoint an earlier page left.
    if (!from || from.epoch === 0) void this.discardStoredCheckpoint();
    this.update({ phase: 'starting', message: null }, true);
    let m: Modules;
    try {
      m = await loadModules();
    } catch (e) {
      return this.fail(`TensorFlow.js could not be loaded: ${errorMessage(e)}. Reload the page.`);
    }
    this.m = m;
    if (generation !== this.generation) return;
    const tensors = this.dataset.tensors();
    if (!tensors) return this.fail('The dataset is not in tensors yet: wait until the dataset cell says it is loaded and verified, then press Train.', 'info');

    const source = this.dataset.getStatus().source;
    const created = m.trainer.createTrainer(tensors, settings, {
      imageShape: { rows: source.rows, cols: source.cols },
      testEachEpoch: true,
      initialWeights: from?.weights,
      afterEpoch: (model, event) => this.afterEpoch(generation, model, event),
    });
    if (!created.ok) return this.fail(`Cannot train: ${created.error}.`, 'info');
    const trainer = created.value;
    this.trainer = trainer;
    this.trainedOn = { source, trainImages: tensors.trainImages };
    this.lostContext = false;

    if (from) {
      // Continue the charts where the lost run's last finished epoch left them.
      const last = this.epochs.find((e) => e.epoch === from.epoch);
      this.offset = { examples: from.examplesSeen, epochs: from.epoch, timeMs: last?.timeMs ?? 0 };
      this.epochs = this.epochs.filter((e) => e.epoch <= from.epoch);
      this.epochWeights = this.epochWeights.filter((e) => e.epoch <= from.epoch);
    } else {
      this.offset = { examples: 0, epochs: 0, timeMs: 0 };
      this.clearHistory();
    }
    this.rateWindow = [];
    this.lastEvalMs = 0;
    this.evaluatedAt = -1;
    const backend = m.tf.getBackend();
    this.update(
      {
        phase: 'starting',
        run: { settings, trainCount: trainer.trainCount, valCount: trainer.valCount, batchesPerEpoch: trainer.batchesPerEpoch, targetEpochs: this.offset.epochs + settings.epochs, backend },
        progress: { ...EMPTY_PROGRESS, batchesPerEpoch: trainer.batchesPerEpoch, epoch: 1 },
        chartsVersion: this.status.chartsVersion + 1,
        learningRate: settings.learningRate,
        test: from ? this.status.test : null,
        testHistory: from ? this.status.testHistory.filter((t) => t.epoch <= from.epoch) : [],
        sample: from ? this.status.sample : null,
        resources: from ? this.status.resources : null,
        checkpointEpoch: from ? from.epoch : null,
        canContinueFromCheckpoint: false,
        message: from ? { kind: 'info', text: from.epoch === 0 ? 'Training on from the loaded model\'s weights.' : `Continuing from the weights of epoch ${from.epoch} on the ${backend} backend.` } : null,
        loadedModel: null,
        resumable: from || !this.stored ? null : this.status.resumable,
      },
      true,
    );
    trainer.subscribe((e) => {
      if (generation === this.generation) this.onEvent(e);
    });
    try {
      await trainer.warmUp();
    } catch (e) {
      // Not fatal: the programs compile on first use instead.
      console.warn('Precompiling the training programs failed; they compile on first use.', e);
    }
    if (generation !== this.generation) return;
    void trainer.start();
    if (this.sampleWanted) void this.refreshSample();
  }

  pause(): void {
    void this.trainer?.pause();
  }

  resume(): void {
    this.trainer?.resume();
  }

  /** Runs one batch while paused (or starts a paused run). */
  step(): void {
    void this.trainer?.step();
  }

  /** Stops after the batch in flight, keeping the weights; evaluates on the test images if they moved since the last evaluation. */
  async stop(): Promise<void> {
    const trainer = this.trainer;
    if (!trainer || (trainer.state !== 'running' && trainer.state !== 'paused')) return;
    this.update({ phase: 'stopping' }, true);
    await trainer.stop();
  }

  /** Disposes the model and clears the run: the next Train starts from new weights. */
  async reset(): Promise<void> {
    this.generation++;
    this.trainedOn = null;
    await this.disposeTrainer();
    this.disposeLoaded();
    void this.discardStoredCheckpoint();
    this.clearHistory();
    this.dropStaged();
    this.status = { ...INITIAL, chartsVersion: this.status.chartsVersion + 1, sample: null };
    this.publish(true);
  }

  /** Changes the learning rate from the next batch on (marked on the charts). Returns a message if refused. */
  setLearningRate(learningRate: number): string | null {
    if (!this.trainer) return 'there is no model yet: press Train';
    const r = this.trainer.setLearningRate(learningRate);
    return r.ok ? null : r.error;
  }

  /** Tells the service which sample the notebook shows: its prediction (and history) follow it. */
  setSample(split: SplitName, index: number): void {
    const s = this.sampleWanted;
    if (s && s.split === split && s.index === index) return;
    this.sampleWanted = { split, index };
    if (this.currentModel()) void this.refreshSample();
  }

  /** Frees the model and stops training (page leaving). */
  dispose(): void {
    this.generation++;
    this.unsubscribeDataset();
    void this.disposeTrainer();
    this.disposeLoaded();
    this.dropStaged();
    this.publisher.cancel();
  }

  // ---- Events ----

  private onEvent(e: TrainerEvent): void {
    const s = this.status;
    switch (e.type) {
      case 'state': {
        const phase = e.state === 'disposed' || e.state === 'idle' ? s.phase : e.state;
        this.update({ phase }, true);
        if (e.state === 'stopped') void this.evaluateAtStop();
        return;
      }
      case 'batch': {
        const examples = this.offset.examples + e.examplesSeen;
        appendBatch(this.series, { examples, epochs: this.offset.epochs + e.epochProgress, timeMs: this.offset.timeMs + e.wallMs, loss: e.loss, accuracy: e.accuracy });
        this.rateWindow.push({ examples: e.examplesSeen, wallMs: e.wallMs });
        if (this.rateWindow.length > RATE_WINDOW) this.rateWindow.shift();
        const run = s.run;
        const trainCount = run?.trainCount ?? 1;
        // Epoch counts here are absolute (a run continued from a checkpoint starts at offset.epochs).
        const target = run?.targetEpochs ?? 1;
        const rate = this.rate();
        const done = this.offset.epochs + e.examplesSeen / trainCount;
        const epochsLeft = Math.max(0, target - Math.floor(done));
        const examplesLeft = Math.max(0, (target - done) * trainCount);
        this.stage({
          progress: {
            epoch: this.offset.epochs + e.epoch,
            batchInEpoch: e.batchInEpoch,
            batchesPerEpoch: e.batchesPerEpoch,
            epochFraction: e.batchInEpoch / e.batchesPerEpoch,
            runFraction: Math.min(1, done / target),
            examplesSeen: examples,
            examplesPerSecond: rate,
            etaMs: rate ? (examplesLeft / rate) * 1000 + epochsLeft * this.lastEvalMs : null,
            wallMs: this.offset.timeMs + e.wallMs,
          },
            chartsVersion: s.chartsVersion + 1,
          learningRate: e.learningRate,
          ...this.maybeResources(),
        });
        return;
      }
      case 'learningRate':
        this.lrChanges = [
          ...this.lrChanges,
          {
            examples: this.offset.examples + e.examplesSeen,
            epochs: this.offset.epochs + e.examplesSeen / (s.run?.trainCount ?? 1),
            timeMs: s.progress.wallMs,
            learningRate: e.learningRate,
            previous: e.previous,
          },
        ];
        return this.update({ learningRate: e.learningRate, chartsVersion: this.status.chartsVersion + 1 }, true);
      case 'epoch':
        return this.onEpoch(e);
      case 'nan':
        return this.update({ message: { kind: 'nan', text: e.message } }, true);
      case 'error':
        if (this.lostContext) return;
        return this.update({ message: { kind: 'error', text: `${e.message}. The weights of the last finished epoch are kept; press Train to continue or Reset to start over.` } }, true);
      case 'done':
        return this.update({ progress: { ...s.progress, runFraction: 1, epochFraction: 1, etaMs: 0 }, ...this.resources() }, true);
    }
  }

  private rate(): number | null {
    const w = this.rateWindow;
    if (w.length < 2) return null;
    const dt = w[w.length - 1].wallMs - w[0].wallMs;
    return dt > 0 ? ((w[w.length - 1].examples - w[0].examples) / dt) * 1000 : null;
  }

  private onEpoch(e: EpochEvent): void {
    const s = this.status;
    const epoch = this.offset.epochs + e.epoch;
    const test = e.test;
    this.lastEvalMs = e.evalMs;
    this.epochs = [
      ...this.epochs,
      {
        epoch,
        examples: this.offset.examples + e.examplesSeen,
        epochs: epoch,
        timeMs: this.offset.timeMs + e.wallMs,
        trainLoss: e.trainLoss,
        trainAccuracy: e.trainAccuracy,
        valLoss: e.valLoss,
        valAccuracy: e.valAccuracy,
        ...(test ? { testLoss: test.loss, testAccuracy: test.accuracy } : {}),
      },
    ];
    const checkpoint = this.trainer?.checkpoint ?? null;
    if (checkpoint) {
      this.checkpoint = { ...checkpoint, epoch, examplesSeen: this.offset.examples + checkpoint.examplesSeen };
      this.epochWeights = [...this.epochWeights, { epoch, weights: checkpoint.weights }];
    }
    const resources = this.resources();
    const perEpoch = [...(s.resources?.perEpoch ?? []), { epoch, numTensors: e.numTensors, numBytes: resources.resources.numBytes, numBytesInGPU: resources.resources.numBytesInGPU }];
    const previous = perEpoch.length >= 2 ? perEpoch[perEpoch.length - 2] : null;
    const warning =
      previous && e.numTensors > previous.numTensors
        ? `Tensors alive grew from ${formatCount(previous.numTensors)} after epoch ${previous.epoch} to ${formatCount(e.numTensors)} after epoch ${epoch}: something is leaking.`
        : (s.resources?.warning ?? null);
    this.update(
      {
        resources: { ...resources.resources, perEpoch, warning },
        chartsVersion: this.status.chartsVersion + 1,
        checkpointEpoch: this.checkpoint?.epoch ?? null,
        ...(test ? this.testPatch(test, `after epoch ${epoch}`, epoch, this.offset.examples + e.examplesSeen) : {}),
      },
      true,
    );
    if (test) this.evaluatedAt = e.examplesSeen;
    void this.persistCheckpoint();
  }

  private testPatch(result: EvaluationResult, when: string, epoch: number, examplesSeen: number): Partial<TrainingStatus> {
    const m = this.m ? this.m.evaluate.mostConfidentMistakes(result, result.labels, MISTAKES_SHOWN) : [];
    const test: TestEvaluation = {
      when,
      epoch,
      examplesSeen,
      accuracy: result.accuracy,
      loss: result.loss,
      count: result.count,
      confusion: result.confusion,
      perClass: result.perClass,
      mistakes: m,
      predictions: result.predictions,
      labels: result.labels,
    };
    const history = this.status.testHistory.filter((h) => h.examplesSeen !== examplesSeen);
    return { test, testHistory: [...history, { epoch, examplesSeen, accuracy: result.accuracy }] };
  }

  /** In the trainer's afterEpoch hook (weights still): the current sample's prediction joins its history. */
  private async afterEpoch(generation: number, model: TfModule.LayersModel, event: EpochEvent): Promise<void> {
    if (generation !== this.generation || !this.sampleWanted) return;
    const m = await loadModules();
    const tensors = this.dataset.tensors();
    const want = this.sampleWanted;
    if (!tensors) return;
    const images = want.split === 'train' ? tensors.trainImages : tensors.testImages;
    if (want.index >= images.shape[0]) return;
    const probabilities = Array.from(await m.evaluate.predictOne(model, images, want.index));
    if (generation !== this.generation) return;
    const epoch = this.offset.epochs + event.epoch;
    const s = this.status.sample;
    const same = s && s.split === want.split && s.index === want.index;
    const history = [...(same ? s.history.filter((h) => h.epoch !== epoch) : []), { epoch, probabilities }];
    this.update({ sample: { split: want.split, index: want.index, probabilities, history, pending: false } }, true);
  }

  /** After a stop: if the weights moved since the last evaluation, evaluate them on all test images. */
  private async evaluateAtStop(): Promise<void> {
    const trainer = this.trainer;
    const generation = this.generation;
    if (!trainer || trainer.examplesSeen === this.evaluatedAt || this.lostContext) return;
    const tensors = this.dataset.tensors();
    if (!tensors) return;
    const m = await loadModules();
    try {
      const result = await m.evaluate.evaluate(trainer.model, tensors.testImages, tensors.testLabels);
      if (generation !== this.generation || this.trainer !== trainer) return;
      this.evaluatedAt = trainer.examplesSeen;
      const p = this.status.progress;
      this.update({ ...this.testPatch(result, `at stop (epoch ${p.epoch}, batch ${p.batchInEpoch} of ${p.batchesPerEpoch})`, p.epoch, p.examplesSeen), ...this.resources() }, true);
      void this.refreshSample();
    } catch (e) {
      if (generation === this.generation) this.update({ message: { kind: 'error', text: `The evaluation at stop failed: ${errorMessage(e)}` } }, true);
    }
  }

  /** The current sample's prediction from the live model, and its history from each epoch's saved weights. */
  private async refreshSample(): Promise<void> {
    const want = this.sampleWanted;
    const trainer = this.trainer;
    const model = trainer?.model ?? this.loaded?.model;
    if (!want || !model) return;
    const token = ++this.sampleToken;
    const generation = this.generation;
    const prior = this.status.sample;
    this.update({ sample: { split: want.split, index: want.index, probabilities: prior?.split === want.split && prior.index === want.index ? prior.probabilities : null, history: [], pending: true } }, true);
    const m = await loadModules();
    const tensors = this.dataset.tensors();
    if (!tensors || this.lostContext) return;
    const images = want.split === 'train' ? tensors.trainImages : tensors.testImages;
    if (want.index >= images.shape[0]) return;
    const stale = () => token !== this.sampleToken || generation !== this.generation;
    try {
      const probabilities = Array.from(await m.evaluate.predictOne(model, images, want.index));
      if (stale()) return;
      const history: { epoch: number; probabilities: number[] }[] = [];
      const saved = this.epochWeights;
      if (trainer && saved.length > 0) {
        const probe = m.factory.createModelFromSpec(trainer.settings.model, trainer.settings.seed, trainer.imageShape);
        if (probe.ok) {
          try {
            for (const { epoch, weights } of saved) {
              if (!m.weights.writeWeights(probe.value, weights).ok) break;
              history.push({ epoch, probabilities: Array.from(await m.evaluate.predictOne(probe.value, images, want.index)) });
              if (stale()) return;
            }
          } finally {
            probe.value.dispose();
          }
        }
      }
      this.update({ sample: { split: want.split, index: want.index, probabilities, history, pending: false } }, true);
    } catch {
      if (!stale()) this.update({ sample: { split: want.split, index: want.index, probabilities: null, history: [], pending: false } }, true);
    }
  }

  // ---- Loaded models ----

  /**
   * Makes a loaded model the current model (the service owns it from now on): any run and its charts
   * are cleared, and the model is evaluated on the test images for the evaluation cell, the notebook's
   * `predictions` and the sample's probabilities. Refused while training runs.
   */
  async useLoadedModel(loaded: LoadedModel, name: string): Promise<string | null> {
    const phase = this.status.phase;
    if (phase === 'running' || phase === 'paused' || phase === 'starting' || phase === 'stopping') {
      loaded.model.dispose();
      return 'stop training first: a model cannot be loaded while one trains';
    }
    const generation = ++this.generation;
    await this.disposeTrainer();
    this.disposeLoaded();
    this.loaded = { ...loaded, name };
    // A model loaded after a lost context lives in the new one.
    this.lostContext = false;
    this.clearHistory();
    this.dropStaged();
    const tensors = this.dataset.tensors();
    this.trainedOn = tensors ? { source: this.dataset.getStatus().source, trainImages: tensors.trainImages } : null;
    const info = loaded.info;
    const trainable = info.spec
      ? `Train trains on from its weights with its layer list (${specToText(info.spec)}).`
      : `It is evaluation-only here: ${info.specProblem ?? 'its layers are not ones the layer editor has'}.`;
    this.status = {
      ...INITIAL,
      chartsVersion: this.status.chartsVersion + 1,
      resumable: this.status.resumable,
      loadedModel: { name, info },
      message: { kind: 'info', text: `Loaded '${name}' (${info.layers.join(', ')}). ${trainable}` },
    };
    this.publish(true);
    // Before the dataset is in tensors, onDatasetChange evaluates the model once it is.
    if (tensors) await this.evaluateLoaded(generation);
    return null;
  }

  /** Evaluates the loaded model on the test images (once the dataset is in tensors) for the evaluation cell. */
  private async evaluateLoaded(generation: number): Promise<void> {
    const loaded = this.loaded;
    const tensors = this.dataset.tensors();
    if (!loaded || !tensors) return;
    this.trainedOn ??= { source: this.dataset.getStatus().source, trainImages: tensors.trainImages };
    this.evaluatingLoaded = true;
    try {
      const m = await loadModules();
      this.m = m;
      if (generation !== this.generation) return;
      const result = await m.evaluate.evaluate(loaded.model, tensors.testImages, tensors.testLabels);
      if (generation !== this.generation) return;
      this.update({ ...this.testPatch(result, `of the loaded model '${loaded.name}'`, 0, 0), ...this.resources() }, true);
      if (this.sampleWanted) void this.refreshSample();
    } catch (e) {
      if (generation === this.generation) this.update({ message: { kind: 'error', text: `The loaded model could not be evaluated: ${errorMessage(e)}` } }, true);
    } finally {
      this.evaluatingLoaded = false;
    }
  }

  /** Follows a rename in the library: the loaded model keeps being called by its saved name. */
  renameLoaded(from: string, to: string): void {
    const loaded = this.loaded;
    if (!loaded || loaded.name !== from || !this.status.loadedModel) return;
    this.loaded = { ...loaded, name: to };
    this.update({ loadedModel: { ...this.status.loadedModel, name: to } }, true);
  }

  private disposeLoaded(): void {
    this.loaded?.model.dispose();
    this.loaded = null;
  }

  // ---- Checkpoints in the browser ----

  /** Resumes the run an earlier page saved: its charts' history comes back, then training continues from its weights. */
  async resumeStoredCheckpoint(): Promise<void> {
    const c = this.stored;
    const phase = this.status.phase;
    if (!c || phase === 'running' || phase === 'paused' || phase === 'starting' || phase === 'stopping') return;
    const blocked = this.resumeBlocked(c);
    if (blocked) return this.update({ message: { kind: 'info', text: `Cannot resume: ${blocked}.` } }, true);
    this.stored = null;
    clearBatchSeries(this.series);
    const b = c.batches;
    for (let i = 0; i < b.examples.length; i++) appendBatch(this.series, { examples: b.examples[i], epochs: b.epochs[i], timeMs: b.timeMs[i], loss: b.loss[i], accuracy: b.accuracy[i] });
    this.epochs = c.epochs.map((e) => ({ ...e }));
    this.lrChanges = c.lrChanges.map((l) => ({ ...l }));
    this.epochWeights = [{ epoch: c.epoch, weights: c.weights }];
    this.checkpoint = { epoch: c.epoch, examplesSeen: c.examplesSeen, weights: c.weights };
    this.status = { ...this.status, testHistory: c.testHistory, test: null, resumable: null };
    const remaining = c.targetEpochs > c.epoch ? c.targetEpochs - c.epoch : c.settings.epochs;
    await this.startNew({ ...c.settings, epochs: remaining }, this.checkpoint);
  }

  /** Forgets the checkpoint an earlier page saved. */
  async discardStoredCheckpoint(): Promise<void> {
    this.checkpointToken++;
    this.stored = null;
    if (this.status.resumable) this.update({ resumable: null }, true);
    const r = await this.checkpoints?.clear();
    if (r && !r.ok) console.warn(r.error);
  }

  /** The checkpoint saved by an earlier page, offered as "Resume from epoch N". */
  private async readStoredCheckpoint(): Promise<void> {
    const token = this.checkpointToken;
    const r = await this.checkpoints?.load();
    if (!r || !r.ok || r.value === null || r.value === undefined || token !== this.checkpointToken || this.trainer || this.loaded) return;
    const parsed = tryParseCheckpoint(r.value);
    if (!parsed.ok) {
      console.warn(`Discarding the saved checkpoint: ${parsed.error}`);
      void this.discardStoredCheckpoint();
      return;
    }
    this.stored = parsed.value;
    this.update({ resumable: this.resumeOffer(parsed.value) }, true);
  }

  private resumeOffer(c: StoredCheckpoint): TrainingStatus['resumable'] {
    return { epoch: c.epoch, targetEpochs: c.targetEpochs, savedAt: c.savedAt, model: presetOf(c.settings.model) ?? specToText(c.settings.model), dataset: c.dataset.name, blocked: this.resumeBlocked(c) };
  }

  private resumeBlocked(c: StoredCheckpoint): string | null {
    const d = this.dataset.getStatus();
    const source = d.source;
    if (source.name !== c.dataset.name || source.rows !== c.dataset.rows || source.cols !== c.dataset.cols) return `it was trained on ${c.dataset.name}, and ${source.name} is in use`;
    return null;
  }

  /** After each epoch: the weights, settings, position and charts' history, to IndexedDB. */
  private async persistCheckpoint(): Promise<void> {
    const store = this.checkpoints;
    const c = this.checkpoint;
    const run = this.status.run;
    if (!store || !c || !run) return;
    const token = this.checkpointToken;
    const source = this.dataset.getStatus().source;
    const s = this.series;
    const record: StoredCheckpoint = {
      version: CHECKPOINT_VERSION,
      savedAt: Date.now(),
      settings: run.settings,
      dataset: { name: source.name, rows: source.rows, cols: source.cols },
      epoch: c.epoch,
      examplesSeen: c.examplesSeen,
      targetEpochs: run.targetEpochs,
      weights: c.weights,
      batches: downsampleColumns(s, s.length),
      epochs: this.epochs,
      lrChanges: this.lrChanges,
      testHistory: this.status.testHistory,
    };
    const r = await store.save(record);
    if (token !== this.checkpointToken) {
      // Reset or a new model came while this was being written: it must not outlive them.
      await store.clear();
      return;
    }
    if (!r.ok) this.update({ message: { kind: 'info', text: `The checkpoint of epoch ${c.epoch} could not be kept in the browser (${r.error}); training goes on.` } }, true);
  }

  // ---- Dataset and context loss ----

  private onDatasetChange(): void {
    const d = this.dataset.getStatus();
    if (this.datasetReplaced()) return;
    if (d.contextLost && !this.lostContext && this.trainer) {
      // The model's tensors went with the context: abandon the trainer (its pending readback may never settle).
      this.lostContext = true;
      this.generation++;
      const lost = this.trainer;
      this.trainer = null;
      // Stop it and free what can be freed; a readback that never settles leaves this pending, harmlessly.
      void lost.dispose().catch(() => {});
      const epoch = this.checkpoint?.epoch ?? null;
      const kept = epoch !== null ? `The weights of epoch ${epoch}, the last finished, are kept.` : 'No epoch had finished, so there are no weights to keep.';
      this.update(
        {
          phase: 'failed',
          message: { kind: 'context-lost', text: `The WebGL context was lost during training, so training stopped. ${kept} Reload the dataset on the cpu backend (in the dataset cell) to continue from there.` },
        },
        true,
      );
      return;
    }
    if (d.contextLost && !this.lostContext && this.loaded) {
      // The loaded model's tensors went with the context; its copy in the library (if saved) is intact.
      this.lostContext = true;
      this.generation++;
      const name = this.loaded.name;
      this.loaded = null;
      this.update(
        {
          loadedModel: null,
          message: { kind: 'context-lost', text: `The WebGL context was lost, and the loaded model '${name}' with it. Reload the dataset (in the dataset cell), then load the model again from Saved models.` },
        },
        true,
      );
      return;
    }
    if (this.lostContext && d.phase === 'ready' && !this.status.canContinueFromCheckpoint && this.checkpoint) {
      this.update({ canContinueFromCheckpoint: true }, true);
    }
    // A model loaded before the dataset was in tensors is evaluated as soon as it is.
    if (this.loaded && !this.trainer && !this.trainedOn && !this.evaluatingLoaded && d.phase === 'ready' && this.dataset.tensors()) void this.evaluateLoaded(this.generation);
  }

  /**
   * Another dataset in use (or the same files loaded again, in new tensors) leaves the model, its run
   * and its checkpoint without data: they are reset as Reset does, with a message saying why. True when it reset.
   */
  private datasetReplaced(): boolean {
    const trained = this.trainedOn;
    if (!trained) return false;
    const now = this.dataset.getStatus().source;
    const was = trained.source;
    const otherSource = now.kind !== was.kind || now.name !== was.name || now.rows !== was.rows || now.cols !== was.cols;
    const tensors = this.dataset.tensors();
    const reloaded = !otherSource && !this.lostContext && tensors !== null && tensors.trainImages !== trained.trainImages;
    if (!otherSource && !reloaded) return false;
    const text = otherSource
      ? `The dataset changed to ${now.name}, so the model trained on ${was.name} was reset.`
      : `The dataset ${was.name} was loaded again, so the model trained on it was reset.`;
    void this.reset().then(() => this.update({ message: { kind: 'info', text } }, true));
    return true;
  }

  // ---- Plumbing ----

  /** Forgets the run's charts, epoch weights and in-memory checkpoint (a new model, a reset, a loaded model). */
  private clearHistory(): void {
    clearBatchSeries(this.series);
    this.epochs = [];
    this.lrChanges = [];
    this.epochWeights = [];
    this.checkpoint = null;
  }

  private fail(text: string, kind: TrainingMessage['kind'] = 'error'): void {
    this.update({ phase: this.trainer ? this.status.phase : 'idle', message: { kind, text } }, true);
  }

  private async disposeTrainer(): Promise<void> {
    const trainer = this.trainer;
    this.trainer = null;
    await trainer?.dispose();
  }

  private maybeResources(): Partial<TrainingStatus> {
    const now = performance.now();
    if (now - this.lastResourceAt < RESOURCE_REFRESH_MS) return {};
    this.lastResourceAt = now;
    return this.resources();
  }

  private resources(): { resources: TrainingResources } {
    const prior = this.status.resources;
    const memory = this.dataset.memoryNow();
    return {
      resources: {
        numTensors: memory?.numTensors ?? 0,
        numBytes: memory?.numBytes ?? 0,
        numBytesInGPU: memory?.numBytesInGPU ?? null,
        perEpoch: prior?.perEpoch ?? [],
        warning: prior?.warning ?? null,
      },
    };
  }

  private update(patch: Partial<TrainingStatus>, now = false): void {
    if (now && this.staged) {
      // Older batch progress first, so the immediate patch wins where both set a field.
      this.status = { ...this.status, ...this.staged };
      this.dropStaged();
    }
    this.status = { ...this.status, ...patch };
    this.publish(now);
  }

  /** Batch progress, published by a trailing timer at most every BATCH_UI_INTERVAL_MS. */
  private stage(patch: Partial<TrainingStatus>): void {
    this.staged = { ...this.staged, ...patch };
    if (this.stageTimer !== null) return;
    const wait = Math.max(0, this.lastStagedAt + BATCH_UI_INTERVAL_MS - performance.now());
    this.stageTimer = setTimeout(() => {
      this.stageTimer = null;
      const staged = this.staged;
      this.staged = null;
      this.lastStagedAt = performance.now();
      if (staged) this.update(staged);
    }, wait);
  }

  private dropStaged(): void {
    this.staged = null;
    if (this.stageTimer !== null) clearTimeout(this.stageTimer);
    this.stageTimer = null;
  }

  private publish(now: boolean): void {
    this.publisher.publish(now);
  }

}
