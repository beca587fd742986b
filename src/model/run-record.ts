/**
 * One training run as the runs table keeps it: what was trained on what, with which settings, and what
 * came of it, as plain JSON-ready data (the IndexedDB record and the export are this one schema, see
 * run-files.ts). Built by a pure reducer from the run's events; the batch series is thinned as it grows
 * (every k-th batch kept, k doubling), so a record stays small however long the run. No tensors, no React.
 */
import type { BatchColumns, BatchPoint, EpochPoint, LrMarker } from './run-history';
import { modelToParam, settingsToText, validateSettingsText, tryParseModelParam, type SettingsText, type TrainingSettings } from './settings';
import type { ImageShape } from './spec';

/** The schema named in every record and export: a reader refuses any other. */
export const RUN_SCHEMA = 'mnist-notebook.run/1';

/** Batches a record keeps at most: past this, every other one kept goes (the stride doubles). */
export const MAX_BATCH_POINTS = 512;

/** A run's settings as the training form types them, and its model as a link names it ('cnn', 'dense' or the layer list). */
export type RunSettings = SettingsText & { model: string };

/** How a run ended (or that it is still going). `epoch`: the last finished one. */
export type RunOutcome =
  | { kind: 'running' }
  | { kind: 'finished'; epoch: number }
  | { kind: 'stopped'; epoch: number }
  | { kind: 'nan'; epoch: number }
  | { kind: 'context-lost'; epoch: number }
  | { kind: 'failed'; epoch: number; message: string };

/** The test set's figures at the run's last evaluation. */
export interface RunTestResult {
  /** Where it was taken, e.g. "after epoch 3" or "at stop (epoch 2, batch 41 of 844)". */
  when: string;
  accuracy: number;
  loss: number;
  /** 10x10 counts: confusion[trueLabel][predicted]. */
  confusion: number[][];
  /** Accuracy of each true class, 0..1 (null for a class with no images). */
  perClass: (number | null)[];
}

export interface RunRecord {
  schema: typeof RUN_SCHEMA;
  /** Unique across tabs and imports: the start time and a random part. */
  id: string;
  name: string;
  /** "MNIST" or the name of the learner's own dataset. */
  dataset: string;
  imageShape: ImageShape;
  settings: RunSettings;
  params: number;
  backend: string;
  /** Date.now() at Train. */
  startedAt: number;
  /** Training wall time, pauses excluded. */
  durationMs: number;
  examplesPerSecond: number | null;
  epochs: EpochPoint[];
  /** Every `batchStride`-th batch (and always the latest), oldest first. */
  batches: BatchColumns;
  batchStride: number;
  /** Batches seen, of which `batches` keeps some. */
  batchCount: number;
  learningRates: LrMarker[];
  test: RunTestResult | null;
  outcome: RunOutcome;
}

/** What a run tells its record, in order: its batches, learning-rate changes, epochs, test evaluations and its end. */
export type RunRecordEvent =
  | { type: 'batch'; point: BatchPoint; examplesPerSecond: number | null }
  | { type: 'learningRate'; marker: LrMarker }
  | { type: 'epoch'; point: EpochPoint }
  | { type: 'test'; result: RunTestResult }
  | { type: 'end'; outcome: Exclude<RunOutcome, { kind: 'running' }> };

/** What a new record starts from. */
export interface RunStart {
  id: string;
  dataset: string;
  imageShape: ImageShape;
  settings: TrainingSettings;
  params: number;
  backend: string;
  startedAt: number;
}

const emptyColumns = (): BatchColumns => ({ examples: [], epochs: [], timeMs: [], loss: [], accuracy: [] });
const COLUMNS = ['examples', 'epochs', 'timeMs', 'loss', 'accuracy'] as const;

/** The model's short name in a run's default name: the preset's, else its layers' count. */
function modelShort(model: string): string {
  return model === 'cnn' || model === 'dense' ? model : `${model.split('-').length} layers`;
}

/** A run's default name, e.g. "cnn · adam 0.001 · b64 · seed 42". */
export function defaultRunName(settings: RunSettings): string {
  return `${modelShort(settings.model)} · ${settings.optimizer} ${settings.learningRate} · b${settings.batchSize} · seed ${settings.seed}`;
}

/** A run's settings in the record's form. */
export function runSettingsOf(settings: TrainingSettings): RunSettings {
  return { ...settingsToText(settings), model: modelToParam(settings.model) };
}

/** A record's settings as the trainer takes them, checked as the form checks them (on `image`), or the first message. */
export function tryParseRunSettings(settings: RunSettings, image?: ImageShape): { ok: true; value: TrainingSettings } | { ok: false; error: string } {
  const model = tryParseModelParam(settings.model, image);
  if (!model.ok) return { ok: false, error: `model: ${model.error}` };
  // Any subset the images allow: a record may come from a larger dataset than the one loaded now.
  const { errors, settings: parsed } = validateSettingsText(settings, { model: model.value, image, maxSubset: Number.MAX_SAFE_INTEGER });
  if (parsed) return { ok: true, value: parsed };
  const [field, message] = Object.entries(errors)[0] ?? ['settings', 'invalid'];
  return { ok: false, error: `${field}: ${message}` };
}

/** A new record for a run that starts now. */
export function createRunRecord(start: RunStart): RunRecord {
  const settings = runSettingsOf(start.settings);
  return {
    schema: RUN_SCHEMA,
    id: start.id,
    name: defaultRunName(settings),
    dataset: start.dataset,
    imageShape: { ...start.imageShape },
    settings,
    params: start.params,
    backend: start.backend,
    startedAt: start.startedAt,
    durationMs: 0,
    examplesPerSecond: null,
    epochs: [],
    batches: emptyColumns(),
    batchStride: 1,
    batchCount: 0,
    learningRates: [],
    test: null,
    outcome: { kind: 'running' },
  };
}

/**
 * Keeps every `stride`-th of `count` batches seen; when more than `max` are kept, every other one goes and
 * the stride doubles. The last point kept may be the latest batch (not on the stride): it is replaced by
 * the next one. Pure: returns new columns.
 */
export function thinBatches(columns: BatchColumns, stride: number, max: number): { batches: BatchColumns; batchStride: number } {
  let batches = columns;
  let s = stride;
  while (batches.examples.length > Math.max(1, max)) {
    const keep = (_: number, i: number) => i % 2 === 0;
    batches = { examples: batches.examples.filter(keep), epochs: batches.epochs.filter(keep), timeMs: batches.timeMs.filter(keep), loss: batches.loss.filter(keep), accuracy: batches.accuracy.filter(keep) };
    s *= 2;
  }
  return { batches, batchStride: s };
}

function withBatch(record: RunRecord, point: BatchPoint): Pick<RunRecord, 'batches' | 'batchStride' | 'batchCount'> {
  // Batch j (0-based) is kept for good when j % stride is 0; the latest is kept until the next arrives.
  const j = record.batchCount;
  const b = record.batches;
  const replaceLast = b.examples.length > 0 && j > 0 && (j - 1) % record.batchStride !== 0;
  const cut = replaceLast ? b.examples.length - 1 : b.examples.length;
  const next = Object.fromEntries(COLUMNS.map((c) => [c, [...b[c].slice(0, cut), point[c]]])) as unknown as BatchColumns;
  return { ...thinBatches(next, record.batchStride, MAX_BATCH_POINTS), batchCount: j + 1 };
}

/** The record after one event. Pure. An event after the run's end changes nothing but a test result (the evaluation at stop arrives after it). */
export function reduceRunRecord(record: RunRecord, event: RunRecordEvent): RunRecord {
  const ended = record.outcome.kind !== 'running';
  switch (event.type) {
    case 'batch':
      if (ended) return record;
      return { ...record, ...withBatch(record, event.point), durationMs: Math.max(record.durationMs, event.point.timeMs), examplesPerSecond: event.examplesPerSecond ?? record.examplesPerSecond };
    case 'learningRate':
      return ended ? record : { ...record, learningRates: [...record.learningRates, event.marker] };
    case 'epoch':
      if (ended) return record;
      return { ...record, epochs: [...record.epochs.filter((e) => e.epoch !== event.point.epoch), event.point], durationMs: Math.max(record.durationMs, event.point.timeMs) };
    case 'test':
      return { ...record, test: event.result };
    case 'end':
      return ended ? record : { ...record, outcome: event.outcome };
  }
}

/** The best test accuracy a record reached at any evaluation, else its last validation accuracy's best, else null. */
export function bestTestAccuracy(record: RunRecord): number | null {
  const tests = record.epochs.map((e) => e.testAccuracy).filter((x): x is number => typeof x === 'number');
  if (record.test) tests.push(record.test.accuracy);
  return tests.length > 0 ? Math.max(...tests) : null;
}

/** The outcome in words, e.g. "finished", "stopped at epoch 2", "NaN loss in epoch 1". */
export function describeOutcome(outcome: RunOutcome): string {
  switch (outcome.kind) {
    case 'running':
      return 'running';
    case 'finished':
      return 'finished';
    case 'stopped':
      return `stopped at epoch ${outcome.epoch}`;
    case 'nan':
      return `NaN loss after epoch ${outcome.epoch}`;
    case 'context-lost':
      return `WebGL context lost after epoch ${outcome.epoch}`;
    case 'failed':
      return `failed after epoch ${outcome.epoch}: ${outcome.message}`;
  }
}

/** A record's size as stored, in bytes of its JSON (UTF-16 code units as a close bound). */
export function recordBytes(record: RunRecord): number {
  return JSON.stringify(record).length;
}

/**
 * Records cut to fit `budget` bytes: the oldest runs' batch series thinned first (halved, down to none),
 * the epochs and results never. `fits` false when even then they do not (the caller refuses the write).
 * Pure: the records changed are new objects, the others the same.
 */
export function fitRunsToBudget(records: readonly RunRecord[], budget: number): { records: RunRecord[]; fits: boolean; bytes: number } {
  const out = [...records];
  const sizes = out.map(recordBytes);
  let total = sizes.reduce((a, b) => a + b, 0);
  const order = out.map((_, i) => i).sort((a, b) => out[a].startedAt - out[b].startedAt);
  for (const i of order) {
    while (total > budget && out[i].batches.examples.length > 0) {
      const r = out[i];
      const n = r.batches.examples.length;
      const thinned = n === 1 ? { batches: emptyColumns(), batchStride: r.batchStride * 2 } : thinBatches(r.batches, r.batchStride, Math.floor(n / 2));
      out[i] = { ...r, ...thinned };
      const size = recordBytes(out[i]);
      total += size - sizes[i];
      sizes[i] = size;
    }
    if (total <= budget) break;
  }
  return { records: out, fits: total <= budget, bytes: total };
}
