/** UMAP in the worker's core: it keeps clusters apart, is the same map for the same seed, reports its progress and refuses bad input. */
import { describe, expect, it } from 'vitest';
import { umapInputError, umapLayout } from '../../../src/workers/umap-core';
import { UMAP_DEFAULTS, type UmapProgress } from '../../../src/workers/umap-protocol';
import { seededRandom } from '../data/fixtures';

/** `k` tight clusters of `per` points in `d` dimensions, their centres far apart: row-major data and each row's cluster. */
function clusters(k: number, per: number, d: number, seed: number) {
  const random = seededRandom(seed);
  const centres = Array.from({ length: k }, () => Array.from({ length: d }, () => 20 * random()));
  const data = new Float32Array(k * per * d);
  const label = new Int32Array(k * per);
  for (let c = 0; c < k; c++) {
    for (let p = 0; p < per; p++) {
      const i = c * per + p;
      label[i] = c;
      for (let j = 0; j < d; j++) data[i * d + j] = centres[c][j] + random() - 0.5;
    }
  }
  return { data, label, n: k * per };
}

describe('umapLayout', () => {
  const { data, label, n } = clusters(3, 50, 8, 4);
  const settings = { ...UMAP_DEFAULTS, nEpochs: 60 };

  it("keeps clusters apart in 2-D: every point's nearest laid-out neighbour is of its own cluster", () => {
    const { coords, epochs } = umapLayout(data, n, 8, settings);
    expect(epochs).toBe(60);
    expect(coords.length).toBe(2 * n);
    expect(coords.every(Number.isFinite)).toBe(true);
    let same = 0;
    for (let i = 0; i < n; i++) {
      let best = -1;
      let bestD = Infinity;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const dist = (coords[2 * i] - coords[2 * j]) ** 2 + (coords[2 * i + 1] - coords[2 * j + 1]) ** 2;
        if (dist < bestD) [best, bestD] = [j, dist];
      }
      if (label[best] === label[i]) same++;
    }
    expect(same / n).toBeGreaterThan(0.97);
  });

  it('gives the same map for the same seed and another for another seed', () => {
    const a = umapLayout(data, n, 8, settings).coords;
    const b = umapLayout(data, n, 8, settings).coords;
    const c = umapLayout(data, n, 8, { ...settings, seed: 7 }).coords;
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });

  it('reports the neighbour graph first, then the layout every 5 epochs up to the last', () => {
    const seen: UmapProgress[] = [];
    const { epochs } = umapLayout(data, n, 8, { ...settings, nEpochs: 23 }, (p) => seen.push(p));
    expect(seen[0]).toEqual({ stage: 'neighbours' });
    const layout = seen.slice(1);
    expect(layout.map((p) => (p.stage === 'layout' ? p.epoch : -1))).toEqual([5, 10, 15, 20, 23]);
    expect(layout.every((p) => p.stage === 'layout' && p.epochs === epochs && epochs === 23)).toBe(true);
  });

  it('lets umap-js choose the epochs by the number of points when n_epochs is 0', () => {
    expect(umapLayout(data, n, 8, { ...settings, nEpochs: 0 }).epochs).toBe(500);
  });

  it('refuses, with a message naming what is wrong, features or settings it cannot lay out', () => {
    const ok = { ...settings };
    expect(umapInputError(n, 8, data, ok)).toBeNull();
    expect(umapInputError(n, 7, data, ok)).toMatch(/needs 150x7 features, got 1200 values/);
    expect(umapInputError(n, 8, data, { ...ok, nNeighbors: 1 })).toMatch(/n_neighbors/);
    expect(umapInputError(n, 8, data, { ...ok, nNeighbors: 2.5 })).toMatch(/n_neighbors/);
    expect(umapInputError(10, 8, data.subarray(0, 80), ok)).toMatch(/more than 15 points, got 10/);
    expect(umapInputError(n, 8, data, { ...ok, minDist: -0.1 })).toMatch(/min_dist/);
    expect(umapInputError(n, 8, data, { ...ok, minDist: Number.NaN })).toMatch(/min_dist/);
    expect(umapInputError(n, 8, data, { ...ok, nEpochs: -1 })).toMatch(/n_epochs/);
    const bad = data.slice();
    bad[8 * 33 + 2] = Number.NaN;
    expect(umapInputError(n, 8, bad, ok)).toMatch(/non-finite value \(at row 33\)/);
    expect(() => umapLayout(bad, n, 8, ok)).toThrow(RangeError);
  });
});
