/** Choosing what to highlight: the predicted class, the weakest class. */
import type { ClassAccuracy } from '../../../model/evaluate';

/** Index of the largest value; ties go to the lower index, NaN never wins, -1 when nothing is a number. */
export function argmax(values: ArrayLike<number>): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    if (best < 0 || v > values[best]) best = i;
  }
  return best;
}

/**
 * The class to flag as weakest: lowest accuracy among classes with images; ties go to the class with
 * more wrong images, then the lower digit. null when no class has images or every class scores the
 * same (flagging one of equals, or one of ten perfect classes, would point at nothing).
 */
export function weakestClass(perClass: readonly ClassAccuracy[]): number | null {
  let weakest = -1;
  let best = -Infinity;
  for (let d = 0; d < perClass.length; d++) {
    const c = perClass[d];
    if (c.total <= 0 || Number.isNaN(c.accuracy)) continue;
    best = Math.max(best, c.accuracy);
    if (weakest < 0) {
      weakest = d;
      continue;
    }
    const w = perClass[weakest];
    if (c.accuracy < w.accuracy || (c.accuracy === w.accuracy && c.total - c.correct > w.total - w.correct)) weakest = d;
  }
  if (weakest < 0 || perClass[weakest].accuracy === best) return null;
  return weakest;
}
