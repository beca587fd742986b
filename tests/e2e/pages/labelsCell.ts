/** Cell 5: the current label and a slice of the labels tensor. */
import type { Locator, Page } from 'playwright-core';
import { enterText, readAttr, readText } from './dom';

export class LabelsCell {
  readonly root: Locator;
  readonly current: Locator;
  readonly sliceStart: Locator;
  readonly sliceEnd: Locator;
  readonly strip: Locator;
  readonly error: Locator;

  constructor(page: Page) {
    this.root = page.getByTestId('cell.labels');
    this.current = page.getByTestId('cell.labels.current');
    this.sliceStart = page.getByTestId('cell.labels.slice-start');
    this.sliceEnd = page.getByTestId('cell.labels.slice-end');
    this.strip = page.getByTestId('cell.labels.strip');
    this.error = page.getByTestId('cell.labels.error');
  }

  /** data-value of the current label, e.g. '5'. */
  currentValue(): Promise<string | null> {
    return readAttr(this.current, 'data-value');
  }

  currentText(): Promise<string | null> {
    return readText(this.current);
  }

  stripText(): Promise<string | null> {
    return readText(this.strip);
  }

  async setSlice(start: string | number, end: string | number): Promise<void> {
    await enterText(this.sliceStart, String(start));
    await enterText(this.sliceEnd, String(end));
  }
}
