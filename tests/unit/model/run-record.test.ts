/** The run record: its reducer, the batch thinning, the default name and the budget the store keeps. */
import { describe, expect, it } from 'vitest';
import { DENSE_PRESET } from '../../../src/model/presets';
import {
  bestTestAccuracy,
  createRunRecord,
  defaultRunName,
  describeOutcome,
  fitRunsToBudget,
  MAX_BATCH_POINTS,
  recordBytes,
  reduceRunRecord,
  runSettingsOf,
  thinBatches,
  tryParseRunSettings,
} from '../../../src/model/run-record';
import { DEFAULT_SETTINGS } from '../../../src/model/settings';
import { fakeRun } from './run-fixtures';

const batch = (n: number) => ({ type: 'batch' as const, point: { examples: n * 64, epochs: n / 100, timeMs: n * 5, loss: 1 / n, accuracy: 0.5 }, examplesPerSecond: 1000 + n });

describe('the run record reducer', () => {
  it('keeps what a run tells it: epochs, lr changes, the test result, duration, throughput and the outcome', () => {
    const r = fakeRun({ epochs: 3, batchesPerEpoch: 20 });
    expect(r.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(r.learningRates).toHaveLength(1);
    expect(r.test?.accuracy).toBe(0.9);
    expect(r.durationMs).toBe(600);
    expect(r.examplesPerSecond).toBe(6400);
    expect(r.batchCount).toBe(60);
    expect(r.batches.examples).toHaveLength(60);
    expect(r.outcome).toEqual({ kind: 'finished', epoch: 3 });
  });

  it('after the end takes only a test result (the evaluation at stop comes after it), nothing else', () => {
    let r = fakeRun({ epochs: 1, batchesPerEpoch: 5 });
    const before = r;
    r = reduceRunRecord(r, batch(99));
    r = reduceRunRecord(r, { type: 'end', outcome: { kind: 'stopped', epoch: 1 } });
    r = reduceRunRecord(r, { type: 'epoch', point: { ...before.epochs[0], epoch: 2 } });
    expect(r).toBe(before);
    const test = { ...before.test!, when: 'at stop', accuracy: 0.5 };
    expect(reduceRunRecord(r, { type: 'test', result: test }).test).toEqual(test);
  });

  it('an epoch reported again (a continued run re-evaluated) replaces the earlier one', () => {
    const r = fakeRun({ epochs: 2, batchesPerEpoch: 3 });
    const open = { ...r, outcome: { kind: 'running' as const } };
    const again = reduceRunRecord(open, { type: 'epoch', point: { ...r.epochs[1], valAccuracy: 0.42 } });
    expect(again.epochs.map((e) => [e.epoch, e.valAccuracy])).toEqual([
      [1, r.epochs[0].valAccuracy],
      [2, 0.42],
    ]);
  });

  it('thins a long run to at most MAX_BATCH_POINTS batches, evenly (every k-th, k a power of two) plus the latest', () => {
    let r = createRunRecord({ id: 'x', dataset: 'MNIST', imageShape: { rows: 28, cols: 28 }, settings: DEFAULT_SETTINGS, params: 1, backend: 'cpu', startedAt: 0 });
    const total = MAX_BATCH_POINTS * 5 + 37;
    for (let n = 1; n <= total; n++) r = reduceRunRecord(r, batch(n));
    const kept = r.batches.examples.map((x) => x / 64);
    expect(kept.length).toBeLessThanOrEqual(MAX_BATCH_POINTS);
    expect(kept.length).toBeGreaterThan(MAX_BATCH_POINTS / 2);
    expect(r.batchStride).toBe(8);
    // Batch 1, 1 + k, 1 + 2k, ... and the latest one.
    expect(kept.slice(0, -1)).toEqual(kept.slice(0, -1).map((_, i) => 1 + i * r.batchStride));
    expect(kept.at(-1)).toBe(total);
    expect(r.batchCount).toBe(total);
    // The columns stay in step: each kept batch's loss is its own.
    expect(r.batches.loss).toEqual(kept.map((n) => 1 / n));
  });

  it('thinBatches halves until within the limit and doubles the stride each time', () => {
    const cols = { examples: [1, 2, 3, 4, 5, 6, 7, 8, 9], epochs: [1, 2, 3, 4, 5, 6, 7, 8, 9], timeMs: [1, 2, 3, 4, 5, 6, 7, 8, 9], loss: [1, 2, 3, 4, 5, 6, 7, 8, 9], accuracy: [1, 2, 3, 4, 5, 6, 7, 8, 9] };
    expect(thinBatches(cols, 1, 9)).toEqual({ batches: cols, batchStride: 1 });
    const t = thinBatches(cols, 2, 3);
    expect(t.batchStride).toBe(8);
    expect(t.batches.examples).toEqual([1, 5, 9]);
    expect(t.batches.loss).toEqual([1, 5, 9]);
  });
});

describe('names, outcomes and settings', () => {
  it('names a run by model, optimizer and rate, batch and seed', () => {
    expect(defaultRunName(runSettingsOf({ ...DEFAULT_SETTINGS, learningRate: 0.001, batchSize: 64, seed: 42 }))).toBe('dense · adam 0.001 · b64 · seed 42');
    expect(fakeRun({ settings: { optimizer: 'sgd', learningRate: 0.1, batchSize: 32, seed: 7 } }).name).toBe('cnn · sgd 0.1 · b32 · seed 7');
    const custom = runSettingsOf({ ...DEFAULT_SETTINGS, model: { layers: [...DENSE_PRESET.layers, ...DENSE_PRESET.layers.slice(-1)] } });
    expect(defaultRunName(custom)).toMatch(/^\d+ layers · /);
  });

  it('reads its settings back as the form would, and says which field is wrong', () => {
    const s = runSettingsOf({ ...DEFAULT_SETTINGS, learningRate: 0.01, validation: { kind: 'test' } });
    const back = tryParseRunSettings(s);
    expect(back.ok && back.value).toEqual({ ...DEFAULT_SETTINGS, learningRate: 0.01, validation: { kind: 'test' } });
    expect(tryParseRunSettings({ ...s, batchSize: 'many' })).toEqual({ ok: false, error: expect.stringMatching(/^batchSize: /) });
    expect(tryParseRunSettings({ ...s, model: 'dense_10_softmax-nonsense' })).toEqual({ ok: false, error: expect.stringMatching(/^model: /) });
  });

  it('describes each outcome and finds the best test accuracy of any evaluation', () => {
    expect(describeOutcome({ kind: 'stopped', epoch: 2 })).toBe('stopped at epoch 2');
    expect(describeOutcome({ kind: 'nan', epoch: 0 })).toMatch(/NaN/);
    expect(describeOutcome({ kind: 'context-lost', epoch: 1 })).toMatch(/context lost/);
    const r = fakeRun({ epochs: 3, accuracy: 0.9 });
    expect(bestTestAccuracy(r)).toBe(0.9);
    expect(bestTestAccuracy({ ...r, test: { ...r.test!, accuracy: 0.4 } })).toBe(0.9);
    expect(bestTestAccuracy({ ...r, test: null, epochs: [] })).toBeNull();
  });
});

describe('fitRunsToBudget', () => {
  const runs = [fakeRun({ id: 'old', startedAt: 1, batchesPerEpoch: 200 }), fakeRun({ id: 'mid', startedAt: 2, batchesPerEpoch: 200 }), fakeRun({ id: 'new', startedAt: 3, batchesPerEpoch: 200 })];
  const total = runs.reduce((s, r) => s + recordBytes(r), 0);

  it('changes nothing that fits', () => {
    const f = fitRunsToBudget(runs, total);
    expect(f.fits).toBe(true);
    expect(f.records.every((r, i) => r === runs[i])).toBe(true);
  });

  it('thins the oldest run first, keeping every epoch and result', () => {
    const f = fitRunsToBudget(runs, total - 2000);
    expect(f.fits).toBe(true);
    expect(f.bytes).toBeLessThanOrEqual(total - 2000);
    expect(f.records[0].batches.examples.length).toBeLessThan(runs[0].batches.examples.length);
    expect(f.records[0].batchStride).toBeGreaterThan(1);
    expect(f.records[0].epochs).toEqual(runs[0].epochs);
    expect(f.records[0].test).toEqual(runs[0].test);
    expect(f.records[2]).toBe(runs[2]);
  });

  it('drops batch series oldest first, and says so when even that is not enough', () => {
    const bare = runs.map((r) => recordBytes({ ...r, batches: { examples: [], epochs: [], timeMs: [], loss: [], accuracy: [] } }));
    const f = fitRunsToBudget(runs, bare[0] + bare[1] + recordBytes(runs[2]));
    expect(f.fits).toBe(true);
    expect(f.records[0].batches.examples).toHaveLength(0);
    expect(f.records[1].batches.examples).toHaveLength(0);
    expect(fitRunsToBudget(runs, bare[0] + bare[1] + bare[2] - 1).fits).toBe(false);
  });
});
