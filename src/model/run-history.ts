/**
 * One run's history as plain numbers: the batches (a columnar, append-only store), the finished
 * epochs, the learning-rate changes and the test accuracy at each evaluation. The training service
 * writes it from the trainer's events, the charts draw it, and a checkpoint stores it as it is
 * (the batches downsampled). No tensors, no React.
 */
import type { BatchEvent, EpochEvent, LearningRateEvent } from './events';

/** One finished training batch. */
export interface BatchPoint {
  /** Examples seen so far, including this batch. */
  examples: number;
  /** Fractional epochs trained. */
  epochs: number;
  /** Training wall time so far, in ms. */
  timeMs: number;
  loss: number;
  accuracy: number;
}

/** A point that can sit on any of the three x axes (examples seen, epochs, wall time). */
export type XPoint = Pick<BatchPoint, 'examples' | 'epochs' | 'timeMs'>;

/**
 * Columnar, append-only batch store. The owner mutates it in place and re-renders on `version`;
 * columns are valid for indices [0, length) only (capacity beyond that is garbage).
 */
export interface BatchSeries {
  length: number;
  /** Bumped on every append and clear: a cheap change key for React memos. */
  version: number;
  /** Bumped on clear only: anything derived from a prefix of the series is stale when it changes. */
  resets: number;
  examples: Float64Array;
  epochs: Float64Array;
  timeMs: Float64Array;
  loss: Float64Array;
  accuracy: Float64Array;
}

/** One finished epoch: training means, validation (or test) metrics, optional test metrics. */
export interface EpochPoint {
  /** 1-based, counted from the run's first epoch. */
  epoch: number;
  examples: number;
  epochs: number;
  timeMs: number;
  trainLoss: number;
  trainAccuracy: number;
  valLoss: number;
  valAccuracy: number;
  testLoss?: number;
  testAccuracy?: number;
}

/** A learning-rate change, placed where the first batch with the new rate starts. */
export interface LrMarker {
  examples: number;
  epochs: number;
  timeMs: number;
  learningRate: number;
  previous: number;
}

/** Test accuracy at one evaluation (an epoch end, a stop, a loaded model). */
export interface TestPoint {
  epoch: number;
  examplesSeen: number;
  accuracy: number;
}

/** The batch series as plain columns (same length each), as a checkpoint stores them. */
export interface BatchColumns {
  examples: number[];
  epochs: number[];
  timeMs: number[];
  loss: number[];
  accuracy: number[];
}

const INITIAL_CAPACITY = 256;

/** An empty series. `capacity` is the initial column length; it doubles as needed. */
export function createBatchSeries(capacity = INITIAL_CAPACITY): BatchSeries {
  const cap = Math.max(1, Math.floor(capacity));
  return {
    length: 0,
    version: 0,
    resets: 0,
    examples: new Float64Array(cap),
    epochs: new Float64Array(cap),
    timeMs: new Float64Array(cap),
    loss: new Float64Array(cap),
    accuracy: new Float64Array(cap),
  };
}

function grown(column: Float64Array, capacity: number): Float64Array {
  const next = new Float64Array(capacity);
  next.set(column);
  return next;
}

/** Appends one batch; amortized O(1) because columns double when full. */
export function appendBatch(series: BatchSeries, point: BatchPoint): void {
  const i = series.length;
  if (i === series.examples.length) {
    const cap = series.examples.length * 2;
    series.examples = grown(series.examples, cap);
    series.epochs = grown(series.epochs, cap);
    series.timeMs = grown(series.timeMs, cap);
    series.loss = grown(series.loss, cap);
    series.accuracy = grown(series.accuracy, cap);
  }
  series.examples[i] = point.examples;
  series.epochs[i] = point.epochs;
  series.timeMs[i] = point.timeMs;
  series.loss[i] = point.loss;
  series.accuracy[i] = point.accuracy;
  series.length = i + 1;
  series.version += 1;
}

/** Empties the series for a new run, keeping its capacity. */
export function clearBatchSeries(series: BatchSeries): void {
  series.length = 0;
  series.version += 1;
  series.resets += 1;
}

/** Batch `i` as an object (for tests and tooltips, not for hot loops). */
export function batchAt(series: BatchSeries, i: number): BatchPoint {
  if (!Number.isInteger(i) || i < 0 || i >= series.length) throw new RangeError(`batch ${i} is outside 0..${series.length - 1}`);
  return { examples: series.examples[i], epochs: series.epochs[i], timeMs: series.timeMs[i], loss: series.loss[i], accuracy: series.accuracy[i] };
}

/** Where a continued run's counters start (a run continued from a checkpoint or after a lost context). */
export interface RunOffset {
  examples: number;
  epochs: number;
  timeMs: number;
}

const NO_OFFSET: RunOffset = { examples: 0, epochs: 0, timeMs: 0 };

/**
 * The history of the current run, fed with the trainer's events. The trainer counts from its own
 * start; a run continued from a checkpoint starts at `offset`, so the curves go on where they were.
 * `epochs` and `lrChanges` are replaced (not mutated) on change, so they work as memo keys.
 */
export class RunHistory {
  readonly series: BatchSeries = createBatchSeries();
  epochs: readonly EpochPoint[] = [];
  lrChanges: readonly LrMarker[] = [];
  offset: RunOffset = NO_OFFSET;

  /** Forgets everything: a new model, a reset, a loaded model. */
  clear(): void {
    clearBatchSeries(this.series);
    this.epochs = [];
    this.lrChanges = [];
    this.offset = NO_OFFSET;
  }

  /**
   * A run continued from the end of `epoch` (absolute) after `examplesSeen` examples: later epochs
   * go, and the trainer's counters start from there. The batch points stay (they are the curves so far).
   */
  continueFrom(epoch: number, examplesSeen: number): void {
    const last = this.epochs.find((e) => e.epoch === epoch);
    this.offset = { examples: examplesSeen, epochs: epoch, timeMs: last?.timeMs ?? 0 };
    this.epochs = this.epochs.filter((e) => e.epoch <= epoch);
  }

  /** The point a trainer batch adds, in the run's absolute counters. */
  addBatch(e: BatchEvent): BatchPoint {
    const point = { examples: this.offset.examples + e.examplesSeen, epochs: this.offset.epochs + e.epochProgress, timeMs: this.offset.timeMs + e.wallMs, loss: e.loss, accuracy: e.accuracy };
    appendBatch(this.series, point);
    return point;
  }

  /** Marks a learning-rate change at the trainer's position; `timeMs` is the run's wall time so far (absolute). */
  addLrChange(e: LearningRateEvent, trainCount: number, timeMs: number): LrMarker {
    const marker = { examples: this.offset.examples + e.examplesSeen, epochs: this.offset.epochs + e.examplesSeen / Math.max(1, trainCount), timeMs, learningRate: e.learningRate, previous: e.previous };
    this.lrChanges = [...this.lrChanges, marker];
    return marker;
  }

  /** Adds a finished epoch (with its test figures, if the trainer evaluated them). */
  addEpoch(e: EpochEvent): EpochPoint {
    const epoch = this.offset.epochs + e.epoch;
    const test = e.test;
    const point: EpochPoint = {
      epoch,
      examples: this.offset.examples + e.examplesSeen,
      epochs: epoch,
      timeMs: this.offset.timeMs + e.wallMs,
      trainLoss: e.trainLoss,
      trainAccuracy: e.trainAccuracy,
      valLoss: e.valLoss,
      valAccuracy: e.valAccuracy,
      ...(test ? { testLoss: test.loss, testAccuracy: test.accuracy } : {}),
    };
    this.epochs = [...this.epochs, point];
    return point;
  }

  /** Brings back a stored history (a checkpoint's): the batch columns, the epochs and the markers. */
  restore(batches: BatchColumns, epochs: readonly EpochPoint[], lrChanges: readonly LrMarker[]): void {
    this.clear();
    for (let i = 0; i < batches.examples.length; i++) {
      appendBatch(this.series, { examples: batches.examples[i], epochs: batches.epochs[i], timeMs: batches.timeMs[i], loss: batches.loss[i], accuracy: batches.accuracy[i] });
    }
    this.epochs = epochs.map((e) => ({ ...e }));
    this.lrChanges = lrChanges.map((l) => ({ ...l }));
  }
}
