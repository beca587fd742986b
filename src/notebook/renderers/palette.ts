/**
 * The page's colours as RGB, for the shades computed in TypeScript (the pixel grid, the evaluation
 * views), and the contrast arithmetic that picks readable text on them. Each paper mirrors a CSS
 * value named beside it (tests/unit/notebook/renderers/palette.test.ts holds them together).
 */

/** An sRGB colour, channels 0..255. */
export type Rgb = readonly [number, number, number];

/** The cells' card background (--paper in src/styles.css): what the confusion matrix and the prediction strip sit on. */
export const CARD_PAPER_RGB: Rgb = [255, 255, 255];
/**
 * The pixel grid's own background (.nb-grid-scroll in renderers.css), an off-white a shade warmer
 * than the card, so a digit's zero margins read as a sheet of paper inside the cell.
 */
export const GRID_PAPER_RGB: Rgb = [253, 253, 251];

export const BLACK = 'rgb(0, 0, 0)';
export const WHITE = 'rgb(255, 255, 255)';

/** CSS text of a colour: "rgb(r, g, b)". */
export function cssRgb([r, g, b]: Rgb): string {
  return `rgb(${r}, ${g}, ${b})`;
}

/** WCAG relative luminance of an sRGB colour with 0..255 channels. */
export function relativeLuminance([r, g, b]: readonly number[]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two colours (1..21). */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever contrasts more; at mid-grey either still clears WCAG AA (4.5:1). */
export function textColorOn(background: Rgb): string {
  const lum = relativeLuminance(background);
  return (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) ? BLACK : WHITE;
}
