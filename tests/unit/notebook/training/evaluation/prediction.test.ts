import { describe, expect, it } from 'vitest';
import { HISTORY_MAX_ROWS, historyRows, predictionView, sampleEvenly } from '../../../../../src/notebook/training/evaluation/prediction';
import { probabilityShade } from '../../../../../src/notebook/training/evaluation/shading';

const oneHotish = (digit: number, p = 0.91) => Array.from({ length: 10 }, (_, d) => (d === digit ? p : (1 - p) / 9));

describe('predictionView', () => {
  it('marks the argmax and the true label', () => {
    const v = predictionView(oneHotish(5), 3)!;
    expect(v.top).toBe(5);
    expect(v.topProbability).toBeCloseTo(0.91);
    expect(v.bars).toHaveLength(10);
    expect(v.bars.filter((b) => b.isTop).map((b) => b.digit)).toEqual([5]);
    expect(v.bars.filter((b) => b.isTrue).map((b) => b.digit)).toEqual([3]);
  });

  it('marks one bar as both when the model is right, none as true without a label', () => {
    const right = predictionView(oneHotish(7), 7)!;
    expect(right.bars[7]).toMatchObject({ isTop: true, isTrue: true });
    expect(predictionView(oneHotish(7), null)!.bars.some((b) => b.isTrue)).toBe(false);
  });

  it.each([
    ['a tie goes to the lower digit', [0, 0.4, 0, 0.4, 0.2, 0, 0, 0, 0, 0], 1],
    ['NaN entries are skipped', [NaN, 0.1, 0.6, 0.3], 2],
    ['short input pads with 0', [0.2, 0.8], 1],
    ['entries past ten are ignored', [...oneHotish(4), 5], 4],
  ] as [string, number[], number][])('%s', (_, probs, top) => {
    const v = predictionView(probs, null)!;
    expect(v.top).toBe(top);
    expect(v.bars).toHaveLength(10);
  });

  it('clamps probabilities for drawing', () => {
    const v = predictionView([1.2, -0.1, NaN, 0, 0, 0, 0, 0, 0, 0], null)!;
    expect(v.bars.slice(0, 3).map((b) => b.probability)).toEqual([1, 0, 0]);
    expect(v.topProbability).toBe(1);
  });

  it.each([[[]], [[NaN, NaN]]])('%j has no prediction', (probs) => expect(predictionView(probs, 1)).toBeNull());
});

describe('sampleEvenly', () => {
  const items = Array.from({ length: 10 }, (_, i) => i);
  it.each([
    [20, items],
    [10, items],
    [2, [0, 9]],
    [4, [0, 3, 6, 9]],
    [5, [0, 2, 5, 7, 9]],
    [1, [9]],
    [0, []],
  ])('max %s', (max, want) => expect(sampleEvenly(items, max)).toEqual(want));

  it('never repeats an item and keeps order', () => {
    const long = Array.from({ length: 50 }, (_, i) => i);
    const s = sampleEvenly(long, HISTORY_MAX_ROWS);
    expect(s).toHaveLength(HISTORY_MAX_ROWS);
    expect(new Set(s).size).toBe(s.length);
    expect([...s].sort((a, b) => a - b)).toEqual(s);
    expect(s[0]).toBe(0);
    expect(s[s.length - 1]).toBe(49);
  });
});

describe('historyRows', () => {
  const history = [
    { epoch: 1, probabilities: oneHotish(3, 0.3) },
    { epoch: 2, probabilities: oneHotish(5, 0.6) },
    { epoch: 3, probabilities: oneHotish(5, 0.97) },
  ];

  it('keeps epochs in order, ten shaded cells each, argmax outlined', () => {
    const rows = historyRows(history);
    expect(rows.map((r) => r.epoch)).toEqual([1, 2, 3]);
    rows.forEach((r) => expect(r.cells).toHaveLength(10));
    expect(rows.map((r) => r.cells.findIndex((c) => c.isTop))).toEqual([3, 5, 5]);
    expect(rows.map((r) => r.cells.filter((c) => c.isTop).length)).toEqual([1, 1, 1]);
    expect(rows[2].cells[5].shade).toEqual(probabilityShade(0.97));
  });

  it('samples long histories, keeping the first and latest epoch', () => {
    const long = Array.from({ length: 40 }, (_, i) => ({ epoch: i + 1, probabilities: oneHotish(i % 10) }));
    const rows = historyRows(long, 5);
    expect(rows.map((r) => r.epoch)).toEqual([1, 11, 21, 30, 40]);
  });

  it('is empty for no history', () => expect(historyRows([])).toEqual([]));
});
