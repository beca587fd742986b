/**
 * The trainer's events -> the training panel's status, as pure functions: no tensors, no timers, no
 * React. The training service feeds them its status, the event and what it knows of the run (the
 * offset of a continued run, the throughput, the memory figures), and publishes the patch.
 */
import { formatCount } from '../../lib/format';
import type { EvaluationResult } from '../../model/evaluate';
import type { BatchEvent, EpochEvent, TrainerEvent } from '../../model/events';
import { mostConfidentMistakes } from '../../model/metrics';
import type { RunOffset } from '../../model/run-history';
import type { RunInfo, TestEvaluation, TrainingPhase, TrainingProgress, TrainingResources, TrainingStatus } from './training-types';
import type { DatasetSource, TrainingDataset } from './types';

type MemoryFigures = NonNullable<ReturnType<TrainingDataset['memoryNow']>>;

/** Mistakes the evaluation cell shows, the most confident first. */
export const MISTAKES_SHOWN = 24;
/** Batch events kept for the throughput estimate (a sliding window of training time). */
export const RATE_WINDOW = 30;

export const EMPTY_PROGRESS: TrainingProgress = { epoch: 0, batchInEpoch: 0, batchesPerEpoch: 0, epochFraction: 0, runFraction: 0, examplesSeen: 0, examplesPerSecond: null, etaMs: null, wallMs: 0 };

export const INITIAL_STATUS: TrainingStatus = {
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

/** Recent training throughput: examples per second over the last RATE_WINDOW batches (pauses and evaluation excluded). */
export class Throughput {
  private window: { examples: number; wallMs: number }[] = [];

  add(examples: number, wallMs: number): void {
    this.window.push({ examples, wallMs });
    if (this.window.length > RATE_WINDOW) this.window.shift();
  }

  clear(): void {
    this.window = [];
  }

  /** Examples per second, or null until two batches with time between them were seen. */
  rate(): number | null {
    const w = this.window;
    if (w.length < 2) return null;
    const dt = w[w.length - 1].wallMs - w[0].wallMs;
    return dt > 0 ? ((w[w.length - 1].examples - w[0].examples) / dt) * 1000 : null;
  }
}

/** What the reducer needs to know besides the status and the event. */
export interface EventContext {
  offset: RunOffset;
  /** Throughput including this batch (for a batch event). */
  examplesPerSecond: number | null;
  /** The last epoch's evaluation time, for the time-left estimate. */
  lastEvalMs: number;
  /** The WebGL context was lost: the trainer's errors are the context loss, which has its own message. */
  lostContext: boolean;
  /** tf.memory() figures now (null: unknown). */
  memory: MemoryFigures | null;
  /** The last finished epoch whose weights are kept on the CPU (absolute). */
  checkpointEpoch: number | null;
}

/** How the patch reaches the page: at once, or with the next batch update (at most every few hundred ms). */
export type Publish = 'now' | 'staged';

export interface Reduced {
  patch: Partial<TrainingStatus>;
  publish: Publish;
}

/** The panel's phase for a trainer state: disposal and idle keep what the panel shows. */
function phaseOf(state: string, current: TrainingPhase): TrainingPhase {
  return state === 'disposed' || state === 'idle' ? current : (state as TrainingPhase);
}

/** Progress after a batch, in the run's absolute counters, with the throughput and the time left. */
export function batchProgress(status: TrainingStatus, e: BatchEvent, ctx: EventContext): TrainingProgress {
  const { offset, examplesPerSecond: rate } = ctx;
  const trainCount = status.run?.trainCount ?? 1;
  const target = status.run?.targetEpochs ?? 1;
  const done = offset.epochs + e.examplesSeen / trainCount;
  const epochsLeft = Math.max(0, target - Math.floor(done));
  const examplesLeft = Math.max(0, (target - done) * trainCount);
  return {
    epoch: offset.epochs + e.epoch,
    batchInEpoch: e.batchInEpoch,
    batchesPerEpoch: e.batchesPerEpoch,
    epochFraction: e.batchInEpoch / e.batchesPerEpoch,
    runFraction: Math.min(1, done / target),
    examplesSeen: offset.examples + e.examplesSeen,
    examplesPerSecond: rate,
    etaMs: rate ? (examplesLeft / rate) * 1000 + epochsLeft * ctx.lastEvalMs : null,
    wallMs: offset.timeMs + e.wallMs,
  };
}

/** The memory figures now, keeping the per-epoch record and the leak warning. */
export function resourcesNow(prior: TrainingResources | null, memory: MemoryFigures | null): TrainingResources {
  return {
    numTensors: memory?.numTensors ?? 0,
    numBytes: memory?.numBytes ?? 0,
    numBytesInGPU: memory?.numBytesInGPU ?? null,
    perEpoch: prior?.perEpoch ?? [],
    warning: prior?.warning ?? null,
  };
}

/** The figures at an epoch's end, with a warning when tensors alive grew since the last epoch. */
export function epochResources(prior: TrainingResources | null, memory: MemoryFigures | null, epoch: number, numTensors: number): TrainingResources {
  const now = resourcesNow(prior, memory);
  const perEpoch = [...now.perEpoch, { epoch, numTensors, numBytes: now.numBytes, numBytesInGPU: now.numBytesInGPU }];
  const previous = perEpoch.length >= 2 ? perEpoch[perEpoch.length - 2] : null;
  const warning =
    previous && numTensors > previous.numTensors
      ? `Tensors alive grew from ${formatCount(previous.numTensors)} after epoch ${previous.epoch} to ${formatCount(numTensors)} after epoch ${epoch}: something is leaking.`
      : now.warning;
  return { ...now, perEpoch, warning };
}

/** A test evaluation as the evaluation cells show it, and its point in the test history (replacing one at the same position). */
export function testPatch(status: TrainingStatus, result: EvaluationResult, when: string, epoch: number, examplesSeen: number): Pick<TrainingStatus, 'test' | 'testHistory'> {
  const test: TestEvaluation = {
    when,
    epoch,
    examplesSeen,
    accuracy: result.accuracy,
    loss: result.loss,
    count: result.count,
    confusion: result.confusion,
    perClass: result.perClass,
    mistakes: mostConfidentMistakes(result, result.labels, MISTAKES_SHOWN),
    predictions: result.predictions,
    labels: result.labels,
  };
  const history = status.testHistory.filter((h) => h.examplesSeen !== examplesSeen);
  return { test, testHistory: [...history, { epoch, examplesSeen, accuracy: result.accuracy }] };
}

/** The status patch for one trainer event. Batches are staged (the charts redraw at most every few hundred ms); the rest is published at once. */
export function reduceTrainerEvent(status: TrainingStatus, e: TrainerEvent, ctx: EventContext): Reduced {
  switch (e.type) {
    case 'state':
      return { patch: { phase: phaseOf(e.state, status.phase) }, publish: 'now' };
    case 'batch':
      return {
        patch: { progress: batchProgress(status, e, ctx), chartsVersion: status.chartsVersion + 1, learningRate: e.learningRate },
        publish: 'staged',
      };
    case 'learningRate':
      return { patch: { learningRate: e.learningRate, chartsVersion: status.chartsVersion + 1 }, publish: 'now' };
    case 'epoch':
      return { patch: epochPatch(status, e, ctx), publish: 'now' };
    case 'nan':
      return { patch: { message: { kind: 'nan', text: e.message } }, publish: 'now' };
    case 'error':
      if (ctx.lostContext) return { patch: {}, publish: 'now' };
      return { patch: { message: { kind: 'error', text: `${e.message}. The weights of the last finished epoch are kept; press Train to continue or Reset to start over.` } }, publish: 'now' };
    case 'done':
      return { patch: { progress: { ...status.progress, runFraction: 1, epochFraction: 1, etaMs: 0 }, resources: resourcesNow(status.resources, ctx.memory) }, publish: 'now' };
  }
}

function epochPatch(status: TrainingStatus, e: EpochEvent, ctx: EventContext): Partial<TrainingStatus> {
  const epoch = ctx.offset.epochs + e.epoch;
  const examplesSeen = ctx.offset.examples + e.examplesSeen;
  const sample = e.sample && status.sample && status.sample.split === e.sample.split && status.sample.index === e.sample.index ? status.sample : null;
  return {
    resources: epochResources(status.resources, ctx.memory, epoch, e.numTensors),
    chartsVersion: status.chartsVersion + 1,
    checkpointEpoch: ctx.checkpointEpoch,
    ...(e.test ? testPatch(status, e.test, `after epoch ${epoch}`, epoch, examplesSeen) : {}),
    ...(e.sample
      ? {
          sample: {
            split: e.sample.split,
            index: e.sample.index,
            probabilities: e.sample.probabilities,
            history: [...(sample ? sample.history.filter((h) => h.epoch !== epoch) : []), { epoch, probabilities: e.sample.probabilities }],
            pending: false,
          },
        }
      : {}),
  };
}

/** Where a new run's status starts: fresh, or (`from`) going on from a checkpoint's epoch or a loaded model's weights. */
export function runStartPatch(status: TrainingStatus, run: RunInfo, from: { epoch: number } | null, keepResumable: boolean): Partial<TrainingStatus> {
  const continued = from && from.epoch > 0 ? `Continuing from the weights of epoch ${from.epoch} on the ${run.backend} backend.` : "Training on from the loaded model's weights.";
  return {
    phase: 'starting',
    run,
    progress: { ...EMPTY_PROGRESS, batchesPerEpoch: run.batchesPerEpoch, epoch: 1 },
    chartsVersion: status.chartsVersion + 1,
    learningRate: run.settings.learningRate,
    test: from ? status.test : null,
    testHistory: from ? status.testHistory.filter((t) => t.epoch <= from.epoch) : [],
    sample: from ? status.sample : null,
    resources: from ? status.resources : null,
    checkpointEpoch: from ? from.epoch : null,
    canContinueFromCheckpoint: false,
    message: from ? { kind: 'info', text: continued } : null,
    loadedModel: null,
    resumable: !from && keepResumable ? status.resumable : null,
  };
}

/** What a dataset change means for the model trained on `was` (with `trainedImages`): another dataset, the same one reloaded, or nothing. */
export function datasetChangeOf(was: DatasetSource, trainedImages: unknown, now: DatasetSource, nowImages: unknown, lostContext: boolean): 'other' | 'reloaded' | null {
  if (now.kind !== was.kind || now.name !== was.name || now.rows !== was.rows || now.cols !== was.cols) return 'other';
  return !lostContext && nowImages !== null && nowImages !== trainedImages ? 'reloaded' : null;
}

/** The messages a dataset change or a lost context leaves in the training panel. */
export const DATASET_MESSAGES = {
  replaced: (change: 'other' | 'reloaded', now: DatasetSource, was: DatasetSource) =>
    change === 'other' ? `The dataset changed to ${now.name}, so the model trained on ${was.name} was reset.` : `The dataset ${was.name} was loaded again, so the model trained on it was reset.`,
  trainerLost: (epoch: number | null) =>
    `The WebGL context was lost during training, so training stopped. ${epoch !== null ? `The weights of epoch ${epoch}, the last finished, are kept.` : 'No epoch had finished, so there are no weights to keep.'} Reload the dataset on the cpu backend (in the dataset cell) to continue from there.`,
  loadedLost: (name: string | null) => `The WebGL context was lost, and the loaded model '${name}' with it. Reload the dataset (in the dataset cell), then load the model again from Saved models.`,
};
