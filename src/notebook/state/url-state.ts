/**
 * The URL table: every query parameter the notebook reads and writes, in one place, as TensorFlow
 * Playground keeps its state. Each group (the current sample, the training settings) lists its
 * parameters in URL order with a name, a parse (a Result whose error is why a link's value was
 * ignored) and a serialise; a value equal to the default is left out of the link. Parameters no
 * group owns are kept, in their order.
 */
import { NUM_CLASSES, type SplitName } from '../../data/format';
import { err, ok, type Result } from '../../lib/result';
import {
  DEFAULT_SETTINGS,
  fitSettingsToSubset,
  modelToParam,
  tryParseBatchSize,
  tryParseEpochs,
  tryParseLearningRate,
  tryParseModelParam,
  tryParseOptimizer,
  tryParseSchedule,
  tryParseSeed,
  tryParseSubsetSize,
  tryParseValidationParam,
  validationToParam,
  type TrainingSettings,
} from '../../model/settings';
import type { ImageShape } from '../../model/spec';

/** Gallery filter: every image, or only images of one digit. */
export type DigitFilter = 'all' | 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/** What a link reproduces of the sample: `?split=train|test&i=<index>&filter=all|0..9`. */
export interface NotebookUrlState {
  split: SplitName;
  index: number;
  filter: DigitFilter;
}

/** A URL parameter whose value was not usable and was replaced by the default. */
export interface UrlParamIssue {
  param: string;
  value: string;
  reason: string;
}

/** The notice a page shows for a link's ignored values: "Ignored from the link: i=-1 (i must be ...); lr=abc (...)." */
export function ignoredNotice(ignored: readonly UrlParamIssue[]): string {
  return `Ignored from the link: ${ignored.map((i) => `${i.param}=${i.value} (${i.reason})`).join('; ')}.`;
}

/** What reading a link may depend on: split sizes (an index past the end is ignored), the training images loaded, their size. */
export interface UrlReadContext {
  counts?: Partial<Record<SplitName, number>>;
  maxSubset?: number;
  image?: ImageShape;
}

/** One parameter: its name in the query, how a link's text becomes the field (given the fields read before it), and back. */
export interface UrlParam<S, K extends keyof S> {
  readonly name: string;
  parse(raw: string, context: UrlReadContext, before: Readonly<S>): Result<S[K]>;
  serialise(value: S[K]): string;
}

/** One group of parameters: a field of S each, in URL order, and what a link without them means. */
export interface UrlGroup<S> {
  readonly defaults: Readonly<S>;
  readonly params: { readonly [K in keyof S]-?: UrlParam<S, K> };
  /** Cross-field repairs after every parameter is read, with their own issues. */
  readonly fit?: (value: S, context: UrlReadContext) => { value: S; ignored: UrlParamIssue[] };
  /** How long the link waits after this group's last change, so holding a key or typing does not flood history. */
  readonly writeDelayMs: number;
}

/** A group read from a link: the value, with each ignored parameter and why. */
export interface UrlRead<S> {
  value: S;
  ignored: UrlParamIssue[];
}

/** The state of a link with no sample parameters. */
export const DEFAULT_URL_STATE: NotebookUrlState = Object.freeze({ split: 'train', index: 0, filter: 'all' });

/** Narrows a number to a DigitFilter digit. */
export function isDigit(value: number): value is Exclude<DigitFilter, 'all'> {
  return Number.isInteger(value) && value >= 0 && value < NUM_CLASSES;
}

/** Why a link's index was ignored once the split's size is known. */
export function indexPastEnd(count: number, split: SplitName): string {
  return `i must be below ${count}, the size of ${split}`;
}

function tryParseSplit(raw: string): Result<SplitName> {
  const v = raw.trim().toLowerCase();
  return v === 'train' || v === 'test' ? ok(v) : err('split must be train or test');
}

function tryParseSampleIndex(raw: string, count: number | undefined, split: SplitName): Result<number> {
  const text = raw.trim();
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) return err('i must be a whole number 0 or more');
  return count !== undefined && count > 0 && value >= count ? err(indexPastEnd(count, split)) : ok(value);
}

function tryParseFilter(raw: string): Result<DigitFilter> {
  const v = raw.trim().toLowerCase();
  if (v === 'all' || v === '') return ok('all');
  const digit = Number(v);
  return /^\d$/.test(v) && isDigit(digit) ? ok(digit) : err('filter must be all or a digit 0..9');
}

/** The current sample: split, index (checked against the split read before it) and gallery filter. */
export const SAMPLE_URL: UrlGroup<NotebookUrlState> = {
  defaults: DEFAULT_URL_STATE,
  params: {
    split: { name: 'split', parse: tryParseSplit, serialise: (split) => split },
    index: { name: 'i', parse: (raw, { counts }, { split }) => tryParseSampleIndex(raw, counts?.[split], split), serialise: String },
    filter: { name: 'filter', parse: tryParseFilter, serialise: String },
  },
  writeDelayMs: 150,
};

/** The training settings, parsed with the form's own messages (src/model/settings.ts). */
export const TRAINING_URL: UrlGroup<TrainingSettings> = {
  defaults: DEFAULT_SETTINGS,
  params: {
    model: { name: 'model', parse: (raw, { image }) => tryParseModelParam(raw, image), serialise: modelToParam },
    optimizer: { name: 'opt', parse: tryParseOptimizer, serialise: (optimizer) => optimizer },
    learningRate: { name: 'lr', parse: tryParseLearningRate, serialise: String },
    schedule: { name: 'sched', parse: tryParseSchedule, serialise: (schedule) => schedule },
    batchSize: { name: 'batch', parse: tryParseBatchSize, serialise: String },
    epochs: { name: 'epochs', parse: tryParseEpochs, serialise: String },
    subsetSize: { name: 'subset', parse: (raw, { maxSubset }) => tryParseSubsetSize(raw, maxSubset), serialise: String },
    validation: { name: 'val', parse: tryParseValidationParam, serialise: validationToParam },
    seed: { name: 'seed', parse: tryParseSeed, serialise: String },
  },
  fit: (value, { maxSubset }) => {
    const fitted = fitSettingsToSubset(value, maxSubset);
    const ignored = fitted.refused ? [{ param: TRAINING_URL.params.batchSize.name, value: String(value.batchSize), reason: fitted.refused }] : [];
    return { value: fitted.settings, ignored };
  },
  writeDelayMs: 300,
};

function keysOf<S>(group: UrlGroup<S>): (keyof S)[] {
  return Object.keys(group.params) as (keyof S)[];
}

/** Reads a group from a location.search string (with or without '?'), each bad value replaced by its default and reported. */
export function readGroup<S>(group: UrlGroup<S>, search: string, context: UrlReadContext = {}): UrlRead<S> {
  const query = new URLSearchParams(search);
  const value = { ...group.defaults } as S;
  const ignored: UrlParamIssue[] = [];
  for (const key of keysOf(group)) {
    const param: UrlParam<S, typeof key> = group.params[key];
    const raw = query.get(param.name);
    if (raw === null) continue;
    const parsed = param.parse(raw, context, value);
    if (parsed.ok) value[key] = parsed.value;
    else ignored.push({ param: param.name, value: raw, reason: parsed.error });
  }
  if (!group.fit) return { value, ignored };
  const fitted = group.fit(value, context);
  return { value: fitted.value, ignored: [...ignored, ...fitted.ignored] };
}

/** The value each group reads and writes. */
export interface UrlValues {
  sample: NotebookUrlState;
  training: TrainingSettings;
}

/** A group's name in the table. */
export type UrlGroupName = keyof UrlValues;

/** Every group, in the order their parameters are written when several change at once. */
export const URL_GROUPS: { readonly [G in UrlGroupName]: UrlGroup<UrlValues[G]> } = { sample: SAMPLE_URL, training: TRAINING_URL };

function writeGroup<S>(query: URLSearchParams, group: UrlGroup<S>, value: S): void {
  for (const key of keysOf(group)) query.delete(group.params[key].name);
  for (const key of keysOf(group)) {
    const param: UrlParam<S, typeof key> = group.params[key];
    const text = param.serialise(value[key]);
    if (text !== param.serialise(group.defaults[key])) query.set(param.name, text);
  }
}

/**
 * Rewrites the parameters of the groups in `values` in `search`: each such group's move to the
 * end, in table order, defaults left out; every other parameter keeps its place.
 */
export function mergeUrl(search: string, values: Partial<UrlValues>): string {
  const query = new URLSearchParams(search);
  const write = <G extends UrlGroupName>(name: G) => {
    const value = values[name];
    if (value !== undefined) writeGroup(query, URL_GROUPS[name], value);
  };
  for (const name of Object.keys(URL_GROUPS) as UrlGroupName[]) write(name);
  const text = query.toString();
  return text ? `?${text}` : '';
}

// The two groups' codecs under the names their callers and tests know.

/** Reads the sample from a link; with `counts`, an index past the end of its split is ignored too. */
export function parseUrlStateWithIssues(search: string, counts?: Partial<Record<SplitName, number>>): { state: NotebookUrlState; ignored: UrlParamIssue[] } {
  const { value, ignored } = readGroup(SAMPLE_URL, search, { counts });
  return { state: value, ignored };
}

/** Reads the sample from a link; bad values fall back to the defaults (train, 0, all). */
export function parseUrlState(search: string, counts?: Partial<Record<SplitName, number>>): NotebookUrlState {
  return parseUrlStateWithIssues(search, counts).state;
}

/** The query string for a sample, defaults omitted: '' or e.g. '?i=5&filter=7'. */
export function serializeUrlState(state: NotebookUrlState): string {
  return mergeUrlState('', state);
}

/** Replaces the sample's parameters in `currentSearch`, keeping any others (and their order). */
export function mergeUrlState(currentSearch: string, state: NotebookUrlState): string {
  return mergeUrl(currentSearch, { sample: state });
}

/** Reads the training settings from a link, each bad value replaced by its default and reported with the form's message. */
export function settingsFromQuery(search: string, context: Omit<UrlReadContext, 'counts'> = {}): { settings: TrainingSettings; ignored: UrlParamIssue[] } {
  const { value, ignored } = readGroup(TRAINING_URL, search, context);
  return { settings: value, ignored };
}

/** The query string for settings, defaults omitted: '' or e.g. '?model=cnn&lr=0.01&seed=7'. */
export function settingsToQuery(settings: TrainingSettings): string {
  return mergeSettingsQuery('', settings);
}

/** Replaces the settings' parameters in `currentSearch`, keeping every other parameter. */
export function mergeSettingsQuery(currentSearch: string, settings: TrainingSettings): string {
  return mergeUrl(currentSearch, { training: settings });
}
