/** The happy path on the full dataset: one loaded page shared by read-mostly checks of each cell. */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectCleanPage, openPage, useBrowser } from './browser';
import { Notebook, UI_TIMEOUT_MS } from './pages/notebook';

const browser = useBrowser();

/** What the pixel assertions look at, as one value so a poll can wait for it. */
function summarizeGrid(grid: number[][]) {
  const values = grid.flat();
  return {
    rows: grid.length,
    columnsPerRow: [...new Set(grid.map((row) => row.length))],
    allBytes: values.every((v) => Number.isInteger(v) && v >= 0 && v <= 255),
    topRowsBlank: grid.length >= 4 && grid.slice(0, 4).every((row) => row.every((v) => v === 0)),
    max: values.length ? Math.max(...values) : null,
  };
}
let page: Page;
let notebook: Notebook;

beforeAll(async () => {
  page = await openPage(browser(), { shared: true });
  notebook = new Notebook(page);
  await notebook.open();
});

describe('the notebook with the full MNIST dataset', () => {
  it('loads and verifies all images into WebGL tensors', async () => {
    expect(await notebook.dataset.verified()).toBe('yes');
    expect(await notebook.dataset.backend()).toBe('webgl');
    expect(await notebook.dataset.errorText(), 'cell.dataset.error').toBeNull();
    expect(await notebook.dataset.memory.isVisible(), 'cell.dataset.memory visible').toBe(true);
    expect(await notebook.dataset.memory.textContent()).toMatch(/\d/);
    expectCleanPage(page);
  });

  it('shows training_images.shape as (60000, 28, 28) and the test split as (10000, 28, 28)', async () => {
    await expect.poll(() => notebook.shape.outputText(), { timeout: UI_TIMEOUT_MS }).toContain('(60000, 28, 28)');
    expect(await notebook.shape.text()).toContain('(10000, 28, 28)');
    expectCleanPage(page);
  });

  it('shows label 5 for sample 0 and [5 0 4 1 9 2 1 3 1 4] for training_labels[0:10]', async () => {
    await notebook.selectSample(0);
    await notebook.expectCurrentLabel(5);
    await notebook.labels.setSlice(0, 10);
    await expect.poll(() => notebook.labels.stripText(), { timeout: UI_TIMEOUT_MS }).toContain('[5 0 4 1 9 2 1 3 1 4]');
    expect(await notebook.labels.error.count(), 'cell.labels.error for a valid slice').toBe(0);
    expectCleanPage(page);
  });

  it('shows image 0 as a 28x28 grid whose top rows are blank and whose brightest pixel is 255', async () => {
    await notebook.selectSample(0);
    // The grid is read back asynchronously after the selection, so poll until it shows image 0.
    await expect
      .poll(async () => summarizeGrid(await notebook.pixels.values()), { timeout: UI_TIMEOUT_MS, message: 'cell.pixels.grid for image 0' })
      .toEqual({ rows: 28, columnsPerRow: [28], allBytes: true, topRowsBlank: true, max: 255 });
    expectCleanPage(page);
  });

  it('shows label 0 after selecting sample 1', async () => {
    await notebook.selectSample(1);
    await notebook.expectCurrentLabel(0);
    expect(await notebook.image.shown()).toEqual({ index: '1', split: 'train' });
    expectCleanPage(page);
  });
});
