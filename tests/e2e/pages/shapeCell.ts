/** Cell 2: shapes of the split tensors. */
import type { Locator, Page } from 'playwright-core';
import { readText } from './dom';

export class ShapeCell {
  readonly root: Locator;
  readonly output: Locator;

  constructor(page: Page) {
    this.root = page.getByTestId('cell.shape');
    this.output = page.getByTestId('cell.shape.output');
  }

  outputText(): Promise<string | null> {
    return readText(this.output);
  }

  text(): Promise<string | null> {
    return readText(this.root);
  }
}
