/**
 * The notebook's only door to training. It decides which model is current (a run's, or a loaded
 * one), owns it, and follows the dataset (another dataset resets, a lost WebGL context abandons the
 * model and keeps its last epoch's weights). The parts do the rest: a run's events and controls in
 * training-run.ts (reduced by training-reducer.ts into the TrainingStatus it publishes), the loaded
 * model in loaded-model.ts, test evaluations in test-evaluation.ts, the checkpoint in the browser in
 * checkpoint-sync.ts, the notebook's sample in sample-follow.ts, the charts' history in
 * model/run-history.ts. TensorFlow.js and the model modules are imported on first use.
 */
import type * as TfModule from '@tensorflow/tfjs';
import type { SplitName } from '../../data/format';
import type { Trainer, TrainingCheckpoint } from '../../model/trainer';
import type { LoadedModel } from '../../model/model-io';
import type { CheckpointStore } from '../../model/model-store';
import { RunHistory } from '../../model/run-history';
import type { TrainingSettings } from '../../model/settings';
import { errorMessage } from '../../lib/format';
import { StoredCheckpoints } from './checkpoint-sync';
import { loadedModelMessage, LoadedModelHolder } from './loaded-model';
import { loadTrainingModules, type TrainingModules } from './training-modules';
import type { EvaluationContext } from './test-evaluation';
import { DATASET_MESSAGES, datasetChangeOf, INITIAL_STATUS, runStartPatch } from './training-reducer';
import { TrainingRun, type RunContext } from './training-run';
import { isTrainingBusy, isWeightsChanging, type TrainingMessage, type TrainingStatus } from './training-types';
import { SampleFollower, type EmbeddingMethod } from './sample-follow';
import { StagedStatus } from './staged-status';
import { WeightWatch } from './weight-watch';
import type { DatasetSource, TrainingDataset } from './types';

/**
 * Batch updates reach the page at most this often (a trailing timer): drawing two live charts costs
 * tens of ms on a slow machine, and doing that per batch would take the main thread from training
 * and from the rest of the notebook. Epoch ends, pauses and stops are shown at once.
 */
const BATCH_UI_INTERVAL_MS = 200;

declare global {
  interface Window {
    /** The training service, for `npm run bench` and e2e tests to read figures from. */
    __mnistTraining?: TrainingService;
  }
}

export interface TrainingServiceOptions {
  /** Where each epoch's checkpoint is kept across reloads (IndexedDB in the app); none: no resume offer. */
  checkpoints?: CheckpointStore;
}

export class TrainingService {
  /** The run's batches, epochs and learning-rate markers; status.chartsVersion tells when they changed. */
  readonly history = new RunHistory();
  /** The weights the "Inside the network" cell draws: each epoch end's copy, or a readback asked for. */
  readonly weights = new WeightWatch();

  private readonly store = new StagedStatus<TrainingStatus>(INITIAL_STATUS, BATCH_UI_INTERVAL_MS);
  private readonly dataset: TrainingDataset;
  private readonly stored: StoredCheckpoints;
  private readonly loaded = new LoadedModelHolder();
  /** The current run (its trainer owns the model's tensors), or null. */
  private run: TrainingRun | null = null;
  /** Bumped whenever the current model changes: work started for an older one drops its result. */
  private generation = 0;
  /** The last finished epoch's weights on the CPU (absolute epoch), to continue after a lost context. */
  private checkpoint: TrainingCheckpoint | null = null;
  private readonly sample = new SampleFollower({
    model: () => this.currentModel(),
    probeModel: () => (this.trainer ? { spec: this.trainer.settings.model, seed: this.trainer.settings.seed, imageShape: this.trainer.imageShape } : null),
    tensors: () => (this.lostContext ? null : this.dataset.tensors()),
    generation: () => this.generation,
    shown: () => this.status.sample,
    show: (sample) => this.store.update({ sample }, true),
  });
  private readonly unsubscribeDataset: () => void;
  /** What a run and an evaluation read of the service and tell it. */
  private readonly context: RunContext & EvaluationContext;
  private lostContext = false;
  /** The dataset the current model (or its run, or its checkpoint) was trained on, and its training images tensor. */
  private trainedOn: { source: DatasetSource; trainImages: TfModule.Tensor } | null = null;

  constructor(dataset: TrainingDataset, options: TrainingServiceOptions = {}) {
    this.dataset = dataset;
    this.context = {
      store: this.store,
      dataset: this.dataset,
      history: this.history,
      generation: () => this.generation,
      refreshSample: () => void this.sample.refresh(),
      lostContext: () => this.lostContext,
      keptEpoch: () => this.checkpoint?.epoch ?? null,
      epochKept: (checkpoint) => {
        this.checkpoint = checkpoint;
        this.sample.epochWeights.add(checkpoint.epoch, checkpoint.weights);
        this.weights.epochEnded(checkpoint.epoch, checkpoint.weights);
      },
      epochShown: () => void this.stored.persist(this.checkpoint),
    };
    this.stored = new StoredCheckpoints(options.checkpoints ?? null, this.context);
    this.unsubscribeDataset = dataset.subscribe(() => this.onDatasetChange());
    void this.stored.offer(() => !this.trainer && !this.loaded.model);
  }

  subscribe = this.store.subscribe;

  getStatus = (): TrainingStatus => this.store.get();

  get series() {
    return this.history.series;
  }

  get epochs() {
    return this.history.epochs;
  }

  get lrChanges() {
    return this.history.lrChanges;
  }

  private get status(): TrainingStatus {
    return this.store.get();
  }

  private get trainer(): Trainer | null {
    return this.run?.trainer ?? null;
  }

  /**
   * The current model, borrowed (the service owns it: never dispose it, never keep it past a
   * subscriber call), or null when there is none. Input as the trainer's, output [batch, 10].
   */
  currentModel(): TfModule.LayersModel | null {
    return this.trainer?.model ?? this.loaded.model;
  }

  /** Whether Train would continue the current model (same model, data and seed) rather than build a new one. */
  continues(settings: TrainingSettings): boolean {
    if (this.run === null && this.loaded.info?.spec) return this.loaded.trainsOnWith(settings);
    return this.run?.continuesWith(settings) ?? false;
  }

  /**
   * Trains with `settings`: continues the current model if only epochs or the learning rate changed,
   * else disposes it and builds a new one. Resolves when the run has started (or failed to).
   */
  async train(settings: TrainingSettings): Promise<void> {
    if (isTrainingBusy(this.status.phase)) return;
    if (this.run?.continuesWith(settings)) return this.run.continue(settings);
    const model = this.loaded.model;
    if (model && this.loaded.trainsOnWith(settings)) {
      // Train on from the loaded model's weights (its layers are the form's layer list).
      const m = await loadTrainingModules();
      const weights = await m.weights.readWeights(model);
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
    this.loaded.dispose();
    // A new model (or one trained on from a loaded model) replaces any checkpoint an earlier page left.
    if (!from || from.epoch === 0) void this.discardStoredCheckpoint();
    this.store.update({ phase: 'starting', message: null }, true);
    let m: TrainingModules;
    try {
      m = await loadTrainingModules();
    } catch (e) {
      return this.fail(`TensorFlow.js could not be loaded: ${errorMessage(e)}. Reload the page.`);
    }
    if (generation !== this.generation) return;
    const tensors = this.dataset.tensors();
    if (!tensors) return this.fail('The dataset is not in tensors yet: wait until the dataset cell says it is loaded and verified, then press Train.', 'info');

    const source = this.dataset.getStatus().source;
    const created = m.trainer.createTrainer(tensors, settings, { imageShape: { rows: source.rows, cols: source.cols }, testEachEpoch: true, initialWeights: from?.weights, epochsBefore: from?.epoch });
    if (!created.ok) return this.fail(`Cannot train: ${created.error}.`, 'info');
    const trainer = created.value;
    this.run = new TrainingRun(trainer, this.context, generation);
    this.trainedOn = { source, trainImages: tensors.trainImages };
    this.lostContext = false;
    trainer.watchSample(this.sample.wanted);

    if (from) {
      // Continue the charts where the lost run's last finished epoch left them.
      this.history.continueFrom(from.epoch, from.examplesSeen);
      this.sample.epochWeights.keepUpTo(from.epoch);
    } else {
      this.clearHistory();
    }
    const run = { settings, trainCount: trainer.trainCount, valCount: trainer.valCount, batchesPerEpoch: trainer.batchesPerEpoch, targetEpochs: this.history.offset.epochs + settings.epochs, backend: m.tf.getBackend() };
    this.store.update(runStartPatch(this.status, run, from, this.stored.sync.offered !== null), true);
    await this.run.begin();
    if (generation === this.generation && this.sample.wanted) void this.sample.refresh();
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
    await this.run?.stop();
  }

  /** Disposes the model and clears the run: the next Train starts from new weights. */
  async reset(): Promise<void> {
    this.generation++;
    this.trainedOn = null;
    await this.disposeTrainer();
    this.loaded.dispose();
    void this.discardStoredCheckpoint();
    this.clearHistory();
    this.store.replace({ ...INITIAL_STATUS, chartsVersion: this.status.chartsVersion + 1, sample: null });
  }

  /** Changes the learning rate from the next batch on (marked on the charts). Returns a message if refused. */
  setLearningRate(learningRate: number): string | null {
    if (!this.trainer) return 'there is no model yet: press Train';
    const r = this.trainer.setLearningRate(learningRate);
    return r.ok ? null : r.error;
  }

  /** Tells the service which sample the notebook shows: its prediction (and history) follow it. */
  setSample(split: SplitName, index: number): void {
    if (!this.sample.want(split, index)) return;
    this.trainer?.watchSample(this.sample.wanted);
    if (this.currentModel()) void this.sample.refresh();
  }

  /** Frees the model and stops training (page leaving). */
  dispose(): void {
    this.generation++;
    this.unsubscribeDataset();
    void this.disposeTrainer();
    this.loaded.dispose();
    this.store.dispose();
  }

  // ---- Loaded models ----

  /**
   * Makes a loaded model the current model (the service owns it from now on): any run and its charts
   * are cleared, and the model is evaluated on the test images for the evaluation cell, the notebook's
   * `predictions` and the sample's probabilities. Refused while training runs.
   */
  async useLoadedModel(loaded: LoadedModel, name: string): Promise<string | null> {
    if (isTrainingBusy(this.status.phase)) {
      loaded.model.dispose();
      return 'stop training first: a model cannot be loaded while one trains';
    }
    const generation = ++this.generation;
    await this.disposeTrainer();
    this.loaded.hold(loaded, name);
    // A model loaded after a lost context lives in the new one.
    this.lostContext = false;
    this.clearHistory();
    const tensors = this.dataset.tensors();
    this.trainedOn = tensors ? { source: this.dataset.getStatus().source, trainImages: tensors.trainImages } : null;
    this.store.replace({
      ...INITIAL_STATUS,
      chartsVersion: this.status.chartsVersion + 1,
      resumable: this.status.resumable,
      loadedModel: { name, info: loaded.info },
      message: { kind: 'info', text: loadedModelMessage(name, loaded.info) },
    });
    if (tensors) await this.evaluateLoaded(generation); // else onDatasetChange does, once the dataset is in tensors
    return null;
  }

  /** Evaluates the loaded model on the test images (once the dataset is in tensors) for the evaluation cell. */
  private async evaluateLoaded(generation: number): Promise<void> {
    const tensors = this.dataset.tensors();
    if (!this.loaded.model || !tensors || generation !== this.generation) return;
    this.trainedOn ??= { source: this.dataset.getStatus().source, trainImages: tensors.trainImages };
    await this.loaded.evaluate(this.context);
  }

  /** For the "Inside the network" cell: a sample's every layer, the test images' map and its shaders' precompile (see SampleFollower). */
  activations = (split: SplitName, index: number) => this.sample.activations(split, index);
  embedding = (learned: boolean, method: EmbeddingMethod) => this.sample.embedding(learned, method);
  prepareEmbedding = (method: EmbeddingMethod): Promise<void> => (isTrainingBusy(this.status.phase) ? Promise.resolve() : this.sample.prepareEmbedding(method));
  /** Reads the current model's weights for the "Inside the network" cell (not while they change); a message, or null. */
  async readWeightsNow(): Promise<string | null> {
    const model = this.currentModel();
    if (!model) return 'there is no model yet: train one or load one';
    if (isWeightsChanging(this.status.phase)) return 'pause training first: the weights change with every batch';
    const [generation, { series }] = [this.generation, this.history];
    const values = await (await loadTrainingModules()).weights.readWeights(model);
    if (generation === this.generation) this.weights.read(values, this.loaded.model || series.length === 0 ? null : series.epochs[series.length - 1]);
    return null;
  }

  /** Follows a rename in the library: the loaded model keeps being called by its saved name. */
  renameLoaded(from: string, to: string): void {
    const shown = this.status.loadedModel;
    if (shown && this.loaded.rename(from, to)) this.store.update({ loadedModel: { ...shown, name: to } }, true);
  }

  // ---- Checkpoints in the browser ----

  /** Resumes the run an earlier page saved: its charts' history comes back, then training continues from its weights. */
  async resumeStoredCheckpoint(): Promise<void> {
    if (isTrainingBusy(this.status.phase)) return;
    const c = this.stored.takeForResume();
    if (!c) return;
    this.sample.epochWeights.clear();
    this.sample.epochWeights.add(c.epoch, c.weights);
    this.checkpoint = { epoch: c.epoch, examplesSeen: c.examplesSeen, weights: c.weights };
    const remaining = c.targetEpochs > c.epoch ? c.targetEpochs - c.epoch : c.settings.epochs;
    await this.startNew({ ...c.settings, epochs: remaining }, this.checkpoint);
  }

  /** Forgets the checkpoint an earlier page saved. */
  async discardStoredCheckpoint(): Promise<void> {
    await this.stored.discard();
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
      this.run = null;
      // Stop it and free what can be freed; a readback that never settles leaves this pending, harmlessly.
      void lost.dispose().catch(() => {});
      return this.store.update({ phase: 'failed', message: { kind: 'context-lost', text: DATASET_MESSAGES.trainerLost(this.checkpoint?.epoch ?? null) } }, true);
    }
    if (d.contextLost && !this.lostContext && this.loaded.model) {
      // The loaded model's tensors went with the context; its copy in the library (if saved) is intact.
      this.lostContext = true;
      this.generation++;
      const text = DATASET_MESSAGES.loadedLost(this.loaded.release());
      return this.store.update({ loadedModel: null, message: { kind: 'context-lost', text } }, true);
    }
    if (this.lostContext && d.phase === 'ready' && !this.status.canContinueFromCheckpoint && this.checkpoint) {
      this.store.update({ canContinueFromCheckpoint: true }, true);
    }
    // A model loaded before the dataset was in tensors is evaluated as soon as it is.
    if (this.loaded.model && !this.trainer && !this.trainedOn && !this.loaded.evaluating && d.phase === 'ready' && this.dataset.tensors()) void this.evaluateLoaded(this.generation);
  }

  /**
   * Another dataset in use (or the same files loaded again, in new tensors) leaves the model, its run
   * and its checkpoint without data: they are reset as Reset does, with a message saying why. True when it reset.
   */
  private datasetReplaced(): boolean {
    const trained = this.trainedOn;
    if (!trained) return false;
    const now = this.dataset.getStatus().source;
    const change = datasetChangeOf(trained.source, trained.trainImages, now, this.dataset.tensors()?.trainImages ?? null, this.lostContext);
    if (!change) return false;
    const text = DATASET_MESSAGES.replaced(change, now, trained.source);
    void this.reset().then(() => this.store.update({ message: { kind: 'info', text } }, true));
    return true;
  }

  // ---- Plumbing ----

  /** Forgets the run's charts, epoch weights and in-memory checkpoint (a new model, a reset, a loaded model). */
  private clearHistory(): void {
    this.history.clear();
    this.sample.epochWeights.clear();
    this.weights.clear();
    this.checkpoint = null;
  }

  private fail(text: string, kind: TrainingMessage['kind'] = 'error'): void {
    this.store.update({ phase: this.trainer ? this.status.phase : 'idle', message: { kind, text } }, true);
  }

  private async disposeTrainer(): Promise<void> {
    const trainer = this.trainer;
    this.run = null;
    await trainer?.dispose();
  }
}
