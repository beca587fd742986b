/** The whole notebook page: navigation plus one page object per cell. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { appUrl } from '../browser';
import { DatasetCell } from './datasetCell';
import { GalleryCell } from './galleryCell';
import { ImageCell } from './imageCell';
import { LabelsCell } from './labelsCell';
import { PixelsCell } from './pixelsCell';
import { SampleControls } from './sampleControls';
import { ShapeCell } from './shapeCell';

/** How long a UI update after an input may take (cells read tensors back asynchronously). */
export const UI_TIMEOUT_MS = 15_000;

export type NotebookQuery = Partial<Record<'split' | 'i' | 'filter', string | number>>;

export class Notebook {
  readonly dataset: DatasetCell;
  readonly shape: ShapeCell;
  readonly pixels: PixelsCell;
  readonly image: ImageCell;
  readonly labels: LabelsCell;
  readonly sample: SampleControls;
  readonly gallery: GalleryCell;

  constructor(readonly page: Page) {
    this.dataset = new DatasetCell(page);
    this.shape = new ShapeCell(page);
    this.pixels = new PixelsCell(page);
    this.image = new ImageCell(page);
    this.labels = new LabelsCell(page);
    this.sample = new SampleControls(page);
    this.gallery = new GalleryCell(page);
  }

  async goto(query: NotebookQuery = {}): Promise<void> {
    await this.page.goto(appUrl(query as Record<string, string | number>));
  }

  /** Navigates and waits until the full dataset is loaded and verified. */
  async open(query: NotebookQuery = {}): Promise<void> {
    await this.goto(query);
    await this.dataset.waitUntilLoaded();
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.dataset.waitUntilLoaded();
  }

  /** The page's current query parameters (the app keeps split, i and filter in the URL). */
  query(): URLSearchParams {
    return new URL(this.page.url()).searchParams;
  }

  /** Enters an index and waits until the image cell shows that sample. */
  async selectSample(index: number): Promise<void> {
    await this.sample.setIndex(index);
    await expect.poll(async () => (await this.image.shown()).index, { timeout: UI_TIMEOUT_MS, message: `cell.image.canvas data-index after entering ${index}` }).toBe(String(index));
  }

  /** Waits until cell.labels.current shows `label`. */
  async expectCurrentLabel(label: number): Promise<void> {
    await expect.poll(() => this.labels.currentValue(), { timeout: UI_TIMEOUT_MS, message: 'cell.labels.current data-value' }).toBe(String(label));
    expect((await this.labels.currentText())?.trim()).toContain(String(label));
  }
}
