/** The confusion matrix as rows of ready-to-draw cells, and keyboard movement between them. */
import { ZERO_SHADE, correctShade, errorShade, type HeatColor } from './shading';
import { formatConfusionCellLabel, type ClassNames } from './format';

export interface ConfusionCellView {
  trueLabel: number;
  predicted: number;
  count: number;
  diagonal: boolean;
  shade: HeatColor;
  /** Accessible name, e.g. "true 4, predicted 9: 12 images". */
  label: string;
}

export interface ConfusionRowView {
  trueLabel: number;
  total: number;
  cells: ConfusionCellView[];
}

export interface ConfusionView {
  rows: ConfusionRowView[];
  /** Largest off-diagonal count: the error scale's full shade. */
  maxOffDiagonal: number;
  total: number;
}

/** A count as drawn: non-negative integer (NaN, negative and missing read as 0). */
function countAt(row: readonly number[] | undefined, j: number): number {
  const v = row?.[j];
  return v !== undefined && Number.isFinite(v) && v > 0 ? Math.round(v) : 0;
}

/**
 * Cells of a square confusion matrix [true][predicted] (size = number of rows; short rows pad with 0):
 * diagonal shaded by the row's fraction correct, the rest by count against the largest error.
 */
export function confusionView(confusion: readonly (readonly number[])[], classNames?: ClassNames): ConfusionView {
  const n = confusion.length;
  let maxOffDiagonal = 0;
  const totals: number[] = [];
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (let j = 0; j < n; j++) {
      const c = countAt(confusion[i], j);
      total += c;
      if (i !== j) maxOffDiagonal = Math.max(maxOffDiagonal, c);
    }
    totals.push(total);
  }
  const rows = totals.map((total, i) => ({
    trueLabel: i,
    total,
    cells: Array.from({ length: n }, (_, j) => {
      const count = countAt(confusion[i], j);
      const diagonal = i === j;
      return {
        trueLabel: i,
        predicted: j,
        count,
        diagonal,
        shade: count === 0 ? ZERO_SHADE : diagonal ? correctShade(count / total) : errorShade(count, maxOffDiagonal),
        label: formatConfusionCellLabel(i, j, count, classNames),
      };
    }),
  }));
  return { rows, maxOffDiagonal, total: totals.reduce((a, b) => a + b, 0) };
}

export interface GridPosition {
  row: number;
  col: number;
}

/** Where a key moves focus in a size x size grid (arrows, Home/End within the row); null for other keys. Stops at edges. */
export function moveInGrid({ row, col }: GridPosition, key: string, size: number): GridPosition | null {
  const last = size - 1;
  const clamp = (v: number) => Math.min(last, Math.max(0, v));
  switch (key) {
    case 'ArrowUp':
      return { row: clamp(row - 1), col };
    case 'ArrowDown':
      return { row: clamp(row + 1), col };
    case 'ArrowLeft':
      return { row, col: clamp(col - 1) };
    case 'ArrowRight':
      return { row, col: clamp(col + 1) };
    case 'Home':
      return { row, col: 0 };
    case 'End':
      return { row, col: last };
    default:
      return null;
  }
}
