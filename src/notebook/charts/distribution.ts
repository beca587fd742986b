/** Plain numbers behind the class-distribution chart. */
import { NUM_CLASSES } from '../../data/format';

/** One digit's images per split, as counts and as percent of the split. */
export interface DistributionRow {
  digit: string;
  train: number;
  test: number;
  trainPct: number;
  testPct: number;
}

/** Per-split class counts (length 10). */
export interface ClassCounts {
  train: readonly number[];
  test: readonly number[];
}

/** Percent of `total` (0 when the total is 0), not rounded. */
export function percentOf(value: number, total: number): number {
  return total > 0 ? (100 * value) / total : 0;
}

/** Sum of a count vector. */
export function total(counts: readonly number[]): number {
  return counts.reduce((a, b) => a + b, 0);
}

/** Rows for labels 0..9 (named "0 T-shirt/top" when names are given); a missing count reads as 0. */
export function distributionRows(counts: ClassCounts, classNames: readonly string[] | null = null): DistributionRow[] {
  const trainTotal = total(counts.train);
  const testTotal = total(counts.test);
  return Array.from({ length: NUM_CLASSES }, (_, d) => {
    const train = counts.train[d] ?? 0;
    const test = counts.test[d] ?? 0;
    return { digit: classNames?.[d] ? `${d} ${classNames[d]}` : String(d), train, test, trainPct: percentOf(train, trainTotal), testPct: percentOf(test, testTotal) };
  });
}

/** The most and least frequent digit (lowest digit wins ties), or null for an empty vector. */
export function extremes(counts: readonly number[]): { most: number; least: number } | null {
  if (counts.length === 0) return null;
  let most = 0;
  let least = 0;
  counts.forEach((c, d) => {
    if (c > counts[most]) most = d;
    if (c < counts[least]) least = d;
  });
  return { most, least };
}
