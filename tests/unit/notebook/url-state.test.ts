import { describe, expect, it } from 'vitest';
import { CNN_PRESET, DENSE_PRESET } from '../../../src/model/presets';
import { DEFAULT_SETTINGS, type TrainingSettings } from '../../../src/model/settings';
import {
  DEFAULT_URL_STATE,
  SAMPLE_URL,
  TRAINING_URL,
  URL_GROUPS,
  ignoredNotice,
  mergeSettingsQuery,
  mergeUrl,
  mergeUrlState,
  parseUrlState,
  parseUrlStateWithIssues,
  readGroup,
  serializeUrlState,
  settingsFromQuery,
  settingsToQuery,
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

// Moved from tests/unit/model/settings.test.ts with the settings' URL codec, which the URL table now holds.
describe('settings in the URL', () => {
  const custom: TrainingSettings = {
    model: { layers: [{ kind: 'conv2d', filters: 8, kernelSize: 5, activation: 'tanh' }, { kind: 'maxPool', poolSize: 2 }, { kind: 'flatten' }, { kind: 'dense', units: 10, activation: 'softmax' }] },
    optimizer: 'momentum',
    learningRate: 0.05,
    schedule: 'constant',
    batchSize: 128,
    epochs: 5,
    subsetSize: 5000,
    validation: { kind: 'test' },
    seed: 1234567,
  };

  it.each([
    { name: 'the defaults', settings: DEFAULT_SETTINGS, query: '' },
    { name: 'the cnn preset and a small lr', settings: { ...DEFAULT_SETTINGS, model: CNN_PRESET, learningRate: 1e-7 }, query: '?model=cnn&lr=1e-7' },
    { name: 'a custom model and every setting changed', settings: custom, query: '?model=conv_8_5_tanh-pool_2-flatten-dense_10_softmax&opt=momentum&lr=0.05&sched=constant&batch=128&epochs=5&subset=5000&val=test&seed=1234567' },
    { name: 'a split fraction', settings: { ...DEFAULT_SETTINGS, validation: { kind: 'split' as const, fraction: 0.25 } }, query: '?val=0.25' },
  ])('round-trips $name', ({ settings, query }) => {
    expect(settingsToQuery(settings)).toBe(query);
    const back = settingsFromQuery(query);
    expect(back.ignored).toEqual([]);
    expect(back.settings).toEqual({ ...settings, model: expect.objectContaining({ layers: [...settings.model.layers] }) });
    expect(settingsToQuery(back.settings)).toBe(query);
  });

  it('replaces bad values by defaults and says why', () => {
    const { settings, ignored } = settingsFromQuery('?model=dense_5_softmax&opt=nadam&lr=abc&sched=linear&batch=-3&epochs=2.5&subset=12&val=0.9&seed=x');
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(ignored.map((i) => i.param)).toEqual(['model', 'opt', 'lr', 'sched', 'batch', 'epochs', 'subset', 'val', 'seed']);
    expect(ignored[0].reason).toMatch(/last layer has 5 units/);
    expect(ignored[2]).toEqual({ param: 'lr', value: 'abc', reason: "'abc' is not a number" });
  });

  it('keeps the good values next to bad ones', () => {
    const { settings, ignored } = settingsFromQuery('?model=cnn&lr=100&seed=9');
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, model: CNN_PRESET, seed: 9 });
    expect(ignored).toEqual([{ param: 'lr', value: '100', reason: expect.stringMatching(/too large/) }]);
  });

  it('shrinks a batch the subset cannot fill', () => {
    const { settings, ignored } = settingsFromQuery('?subset=1000&batch=4000');
    expect(settings.batchSize).toBe(64);
    expect(ignored).toEqual([{ param: 'batch', value: '4000', reason: expect.stringMatching(/larger than the 900 training images/) }]);
  });

  it('merges into a query that holds the notebook parameters, leaving them alone', () => {
    const merged = mergeSettingsQuery('?split=test&i=5&lr=0.5&filter=3', { ...DEFAULT_SETTINGS, model: DENSE_PRESET, epochs: 4 });
    const params = new URLSearchParams(merged);
    expect(params.get('split')).toBe('test');
    expect(params.get('i')).toBe('5');
    expect(params.get('filter')).toBe('3');
    expect(params.get('lr')).toBeNull();
    expect(params.get('epochs')).toBe('4');
    expect(mergeSettingsQuery('', DEFAULT_SETTINGS)).toBe('');
  });
});

describe('the URL table', () => {
  it('gives every parameter one owner', () => {
    const names = Object.values(URL_GROUPS).flatMap((group) => Object.values(group.params).map((p: { name: string }) => p.name));
    expect(names).toEqual(['split', 'i', 'filter', 'model', 'opt', 'lr', 'sched', 'batch', 'epochs', 'subset', 'val', 'seed']);
    expect(new Set(names).size).toBe(names.length);
  });

  it('round-trips both groups through one query, leaving unknown parameters where they were', () => {
    const sample: NotebookUrlState = { split: 'test', index: 42, filter: 7 };
    const training = { ...DEFAULT_SETTINGS, model: CNN_PRESET, learningRate: 0.01, seed: 7 };
    const search = mergeUrl('?x=1&i=9&lr=0.5&y=2', { sample, training });
    expect(search).toBe('?x=1&y=2&split=test&i=42&filter=7&model=cnn&lr=0.01&seed=7');
    expect(readGroup(SAMPLE_URL, search)).toEqual({ value: sample, ignored: [] });
    expect(readGroup(TRAINING_URL, search)).toEqual({ value: training, ignored: [] });
  });

  it('writes a layer list byte for byte', () => {
    const model = { layers: [{ kind: 'conv2d', filters: 16, kernelSize: 5, activation: 'relu' }, { kind: 'maxPool', poolSize: 2 }, { kind: 'flatten' }, { kind: 'dense', units: 10, activation: 'softmax' }] } as TrainingSettings['model'];
    expect(mergeUrl('', { training: { ...DEFAULT_SETTINGS, model } })).toBe('?model=conv_16_5_relu-pool_2-flatten-dense_10_softmax');
  });

  it('leaves a group that is not written alone, bad values included', () => {
    expect(mergeUrl('?lr=abc&i=-4', { sample: DEFAULT_URL_STATE })).toBe('?lr=abc');
    expect(mergeUrl('?lr=abc&i=-4', {})).toBe('?lr=abc&i=-4');
  });

  it('caps a default subset at a smaller training set without calling it ignored', () => {
    expect(settingsFromQuery('', { maxSubset: 5000 })).toEqual({ settings: { ...DEFAULT_SETTINGS, subsetSize: 5000 }, ignored: [] });
  });

  it('checks the index against the split read before it', () => {
    const counts = { train: 60000, test: 10000 };
    expect(readGroup(SAMPLE_URL, '?i=20000&split=test', { counts }).ignored).toEqual([{ param: 'i', value: '20000', reason: 'i must be below 10000, the size of test' }]);
    expect(readGroup(SAMPLE_URL, '?i=20000&split=train', { counts }).ignored).toEqual([]);
  });

  it('words the notice as the page always has', () => {
    const { ignored } = parseUrlStateWithIssues('?split=val&i=-1');
    expect(ignoredNotice(ignored)).toBe('Ignored from the link: split=val (split must be train or test); i=-1 (i must be a whole number 0 or more).');
  });
});
