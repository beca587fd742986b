/** Progressive loading: the first digits and the shape appear while most of the dataset is still on its way. */
import { describe, expect, it } from 'vitest';
import { expectCleanPage, openPage, useBrowser } from './browser';
import { Notebook, UI_TIMEOUT_MS } from './pages/notebook';

const browser = useBrowser();

describe('progressive loading', () => {
  it('shows the shape, image 0, its label and pixels before the later sheets have arrived', async () => {
    const page = await openPage(browser());
    // Hold back every training sheet after the first until the test lets them through.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/train-images-[1-9]\d*\.png$/, async (route) => {
      await held;
      await route.continue();
    });
    const notebook = new Notebook(page);
    await notebook.goto();

    await expect.poll(() => notebook.shape.outputText(), { timeout: UI_TIMEOUT_MS }).toContain('(60000, 28, 28)');
    await expect.poll(async () => (await notebook.image.shown()).index, { timeout: UI_TIMEOUT_MS, message: 'cell.image.canvas for image 0' }).toBe('0');
    await notebook.expectCurrentLabel(5);
    const grid = await notebook.pixels.values();
    expect(grid.length).toBe(28);
    expect(grid.slice(0, 4).flat().every((v) => v === 0)).toBe(true);
    expect(Math.max(...grid.flat())).toBe(255);
    // Still loading: most images are not in tensors, nothing is verified yet.
    const loaded = Number(await notebook.dataset.progress.getAttribute('data-loaded-images'));
    expect(loaded).toBeLessThan(60_000);
    expect(await notebook.dataset.verified()).toBe('pending');

    release();
    await notebook.dataset.waitUntilLoaded();
    expect(await notebook.dataset.verified()).toBe('yes');
    await notebook.expectCurrentLabel(5);
    expectCleanPage(page);
  });
});
