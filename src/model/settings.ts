/**
 * Training settings: the form's text fields, their validation (one message per field, as typed),
 * and each value's URL form. Pure: no tfjs, so the form can validate on every keystroke.
 */
import { formatCount } from '../lib/format';
import { MAX_SEED } from '../lib/random';
import { err, ok, type Result } from '../lib/result';
import { isLrScheduleName, LR_SCHEDULES, type LrScheduleName } from './lr-schedule';
import { CNN_PRESET, DENSE_PRESET, presetOf } from './presets';
import { analyzeSpec, specToText, tryParseSpecText, type ImageShape, type ModelSpec } from './spec';

export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** Hold out a fraction of the (seeded, shuffled) subset, or validate on the 10,000 test images. */
export type ValidationSpec = { kind: 'split'; fraction: number } | { kind: 'test' };

/** Everything a run depends on; with the same data, the same settings give the same run. */
export interface TrainingSettings {
  model: ModelSpec;
  optimizer: OptimizerName;
  /** The peak rate: every step's with 'constant', each epoch's start with 'cosine' (see lr-schedule.ts). */
  learningRate: number;
  schedule: LrScheduleName;
  batchSize: number;
  epochs: number;
  /** How many of the training images to use, a seeded random subset; validation comes out of it. */
  subsetSize: number;
  validation: ValidationSpec;
  seed: number;
}

export const MIN_SUBSET = 1000;
export const MAX_SUBSET = 60000;
/** Above this every optimizer here diverges on MNIST; the form refuses it. */
export const MAX_LEARNING_RATE = 10;
export const MAX_BATCH_SIZE = 4096;
export const MAX_EPOCHS = 100;
export const MAX_VALIDATION_FRACTION = 0.5;
export const DEFAULT_VALIDATION_FRACTION = 0.1;

export const DEFAULT_SETTINGS: TrainingSettings = Object.freeze({
  model: DENSE_PRESET,
  optimizer: 'adam',
  // Measured (presets.ts): with the cosine schedule from 0.005 the CNN preset is at ~99% after one
  // epoch (98.1% at 0.001 constant), the dense preset at 96.6% (95.3%).
  learningRate: 0.005,
  schedule: 'cosine',
  batchSize: 64,
  epochs: 3,
  subsetSize: MAX_SUBSET,
  validation: Object.freeze({ kind: 'split', fraction: DEFAULT_VALIDATION_FRACTION }),
  seed: 42,
}) as TrainingSettings;

/** Examples trained on per epoch: the subset minus the held-out fraction (rounded as the trainer does). */
export function trainingCount(subsetSize: number, validation: ValidationSpec): number {
  return validation.kind === 'split' ? subsetSize - validationCount(subsetSize, validation.fraction) : subsetSize;
}

/** Examples held out of the subset for validation. */
export function validationCount(subsetSize: number, fraction: number): number {
  return Math.round(subsetSize * fraction);
}

// ---- The form ----

/** The form's text fields. `validation` is 'split' or 'test'; `validationFraction` is used with 'split'. */
export const SETTINGS_FIELDS = ['optimizer', 'learningRate', 'schedule', 'batchSize', 'epochs', 'subsetSize', 'validation', 'validationFraction', 'seed'] as const;
export type SettingsField = (typeof SETTINGS_FIELDS)[number];
export type SettingsText = Record<SettingsField, string>;

/** Field messages: a key is present only for a field that is wrong. `model` is the layer list's message. */
export type SettingsErrors = Partial<Record<SettingsField | 'model', string>>;

/** The text a form shows for settings. */
export function settingsToText(settings: TrainingSettings): SettingsText {
  return {
    optimizer: settings.optimizer,
    learningRate: String(settings.learningRate),
    schedule: settings.schedule,
    batchSize: String(settings.batchSize),
    epochs: String(settings.epochs),
    subsetSize: String(settings.subsetSize),
    validation: settings.validation.kind,
    validationFraction: String(settings.validation.kind === 'split' ? settings.validation.fraction : DEFAULT_VALIDATION_FRACTION),
    seed: String(settings.seed),
  };
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A finite number from what was typed, or a message: empty, 'abc', 'NaN' and 'Infinity' are refused. */
function tryParseNumber(raw: string | undefined, label: string): Result<number> {
  const text = (raw ?? '').trim();
  if (text === '') return err(`enter a number for ${label}`);
  if (!DECIMAL.test(text)) return err(`'${text}' is not a number`);
  const value = Number(text);
  return Number.isFinite(value) ? ok(value) : err(`${text} is too large to be a ${label}`);
}

/** A whole number in [min, max], with the message for each way it can fail. */
function tryParseWhole(raw: string | undefined, label: string, min: number, max: number): Result<number> {
  const parsed = tryParseNumber(raw, label);
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  if (!Number.isInteger(value)) return err(`${label} ${value} is not a whole number`);
  if (value <= 0 && min >= 1) return err(`${label} must be at least ${formatCount(min)}`);
  if (value < min || value > max) return err(`${label} must be from ${formatCount(min)} to ${formatCount(max)}`);
  return ok(value);
}

/** Parses a batch size: a whole number in [1, MAX_BATCH_SIZE]. */
export function tryParseBatchSize(raw: string | undefined): Result<number> {
  return tryParseWhole(raw, 'batch size', 1, MAX_BATCH_SIZE);
}

/** Parses an epoch count: a whole number in [1, MAX_EPOCHS]. */
export function tryParseEpochs(raw: string | undefined): Result<number> {
  return tryParseWhole(raw, 'epochs', 1, MAX_EPOCHS);
}

/** Parses a subset size: a whole number from MIN_SUBSET (or all of a smaller set) to `maxSubset`, the training images loaded. */
export function tryParseSubsetSize(raw: string | undefined, maxSubset: number = MAX_SUBSET): Result<number> {
  return tryParseWhole(raw, 'subset size', Math.min(MIN_SUBSET, maxSubset), maxSubset);
}

/** Parses a seed: a whole number in [0, MAX_SEED]. */
export function tryParseSeed(raw: string | undefined): Result<number> {
  return tryParseWhole(raw, 'seed', 0, MAX_SEED);
}

/** Parses a learning rate: a number in (0, MAX_LEARNING_RATE]. */
export function tryParseLearningRate(raw: string | undefined): Result<number> {
  const parsed = tryParseNumber(raw, 'learning rate');
  if (!parsed.ok) return parsed;
  if (parsed.value <= 0) return err('learning rate must be greater than 0');
  if (parsed.value > MAX_LEARNING_RATE) return err(`learning rate ${parsed.value} is too large; use at most ${MAX_LEARNING_RATE} (0.001 suits adam and rmsprop, 0.01 to 0.1 suits sgd)`);
  return ok(parsed.value);
}

/** Parses a validation fraction: a number in (0, 0.5]. */
export function tryParseValidationFraction(raw: string | undefined): Result<number> {
  const parsed = tryParseNumber(raw, 'validation fraction');
  if (!parsed.ok) return parsed;
  if (parsed.value <= 0 || parsed.value > MAX_VALIDATION_FRACTION) {
    return err(`validation fraction must be greater than 0 and at most ${MAX_VALIDATION_FRACTION} (0.1 holds out 10% of the subset)`);
  }
  return ok(parsed.value);
}

/** Parses a learning-rate schedule's name, case-insensitively. */
export function tryParseSchedule(raw: string | undefined): Result<LrScheduleName> {
  const text = (raw ?? '').trim().toLowerCase();
  return isLrScheduleName(text) ? ok(text) : err(`schedule must be one of ${LR_SCHEDULES.join(', ')}`);
}

/** Parses an optimizer's name, case-insensitively. */
export function tryParseOptimizer(raw: string | undefined): Result<OptimizerName> {
  const text = (raw ?? '').trim().toLowerCase();
  return (OPTIMIZERS as readonly string[]).includes(text) ? ok(text as OptimizerName) : err(`optimizer must be one of ${OPTIMIZERS.join(', ')}`);
}

function tryParseValidationKind(raw: string | undefined): Result<'split' | 'test'> {
  const text = (raw ?? '').trim().toLowerCase();
  return text === 'split' || text === 'test' ? ok(text) : err(`validation must be split (hold out part of the subset) or test (the 10,000 test images)`);
}

/** The message when a batch cannot be filled from the training part of the subset, else null. */
function batchTooLarge(batchSize: number, subsetSize: number, validation: ValidationSpec): string | null {
  const train = trainingCount(subsetSize, validation);
  if (batchSize <= train) return null;
  const part = validation.kind === 'split' ? `${formatCount(train)} training images (a subset of ${formatCount(subsetSize)} minus ${Math.round(validation.fraction * 100)}% held out)` : `subset of ${formatCount(subsetSize)} images`;
  return `batch size ${formatCount(batchSize)} is larger than the ${part}; use at most ${formatCount(train)}`;
}

/**
 * Validates the form as typed: one message per wrong field, and the parsed settings when every
 * field (and the model) is valid. `maxSubset` is the number of training images loaded (default
 * MNIST's 60,000), `image` their size (default 28x28), which the model is checked against.
 */
export function validateSettingsText(
  fields: Partial<Record<SettingsField, string>>,
  options: { model?: ModelSpec; maxSubset?: number; image?: ImageShape } = {},
): { errors: SettingsErrors; settings: TrainingSettings | null } {
  const model = options.model ?? DEFAULT_SETTINGS.model;
  const maxSubset = options.maxSubset ?? MAX_SUBSET;
  const errors: SettingsErrors = {};
  const take = <T>(field: SettingsField, result: Result<T>): T | null => {
    if (result.ok) return result.value;
    errors[field] = result.error;
    return null;
  };

  const optimizer = take('optimizer', tryParseOptimizer(fields.optimizer));
  const learningRate = take('learningRate', tryParseLearningRate(fields.learningRate));
  // Absent (a form saved before schedules existed): the default.
  const schedule = take('schedule', fields.schedule === undefined ? ok(DEFAULT_SETTINGS.schedule) : tryParseSchedule(fields.schedule));
  const batchSize = take('batchSize', tryParseBatchSize(fields.batchSize));
  const epochs = take('epochs', tryParseEpochs(fields.epochs));
  const subsetSize = take('subsetSize', tryParseSubsetSize(fields.subsetSize, maxSubset));
  const kind = take('validation', tryParseValidationKind(fields.validation));
  const fraction = kind === 'split' ? take('validationFraction', tryParseValidationFraction(fields.validationFraction)) : null;
  const seed = take('seed', tryParseSeed(fields.seed));
  const plan = analyzeSpec(model, options.image);
  if (!plan.ok) errors.model = plan.error;

  const validation: ValidationSpec | null = kind === 'test' ? { kind } : kind === 'split' && fraction !== null ? { kind, fraction } : null;
  if (batchSize !== null && subsetSize !== null && validation !== null) {
    const message = batchTooLarge(batchSize, subsetSize, validation);
    if (message) errors.batchSize = message;
  }

  if (Object.keys(errors).length > 0 || optimizer === null || learningRate === null || schedule === null || batchSize === null || epochs === null || subsetSize === null || validation === null || seed === null) {
    return { errors, settings: null };
  }
  return { errors, settings: { model, optimizer, learningRate, schedule, batchSize, epochs, subsetSize, validation, seed } };
}

// ---- The URL forms (the notebook's URL table reads and writes the query with these) ----

/** A preset's name when the model is one, else its layer list ('conv_16_5_relu-pool_2-flatten-dense_10_softmax'). */
export function modelToParam(model: ModelSpec): string {
  return presetOf(model) ?? specToText(model);
}

/** Parses a link's model: a preset's name or a layer list that must fit `image` (default 28x28). */
export function tryParseModelParam(raw: string, image?: ImageShape): Result<ModelSpec> {
  const text = raw.trim().toLowerCase();
  if (text === 'dense') return ok(DENSE_PRESET);
  if (text === 'cnn') return ok(CNN_PRESET);
  const spec = tryParseSpecText(text);
  if (!spec.ok) return spec;
  const plan = analyzeSpec(spec.value, image);
  return plan.ok ? spec : err(plan.error);
}

/** A link's validation: 'test' or the held-out fraction. */
export function validationToParam(validation: ValidationSpec): string {
  return validation.kind === 'test' ? 'test' : String(validation.fraction);
}

/** Parses a link's validation: 'test' or a fraction in (0, MAX_VALIDATION_FRACTION]. */
export function tryParseValidationParam(raw: string): Result<ValidationSpec> {
  if (raw.trim().toLowerCase() === 'test') return ok({ kind: 'test' });
  return tryParseValidationFraction(raw).ok ? ok({ kind: 'split', fraction: Number(raw.trim()) }) : err(`val must be test or a fraction in (0, ${MAX_VALIDATION_FRACTION}], e.g. 0.1`);
}

/**
 * Settings read from a link, made consistent: the subset capped at `maxSubset`, and a batch the
 * training part cannot fill replaced by the default (or the whole part); `refused` says why.
 */
export function fitSettingsToSubset(settings: TrainingSettings, maxSubset: number = MAX_SUBSET): { settings: TrainingSettings; refused: string | null } {
  const subsetSize = Math.min(settings.subsetSize, maxSubset);
  const refused = batchTooLarge(settings.batchSize, subsetSize, settings.validation);
  const batchSize = refused ? Math.min(DEFAULT_SETTINGS.batchSize, trainingCount(subsetSize, settings.validation)) : settings.batchSize;
  return { settings: subsetSize === settings.subsetSize && batchSize === settings.batchSize ? settings : { ...settings, subsetSize, batchSize }, refused };
}
