import { describe, expect, it } from 'vitest';
import {
  DEFAULT_URL_STATE,
  mergeUrlState,
  parseUrlState,
  parseUrlStateWithIssues,
  serializeUrlState,
  type NotebookUrlState,
} from '../../../src/notebook/state/url-state';

describe('url state round trip', () => {
  const cases: [NotebookUrlState, string][] = [
    [{ split: 'train', index: 0, filter: 'all' }, ''],
    [{ split: 'train', index: 5, filter: 'all' }, '?i=5'],
    [{ split: 'train', index: 5, filter: 7 }, '?i=5&filter=7'],
    [{ split: 'train', index: 0, filter: 0 }, '?filter=0'],
    [{ split: 'test', index: 0, filter: 'all' }, '?split=test'],
    [{ split: 'test', index: 9999, filter: 9 }, '?split=test&i=9999&filter=9'],
  ];
  it.each(cases)('%o <-> %s', (state, search) => {
    expect(serializeUrlState(state)).toBe(search);
    expect(parseUrlState(search)).toEqual(state);
  });

  it('parses with or without the leading ?, in any order, case-insensitively for names of values', () => {
    expect(parseUrlState('filter=3&i=12&split=TEST')).toEqual({ split: 'test', index: 12, filter: 3 });
  });

  it('treats ?filter=all and leading zeros as valid', () => {
    expect(parseUrlStateWithIssues('?filter=all&i=007')).toEqual({ state: { split: 'train', index: 7, filter: 'all' }, ignored: [] });
  });
});

describe('bad params fall back to defaults and are reported', () => {
  const cases: [string, Partial<NotebookUrlState>, string[]][] = [
    ['?split=validation', {}, ['split']],
    ['?i=-1', {}, ['i']],
    ['?i=1.5', {}, ['i']],
    ['?i=abc', {}, ['i']],
    ['?i=', {}, ['i']],
    ['?i=1e3', {}, ['i']],
    ['?i=99999999999999999999', {}, ['i']],
    ['?filter=10', {}, ['filter']],
    ['?filter=-1', {}, ['filter']],
    ['?filter=seven', {}, ['filter']],
    ['?split=test&i=x&filter=3', { split: 'test', filter: 3 }, ['i']],
    ['?split=nope&i=4&filter=nope', { index: 4 }, ['split', 'filter']],
  ];
  it.each(cases)('%s', (search, kept, ignoredParams) => {
    const { state, ignored } = parseUrlStateWithIssues(search);
    expect(state).toEqual({ ...DEFAULT_URL_STATE, ...kept });
    expect(ignored.map((i) => i.param)).toEqual(ignoredParams);
    for (const issue of ignored) expect(issue.reason.length).toBeGreaterThan(10);
  });

  it('reports the raw value that was ignored', () => {
    expect(parseUrlStateWithIssues('?split=val').ignored[0]).toMatchObject({ param: 'split', value: 'val' });
  });

  it('checks the index against the split size when counts are given', () => {
    const counts = { train: 60000, test: 10000 };
    expect(parseUrlStateWithIssues('?split=test&i=9999', counts).state.index).toBe(9999);
    const past = parseUrlStateWithIssues('?split=test&i=10000', counts);
    expect(past.state).toEqual({ split: 'test', index: 0, filter: 'all' });
    expect(past.ignored[0].reason).toContain('10000');
    expect(parseUrlStateWithIssues('?i=10000', counts).state.index).toBe(10000);
  });

  it('ignores parameters it does not own', () => {
    expect(parseUrlStateWithIssues('?seed=42&i=3')).toEqual({ state: { ...DEFAULT_URL_STATE, index: 3 }, ignored: [] });
  });
});

describe('mergeUrlState', () => {
  it('replaces own params and keeps the others', () => {
    expect(mergeUrlState('?seed=42&i=3&filter=2', { split: 'test', index: 8, filter: 'all' })).toBe('?seed=42&split=test&i=8');
  });
  it('drops bad own params when writing back defaults', () => {
    expect(mergeUrlState('?split=bogus&i=-4', DEFAULT_URL_STATE)).toBe('');
  });
});
