/** Evaluation maths on plain arrays (no tfjs): confusion matrix, per-class accuracy, mistakes. */
import { NUM_CLASSES } from '../data/format';

export interface ClassAccuracy {
  correct: number;
  total: number;
  /** correct / total; 0 when the class has no examples (check total). */
  accuracy: number;
}

/** A test image the model got wrong. */
export interface Mistake {
  index: number;
  label: number;
  predicted: number;
  confidence: number;
}

/** Counts (true, predicted) pairs: rows are true labels, columns predictions. Labels outside 0..k-1 are skipped. */
export function confusionMatrix(labels: ArrayLike<number>, predictions: ArrayLike<number>, numClasses = NUM_CLASSES): number[][] {
  if (labels.length !== predictions.length) throw new RangeError(`confusionMatrix: ${labels.length} labels but ${predictions.length} predictions`);
  const matrix = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i];
    const p = predictions[i];
    if (t >= 0 && t < numClasses && p >= 0 && p < numClasses) matrix[t][p] += 1;
  }
  return matrix;
}

/** Per class: the diagonal over the row sum. */
export function perClassAccuracy(confusion: readonly (readonly number[])[]): ClassAccuracy[] {
  return confusion.map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    const correct = row[i] ?? 0;
    return { correct, total, accuracy: total > 0 ? correct / total : 0 };
  });
}

/** Overall accuracy from a confusion matrix: trace over total (0 when empty). */
export function accuracyFromConfusion(confusion: readonly (readonly number[])[]): number {
  let correct = 0;
  let total = 0;
  confusion.forEach((row, i) => {
    correct += row[i] ?? 0;
    total += row.reduce((a, b) => a + b, 0);
  });
  return total > 0 ? correct / total : 0;
}

/** The k wrong predictions the model was most sure of, most confident first (ties: lower index first). */
export function mostConfidentMistakes(result: { predictions: ArrayLike<number>; confidences: ArrayLike<number> }, labels: ArrayLike<number>, k: number): Mistake[] {
  const mistakes: Mistake[] = [];
  const n = Math.min(labels.length, result.predictions.length);
  for (let i = 0; i < n; i++) {
    if (result.predictions[i] !== labels[i]) mistakes.push({ index: i, label: labels[i], predicted: result.predictions[i], confidence: result.confidences[i] });
  }
  mistakes.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  return mistakes.slice(0, Math.max(0, k));
}

/** Indices of the images in one confusion cell (true label t predicted as p), in order. */
export function confusionCellIndices(labels: ArrayLike<number>, predictions: ArrayLike<number>, t: number, p: number): number[] {
  const out: number[] = [];
  const n = Math.min(labels.length, predictions.length);
  for (let i = 0; i < n; i++) if (labels[i] === t && predictions[i] === p) out.push(i);
  return out;
}
