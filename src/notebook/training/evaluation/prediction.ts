/** One sample's prediction as bars, and its per-epoch history as a heat strip. */
import { NUM_CLASSES } from '../../../data/format';
import { argmax } from './ranking';
import { clampUnit, probabilityShade, type HeatColor } from './shading';

export interface PredictionBarView {
  digit: number;
  /** Clamped to 0..1 (NaN reads as 0). */
  probability: number;
  isTop: boolean;
  isTrue: boolean;
}

export interface PredictionView {
  top: number;
  topProbability: number;
  bars: PredictionBarView[];
}

/** Ten bars (missing entries read as 0); null when no probability is a number. */
export function predictionView(probabilities: readonly number[], label: number | null): PredictionView | null {
  const top = argmax(probabilities.slice(0, NUM_CLASSES));
  if (top < 0) return null;
  const bars = Array.from({ length: NUM_CLASSES }, (_, digit) => ({
    digit,
    probability: clampUnit(probabilities[digit] ?? 0),
    isTop: digit === top,
    isTrue: digit === label,
  }));
  return { top, topProbability: bars[top].probability, bars };
}

export interface HistoryCellView {
  digit: number;
  probability: number;
  isTop: boolean;
  shade: HeatColor;
}

export interface HistoryRowView {
  epoch: number;
  cells: HistoryCellView[];
}

/** Epoch rows drawn at most; past this the strip is sampled, first and last epochs kept. */
export const HISTORY_MAX_ROWS = 24;

/** `max` items spread evenly over `items`, first and last always included, order kept. */
export function sampleEvenly<T>(items: readonly T[], max: number): T[] {
  const m = Math.floor(max);
  if (items.length <= m) return items.slice();
  if (m <= 0) return [];
  if (m === 1) return [items[items.length - 1]];
  return Array.from({ length: m }, (_, k) => items[Math.round((k * (items.length - 1)) / (m - 1))]);
}

/** History rows in the order given, sampled to `maxRows`; each row's argmax marked. */
export function historyRows(history: readonly { epoch: number; probabilities: readonly number[] }[], maxRows = HISTORY_MAX_ROWS): HistoryRowView[] {
  return sampleEvenly(history, maxRows).map(({ epoch, probabilities }) => {
    const top = argmax(probabilities.slice(0, NUM_CLASSES));
    return {
      epoch,
      cells: Array.from({ length: NUM_CLASSES }, (_, digit) => {
        const probability = clampUnit(probabilities[digit] ?? 0);
        return { digit, probability, isTop: digit === top, shade: probabilityShade(probability) };
      }),
    };
  });
}
