/**
 * Runs side by side, as plain rows for the charts and tables: each selected run's curve resampled onto one
 * shared x grid (so a hover reads every run's value at the same x), the settings two runs differ in, and
 * how their per-class accuracy and confusion matrices differ. Pure.
 */
import type { RunRecord } from '../../../model/run-record';
import type { SettingsField } from '../../../model/settings';
import type { XAxisMode } from '../charts/series';

/** The live charts' x axes: examples seen, epochs, wall time. */
export type CompareAxis = XAxisMode;
const FIELD_OF = { examples: 'examples', epochs: 'epochs', time: 'timeMs' } as const;
export type CompareMetric = 'batchLoss' | 'batchAccuracy' | 'valLoss' | 'valAccuracy' | 'trainLoss' | 'testAccuracy';

/** Grid points along x: enough for a smooth curve, few enough for 50 runs to stay quick. */
export const GRID_POINTS = 160;

/** One run's points for a metric, x ascending. */
export function curveOf(run: RunRecord, metric: CompareMetric, axis: CompareAxis): { x: number; y: number }[] {
  if (metric === 'batchLoss' || metric === 'batchAccuracy') {
    const ys = metric === 'batchLoss' ? run.batches.loss : run.batches.accuracy;
    return run.batches[FIELD_OF[axis]].map((x, i) => ({ x, y: ys[i] })).filter((p) => Number.isFinite(p.y));
  }
  return run.epochs.map((e) => ({ x: e[FIELD_OF[axis]], y: e[metric] ?? NaN })).filter((p) => Number.isFinite(p.y));
}

/** The value of a curve at `x` by linear interpolation, or null outside its range. */
export function valueAt(points: readonly { x: number; y: number }[], x: number): number | null {
  if (points.length === 0 || x < points[0].x || x > points[points.length - 1].x) return null;
  let lo = 0;
  let hi = points.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid].x <= x) lo = mid;
    else hi = mid;
  }
  const a = points[lo];
  const b = points[hi];
  if (b.x === a.x) return b.y;
  return a.y + ((b.y - a.y) * (x - a.x)) / (b.x - a.x);
}

/**
 * Rows `{ x, [run id]: value | null }` on a grid over every run's x range, each run's own points kept
 * exactly (an epoch's value is at that epoch's x) and values in between interpolated; null where a run has
 * no data (before its first point, after its last).
 */
export function overlayRows(runs: readonly RunRecord[], metric: CompareMetric, axis: CompareAxis, points = GRID_POINTS): Record<string, number | null>[] {
  const curves = runs.map((r) => ({ id: r.id, points: curveOf(r, metric, axis) }));
  const xs = curves.flatMap((c) => c.points.map((p) => p.x));
  if (xs.length === 0) return [];
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const grid = new Set<number>(hi > lo ? Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / (points - 1)) : [lo]);
  // Per-epoch curves have few points: keep each exactly, so a hover on an epoch shows its true value.
  if (metric !== 'batchLoss' && metric !== 'batchAccuracy') for (const x of xs) grid.add(x);
  return [...grid]
    .sort((a, b) => a - b)
    .map((x) => {
      const row: Record<string, number | null> = { x };
      for (const c of curves) row[c.id] = valueAt(c.points, x);
      return row;
    });
}

const FIELD_LABELS: Record<SettingsField | 'model', string> = {
  model: 'model',
  optimizer: 'optimizer',
  learningRate: 'learning rate',
  schedule: 'schedule',
  batchSize: 'batch size',
  epochs: 'epochs',
  subsetSize: 'subset',
  validation: 'validation',
  validationFraction: 'held out',
  seed: 'seed',
};

export interface SettingDifference {
  field: SettingsField | 'model' | 'dataset' | 'backend';
  label: string;
  a: string;
  b: string;
}

/** What two runs were trained with differently: settings (the held-out fraction only where both hold out), dataset, backend. */
export function settingsDiff(a: RunRecord, b: RunRecord): SettingDifference[] {
  const out: SettingDifference[] = [];
  for (const field of Object.keys(FIELD_LABELS) as (SettingsField | 'model')[]) {
    if (field === 'validationFraction' && (a.settings.validation !== 'split' || b.settings.validation !== 'split')) continue;
    if (a.settings[field] !== b.settings[field]) out.push({ field, label: FIELD_LABELS[field], a: a.settings[field], b: b.settings[field] });
  }
  if (a.dataset !== b.dataset) out.push({ field: 'dataset', label: 'dataset', a: a.dataset, b: b.dataset });
  if (a.backend !== b.backend) out.push({ field: 'backend', label: 'backend', a: a.backend, b: b.backend });
  return out;
}

export interface ClassComparison {
  digit: number;
  a: number | null;
  b: number | null;
  /** b - a, or null when either is missing. */
  change: number | null;
}

/** Per-class test accuracy of two runs, side by side (null where a run has no test result). */
export function perClassComparison(a: RunRecord, b: RunRecord): ClassComparison[] {
  return Array.from({ length: 10 }, (_, digit) => {
    const x = a.test?.perClass[digit] ?? null;
    const y = b.test?.perClass[digit] ?? null;
    return { digit, a: x, b: y, change: x === null || y === null ? null : y - x };
  });
}

/** b's confusion counts minus a's, [true][predicted]; null unless both have a test result on the same number of images. */
export function confusionDiff(a: RunRecord, b: RunRecord): number[][] | null {
  if (!a.test || !b.test) return null;
  const total = (m: number[][]) => m.reduce((s, row) => s + row.reduce((t, v) => t + v, 0), 0);
  if (total(a.test.confusion) !== total(b.test.confusion)) return null;
  return b.test.confusion.map((row, i) => row.map((v, j) => v - a.test!.confusion[i][j]));
}
