import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BLACK, CARD_PAPER_RGB, GRID_PAPER_RGB, WHITE, contrastRatio, cssRgb, relativeLuminance, textColorOn, type Rgb } from '../../../../src/notebook/renderers/palette';

const css = (path: string) => readFileSync(new URL(`../../../../src/${path}`, import.meta.url), 'utf8');
/** "#fdfdfb" or "#fff" as channels. */
const hexRgb = (hex: string): number[] => {
  const h = hex.length === 4 ? [...hex.slice(1)].map((c) => c + c).join('') : hex.slice(1);
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
};
/** The first `property: #hex` inside `selector { ... }` of a stylesheet. */
const declared = (sheet: string, selector: string, property: string): number[] => {
  const block = new RegExp(`${selector.replace(/[.$-]/g, '\\$&')}\\s*\\{([^}]*)\\}`).exec(sheet)?.[1] ?? '';
  const value = new RegExp(`${property}:\\s*(#[0-9a-fA-F]{3,6})\\b`).exec(block)?.[1];
  if (!value) throw new Error(`no ${property} of ${selector}`);
  return hexRgb(value);
};

describe('palette mirrors the stylesheets', () => {
  it('the card paper is --paper, the background of every cell', () => {
    expect(declared(css('styles.css'), ':root', '--paper')).toEqual([...CARD_PAPER_RGB]);
    expect(css('notebook/cells/cells.css')).toMatch(/\.cell\s*\{[^}]*background:\s*var\(--paper\)/);
  });

  it('the grid paper is the numeric grid\'s own background, and differs from the card', () => {
    expect(declared(css('notebook/renderers/renderers.css'), '.nb-grid-scroll', 'background')).toEqual([...GRID_PAPER_RGB]);
    expect(GRID_PAPER_RGB).not.toEqual(CARD_PAPER_RGB);
  });
});

describe('colour arithmetic', () => {
  it.each([
    [[0, 0, 0], 0],
    [[255, 255, 255], 1],
    [[255, 0, 0], 0.2126],
    [[0, 255, 0], 0.7152],
    [[0, 0, 255], 0.0722],
  ] as [Rgb, number][])('relativeLuminance(%j) = %s', (rgb, want) => expect(relativeLuminance(rgb)).toBeCloseTo(want, 6));

  it('contrastRatio is 21 for black on white, 1 for a colour on itself, and symmetric', () => {
    expect(contrastRatio([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 6);
    expect(contrastRatio(GRID_PAPER_RGB, GRID_PAPER_RGB)).toBe(1);
    expect(contrastRatio([26, 115, 232], CARD_PAPER_RGB)).toBe(contrastRatio(CARD_PAPER_RGB, [26, 115, 232]));
  });

  it('textColorOn picks black on both papers and white on ink', () => {
    expect(textColorOn(CARD_PAPER_RGB)).toBe(BLACK);
    expect(textColorOn(GRID_PAPER_RGB)).toBe(BLACK);
    expect(textColorOn([16, 18, 22])).toBe(WHITE);
  });

  it('cssRgb writes rgb(r, g, b)', () => expect(cssRgb(GRID_PAPER_RGB)).toBe('rgb(253, 253, 251)'));
});
