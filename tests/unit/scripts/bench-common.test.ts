import { describe, expect, it } from 'vitest';
import { paintedNoLater, positiveInt, round } from '../../../scripts/bench-common';
import { FIRST_SCREEN_TIMING, firstScreenHtml } from '../../../scripts/first-screen';

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

describe('paintedNoLater', () => {
  const { shape, digit } = FIRST_SCREEN_TIMING;
  it("holds for the first screen's shape before its digit, and not the other way round", () => {
    const html = firstScreenHtml({ shape: [60000, 28, 28], total: 70000, label: 5, pixels: new Uint8Array(784) });
    expect(paintedNoLater(html, shape, digit)).toBe(true);
    expect(paintedNoLater(html, digit, shape)).toBe(false);
  });

  it('is false when either element is missing', () => {
    expect(paintedNoLater(`<img elementtiming="${digit}">`, shape, digit)).toBe(false);
    expect(paintedNoLater(`<pre elementtiming="${shape}"></pre>`, shape, digit)).toBe(false);
    expect(paintedNoLater('<div id="root"></div>', shape, digit)).toBe(false);
  });
});
