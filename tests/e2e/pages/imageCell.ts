/** Cell 4: the current sample drawn on a canvas. */
import type { Locator, Page } from 'playwright-core';
import { readAttr } from './dom';

export class ImageCell {
  readonly root: Locator;
  readonly canvas: Locator;

  constructor(page: Page) {
    this.root = page.getByTestId('cell.image');
    this.canvas = page.getByTestId('cell.image.canvas');
  }

  /** The sample the canvas shows, e.g. { index: '0', split: 'train' }. */
  async shown(): Promise<{ index: string | null; split: string | null }> {
    return { index: await readAttr(this.canvas, 'data-index'), split: await readAttr(this.canvas, 'data-split') };
  }
}
