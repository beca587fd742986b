import { describe, expect, it } from 'vitest';
import { toProbabilities } from '../../../../src/notebook/draw/probabilities';

describe('toProbabilities', () => {
  it('keeps values that are already probabilities', () => {
    const p = [0.1, 0.2, 0.7];
    expect(toProbabilities(p)).toEqual({ probabilities: p, fromLogits: false });
    // float32 softmax sums are off by a little.
    expect(toProbabilities([0.5000001, 0.5]).fromLogits).toBe(false);
  });

  it('softmaxes logits (negative, above 1, or not summing to 1)', () => {
    for (const logits of [[-1, 0, 1], [2, 3], [0.1, 0.1]]) {
      const { probabilities, fromLogits } = toProbabilities(logits);
      expect(fromLogits).toBe(true);
      expect(probabilities.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 12);
      expect(probabilities.indexOf(Math.max(...probabilities))).toBe(logits.indexOf(Math.max(...logits)));
    }
  });

  it('survives huge logits and non-finite values', () => {
    const { probabilities } = toProbabilities([1000, 999, NaN, -Infinity]);
    expect(probabilities.every(Number.isFinite)).toBe(true);
    expect(probabilities.reduce((a, v) => a + v, 0)).toBeCloseTo(1, 12);
    expect(toProbabilities([])).toEqual({ probabilities: [], fromLogits: false });
  });
});
