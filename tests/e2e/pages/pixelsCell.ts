/** Cell 3: the current image as a 28x28 table of pixel values. */
import type { Locator, Page } from 'playwright-core';

export class PixelsCell {
  readonly root: Locator;
  readonly grid: Locator;
  readonly scale: Locator;

  constructor(page: Page) {
    this.root = page.getByTestId('cell.pixels');
    this.grid = page.getByTestId('cell.pixels.grid');
    this.scale = page.getByTestId('cell.pixels.scale');
  }

  /** The grid's data-value numbers, one array per body row (rows without data cells, e.g. headers, skipped). */
  values(): Promise<number[][]> {
    return this.grid.evaluate((table) =>
      Array.from(table.querySelectorAll('tr'))
        .map((row) => Array.from(row.querySelectorAll('td')).map((cell) => Number(cell.getAttribute('data-value'))))
        .filter((row) => row.length > 0),
    );
  }
}
