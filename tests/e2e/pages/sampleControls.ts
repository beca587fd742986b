/** The current-sample controls (split and index) that drive the image, pixel and label cells. */
import type { Locator, Page } from 'playwright-core';
import { enterText } from './dom';

export class SampleControls {
  readonly split: Locator;
  readonly index: Locator;
  readonly error: Locator;

  constructor(page: Page) {
    this.split = page.getByTestId('sample.split');
    this.index = page.getByTestId('sample.index');
    this.error = page.getByTestId('sample.error');
  }

  async setIndex(text: string | number): Promise<void> {
    await enterText(this.index, String(text));
  }

  async setSplit(split: 'train' | 'test'): Promise<void> {
    await this.split.selectOption(split);
  }
}
