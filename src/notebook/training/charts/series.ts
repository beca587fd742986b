/** Plain numbers behind the live training charts: smoothing, downsampling, axes (the run's history is model/run-history.ts). */
import { formatCount } from '../../../lib/format';
import type { BatchSeries, EpochPoint, LrMarker, XPoint } from '../../../model/run-history';

/** What the shared x axis of the loss and accuracy charts counts. */
export type XAxisMode = 'examples' | 'epochs' | 'time';

export const X_AXIS_MODES: readonly XAxisMode[] = ['examples', 'epochs', 'time'];

/** One column's running EMA, so the next frame only smooths the batches that arrived since. */
interface EmaCache {
  weight: number;
  resets: number;
  /** Smoothed values for indices [0, length). */
  values: Float64Array;
  length: number;
  last: number;
  /** weight^(finite values so far), the debiasing term, kept as a running product instead of a pow per point. */
  weightPow: number;
}

/** Each series' smoothed columns, derived here and kept beside the series (which is the run's, in model/). */
const smoothCaches = new WeakMap<BatchSeries, { loss: EmaCache | null; accuracy: EmaCache | null }>();

function grown(column: Float64Array, capacity: number): Float64Array {
  const next = new Float64Array(capacity);
  next.set(column);
  return next;
}

/** The x coordinate of a point on the chosen axis. */
export function xOf(point: XPoint, xAxis: XAxisMode): number {
  return xAxis === 'examples' ? point.examples : xAxis === 'epochs' ? point.epochs : point.timeMs;
}

/** The series column behind an x axis. */
export function xColumn(series: BatchSeries, xAxis: XAxisMode): Float64Array {
  return xAxis === 'examples' ? series.examples : xAxis === 'epochs' ? series.epochs : series.timeMs;
}

function clampWeight(weight: number): number {
  // 1 would freeze the average at the first value; NaN would poison everything.
  return Number.isFinite(weight) ? Math.min(Math.max(weight, 0), 0.999) : 0;
}

/**
 * Continues a debiased EMA from `cache.length` to `length`. TensorBoard's rule: non-finite values
 * are passed through as themselves and skipped by the running average, so one NaN batch leaves a
 * gap instead of poisoning every later point.
 */
function extendEma(cache: EmaCache, values: ArrayLike<number>, length: number): void {
  const w = cache.weight;
  const out = cache.values;
  let last = cache.last;
  let pow = cache.weightPow;
  for (let i = cache.length; i < length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * w + (1 - w) * v;
    pow *= w;
    // Dividing by 1 - w^n undoes the pull towards the zero the average starts from.
    out[i] = w === 0 ? v : last / (1 - pow);
  }
  cache.last = last;
  cache.weightPow = pow;
  cache.length = length;
}

function newEma(weight: number, resets: number, capacity: number): EmaCache {
  return { weight, resets, values: new Float64Array(capacity), length: 0, last: 0, weightPow: 1 };
}

/**
 * TensorBoard's debiased exponential moving average of values[0..length). `weight` in [0, 1):
 * 0 returns the raw values; non-finite inputs come out unchanged and do not affect later points.
 */
export function smoothEma(values: ArrayLike<number>, length: number, weight: number): Float64Array {
  const n = Math.max(0, Math.min(length, values.length));
  const cache = newEma(clampWeight(weight), 0, n);
  extendEma(cache, values, n);
  return cache.values;
}

/** The cached EMA of one column, extended to the series' length (recomputed only after a clear or a new weight). */
function smoothedColumn(series: BatchSeries, key: 'loss' | 'accuracy', weight: number): Float64Array {
  let caches = smoothCaches.get(series);
  if (!caches) {
    caches = { loss: null, accuracy: null };
    smoothCaches.set(series, caches);
  }
  let cache = caches[key];
  if (!cache || cache.weight !== weight || cache.resets !== series.resets || cache.length > series.length) {
    cache = newEma(weight, series.resets, series.loss.length);
    caches[key] = cache;
  }
  if (cache.values.length < series.length) cache.values = grown(cache.values, series.loss.length);
  extendEma(cache, series[key], series.length);
  return cache.values;
}

/** One chart row; null where the value is NaN or infinite, so the line shows a gap. */
export interface BatchRow {
  x: number;
  loss: number | null;
  lossSmooth: number | null;
  accuracy: number | null;
  accuracySmooth: number | null;
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** Up to 4 extreme indices per bucket: loss min and max, accuracy min and max. */
const PER_BUCKET = 4;

/**
 * Chart rows for at most `maxPoints` batches (minimum 2). Keeps the first and last batch and, for
 * each bucket of consecutive batches, the ones with the lowest and highest loss and accuracy, so a
 * single divergent batch stays visible however long the run. Smoothing runs over the full series
 * before any point is dropped, so it does not depend on the chart width. O(n) per call, and the
 * EMA is cached on the series so a frame only smooths the new batches.
 */
export function downsampleBatches(series: BatchSeries, xAxis: XAxisMode, maxPoints: number, smoothing: number): BatchRow[] {
  const n = series.length;
  if (n === 0) return [];
  const weight = clampWeight(smoothing);
  const xs = xColumn(series, xAxis);
  const loss = series.loss;
  const acc = series.accuracy;
  const lossSmooth = smoothedColumn(series, 'loss', weight);
  const accSmooth = smoothedColumn(series, 'accuracy', weight);
  const row = (i: number): BatchRow => ({
    x: xs[i],
    loss: finiteOrNull(loss[i]),
    lossSmooth: finiteOrNull(lossSmooth[i]),
    accuracy: finiteOrNull(acc[i]),
    accuracySmooth: finiteOrNull(accSmooth[i]),
  });

  const max = Math.max(2, Math.floor(maxPoints));
  const rows: BatchRow[] = [];
  if (n <= max) {
    for (let i = 0; i < n; i++) rows.push(row(i));
    return rows;
  }

  rows.push(row(0));
  const inner = n - 2;
  // A budget too small for one bucket (under 6 points) leaves just the two ends.
  const buckets = Math.floor((max - 2) / PER_BUCKET);
  const picks = [0, 0, 0, 0];
  for (let b = 0; b < buckets; b++) {
    // Batches 1..n-2 split into `buckets` runs of near-equal size.
    const start = 1 + Math.floor((b * inner) / buckets);
    const end = 1 + Math.floor(((b + 1) * inner) / buckets);
    if (start >= end) continue;
    let lossMin = -1;
    let lossMax = -1;
    let accMin = -1;
    let accMax = -1;
    for (let i = start; i < end; i++) {
      const l = loss[i];
      const a = acc[i];
      if (Number.isFinite(l)) {
        if (lossMin < 0 || l < loss[lossMin]) lossMin = i;
        if (lossMax < 0 || l > loss[lossMax]) lossMax = i;
      }
      if (Number.isFinite(a)) {
        if (accMin < 0 || a < acc[accMin]) accMin = i;
        if (accMax < 0 || a > acc[accMax]) accMax = i;
      }
    }
    // A bucket with no finite value at all still keeps a point, as a gap in the line.
    if (lossMin < 0 && accMin < 0) lossMin = start;
    picks[0] = lossMin;
    picks[1] = lossMax;
    picks[2] = accMin;
    picks[3] = accMax;
    // Four entries: an insertion sort, then emit each distinct index in x order.
    for (let p = 1; p < PER_BUCKET; p++) {
      const v = picks[p];
      let q = p - 1;
      while (q >= 0 && picks[q] > v) {
        picks[q + 1] = picks[q];
        q--;
      }
      picks[q + 1] = v;
    }
    for (let p = 0; p < PER_BUCKET; p++) {
      const i = picks[p];
      if (i >= 0 && (p === 0 || i !== picks[p - 1])) rows.push(row(i));
    }
  }
  rows.push(row(n - 1));
  return rows;
}

/** One epoch on the chart; null for non-finite metrics. */
export interface EpochRow {
  x: number;
  epoch: number;
  trainLoss: number | null;
  trainAccuracy: number | null;
  valLoss: number | null;
  valAccuracy: number | null;
}

/** Per-epoch rows on the chosen x axis, at the end of each epoch. */
export function epochRows(epochs: readonly EpochPoint[], xAxis: XAxisMode): EpochRow[] {
  return epochs.map((e) => ({
    x: xOf(e, xAxis),
    epoch: e.epoch,
    trainLoss: finiteOrNull(e.trainLoss),
    trainAccuracy: finiteOrNull(e.trainAccuracy),
    valLoss: finiteOrNull(e.valLoss),
    valAccuracy: finiteOrNull(e.valAccuracy),
  }));
}

/** Axis titles, with units. */
export const X_AXIS_LABELS: Readonly<Record<XAxisMode, string>> = {
  examples: 'examples seen',
  epochs: 'epochs',
  time: 'training time (m:ss)',
};

/** Short names for the x-axis picker. */
export const X_AXIS_OPTIONS: Readonly<Record<XAxisMode, string>> = {
  examples: 'examples seen',
  epochs: 'epochs',
  time: 'wall time',
};

/** Wall time as m:ss (h:mm:ss from an hour), rounded down to the second. */
export function formatTrainingTime(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const sign = ms < 0 ? '-' : '';
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${sign}${h}:${String(m).padStart(2, '0')}:${s}` : `${sign}${m}:${s}`;
}

/** Tick spacings a reader counts time in: seconds, then minutes, then hours. */
const TIME_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 18_000, 36_000];

/**
 * Ticks from 0 past `maxMs` at a clock-friendly spacing (0:15, 0:30, ...), at most `maxTicks`
 * intervals. A numeric axis left to itself picks decimal steps in ms, e.g. 0:07, 0:14, 0:21.
 */
export function timeTicks(maxMs: number, maxTicks = 6): number[] {
  const max = Number.isFinite(maxMs) && maxMs > 0 ? maxMs : 1000;
  const intervals = Math.max(1, Math.floor(maxTicks));
  const stepS = TIME_STEPS_S.find((s) => (s * 1000 * intervals) >= max) ?? Math.ceil(max / 1000 / intervals / 3600) * 3600;
  const step = stepS * 1000;
  const count = Math.ceil(max / step);
  return Array.from({ length: count + 1 }, (_, i) => i * step);
}

/** The largest x among batches, epochs and markers (0 when there are none). */
export function maxX(rows: readonly { x: number }[], epochs: readonly { x: number }[], markers: readonly XPoint[], xAxis: XAxisMode): number {
  let max = 0;
  if (rows.length > 0) max = Math.max(max, rows[rows.length - 1].x);
  if (epochs.length > 0) max = Math.max(max, epochs[epochs.length - 1].x);
  for (const m of markers) max = Math.max(max, xOf(m, xAxis));
  return max;
}

/** The smallest "round" number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten) at or above `x`: an axis end. 1 for x <= 0. */
export function niceCeil(x: number): number {
  if (!Number.isFinite(x) || x <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(x));
  const step = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((m) => m * power >= x * (1 - 1e-12)) ?? 10;
  return step * power;
}

/** Fractional epochs with one or two decimals: 2.0, 1.5, 0.25. */
export function formatEpochs(epochs: number): string {
  if (!Number.isFinite(epochs)) return String(epochs);
  const fixed = epochs.toFixed(2);
  return fixed.endsWith('0') ? fixed.slice(0, -1) : fixed;
}

/** Tick and tooltip text for an x value. */
export function formatX(value: number, xAxis: XAxisMode): string {
  if (xAxis === 'examples') return formatCount(Math.round(value));
  if (xAxis === 'epochs') return formatEpochs(value);
  return formatTrainingTime(value);
}

/** Accuracy 0..1 as a percent, e.g. 0.9731 -> "97.3%": the page's one percent formatter, under the charts' name. */
export { formatPercent as formatAccuracy } from '../../../lib/format';

/** A loss value with four significant digits, e.g. 0.06812. */
export function formatLoss(loss: number): string {
  if (!Number.isFinite(loss)) return String(loss);
  return String(Number(loss.toPrecision(4)));
}

/** A learning rate as people write it: 0.001, 0.0001, 1e-7. */
export function formatLearningRate(lr: number): string {
  if (!Number.isFinite(lr)) return String(lr);
  return String(Number(lr.toPrecision(3)));
}

/** The short label drawn on the chart: "lr 0.001 → 0.0001". */
export function lrMarkerLabel(marker: LrMarker): string {
  return `lr ${formatLearningRate(marker.previous)} → ${formatLearningRate(marker.learningRate)}`;
}

/** The sentence under the charts: "Learning rate changed at 12,800 examples: 0.001 → 0.0001". */
export function lrMarkerSentence(marker: LrMarker, xAxis: XAxisMode): string {
  const where =
    xAxis === 'examples'
      ? `${formatCount(Math.round(marker.examples))} examples`
      : xAxis === 'epochs'
        ? `epoch ${formatEpochs(marker.epochs)}`
        : formatTrainingTime(marker.timeMs);
  return `Learning rate changed at ${where}: ${formatLearningRate(marker.previous)} → ${formatLearningRate(marker.learningRate)}`;
}
