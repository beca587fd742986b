/** The shareable notebook state (split, current index, gallery filter) and its URL form. */
import { NUM_CLASSES, type SplitName } from '../../data/format';

/** Gallery filter: every image, or only images of one digit. */
export type DigitFilter = 'all' | 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

/** What a link reproduces: `?split=train|test&i=<index>&filter=all|0..9`. */
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

/** The state of a link with no parameters. */
export const DEFAULT_URL_STATE: NotebookUrlState = Object.freeze({ split: 'train', index: 0, filter: 'all' });

/** The query parameter names this module owns; every other parameter is left alone. */
export const URL_PARAMS = { split: 'split', index: 'i', filter: 'filter' } as const;

const OWN_PARAMS: readonly string[] = Object.values(URL_PARAMS);

/** Narrows a number to a DigitFilter digit. */
export function isDigit(value: number): value is Exclude<DigitFilter, 'all'> {
  return Number.isInteger(value) && value >= 0 && value < NUM_CLASSES;
}

function parseSplit(raw: string): SplitName | null {
  const v = raw.trim().toLowerCase();
  return v === 'train' || v === 'test' ? v : null;
}

function parseFilter(raw: string): DigitFilter | null {
  const v = raw.trim().toLowerCase();
  if (v === 'all' || v === '') return 'all';
  if (!/^\d$/.test(v)) return null;
  const digit = Number(v);
  return isDigit(digit) ? digit : null;
}

/**
 * Parses a location.search string, tolerating bad values: each falls back to its default and is
 * reported. With `counts`, an index past the end of its split is reported too.
 */
export function parseUrlStateWithIssues(
  search: string,
  counts?: Partial<Record<SplitName, number>>,
): { state: NotebookUrlState; ignored: UrlParamIssue[] } {
  const params = new URLSearchParams(search);
  const ignored: UrlParamIssue[] = [];
  const state: NotebookUrlState = { ...DEFAULT_URL_STATE };

  const split = params.get(URL_PARAMS.split);
  if (split !== null) {
    const parsed = parseSplit(split);
    if (parsed) state.split = parsed;
    else ignored.push({ param: URL_PARAMS.split, value: split, reason: `split must be train or test` });
  }

  const index = params.get(URL_PARAMS.index);
  if (index !== null) {
    const text = index.trim();
    const value = Number(text);
    const count = counts?.[state.split];
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) {
      ignored.push({ param: URL_PARAMS.index, value: index, reason: 'i must be a whole number 0 or more' });
    } else if (count !== undefined && count > 0 && value >= count) {
      ignored.push({ param: URL_PARAMS.index, value: index, reason: `i must be below ${count}, the size of ${state.split}` });
    } else {
      state.index = value;
    }
  }

  const filter = params.get(URL_PARAMS.filter);
  if (filter !== null) {
    const parsed = parseFilter(filter);
    if (parsed !== null) state.filter = parsed;
    else ignored.push({ param: URL_PARAMS.filter, value: filter, reason: 'filter must be all or a digit 0..9' });
  }

  return { state, ignored };
}

/** Parses a location.search string; bad values fall back to the defaults (train, 0, all). */
export function parseUrlState(search: string, counts?: Partial<Record<SplitName, number>>): NotebookUrlState {
  return parseUrlStateWithIssues(search, counts).state;
}

/** The query string for a state, defaults omitted: '' or e.g. '?i=5&filter=7'. */
export function serializeUrlState(state: NotebookUrlState): string {
  const params = new URLSearchParams();
  appendOwnParams(params, state);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Replaces this module's parameters in `currentSearch`, keeping any others (and their order). */
export function mergeUrlState(currentSearch: string, state: NotebookUrlState): string {
  const params = new URLSearchParams(currentSearch);
  for (const name of OWN_PARAMS) params.delete(name);
  appendOwnParams(params, state);
  const text = params.toString();
  return text ? `?${text}` : '';
}

function appendOwnParams(params: URLSearchParams, state: NotebookUrlState): void {
  if (state.split !== DEFAULT_URL_STATE.split) params.set(URL_PARAMS.split, state.split);
  if (state.index !== DEFAULT_URL_STATE.index) params.set(URL_PARAMS.index, String(state.index));
  if (state.filter !== DEFAULT_URL_STATE.filter) params.set(URL_PARAMS.filter, String(state.filter));
}

/** True when two states would produce the same link. */
export function sameUrlState(a: NotebookUrlState, b: NotebookUrlState): boolean {
  return a.split === b.split && a.index === b.index && a.filter === b.filter;
}
