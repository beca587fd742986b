import { describe, expect, it } from 'vitest';
import { appendBatch, batchAt, clearBatchSeries, createBatchSeries, type BatchPoint, type BatchSeries, type EpochPoint } from '../../../../../src/model/run-history';
import {
  downsampleBatches,
  epochRows,
  formatAccuracy,
  formatEpochs,
  formatLearningRate,
  formatLoss,
  formatTrainingTime,
  formatX,
  lrMarkerLabel,
  lrMarkerSentence,
  maxX,
  smoothEma,
  timeTicks,
  xColumn,
  xOf,
  niceCeil,
  type XAxisMode,
} from '../../../../../src/notebook/training/charts/series';

const BATCH = 32;
const PER_EPOCH = 1000;

/** Batch i (0-based) of a run: 32 examples each, 1,000 per epoch, 20 ms per batch. */
function point(i: number, loss = 2 / (1 + i), accuracy = Math.min(1, 0.1 + i / 100)): BatchPoint {
  const examples = (i + 1) * BATCH;
  return { examples, epochs: examples / PER_EPOCH, timeMs: (i + 1) * 20, loss, accuracy };
}

function seriesOf(n: number, lossAt?: (i: number) => number, capacity?: number): BatchSeries {
  const s = createBatchSeries(capacity);
  for (let i = 0; i < n; i++) appendBatch(s, point(i, lossAt ? lossAt(i) : undefined));
  return s;
}

describe('BatchSeries', () => {
  it.each([
    { capacity: 1, n: 1 },
    { capacity: 1, n: 2 },
    { capacity: 4, n: 4 },
    { capacity: 4, n: 5 },
    { capacity: 4, n: 100 },
    { capacity: 256, n: 1000 },
  ])('keeps every batch when growing past capacity $capacity to $n', ({ capacity, n }) => {
    const s = seriesOf(n, undefined, capacity);
    expect(s.length).toBe(n);
    expect(s.version).toBe(n);
    expect(s.examples.length).toBeGreaterThanOrEqual(n);
    for (const i of [0, Math.floor(n / 2), n - 1]) expect(batchAt(s, i)).toEqual(point(i));
  });

  it('grows by doubling, so appends stay amortized O(1)', () => {
    const s = createBatchSeries(4);
    const capacities = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      appendBatch(s, point(i));
      capacities.add(s.loss.length);
    }
    expect([...capacities]).toEqual([4, 8, 16, 32, 64, 128, 256, 512, 1024]);
  });

  it('bumps version on every append and clear, and resets only on clear', () => {
    const s = seriesOf(3);
    expect([s.version, s.resets]).toEqual([3, 0]);
    clearBatchSeries(s);
    expect([s.length, s.version, s.resets]).toEqual([0, 4, 1]);
    appendBatch(s, point(7));
    expect([s.length, s.version, s.resets]).toEqual([1, 5, 1]);
    expect(batchAt(s, 0)).toEqual(point(7));
  });

  it.each([-1, 3, 1.5, Number.NaN])('batchAt(%s) outside a 3-batch series throws', (i) => {
    expect(() => batchAt(seriesOf(3), i)).toThrow(RangeError);
  });
});

describe('smoothEma', () => {
  it('matches hand-computed debiased values', () => {
    // w = 0.5: last = 1, 2.5, 4.25; debias 1 - 0.5^n = 0.5, 0.75, 0.875.
    const out = smoothEma([2, 4, 6], 3, 0.5);
    expect(Array.from(out)).toEqual([2, 2.5 / 0.75, 4.25 / 0.875]);
    expect(out[2]).toBeCloseTo(4.857142857, 9);
  });

  it.each([
    { name: 'weight 0 is the raw series', values: [3, 1, 4, 1, 5], length: 5, weight: 0, want: [3, 1, 4, 1, 5] },
    { name: 'a constant stays constant (debiasing works)', values: [0.7, 0.7, 0.7, 0.7], length: 4, weight: 0.9, want: [0.7, 0.7, 0.7, 0.7] },
    // last = 0.05, then 0.0495; debias 0.01, then 1 - 0.99^2 = 0.0199.
    { name: 'the first point is always raw', values: [5, 0], length: 2, weight: 0.99, want: [5, 0.0495 / 0.0199] },
    { name: 'length cuts the input', values: [1, 2, 100], length: 2, weight: 0, want: [1, 2] },
    { name: 'length past the end reads only what is there', values: [1, 2], length: 9, weight: 0, want: [1, 2] },
    { name: 'empty', values: [], length: 0, weight: 0.6, want: [] },
  ])('$name', ({ values, length, weight, want }) => {
    const out = Array.from(smoothEma(values, length, weight));
    expect(out).toHaveLength(want.length);
    out.forEach((v, i) => expect(v).toBeCloseTo(want[i], 12));
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('passes %s through without poisoning later points', (bad) => {
    const out = smoothEma([2, bad, 4, 6], 4, 0.5);
    const clean = smoothEma([2, 4, 6], 3, 0.5);
    expect(Object.is(out[1], bad)).toBe(true);
    expect([out[0], out[2], out[3]]).toEqual(Array.from(clean));
  });

  it.each([
    { weight: 1, name: '1 (would freeze at the first value)' },
    { weight: Number.NaN, name: 'NaN' },
  ])('clamps a weight of $name to something usable', ({ weight }) => {
    const out = smoothEma([1, 0, 0], 3, weight);
    expect(out.every(Number.isFinite)).toBe(true);
    expect(out[2]).toBeLessThan(1);
  });
});

describe('downsampleBatches', () => {
  it('returns nothing for an empty series', () => {
    expect(downsampleBatches(createBatchSeries(), 'examples', 600, 0.6)).toEqual([]);
  });

  it('keeps every batch when they fit, with smoothing computed over all of them', () => {
    const s = seriesOf(10);
    const rows = downsampleBatches(s, 'examples', 600, 0.5);
    expect(rows.map((r) => r.x)).toEqual(Array.from({ length: 10 }, (_, i) => (i + 1) * BATCH));
    const want = smoothEma(s.loss, 10, 0.5);
    rows.forEach((r, i) => expect(r.lossSmooth).toBe(want[i]));
  });

  it.each([
    { n: 601, max: 600 },
    { n: 1000, max: 600 },
    { n: 100_000, max: 600 },
    { n: 100_000, max: 50 },
    { n: 10, max: 3 },
    { n: 10, max: 0 },
  ])('$n batches into at most $max points, first and last kept, x increasing', ({ n, max }) => {
    const s = seriesOf(n, (i) => 1 + Math.sin(i / 7));
    const rows = downsampleBatches(s, 'examples', max, 0);
    expect(rows.length).toBeLessThanOrEqual(Math.max(2, max));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows[0].x).toBe(BATCH);
    expect(rows[rows.length - 1].x).toBe(n * BATCH);
    for (let i = 1; i < rows.length; i++) expect(rows[i].x).toBeGreaterThan(rows[i - 1].x);
  });

  it.each([17, 4_321, 50_000, 99_998])('a single loss spike at batch %i of 100,000 survives', (spikeAt) => {
    const s = seriesOf(100_000, (i) => (i === spikeAt ? 9 : 0.1));
    const rows = downsampleBatches(s, 'examples', 600, 0);
    expect(rows.filter((r) => r.loss === 9).map((r) => r.x)).toEqual([(spikeAt + 1) * BATCH]);
  });

  it('a single accuracy dip survives too', () => {
    const s = createBatchSeries();
    for (let i = 0; i < 50_000; i++) appendBatch(s, point(i, 0.1, i === 31_337 ? 0.05 : 0.98));
    const rows = downsampleBatches(s, 'epochs', 600, 0);
    expect(rows.filter((r) => r.accuracy === 0.05)).toHaveLength(1);
  });

  it('smooths before dropping points: the result does not depend on maxPoints', () => {
    const s = seriesOf(5000, (i) => (i % 2 === 0 ? 1 : 3));
    const full = downsampleBatches(s, 'examples', 10_000, 0.9);
    const byX = new Map(full.map((r) => [r.x, r.lossSmooth]));
    for (const r of downsampleBatches(s, 'examples', 100, 0.9)) expect(r.lossSmooth).toBe(byX.get(r.x));
  });

  it('extends the cached EMA on append and recomputes it after a clear or a new weight', () => {
    const s = seriesOf(300, (i) => 1 + (i % 5));
    downsampleBatches(s, 'examples', 600, 0.8);
    for (let i = 300; i < 700; i++) appendBatch(s, point(i, 1 + (i % 5)));
    const want = smoothEma(s.loss, s.length, 0.8);
    const rows = downsampleBatches(s, 'examples', 10_000, 0.8);
    rows.forEach((r, i) => expect(r.lossSmooth).toBeCloseTo(want[i], 12));

    const other = downsampleBatches(s, 'examples', 10_000, 0.3);
    const want03 = smoothEma(s.loss, s.length, 0.3);
    other.forEach((r, i) => expect(r.lossSmooth).toBeCloseTo(want03[i], 12));

    clearBatchSeries(s);
    appendBatch(s, point(0, 42));
    appendBatch(s, point(1, 42));
    expect(downsampleBatches(s, 'examples', 600, 0.3).map((r) => r.lossSmooth)).toEqual([42, 42]);
  });

  it('turns NaN and infinite values into gaps (null), not chart-breaking numbers', () => {
    const s = createBatchSeries();
    appendBatch(s, point(0, 1, 0.5));
    appendBatch(s, point(1, Number.NaN, Number.POSITIVE_INFINITY));
    appendBatch(s, point(2, 1, 0.5));
    const rows = downsampleBatches(s, 'examples', 600, 0.5);
    expect(rows[1]).toMatchObject({ loss: null, lossSmooth: null, accuracy: null, accuracySmooth: null });
    expect(rows[2]).toMatchObject({ loss: 1, lossSmooth: 1, accuracy: 0.5, accuracySmooth: 0.5 });
  });

  it.each<[XAxisMode, number]>([
    ['examples', 5 * BATCH],
    ['epochs', (5 * BATCH) / PER_EPOCH],
    ['time', 5 * 20],
  ])('puts x on the %s axis', (mode, lastX) => {
    const s = seriesOf(5);
    const rows = downsampleBatches(s, mode, 600, 0);
    expect(rows[4].x).toBe(lastX);
    expect(xColumn(s, mode)[4]).toBe(lastX);
  });
});

describe('x axis', () => {
  const p = { examples: 12_800, epochs: 0.25, timeMs: 61_000 };
  it.each<[XAxisMode, number, string]>([
    ['examples', 12_800, '12,800'],
    ['epochs', 0.25, '0.25'],
    ['time', 61_000, '1:01'],
  ])('xOf and formatX on %s', (mode, x, text) => {
    expect(xOf(p, mode)).toBe(x);
    expect(formatX(xOf(p, mode), mode)).toBe(text);
  });

  it('places epochs at their end on the chosen axis, metrics null when non-finite', () => {
    const e: EpochPoint = { epoch: 1, examples: 1000, epochs: 1, timeMs: 9000, trainLoss: 0.3, trainAccuracy: 0.9, valLoss: Number.NaN, valAccuracy: 0.91 };
    expect(epochRows([e], 'time')).toEqual([{ x: 9000, epoch: 1, trainLoss: 0.3, trainAccuracy: 0.9, valLoss: null, valAccuracy: 0.91 }]);
    expect(epochRows([e], 'epochs')[0].x).toBe(1);
  });
});

describe('timeTicks', () => {
  it.each([
    { maxMs: 27_000, want: [0, 5, 10, 15, 20, 25, 30] },
    { maxMs: 30_000, want: [0, 5, 10, 15, 20, 25, 30] },
    { maxMs: 3_500, want: [0, 1, 2, 3, 4] },
    { maxMs: 200_000, want: [0, 60, 120, 180, 240] },
    { maxMs: 2 * 3600_000, want: [0, 1800, 3600, 5400, 7200] },
    { maxMs: 0, want: [0, 1] },
    { maxMs: Number.NaN, want: [0, 1] },
  ])('up to $maxMs ms: every tick a round number of seconds', ({ maxMs, want }) => {
    const ticks = timeTicks(maxMs);
    expect(ticks.map((t) => t / 1000)).toEqual(want);
    expect(ticks.length).toBeLessThanOrEqual(7);
    expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(maxMs || 0);
  });

  it('stays within the tick budget for very long runs', () => {
    const ticks = timeTicks(100 * 3600_000);
    expect(ticks.length).toBeLessThanOrEqual(7);
    expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(100 * 3600_000);
    expect(ticks[1] % 3600_000).toBe(0);
  });

  it('maxX takes the furthest of batches, epochs and markers', () => {
    const marker = { examples: 500, epochs: 0.5, timeMs: 5, learningRate: 0.1, previous: 1 };
    expect(maxX([{ x: 1 }, { x: 300 }], [{ x: 200 }], [marker], 'examples')).toBe(500);
    expect(maxX([{ x: 1 }, { x: 300 }], [{ x: 200 }], [marker], 'time')).toBe(300);
    expect(maxX([], [], [], 'epochs')).toBe(0);
  });
});

describe('formatters', () => {
  it.each([
    [0, '0:00'],
    [999, '0:00'],
    [1000, '0:01'],
    [59_999, '0:59'],
    [60_000, '1:00'],
    [754_000, '12:34'],
    [3_600_000, '1:00:00'],
    [3_725_000, '1:02:05'],
    [Number.NaN, 'NaN'],
  ])('formatTrainingTime(%s) = %s', (ms, text) => expect(formatTrainingTime(ms)).toBe(text));

  it.each([
    [0, '0.0'],
    [2, '2.0'],
    [1.5, '1.5'],
    [0.25, '0.25'],
    [0.032, '0.03'],
    [12.999, '13.0'],
  ])('formatEpochs(%s) = %s', (e, text) => expect(formatEpochs(e)).toBe(text));

  it.each([
    [1234567.4, 'examples', '1,234,567'],
    [0, 'examples', '0'],
    [3.2, 'epochs', '3.2'],
    [125_000, 'time', '2:05'],
  ] as const)('formatX(%s, %s) = %s', (v, mode, text) => expect(formatX(v, mode)).toBe(text));

  it.each([
    [0.001, '0.001'],
    [0.0001, '0.0001'],
    [1e-7, '1e-7'],
    [0.00031622776, '0.000316'],
    [0.1, '0.1'],
  ])('formatLearningRate(%s) = %s', (lr, text) => expect(formatLearningRate(lr)).toBe(text));

  it('formats accuracy as percent and loss to 4 significant digits', () => {
    expect(formatAccuracy(0.97314)).toBe('97.3%');
    expect(formatAccuracy(1, 0)).toBe('100%');
    expect(formatLoss(0.0681234)).toBe('0.06812');
    expect(formatLoss(2.302585)).toBe('2.303');
  });

  it('labels learning-rate markers', () => {
    const m = { examples: 12_800, epochs: 0.2133, timeMs: 45_000, learningRate: 0.0001, previous: 0.001 };
    expect(lrMarkerLabel(m)).toBe('lr 0.001 → 0.0001');
    expect(lrMarkerSentence(m, 'examples')).toBe('Learning rate changed at 12,800 examples: 0.001 → 0.0001');
    expect(lrMarkerSentence(m, 'epochs')).toBe('Learning rate changed at epoch 0.21: 0.001 → 0.0001');
    expect(lrMarkerSentence(m, 'time')).toBe('Learning rate changed at 0:45: 0.001 → 0.0001');
  });
});

describe('niceCeil (an axis end)', () => {
  it.each([
    [57_600, 60_000],
    [54_000, 60_000],
    [3, 3],
    [3.2, 4],
    [0.9, 1],
    [1, 1],
    [101, 120],
    [0, 1],
    [Number.NaN, 1],
  ])('%d -> %d', (x, end) => expect(niceCeil(x)).toBeCloseTo(end, 9));
});
