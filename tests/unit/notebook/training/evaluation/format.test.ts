import { describe, expect, it } from 'vitest';
import {
  formatClassAccuracy,
  formatConfusionCellLabel,
  formatImages,
  formatMistakeCaption,
  formatPercentCompact,
  formatPrediction,
  formatStripPercent,
} from '../../../../../src/notebook/training/evaluation/format';

describe('formatPercentCompact', () => {
  it.each([
    [0.972, '97'],
    [1, '100'],
    [0.999, '99'],
    [0, '0'],
    [0.001, '<1'],
  ])('%s -> %s', (p, want) => expect(formatPercentCompact(p)).toBe(want));
});

describe('formatClassAccuracy', () => {
  it.each([
    [{ correct: 1119, total: 1134, accuracy: 1119 / 1134 }, '98.7%  (1,119 / 1,134)'],
    [{ correct: 980, total: 980, accuracy: 1 }, '100.0%  (980 / 980)'],
    [{ correct: 0, total: 3, accuracy: 0 }, '0.0%  (0 / 3)'],
    [{ correct: 0, total: 0, accuracy: 0 }, 'no images'],
  ])('%j -> %s', (c, want) => expect(formatClassAccuracy(c)).toBe(want));
});

describe('captions and labels', () => {
  it.each([
    [{ label: 4, predicted: 9, confidence: 0.97 }, '4 → 9 · 97%'],
    [{ label: 7, predicted: 1, confidence: 0.9999 }, '7 → 1 · 99%'],
    [{ label: 3, predicted: 5, confidence: 0.412 }, '3 → 5 · 41%'],
  ])('mistake %j -> %s', (m, want) => expect(formatMistakeCaption(m)).toBe(want));

  it.each([
    [0, '0 images'],
    [1, '1 image'],
    [12, '12 images'],
    [1135, '1,135 images'],
  ])('formatImages(%s)', (n, want) => expect(formatImages(n)).toBe(want));

  it('names a confusion cell by both labels and its count', () => {
    expect(formatConfusionCellLabel(4, 9, 12)).toBe('true 4, predicted 9: 12 images');
    expect(formatConfusionCellLabel(2, 2, 1)).toBe('true 2, predicted 2: 1 image');
  });

  it('states the prediction with its probability', () => {
    expect(formatPrediction(5, 0.991)).toBe('predicts 5 (99.1%)');
    expect(formatPrediction(0, 0.99999)).toBe('predicts 0 (99.9%)');
  });
});

describe('formatStripPercent', () => {
  it.each([
    [0.97, '97'],
    [1, '100'],
    [0.005, '1'],
    [0.0049, ''],
    [0, ''],
    [NaN, ''],
  ])('%s -> %j', (p, want) => expect(formatStripPercent(p)).toBe(want));
});
