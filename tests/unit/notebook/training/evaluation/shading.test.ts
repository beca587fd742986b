import { describe, expect, it } from 'vitest';
// The evaluation views sit on the cell card, so their scales start at the card's paper.
import { BLACK, CARD_PAPER_RGB as PAPER_RGB, WHITE, contrastRatio, relativeLuminance, textColorOn, type Rgb } from '../../../../../src/notebook/renderers/palette';
import {
  CORRECT_RGB,
  ERROR_RGB,
  PROBABILITY_RGB,
  ZERO_SHADE,
  clampUnit,
  correctShade,
  errorShade,
  heatColor,
  mixRgb,
  probabilityShade,
} from '../../../../../src/notebook/training/evaluation/shading';

const rgbOf = (css: string) => css.match(/\d+/g)!.map(Number) as unknown as Rgb;
const hues: [string, Rgb][] = [
  ['correct', CORRECT_RGB],
  ['error', ERROR_RGB],
  ['probability', PROBABILITY_RGB],
];

describe('clampUnit', () => {
  it.each([
    [0.5, 0.5],
    [-1, 0],
    [2, 1],
    [NaN, 0],
    [Infinity, 1],
    [-Infinity, 0],
  ])('%s -> %s', (t, want) => expect(clampUnit(t)).toBe(want));
});

describe('mixRgb', () => {
  it.each([
    [0, [0, 0, 0]],
    [1, [200, 100, 50]],
    [0.5, [100, 50, 25]],
    [-3, [0, 0, 0]],
    [7, [200, 100, 50]],
    [NaN, [0, 0, 0]],
  ])('t=%s', (t, want) => expect(mixRgb([0, 0, 0], [200, 100, 50], t)).toEqual(want));
});

describe('textColorOn', () => {
  it.each([
    [[255, 255, 255], BLACK],
    [[0, 0, 0], WHITE],
    [[255, 230, 0], BLACK],
    [[15, 118, 110], WHITE],
    [[190, 40, 20], WHITE],
  ] as [Rgb, string][])('on %j', (bg, want) => expect(textColorOn(bg)).toBe(want));

  it('clears WCAG AA (4.5:1) on every grey and on every step of each hue', () => {
    for (let v = 0; v <= 255; v++) {
      const grey: Rgb = [v, v, v];
      expect(contrastRatio(rgbOf(textColorOn(grey)), grey), `grey ${v}`).toBeGreaterThanOrEqual(4.5);
    }
    for (const [name, hue] of hues) {
      for (let k = 0; k <= 100; k++) {
        const c = heatColor(hue, k / 100);
        expect(contrastRatio(rgbOf(c.color), rgbOf(c.background)), `${name} at ${k}%`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});

describe('heatColor', () => {
  it.each(hues)('%s runs from paper at 0 to the full hue at 1, darkening monotonically', (_, hue) => {
    expect(rgbOf(heatColor(hue, 0).background)).toEqual([...PAPER_RGB]);
    expect(rgbOf(heatColor(hue, 1).background)).toEqual([...hue]);
    let previous = Infinity;
    for (let k = 0; k <= 20; k++) {
      const lum = relativeLuminance(rgbOf(heatColor(hue, k / 20).background));
      expect(lum).toBeLessThan(previous);
      previous = lum;
    }
  });

  it('uses different hues for correct and wrong, so the diagonal reads apart from the errors', () => {
    expect(correctShade(1).background).not.toBe(errorShade(5, 5).background);
    expect(probabilityShade(1).background).toBe(heatColor(PROBABILITY_RGB, 1).background);
  });
});

describe('errorShade', () => {
  it.each([
    [0, 10],
    [-2, 10],
    [NaN, 10],
    [0, 0],
  ])('count %s of max %s is the empty cell', (count, max) => expect(errorShade(count, max)).toBe(ZERO_SHADE));

  it('gives the largest error the full warm hue', () => {
    expect(rgbOf(errorShade(42, 42).background)).toEqual([...ERROR_RGB]);
  });

  it('tints a lone mistake visibly even beside a large one (square-root scale)', () => {
    const one = rgbOf(errorShade(1, 100).background);
    expect(one).toEqual(mixRgb(PAPER_RGB, ERROR_RGB, 0.1));
    expect(contrastRatio(one, PAPER_RGB)).toBeGreaterThan(1.1);
  });

  it('orders counts: more errors, darker', () => {
    const lum = (c: number) => relativeLuminance(rgbOf(errorShade(c, 50).background));
    expect(lum(1)).toBeGreaterThan(lum(5));
    expect(lum(5)).toBeGreaterThan(lum(50));
  });

  it('keeps zero text muted but readable', () => {
    expect(contrastRatio(rgbOf(ZERO_SHADE.color), rgbOf(ZERO_SHADE.background))).toBeGreaterThanOrEqual(4.5);
    expect(ZERO_SHADE.color).not.toBe(BLACK);
  });
});

describe('correctShade', () => {
  it('is linear in the fraction correct', () => {
    expect(rgbOf(correctShade(0.5).background)).toEqual(mixRgb(PAPER_RGB, CORRECT_RGB, 0.5));
    expect(rgbOf(correctShade(1).background)).toEqual([...CORRECT_RGB]);
    expect(rgbOf(correctShade(0).background)).toEqual([...PAPER_RGB]);
  });
});
