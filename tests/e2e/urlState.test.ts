/** The URL holds split, index and filter, so a reload or a shared link shows the same sample. */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectCleanPage, openPage, useBrowser } from './browser';
import { fetchLabels } from './datasetFiles';
import { Notebook, UI_TIMEOUT_MS } from './pages/notebook';

const browser = useBrowser();
let testLabels: Uint8Array;

beforeAll(async () => {
  testLabels = await fetchLabels('test');
});

/** Everything the page shows about the current sample and filter. */
async function expectShowing(notebook: Notebook, index: number, filter: number): Promise<void> {
  expect(await notebook.sample.split.inputValue()).toBe('test');
  expect(await notebook.sample.index.inputValue()).toBe(String(index));
  await expect.poll(() => notebook.image.shown(), { timeout: UI_TIMEOUT_MS, message: 'cell.image.canvas sample' }).toEqual({ index: String(index), split: 'test' });
  await notebook.expectCurrentLabel(testLabels[index]);
  expect(await notebook.gallery.filter.inputValue()).toBe(String(filter));
  await expect
    .poll(async () => {
      const items = await notebook.gallery.renderedItems();
      return items.length > 0 && items.every((item) => item.label === filter);
    }, { timeout: UI_TIMEOUT_MS, message: `gallery items all data-label=${filter}` })
    .toBe(true);
}

describe('URL state', () => {
  it('keeps the selected split, index and filter across a reload', async () => {
    const notebook = new Notebook(await openPage(browser()));
    await notebook.open();
    const index = 42;
    const filter = testLabels[index];

    await notebook.sample.setSplit('test');
    await notebook.selectSample(index);
    await notebook.gallery.setFilter(String(filter));
    await expect
      .poll(() => Object.fromEntries(['split', 'i', 'filter'].map((key) => [key, notebook.query().get(key)])), { timeout: UI_TIMEOUT_MS, message: 'URL query' })
      .toEqual({ split: 'test', i: String(index), filter: String(filter) });

    await notebook.reload();
    await expectShowing(notebook, index, filter);
    expectCleanPage(notebook.page);
  });

  it('opens the sample a shared link names (last test image)', async () => {
    const notebook = new Notebook(await openPage(browser()));
    const index = 9999;
    const filter = testLabels[index];
    await notebook.open({ split: 'test', i: index, filter });
    await expectShowing(notebook, index, filter);
    expectCleanPage(notebook.page);
  });
});
