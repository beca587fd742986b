/**
 * The runs as files: the table as CSV (one row per run), every run as JSON (RUNS_FILE_SCHEMA: the
 * records as stored, see run-record.ts), and that JSON read back with every field checked, so a bad
 * file is a message naming the first wrong field and nothing half-read. Pure: strings in, strings out.
 */
import { err, ok, type Result } from '../lib/result';
import type { BatchColumns, EpochPoint, LrMarker } from './run-history';
import { bestTestAccuracy, describeOutcome, RUN_SCHEMA, tryParseRunSettings, type RunOutcome, type RunRecord, type RunSettings, type RunTestResult } from './run-record';
import { SETTINGS_FIELDS } from './settings';

/** The export's schema: `{ schema, exportedAt, runs: RunRecord[] }`. */
export const RUNS_FILE_SCHEMA = 'mnist-notebook.runs/1';
/** Runs an import takes at most (a store holds fewer). */
export const MAX_IMPORT_RUNS = 1000;
/** Longest run name. */
export const MAX_RUN_NAME = 80;

export interface RunsFile {
  schema: typeof RUNS_FILE_SCHEMA;
  /** ISO time of the export. */
  exportedAt: string;
  runs: RunRecord[];
}

/** All runs as the JSON file, pretty-printed. */
export function runsToJson(runs: readonly RunRecord[], now: Date = new Date()): string {
  const file: RunsFile = { schema: RUNS_FILE_SCHEMA, exportedAt: now.toISOString(), runs: [...runs] };
  return `${JSON.stringify(file, null, 1)}\n`;
}

/** The CSV columns, in order: a header and how each run fills it. */
const CSV_COLUMNS: readonly [string, (r: RunRecord) => string | number | null][] = [
  ['name', (r) => r.name],
  ['dataset', (r) => r.dataset],
  ['model', (r) => r.settings.model],
  ['params', (r) => r.params],
  ['optimizer', (r) => r.settings.optimizer],
  ['learning_rate', (r) => r.settings.learningRate],
  ['schedule', (r) => r.settings.schedule],
  ['batch_size', (r) => r.settings.batchSize],
  ['epochs_asked', (r) => r.settings.epochs],
  ['epochs_done', (r) => r.epochs.length],
  ['subset', (r) => r.settings.subsetSize],
  ['validation', (r) => (r.settings.validation === 'test' ? 'test' : r.settings.validationFraction)],
  ['seed', (r) => r.settings.seed],
  ['backend', (r) => r.backend],
  ['started', (r) => new Date(r.startedAt).toISOString()],
  ['duration_s', (r) => Math.round(r.durationMs / 100) / 10],
  ['examples_per_s', (r) => (r.examplesPerSecond === null ? null : Math.round(r.examplesPerSecond))],
  ['final_val_accuracy', (r) => r.epochs.at(-1)?.valAccuracy ?? null],
  ['final_test_accuracy', (r) => r.test?.accuracy ?? null],
  ['best_test_accuracy', (r) => bestTestAccuracy(r)],
  ['outcome', (r) => describeOutcome(r.outcome)],
];

/** One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180); a formula's leading =, +, - or @ escaped for spreadsheets. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The runs table as CSV: a header row, then one row per run in the order given; CRLF line ends. */
export function runsToCsv(runs: readonly RunRecord[]): string {
  const rows = [CSV_COLUMNS.map(([h]) => h), ...runs.map((r) => CSV_COLUMNS.map(([, f]) => csvField(f(r))))];
  return `${rows.map((row) => row.join(',')).join('\r\n')}\r\n`;
}

// ---- Reading a file back ----

/** A field that failed its check: the path to it and what was wrong. */
class Bad extends Error {}

type Json = unknown;
const fail = (path: string, what: string): never => {
  throw new Bad(`${path}: ${what}`);
};
const isObject = (x: Json): x is Record<string, Json> => typeof x === 'object' && x !== null && !Array.isArray(x);
const obj = (x: Json, path: string): Record<string, Json> => (isObject(x) ? x : fail(path, 'expected an object'));
const arr = (x: Json, path: string, max = Infinity): Json[] => (Array.isArray(x) ? (x.length <= max ? x : fail(path, `at most ${max} entries, found ${x.length}`)) : fail(path, 'expected a list'));
const str = (x: Json, path: string, max = 10_000): string => (typeof x === 'string' ? (x.length <= max ? x : fail(path, `at most ${max} characters`)) : fail(path, 'expected text'));
const num = (x: Json, path: string, min = -Infinity, max = Infinity): number =>
  typeof x === 'number' && Number.isFinite(x) ? (x >= min && x <= max ? x : fail(path, `expected a number in [${min}, ${max}], found ${x}`)) : fail(path, 'expected a number');
const int = (x: Json, path: string, min = 0, max = Number.MAX_SAFE_INTEGER): number => (Number.isInteger(num(x, path, min, max)) ? (x as number) : fail(path, 'expected a whole number'));
/** Loss may be NaN or infinite in a run that diverged: JSON writes those as null. */
const metric = (x: Json, path: string): number => (x === null ? NaN : num(x, path));
const nullable = <T>(x: Json, read: (x: Json) => T): T | null => (x === null ? null : read(x));

function readEpoch(x: Json, path: string): EpochPoint {
  const o = obj(x, path);
  const point: EpochPoint = {
    epoch: int(o.epoch, `${path}.epoch`, 1),
    examples: num(o.examples, `${path}.examples`, 0),
    epochs: num(o.epochs, `${path}.epochs`, 0),
    timeMs: num(o.timeMs, `${path}.timeMs`, 0),
    trainLoss: metric(o.trainLoss, `${path}.trainLoss`),
    trainAccuracy: num(o.trainAccuracy, `${path}.trainAccuracy`, 0, 1),
    valLoss: metric(o.valLoss, `${path}.valLoss`),
    valAccuracy: num(o.valAccuracy, `${path}.valAccuracy`, 0, 1),
  };
  if (o.testLoss !== undefined) point.testLoss = metric(o.testLoss, `${path}.testLoss`);
  if (o.testAccuracy !== undefined) point.testAccuracy = num(o.testAccuracy, `${path}.testAccuracy`, 0, 1);
  return point;
}

function readBatches(x: Json, path: string): BatchColumns {
  const o = obj(x, path);
  const column = (name: keyof BatchColumns, read: (v: Json, p: string) => number) => arr(o[name], `${path}.${name}`, 1 << 20).map((v, i) => read(v, `${path}.${name}[${i}]`));
  const columns: BatchColumns = {
    examples: column('examples', (v, p) => num(v, p, 0)),
    epochs: column('epochs', (v, p) => num(v, p, 0)),
    timeMs: column('timeMs', (v, p) => num(v, p, 0)),
    loss: column('loss', metric),
    accuracy: column('accuracy', (v, p) => num(v, p, 0, 1)),
  };
  const n = columns.examples.length;
  for (const [name, values] of Object.entries(columns)) if (values.length !== n) fail(`${path}.${name}`, `expected ${n} values as in examples, found ${values.length}`);
  return columns;
}

function readMarker(x: Json, path: string): LrMarker {
  const o = obj(x, path);
  return {
    examples: num(o.examples, `${path}.examples`, 0),
    epochs: num(o.epochs, `${path}.epochs`, 0),
    timeMs: num(o.timeMs, `${path}.timeMs`, 0),
    learningRate: num(o.learningRate, `${path}.learningRate`, 0),
    previous: num(o.previous, `${path}.previous`, 0),
  };
}

function readTest(x: Json, path: string): RunTestResult {
  const o = obj(x, path);
  const confusion = arr(o.confusion, `${path}.confusion`, 10).map((row, i) => arr(row, `${path}.confusion[${i}]`, 10).map((v, j) => int(v, `${path}.confusion[${i}][${j}]`)));
  if (confusion.length !== 10 || confusion.some((row) => row.length !== 10)) fail(`${path}.confusion`, 'expected 10 rows of 10 counts');
  const perClass = arr(o.perClass, `${path}.perClass`, 10).map((v, i) => nullable(v, (y) => num(y, `${path}.perClass[${i}]`, 0, 1)));
  if (perClass.length !== 10) fail(`${path}.perClass`, 'expected 10 accuracies');
  return { when: str(o.when, `${path}.when`, 200), accuracy: num(o.accuracy, `${path}.accuracy`, 0, 1), loss: metric(o.loss, `${path}.loss`), confusion, perClass };
}

const OUTCOMES = ['running', 'finished', 'stopped', 'nan', 'context-lost', 'failed'] as const;

function readOutcome(x: Json, path: string): RunOutcome {
  const o = obj(x, path);
  const kind = str(o.kind, `${path}.kind`);
  if (!(OUTCOMES as readonly string[]).includes(kind)) fail(`${path}.kind`, `expected one of ${OUTCOMES.join(', ')}`);
  if (kind === 'running') return { kind };
  const epoch = int(o.epoch, `${path}.epoch`);
  if (kind === 'failed') return { kind, epoch, message: str(o.message, `${path}.message`, 1000) };
  return { kind: kind as 'finished' | 'stopped' | 'nan' | 'context-lost', epoch };
}

function readSettings(x: Json, path: string): RunSettings {
  const o = obj(x, path);
  const settings = { model: str(o.model, `${path}.model`, 2000) } as RunSettings;
  for (const field of SETTINGS_FIELDS) settings[field] = str(o[field], `${path}.${field}`, 100);
  return settings;
}

/** One record checked field by field; throws Bad naming the first wrong one. */
function readRecord(x: Json, path: string): RunRecord {
  const o = obj(x, path);
  if (o.schema !== RUN_SCHEMA) fail(`${path}.schema`, `expected "${RUN_SCHEMA}"`);
  const imageShape = obj(o.imageShape, `${path}.imageShape`);
  const shape = { rows: int(imageShape.rows, `${path}.imageShape.rows`, 1, 4096), cols: int(imageShape.cols, `${path}.imageShape.cols`, 1, 4096) };
  const settings = readSettings(o.settings, `${path}.settings`);
  const parsed = tryParseRunSettings(settings, shape);
  if (!parsed.ok) fail(`${path}.settings`, parsed.error);
  const record: RunRecord = {
    schema: RUN_SCHEMA,
    id: str(o.id, `${path}.id`, 100),
    name: str(o.name, `${path}.name`, MAX_RUN_NAME),
    dataset: str(o.dataset, `${path}.dataset`, 200),
    imageShape: shape,
    settings,
    params: int(o.params, `${path}.params`),
    backend: str(o.backend, `${path}.backend`, 40),
    startedAt: int(o.startedAt, `${path}.startedAt`),
    durationMs: num(o.durationMs, `${path}.durationMs`, 0),
    examplesPerSecond: nullable(o.examplesPerSecond, (v) => num(v, `${path}.examplesPerSecond`, 0)),
    epochs: arr(o.epochs, `${path}.epochs`, 10_000).map((e, i) => readEpoch(e, `${path}.epochs[${i}]`)),
    batches: readBatches(o.batches, `${path}.batches`),
    batchStride: int(o.batchStride, `${path}.batchStride`, 1),
    batchCount: int(o.batchCount, `${path}.batchCount`),
    learningRates: arr(o.learningRates, `${path}.learningRates`, 100_000).map((m, i) => readMarker(m, `${path}.learningRates[${i}]`)),
    test: nullable(o.test, (t) => readTest(t, `${path}.test`)),
    outcome: readOutcome(o.outcome, `${path}.outcome`),
  };
  if (record.id.trim() === '') fail(`${path}.id`, 'expected a non-empty id');
  return record;
}

/**
 * Reads an export back: every run checked (schema, every field's type and range, the settings as the form
 * checks them), or the first problem in words, e.g. "runs[2].epochs[0].valAccuracy: expected a number in
 * [0, 1], found 7". Never throws.
 */
export function tryParseRunsJson(text: string): Result<RunRecord[]> {
  let data: Json;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return err(`this is not a JSON file (${e instanceof Error ? e.message : String(e)})`);
  }
  try {
    const file = obj(data, 'the file');
    if (file.schema !== RUNS_FILE_SCHEMA) fail('schema', `expected "${RUNS_FILE_SCHEMA}" (a runs export from this notebook)`);
    const runs = arr(file.runs, 'runs', MAX_IMPORT_RUNS).map((r, i) => readRecord(r, `runs[${i}]`));
    const ids = new Set<string>();
    runs.forEach((r, i) => {
      if (ids.has(r.id)) fail(`runs[${i}].id`, `"${r.id}" appears twice`);
      ids.add(r.id);
    });
    return ok(runs);
  } catch (e) {
    if (e instanceof Bad) return err(e.message);
    return err(`the file could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
}
