import { describe, expect, it } from 'vitest';
import { positiveInt, round } from '../../../scripts/bench-common';

describe('positiveInt', () => {
  it.each([
    ['12', 12],
    [undefined, 5],
    ['', 5],
    ['0', 5],
    ['-3', 5],
    ['2.5', 5],
    ['abc', 5],
    ['1e3', 1000],
  ])('%j -> %s (fallback 5)', (text, want) => expect(positiveInt(text, 5)).toBe(want));
});

describe('round', () => {
  it.each([
    [1.26, 1, 1.3],
    [1234.5678, 0, 1235],
    [0.98765, 3, 0.988],
    [null, 1, null],
    [undefined, 1, null],
    [NaN, 1, null],
    [Infinity, 2, null],
  ])('%s to %s digits -> %s', (value, digits, want) => expect(round(value, digits)).toBe(want));
});
