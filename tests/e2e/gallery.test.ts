/** The gallery: label filter, virtualization while scrolling, jump to index, click to select. */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectCleanPage, openPage, useBrowser } from './browser';
import { fetchLabels } from './datasetFiles';
import type { GalleryItem } from './pages/galleryCell';
import { Notebook, UI_TIMEOUT_MS } from './pages/notebook';

/** Far fewer DOM nodes than the 60,000 (or 6,265 sevens) a non-virtualized gallery would render. */
const MAX_RENDERED_ITEMS = 500;

const browser = useBrowser();
let trainLabels: Uint8Array;

beforeAll(async () => {
  trainLabels = await fetchLabels('train');
});

/** Items whose data-label disagrees with the dataset's label for their data-index. */
function mislabeled(items: GalleryItem[]): GalleryItem[] {
  return items.filter((item) => !Number.isInteger(item.index) || trainLabels[item.index] !== item.label);
}

async function openNotebook(): Promise<Notebook> {
  const notebook = new Notebook(await openPage(browser()));
  await notebook.open();
  await expect.poll(() => notebook.gallery.items.count(), { timeout: UI_TIMEOUT_MS, message: 'gallery.item count' }).toBeGreaterThan(0);
  return notebook;
}

describe('gallery', () => {
  it('with filter 7 shows only sevens, keeps doing so while scrolling, and renders only a window of them', async () => {
    const notebook = await openNotebook();
    const { gallery } = notebook;

    await gallery.setFilter('7');
    await expect
      .poll(async () => {
        const items = await gallery.renderedItems();
        return items.length >= 8 && items.every((item) => item.label === 7);
      }, { timeout: UI_TIMEOUT_MS, message: 'at least 8 gallery items, all data-label=7' })
      .toBe(true);
    const top = await gallery.renderedItems();
    expect(mislabeled(top), 'items whose data-label is not the dataset label').toEqual([]);
    expect(top.length).toBeLessThan(MAX_RENDERED_ITEMS);
    await expect.poll(() => notebook.query().get('filter'), { timeout: UI_TIMEOUT_MS, message: 'filter in the URL' }).toBe('7');

    const topIndices = new Set(top.map((item) => item.index));
    await gallery.scrollToFraction(0.5);
    await expect
      .poll(async () => (await gallery.renderedItems()).filter((item) => !topIndices.has(item.index)).length, {
        timeout: UI_TIMEOUT_MS,
        message: 'new gallery items rendered after scrolling halfway down',
      })
      .toBeGreaterThanOrEqual(8);
    const middle = await gallery.renderedItems();
    expect(middle.every((item) => item.label === 7), 'all data-label=7 after scrolling').toBe(true);
    expect(mislabeled(middle)).toEqual([]);
    expect(middle.length).toBeLessThan(MAX_RENDERED_ITEMS);
    // Halfway down the sevens of the training set, not the first screen again.
    expect(Math.min(...middle.map((item) => item.index))).toBeGreaterThan(Math.max(...topIndices));

    await gallery.wheel(3000);
    await expect.poll(async () => (await gallery.renderedItems()).every((item) => item.label === 7), { timeout: UI_TIMEOUT_MS }).toBe(true);
    expect(await gallery.items.count()).toBeLessThan(MAX_RENDERED_ITEMS);
    expectCleanPage(notebook.page);
  });

  it('with no filter renders a window of the 60,000 thumbnails, jumps to an index and selects a clicked one', async () => {
    const notebook = await openNotebook();
    const { gallery } = notebook;

    const first = await gallery.renderedItems();
    expect(first.length).toBeLessThan(MAX_RENDERED_ITEMS);
    expect(mislabeled(first)).toEqual([]);

    await gallery.jumpTo(30000);
    await expect
      .poll(async () => (await gallery.renderedItems()).some((item) => item.index === 30000), { timeout: UI_TIMEOUT_MS, message: 'gallery.item 30000 rendered after jumping to it' })
      .toBe(true);
    expect(await gallery.jumpError.isVisible(), 'gallery.jump.error for a valid index').toBe(false);
    const around = await gallery.renderedItems();
    expect(around.length).toBeLessThan(MAX_RENDERED_ITEMS);
    expect(mislabeled(around)).toEqual([]);

    const target = around.find((item) => item.index !== 30000 && !item.selected) ?? around[0];
    await gallery.items.and(notebook.page.locator(`[data-index="${target.index}"]`)).click();
    await expect.poll(() => notebook.sample.index.inputValue(), { timeout: UI_TIMEOUT_MS, message: 'sample.index after clicking a thumbnail' }).toBe(String(target.index));
    await notebook.expectCurrentLabel(trainLabels[target.index]);
    await expect
      .poll(async () => (await gallery.renderedItems()).filter((item) => item.selected).map((item) => item.index), { timeout: UI_TIMEOUT_MS, message: 'aria-selected items' })
      .toEqual([target.index]);
    expectCleanPage(notebook.page);
  });
});
