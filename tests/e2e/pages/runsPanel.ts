/** The "Runs" panel in the training cell: the table of every recorded run, its sorting, export and import. */
import { readFile } from 'node:fs/promises';
import type { Download, Locator, Page } from 'playwright-core';

export class RunsPanel {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('runs');
  }

  rows(): Locator {
    return this.page.getByTestId('runs.row');
  }

  /** One column's text, row by row as shown. */
  async column(key: string): Promise<string[]> {
    return this.rows().locator(`td[data-col="${key}"]`).allTextContents();
  }

  async names(): Promise<string[]> {
    return this.page.getByTestId('runs.name').allTextContents();
  }

  async sortBy(key: string): Promise<void> {
    await this.page.getByTestId(`runs.sort.${key}`).click();
  }

  async sortState(key: string): Promise<string | null> {
    return this.page.getByTestId(`runs.sort.${key}`).locator('xpath=..').getAttribute('aria-sort');
  }

  message(): Locator {
    return this.page.getByTestId('runs.message');
  }

  /** Clicks an export button and returns the file's name and text. */
  async export(which: 'csv' | 'json'): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download') as Promise<Download>, this.page.getByTestId(`runs.export-${which}`).click()]);
    return { name: download.suggestedFilename(), text: await readFile((await download.path()) as string, 'utf8') };
  }

  async importFile(name: string, text: string): Promise<void> {
    await this.page.getByTestId('runs.import-file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  }
}
