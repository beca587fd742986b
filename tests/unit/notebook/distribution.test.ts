import { describe, expect, it } from 'vitest';
import { distributionRows, extremes } from '../../../src/notebook/charts/distribution';

// Canonical MNIST class counts.
const train = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
const test = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

describe('distributionRows', () => {
  it('has a row per digit with counts and shares of each split', () => {
    const rows = distributionRows({ train, test });
    expect(rows).toHaveLength(10);
    expect(rows[1]).toMatchObject({ digit: '1', train: 6742, test: 1135 });
    expect(rows[1].trainPct).toBeCloseTo(11.237, 2);
    expect(rows[1].testPct).toBeCloseTo(11.35, 2);
    expect(rows.reduce((s, r) => s + r.trainPct, 0)).toBeCloseTo(100, 6);
  });

  it('reads missing counts and empty splits as 0 without dividing by zero', () => {
    const rows = distributionRows({ train: [1, 1], test: [] });
    expect(rows[9]).toEqual({ digit: '9', train: 0, test: 0, trainPct: 0, testPct: 0 });
    expect(rows[0].trainPct).toBe(50);
  });
});

describe('extremes', () => {
  it('finds the most and least frequent digit', () => {
    expect(extremes(train)).toEqual({ most: 1, least: 5 });
    expect(extremes([2, 2, 2])).toEqual({ most: 0, least: 0 });
    expect(extremes([])).toBeNull();
  });
});
