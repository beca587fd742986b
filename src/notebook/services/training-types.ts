/** What the training panel sees of a run: plain numbers, arrays and messages, never tensors. */
import type { ClassAccuracy, Mistake } from '../../model/evaluate';
import type { TrainingSettings } from '../../model/settings';
import type { LoadedModelInfo } from '../../model/model-io';
import type { TestPoint } from '../../model/run-history';
import type { SplitName } from '../../data/format';

export type TrainingPhase = 'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'stopped' | 'done' | 'failed';

/** Phases with a run in flight; a new phase must say whether it is one. */
const BUSY: Record<TrainingPhase, boolean> = { idle: false, starting: true, running: true, paused: true, stopping: true, stopped: false, done: false, failed: false };

/** A run is in flight (starting, running, paused or stopping): no new run, reset, resume from a checkpoint or model load until it ends. */
export function isTrainingBusy(phase: TrainingPhase): boolean {
  return BUSY[phase];
}

/** The weights may change under a reader (busy and not paused): the model cannot be saved now; a paused one can. */
export function isWeightsChanging(phase: TrainingPhase): boolean {
  return isTrainingBusy(phase) && phase !== 'paused';
}

/** The run the panel shows: its settings and sizes (null before the first Train). */
export interface RunInfo {
  settings: TrainingSettings;
  trainCount: number;
  valCount: number;
  batchesPerEpoch: number;
  /** The epoch this run trains up to, counted from the first (grows when Train continues a finished run). */
  targetEpochs: number;
  backend: string;
}

export interface TrainingProgress {
  /** 1-based epoch in progress (or the last finished one when idle). */
  epoch: number;
  batchInEpoch: number;
  batchesPerEpoch: number;
  /** Fraction of the current epoch done, 0..1. */
  epochFraction: number;
  /** Fraction of the whole run done, 0..1. */
  runFraction: number;
  examplesSeen: number;
  /** Recent training throughput (excluding pauses and evaluation); null until measured. */
  examplesPerSecond: number | null;
  /** Estimated time left, evaluation included; null until measured. */
  etaMs: number | null;
  /** Training wall time so far, pauses excluded. */
  wallMs: number;
}

/** The latest evaluation on all test images, for the evaluation cells. */
export interface TestEvaluation {
  /** When it was taken, e.g. "after epoch 2" or "at stop (epoch 3, batch 41)". */
  when: string;
  epoch: number;
  examplesSeen: number;
  accuracy: number;
  loss: number;
  count: number;
  confusion: number[][];
  perClass: ClassAccuracy[];
  mistakes: Mistake[];
  /** Predicted class of every test image, in order (a confusion cell filters the gallery with these). */
  predictions: Uint8Array;
  labels: Uint8Array;
}

/** The model's probabilities for the notebook's current sample, now and at each finished epoch. */
export interface SamplePrediction {
  split: SplitName;
  index: number;
  probabilities: number[] | null;
  history: { epoch: number; probabilities: number[] }[];
  pending: boolean;
}

export interface EpochResources {
  epoch: number;
  numTensors: number;
  numBytes: number;
  numBytesInGPU: number | null;
}

export interface TrainingResources {
  numTensors: number;
  numBytes: number;
  /** tf.memory().numBytesInGPUAllocated on webgl (textures held, pooled ones included); null on cpu. */
  numBytesInGPU: number | null;
  perEpoch: EpochResources[];
  /** Set when tensors alive grew from one epoch end to the next. */
  warning: string | null;
}

export interface TrainingMessage {
  kind: 'nan' | 'error' | 'context-lost' | 'info';
  text: string;
}

export interface TrainingStatus {
  phase: TrainingPhase;
  run: RunInfo | null;
  progress: TrainingProgress;
  /** Changes whenever anything the charts draw changed (batches, epochs, learning-rate markers). */
  chartsVersion: number;
  learningRate: number | null;
  test: TestEvaluation | null;
  /** Test accuracy at each evaluation, oldest first. */
  testHistory: TestPoint[];
  sample: SamplePrediction | null;
  resources: TrainingResources | null;
  message: TrainingMessage | null;
  /** The last finished epoch whose weights are kept on the CPU (to continue after a lost WebGL context). */
  checkpointEpoch: number | null;
  /** After a lost context: the dataset is back (on cpu) and training can continue from the checkpoint. */
  canContinueFromCheckpoint: boolean;
  /** A checkpoint saved in the browser by an earlier page (reload, crash): training can resume from it. */
  resumable: ResumeOffer | null;
  /** The model loaded from the library or from files, when it is the current model (no run). */
  loadedModel: { name: string; info: LoadedModelInfo } | null;
}

/** What the training panel says of a checkpoint it can resume from. */
export interface ResumeOffer {
  epoch: number;
  targetEpochs: number;
  /** Date.now() when it was saved. */
  savedAt: number;
  /** "dense", "cnn" or the layer list. */
  model: string;
  dataset: string;
  /** Why it cannot resume now (another dataset in use), or null. */
  blocked: string | null;
}
