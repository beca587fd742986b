/**
 * What a bench page hands back to scripts/bench-training.ts: plain numbers only, the same shape for
 * our pipeline and the reference, so the script derives every figure the same way for both.
 * Times are training-clock ms (since training began, evaluation windows subtracted) unless named
 * otherwise; `performance.now()` values are marked as such.
 */

/** A check of all test images at some point of training. */
export interface AccuracyCheck {
  /** Training examples seen before the check (cumulative over epochs). */
  examples: number;
  /** examples / training examples per epoch. */
  epochs: number;
  trainMs: number;
  accuracy: number;
  /** Images evaluated (10,000 for the full test set). */
  count: number;
  /** Wall time of this evaluation, kept off the training clock. */
  evalMs: number;
  atEpochEnd: boolean;
}

/** tf.memory() at the end of an epoch, before any evaluation of ours. */
export interface EpochEnd {
  epoch: number;
  examples: number;
  trainMs: number;
  numTensors: number;
  numBytes: number;
  numBytesInGPU: number | null;
  numBytesInGPUAllocated: number | null;
}

/** A point on the training clock. */
export interface ClockPoint {
  examples: number;
  trainMs: number;
}

export interface RunRecord {
  pipeline: 'ours' | 'reference';
  /** 'dense' | 'cnn' for ours, 'classic-convnet' for the reference. */
  model: string;
  params: number;
  backend: string;
  optimizer: string;
  learningRate: number;
  /** The learning-rate schedule (lr-schedule.ts); the reference's is constant. */
  schedule: string;
  batchSize: number;
  /** Training examples per epoch. */
  trainCount: number;
  epochs: number;
  evalEvery: number;
  /** Getting the data ready for training, ms: ours loads as the app does; the reference decodes, builds and uploads its arrays. */
  prepMs: number;
  /** End of the first batch (shader compilation included) and of the last. */
  firstBatch: ClockPoint | null;
  lastBatch: ClockPoint | null;
  checks: AccuracyCheck[];
  epochEnds: EpochEnd[];
  /** performance.now() at the start and end of training, for the long tasks. */
  trainWindow: [number, number];
  /** performance.now() spans of every evaluation (long tasks in them are counted apart). */
  evalWindows: [number, number][];
  notes: string[];
}

/** Where a page's outcome is published for the script to poll. */
export type BenchStatus = { state: 'loading' | 'training'; examples: number } | { state: 'done'; record: RunRecord } | { state: 'error'; message: string };

/** A long task as PerformanceObserver reports it (performance.now() time base). */
export interface LongTaskEntry {
  startTime: number;
  duration: number;
}

/** One synchronous piece of the trainer's main-thread work (src/model/work-trace.ts): 'step' or 'evaluate'. */
export interface TrainingWorkEntry {
  startTime: number;
  duration: number;
  what: string;
}

declare global {
  interface Window {
    __benchStatus?: BenchStatus;
    /** Filled by the script's init script (a 'longtask' PerformanceObserver installed before any page code). */
    __benchLongTasks?: LongTaskEntry[];
    /** The trainer's work measures, recorded by the same init script. */
    __benchTrainingWork?: TrainingWorkEntry[];
  }
}
