/** Runs compared: curves on one shared x grid (exact at each run's own epoch points), settings and per-class differences. */
import { describe, expect, it } from 'vitest';
import { confusionDiff, curveOf, overlayRows, perClassComparison, settingsDiff, valueAt } from '../../../../src/notebook/training/runs/compare';
import { fakeRun } from '../../model/run-fixtures';

const a = fakeRun({ id: 'a', epochs: 2, batchesPerEpoch: 10, settings: { learningRate: 0.01 } });
const b = fakeRun({ id: 'b', epochs: 4, batchesPerEpoch: 10, settings: { learningRate: 0.001, seed: 7 }, accuracy: 0.95 });

describe('overlayRows', () => {
  it('puts every run on one x grid: each epoch value exactly at its x, null past a run\u2019s last point', () => {
    const rows = overlayRows([a, b], 'valAccuracy', 'epochs');
    for (const run of [a, b]) for (const e of run.epochs) expect(rows.find((r) => r.x === e.epochs)?.[run.id]).toBe(e.valAccuracy);
    // a trained 2 epochs, b 4: beyond 2, only b has values.
    expect(rows.filter((r) => (r.x as number) > 2).every((r) => r.a === null && r.b !== null)).toBe(true);
    expect(rows.map((r) => r.x)).toEqual([...rows.map((r) => r.x)].sort((p, q) => (p as number) - (q as number)));
  });

  it('interpolates batch curves between points, on a bounded grid', () => {
    const rows = overlayRows([a, b], 'batchLoss', 'examples', 50);
    expect(rows).toHaveLength(50);
    const curve = curveOf(b, 'batchLoss', 'examples');
    const mid = rows[25];
    expect(mid.b).toBeCloseTo(valueAt(curve, mid.x as number)!, 12);
    expect(rows[0].x).toBe(Math.min(curveOf(a, 'batchLoss', 'examples')[0].x, curve[0].x));
  });

  it('reads wall time and is empty for runs without the metric', () => {
    expect(overlayRows([a], 'testAccuracy', 'time').length).toBeGreaterThan(0);
    expect(overlayRows([{ ...a, epochs: [] }], 'valLoss', 'epochs')).toEqual([]);
  });

  it('valueAt: linear between points, null outside', () => {
    const pts = [{ x: 0, y: 0 }, { x: 10, y: 1 }];
    expect(valueAt(pts, 2.5)).toBe(0.25);
    expect(valueAt(pts, -1)).toBeNull();
    expect(valueAt(pts, 11)).toBeNull();
  });
});

describe('differences of two runs', () => {
  it('lists the settings that differ, and only those', () => {
    expect(settingsDiff(a, b).map((d) => [d.field, d.a, d.b])).toEqual([
      ['learningRate', '0.01', '0.001'],
      ['seed', '42', '7'],
    ]);
    expect(settingsDiff(a, a)).toEqual([]);
  });

  it('compares per-class accuracy and the confusion counts (second minus first)', () => {
    const c = perClassComparison(a, b);
    expect(c).toHaveLength(10);
    expect(c.every((x) => x.change === 0)).toBe(true);
    const worse = { ...b, test: { ...b.test!, confusion: b.test!.confusion.map((row, i) => (i === 3 ? row.map((v, j) => (j === 3 ? v - 5 : j === 5 ? v + 5 : v)) : row)) } };
    const d = confusionDiff(a, worse)!;
    expect(d[3][3]).toBe(-5);
    expect(d[3][5]).toBe(5);
    expect(d.flat().filter((v) => v !== 0)).toHaveLength(2);
    expect(confusionDiff(a, { ...b, test: null })).toBeNull();
  });
});
