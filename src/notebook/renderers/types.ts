/** Small shared types of the pixel renderers. */

/** A pixel position in an image, row-major like numpy's `image[row][col]`. */
export interface PixelPoint {
  row: number;
  col: number;
}

/** How pixel values are printed: stored uint8 (0..255), or divided by 255 as a network sees them. */
export type PixelScale = 'int' | 'unit';

/** Extra attributes for a rendered element; keys should be `data-*` (e.g. `data-index`). */
export type DataAttributes = Record<`data-${string}`, string>;
