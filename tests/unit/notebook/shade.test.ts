import { describe, expect, it } from 'vitest';
// The pixel grid has its own paper, a shade off the card's white.
import { GRID_PAPER_RGB as PAPER_RGB, relativeLuminance } from '../../../src/notebook/renderers/palette';
import { INK_RGB, clampPixel, heatShade, shadeRgb } from '../../../src/notebook/renderers/shade';

const rgbOf = (css: string) => css.match(/\d+/g)!.map(Number);
const contrast = (a: number[], b: number[]) => {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
};

describe('heatShade', () => {
  it('maps 0 to paper and 255 to ink', () => {
    expect(rgbOf(heatShade(0).background)).toEqual([...PAPER_RGB]);
    expect(rgbOf(heatShade(255).background)).toEqual([...INK_RGB]);
  });

  it('darkens monotonically with the value', () => {
    let previous = Infinity;
    for (let v = 0; v <= 255; v++) {
      const lum = relativeLuminance(shadeRgb(v));
      expect(lum).toBeLessThan(previous);
      previous = lum;
    }
  });

  it('is proportional: mid-grey sits halfway between paper and ink', () => {
    const mid = shadeRgb(128);
    mid.forEach((c, i) => expect(Math.abs(c - (PAPER_RGB[i] + INK_RGB[i]) / 2)).toBeLessThanOrEqual(1.5));
  });

  it('keeps every non-zero number readable (WCAG AA, 4.5:1)', () => {
    for (let v = 1; v <= 255; v++) {
      const s = heatShade(v);
      expect(contrast(rgbOf(s.color), rgbOf(s.background)), `value ${v}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('switches to light text on dark cells', () => {
    expect(relativeLuminance(rgbOf(heatShade(10).color))).toBeLessThan(0.1);
    expect(relativeLuminance(rgbOf(heatShade(250).color))).toBeGreaterThan(0.9);
  });

  it('shows zeros dim but visible', () => {
    const zero = heatShade(0);
    expect(zero.zero).toBe(true);
    const c = contrast(rgbOf(zero.color), rgbOf(zero.background));
    expect(c).toBeGreaterThan(1.8);
    expect(c).toBeLessThan(3);
    expect(heatShade(1).zero).toBe(false);
  });

  it('rounds and clamps out-of-range input', () => {
    expect(heatShade(-20)).toBe(heatShade(0));
    expect(heatShade(999)).toBe(heatShade(255));
    expect(heatShade(127.6)).toBe(heatShade(128));
    expect(heatShade(Number.NaN)).toBe(heatShade(0));
    expect(clampPixel(Infinity)).toBe(255);
  });
});
