/** The run's history fed with trainer events: absolute counters across a continued run, markers, restore. */
import { describe, expect, it } from 'vitest';
import type { BatchEvent, EpochEvent, LearningRateEvent } from '../../../src/model/events';
import { batchAt, RunHistory } from '../../../src/model/run-history';

const PER_EPOCH = 320;

function batch(i: number, loss = 1 / (i + 1)): BatchEvent {
  const examplesSeen = (i + 1) * 32;
  return { type: 'batch', epoch: Math.floor(i / 10) + 1, batchInEpoch: (i % 10) + 1, batchesPerEpoch: 10, batchSize: 32, examplesSeen, epochProgress: examplesSeen / PER_EPOCH, loss, accuracy: 0.5, learningRate: 0.01, wallMs: (i + 1) * 10, batchMs: 10 };
}

function epoch(n: number, withTest: boolean): EpochEvent {
  const test = withTest ? ({ loss: 0.4, accuracy: 0.9 } as EpochEvent['test']) : undefined;
  return { type: 'epoch', epoch: n, trainLoss: 0.5, trainAccuracy: 0.8, valLoss: 0.45, valAccuracy: 0.85, valCount: 80, epochMs: 100, evalMs: 5, examplesSeen: n * PER_EPOCH, wallMs: n * 105, numTensors: 12, ...(test ? { test } : {}) };
}

describe('RunHistory', () => {
  it('appends batches, epochs (test figures when evaluated) and learning-rate markers in the run\'s counters', () => {
    const h = new RunHistory();
    for (let i = 0; i < 10; i++) h.addBatch(batch(i));
    const e1 = h.addEpoch(epoch(1, true));
    const lr: LearningRateEvent = { type: 'learningRate', learningRate: 0.001, previous: 0.01, examplesSeen: PER_EPOCH, epoch: 2, batchInEpoch: 1 };
    const marker = h.addLrChange(lr, PER_EPOCH, 105);
    expect(h.series.length).toBe(10);
    expect(batchAt(h.series, 9)).toEqual({ examples: 320, epochs: 1, timeMs: 100, loss: 0.1, accuracy: 0.5 });
    expect(e1).toMatchObject({ epoch: 1, examples: 320, epochs: 1, timeMs: 105, testLoss: 0.4, testAccuracy: 0.9 });
    expect(h.addEpoch(epoch(2, false))).not.toHaveProperty('testAccuracy');
    expect(marker).toEqual({ examples: 320, epochs: 1, timeMs: 105, learningRate: 0.001, previous: 0.01 });
    expect(h.lrChanges).toEqual([marker]);
  });

  it('replaces its epoch and marker lists on change (memo keys) and clears everything on clear', () => {
    const h = new RunHistory();
    const before = h.epochs;
    h.addEpoch(epoch(1, false));
    expect(h.epochs).not.toBe(before);
    h.addBatch(batch(0));
    const version = h.series.version;
    h.clear();
    expect(h.series.length).toBe(0);
    expect(h.series.version).toBeGreaterThan(version);
    expect(h.epochs).toEqual([]);
    expect(h.offset).toEqual({ examples: 0, epochs: 0, timeMs: 0 });
  });

  it('continues from an epoch: later epochs go, the trainer\'s fresh counters start where that epoch ended', () => {
    const h = new RunHistory();
    for (let i = 0; i < 30; i++) h.addBatch(batch(i));
    [1, 2, 3].forEach((n) => h.addEpoch(epoch(n, false)));
    h.continueFrom(2, 2 * PER_EPOCH);
    expect(h.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(h.offset).toEqual({ examples: 640, epochs: 2, timeMs: 210 });
    // The new trainer counts from zero: its first batch lands after the kept curve.
    const p = h.addBatch(batch(0));
    expect(p).toMatchObject({ examples: 640 + 32, epochs: 2 + 0.1, timeMs: 220 });
    expect(h.addEpoch(epoch(1, false))).toMatchObject({ epoch: 3, examples: 960, timeMs: 210 + 105 });
    expect(h.series.length, 'the curve so far is kept').toBe(31);
  });

  it('restores a stored history as copies', () => {
    const h = new RunHistory();
    h.addBatch(batch(0));
    const stored = { examples: [32, 64], epochs: [0.1, 0.2], timeMs: [10, 20], loss: [2, 1], accuracy: [0.1, 0.2] };
    const epochs = [{ epoch: 1, examples: 64, epochs: 1, timeMs: 20, trainLoss: 1, trainAccuracy: 0.2, valLoss: 1, valAccuracy: 0.2 }];
    const markers = [{ examples: 32, epochs: 0.1, timeMs: 10, learningRate: 0.1, previous: 0.2 }];
    h.restore(stored, epochs, markers);
    expect(h.series.length).toBe(2);
    expect(batchAt(h.series, 1)).toEqual({ examples: 64, epochs: 0.2, timeMs: 20, loss: 1, accuracy: 0.2 });
    expect(h.epochs).toEqual(epochs);
    expect(h.epochs[0]).not.toBe(epochs[0]);
    expect(h.lrChanges).toEqual(markers);
  });
});
