/**
 * A training checkpoint as stored in the browser at each epoch end: the weights, the settings, where
 * the run was, and the charts' history (batch series downsampled, so the record stays small), so a
 * reload or a crash can resume with the curves intact. Pure; the store is in model-store.ts.
 */
import { err, ok, type Result } from '../lib/result';
import { isLrScheduleName } from './lr-schedule';
import { OPTIMIZERS, type TrainingSettings } from './settings';
import { analyzeSpec } from './spec';
import type { BatchColumns, EpochPoint, LrMarker, TestPoint } from './run-history';
import type { WeightValues } from './weights';

export const CHECKPOINT_VERSION = 1;
/** Batch points kept in a checkpoint: enough for the curves' shape, ~40 KB. */
export const MAX_CHECKPOINT_BATCHES = 1000;

export interface StoredCheckpoint {
  version: number;
  /** Date.now() when written. */
  savedAt: number;
  settings: TrainingSettings;
  /** The dataset it trained on: a resume needs the same one. */
  dataset: { name: string; rows: number; cols: number };
  /** The last finished epoch (absolute, counted from the run's first). */
  epoch: number;
  examplesSeen: number;
  /** The epoch the run was training up to. */
  targetEpochs: number;
  weights: WeightValues[];
  batches: BatchColumns;
  /** The run's history as the charts had it (run-history's own records: a change there is a new CHECKPOINT_VERSION). */
  epochs: EpochPoint[];
  lrChanges: LrMarker[];
  testHistory: TestPoint[];
}

/** Indices of at most `max` of `n` points, evenly spread, first and last kept. */
export function downsampleIndices(n: number, max: number = MAX_CHECKPOINT_BATCHES): number[] {
  if (n <= 0) return [];
  const m = Math.max(2, Math.floor(max));
  if (n <= m) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: m }, (_, i) => Math.round((i * (n - 1)) / (m - 1)));
}

/** Columns [0, length) of a columnar series, downsampled to at most `max` points. */
export function downsampleColumns(columns: { [K in keyof BatchColumns]: ArrayLike<number> }, length: number, max: number = MAX_CHECKPOINT_BATCHES): BatchColumns {
  const idx = downsampleIndices(length, max);
  const take = (c: ArrayLike<number>) => idx.map((i) => c[i]);
  return { examples: take(columns.examples), epochs: take(columns.epochs), timeMs: take(columns.timeMs), loss: take(columns.loss), accuracy: take(columns.accuracy) };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * Checks a record read back from storage (it may be from an older version, or damaged) before a
 * resume trusts it. The message says what is wrong; the caller discards the record.
 */
export function tryParseCheckpoint(raw: unknown): Result<StoredCheckpoint> {
  if (!isObject(raw)) return err('the saved checkpoint is not a record');
  if (raw.version !== CHECKPOINT_VERSION) return err(`the saved checkpoint is version ${String(raw.version)}; this notebook reads version ${CHECKPOINT_VERSION}`);
  const { savedAt, settings, dataset, epoch, examplesSeen, targetEpochs, weights, batches, epochs, lrChanges, testHistory } = raw;
  if (!isNum(savedAt) || !isCount(epoch) || epoch < 1 || !isCount(examplesSeen) || !isCount(targetEpochs)) return err('the saved checkpoint has no epoch or position');
  if (!isObject(dataset) || typeof dataset.name !== 'string' || !isCount(dataset.rows) || !isCount(dataset.cols)) return err('the saved checkpoint does not say which dataset it trained on');
  if (!isObject(settings) || !isObject(settings.model) || !analyzeSpec(settings.model as never).ok) return err("the saved checkpoint's layer list is not valid");
  if (!(OPTIMIZERS as readonly unknown[]).includes(settings.optimizer) || !isNum(settings.learningRate) || !isCount(settings.batchSize) || !isCount(settings.subsetSize) || !isCount(settings.seed) || !isObject(settings.validation)) {
    return err("the saved checkpoint's settings are not complete");
  }
  // A checkpoint saved before schedules existed trained at a constant rate.
  const schedule = settings.schedule ?? 'constant';
  if (typeof schedule !== 'string' || !isLrScheduleName(schedule)) return err(`the saved checkpoint's learning-rate schedule '${String(schedule)}' is not one this notebook knows`);
  if (!Array.isArray(weights) || weights.length === 0) return err('the saved checkpoint has no weights');
  for (const w of weights) {
    if (!isObject(w) || typeof w.name !== 'string' || !Array.isArray(w.shape) || !w.shape.every(isCount) || !(w.values instanceof Float32Array)) return err('a weight in the saved checkpoint is damaged');
    if ((w.shape as number[]).reduce((a, b) => a * b, 1) !== w.values.length) return err(`the weight ${w.name} in the saved checkpoint has the wrong number of values`);
  }
  if (!isObject(batches)) return err('the saved checkpoint has no chart history');
  const cols = ['examples', 'epochs', 'timeMs', 'loss', 'accuracy'] as const;
  const n = Array.isArray(batches.examples) ? batches.examples.length : -1;
  if (!cols.every((c) => Array.isArray(batches[c]) && (batches[c] as unknown[]).length === n && (batches[c] as unknown[]).every(isNum))) return err("the saved checkpoint's batch history is damaged");
  if (!Array.isArray(epochs) || !epochs.every((e) => isObject(e) && isCount(e.epoch) && isNum(e.examples) && isNum(e.trainLoss))) return err("the saved checkpoint's epoch history is damaged");
  if (!Array.isArray(lrChanges) || !lrChanges.every((l) => isObject(l) && isNum(l.examples) && isNum(l.learningRate))) return err("the saved checkpoint's learning-rate markers are damaged");
  if (!Array.isArray(testHistory) || !testHistory.every((t) => isObject(t) && isCount(t.epoch) && isNum(t.accuracy))) return err("the saved checkpoint's test history is damaged");
  return ok({ ...(raw as unknown as StoredCheckpoint), settings: { ...(settings as unknown as TrainingSettings), schedule } });
}
