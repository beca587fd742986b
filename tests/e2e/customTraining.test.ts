/**
 * Training on your own dataset (issue 5): a 32x32 IDX set made here (300 training and 100 test images,
 * Fashion-MNIST's label names) is uploaded through the file chooser; the training cell follows it
 * (subset range, the summaries of both presets and the Keras code); the Dense preset trains one
 * epoch; the evaluation cell shows a test accuracy on the 100 test images and a confusion matrix that
 * sums to them, labelled by class name; the Inside cell draws a 32x32 template per unit and maps the 100 test images; going back to MNIST resets the model with a message.
 * CUSTOM_TRAINING_SCREENSHOT=docs/custom-training.png saves the two cells after the run.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectCleanPage, openPage, useBrowser } from './browser';
import { CustomDatasetPanel, type UploadFile } from './pages/customDataset';
import { Notebook, UI_TIMEOUT_MS } from './pages/notebook';
import { TrainingCell } from './pages/trainingCell';
import { idxFile } from '../unit/data/fixtures';

const browser = useBrowser();

const SIDE = 32;
const N_TRAIN = 300;
const N_TEST = 100;
/** One epoch of 270 images on software WebGL, shader compilation included. */
const TRAIN_TIMEOUT_MS = 120_000;
const FASHION = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/** Deterministic noise for the fixture. */
function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** An IDX file of unsigned bytes, as a Buffer for setInputFiles. */
function idx(dims: number[], body: Uint8Array): Buffer {
  return Buffer.from(idxFile(dims, body));
}

/**
 * Image i is of class i % 10: a bright band across rows 3c+1..3c+3, moved up or down by up to 2 rows,
 * over noise; neighbouring classes overlap, so one epoch learns most of it but not all.
 */
function split(n: number, seed: number): { images: Buffer; labels: Buffer } {
  const rand = lcg(seed);
  const pixels = new Uint8Array(n * SIDE * SIDE);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 10;
    labels[i] = c;
    const top = 3 * c + 1 + Math.floor(rand() * 5) - 2;
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) pixels[(i * SIDE + y) * SIDE + x] = y >= top && y < top + 3 && x >= 2 && x < SIDE - 2 ? 120 + Math.floor(rand() * 135) : Math.floor(rand() * 90);
    }
  }
  return { images: idx([n, SIDE, SIDE], pixels), labels: idx([n], labels) };
}

function fixture(): UploadFile[] {
  const train = split(N_TRAIN, 1);
  const test = split(N_TEST, 2);
  return [
    { name: 'bands32-train-images-idx3-ubyte', buffer: train.images },
    { name: 'bands32-train-labels-idx1-ubyte', buffer: train.labels },
    { name: 'bands32-t10k-images-idx3-ubyte', buffer: test.images },
    { name: 'bands32-t10k-labels-idx1-ubyte', buffer: test.labels },
  ];
}

let page: Page;
let notebook: Notebook;
let custom: CustomDatasetPanel;
let training: TrainingCell;

beforeAll(async () => {
  page = await openPage(browser(), { shared: true });
  notebook = new Notebook(page);
  custom = new CustomDatasetPanel(page);
  training = new TrainingCell(page);
  await notebook.open();
});

describe('training on an uploaded 32x32 dataset', () => {
  it('the training cell follows the dataset: subset range, both presets\' summaries for 32x32, input_shape=(32, 32)', async () => {
    await custom.upload(fixture(), { fashionNames: true });
    expect(await custom.waitForOutcome(), (await custom.messageText()) ?? '').toBe('done');
    expect(await custom.source()).toBe('custom');

    await training.root.scrollIntoViewIfNeeded();
    await expect.poll(() => training.field('subsetSize').inputValue(), { timeout: UI_TIMEOUT_MS, message: 'the subset follows the 300 training images' }).toBe('300');
    // The CNN preset's summary follows the 32x32 images too: 28x28, 14x14, 10x10, 5x5, then 800 at the flatten.
    await page.getByTestId('train.model.preset.cnn').click();
    const rows = page.getByTestId('train.model.summary.row');
    await expect.poll(() => rows.first().textContent(), { timeout: UI_TIMEOUT_MS }).toContain('(32, 32, 1)');
    expect((await rows.allTextContents()).find((t) => t.startsWith('flatten'))).toContain('(800,)');
    expect(await page.getByTestId('train.model.params').getAttribute('data-params')).toBe(String(416 + 12832 + 800 * 128 + 128 + 1290));
    expect(await training.root.locator('pre.code').textContent()).toContain('tf.keras.layers.Reshape((32, 32, 1), input_shape=(32, 32))');
    await page.getByTestId('train.model.preset.dense').click();
    await expect.poll(() => rows.first().textContent(), { timeout: UI_TIMEOUT_MS }).toContain('(1024,)');
    expect(await page.getByTestId('train.model.params').getAttribute('data-params'), '1024*128+128 + 128*10+10').toBe(String(1024 * 128 + 128 + 1290));
    expect(await training.root.locator('pre.code').textContent()).toContain('tf.keras.layers.Flatten(input_shape=(32, 32))');
    expect(await training.root.locator('pre.code').textContent(), 'all 300 images: no subset line').not.toContain('permutation');
    expect(await training.root.textContent()).toContain('the 1,024 numbers of each 32x32 image');
  });

  it('trains the Dense preset one epoch: a test accuracy on the 100 test images and a confusion matrix summing to them, by class name', async () => {
    await training.type('epochs', '1');
    await training.type('learningRate', '0.01');
    await training.type('batchSize', '30');
    await expect.poll(() => training.control('train').isEnabled(), { timeout: UI_TIMEOUT_MS, message: 'Train enabled' }).toBe(true);
    await training.control('train').click();
    await expect.poll(() => training.phase(), { timeout: TRAIN_TIMEOUT_MS, message: 'phase at the end of the run' }).toBe('done');
    expect(await training.epochPoints()).toBe(1);

    const accuracy = await training.testAccuracy();
    expect(accuracy, 'a test accuracy is shown').not.toBeNull();
    expect(accuracy!).toBeGreaterThanOrEqual(0);
    expect(accuracy!).toBeLessThanOrEqual(1);
    expect(await training.accuracyText()).toMatch(/after epoch 1 \(100 images/);

    const cells = await training.confusionCells().evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-count'))));
    expect(cells).toHaveLength(100);
    expect(cells.reduce((a, b) => a + b, 0), 'the confusion matrix counts every test image once').toBe(N_TEST);
    const confusion = page.getByTestId('eval.confusion');
    expect(await confusion.textContent()).toContain('rows are the true class');
    const heads = (await confusion.locator('th').allTextContents()).map((t) => t.trim());
    for (const name of FASHION) expect(heads.filter((h) => h === name), `${name} on both axes`).toHaveLength(2);
    expect(await page.getByTestId('eval.per-class.row').count()).toBe(10);
    expect(await page.getByTestId('eval.per-class').textContent()).toContain('Ankle boot');

    // Inside the network, for 32x32 images: one 32x32 template per hidden unit, and a map of the 100 test images.
    await page.getByTestId('cell.inside').scrollIntoViewIfNeeded();
    const tiles = page.getByTestId('inside.tile');
    await expect.poll(() => tiles.count(), { timeout: UI_TIMEOUT_MS, message: 'a picture per unit' }).toBe(128);
    expect(await tiles.first().evaluate((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height])).toEqual([SIDE, SIDE]);
    const map = page.getByTestId('inside.map.canvas');
    await page.getByTestId('inside.map.compute').click();
    await expect.poll(() => map.getAttribute('data-points'), { timeout: UI_TIMEOUT_MS }).toBe(String(N_TEST));
    expect(await page.getByTestId('inside.map.caption').textContent()).toMatch(/^100 test images, raw pixels \(1024\)/);
    await page.getByTestId('inside.map.learned').check();
    await page.getByTestId('inside.map.compute').click();
    await expect.poll(() => page.getByTestId('inside.map.caption').textContent(), { timeout: UI_TIMEOUT_MS }).toMatch(/^100 test images, learned features \(128\)/);

    if (process.env.CUSTOM_TRAINING_SCREENSHOT) {
      // The current sample: a test image, so the prediction bars show with their class names.
      await notebook.sample.setSplit('test');
      await notebook.selectSample(7);
      await expect.poll(() => page.getByTestId('eval.prediction.bar').count(), { timeout: UI_TIMEOUT_MS, message: 'prediction bars for test_images[7]' }).toBe(10);
      await page.addStyleTag({ content: '.topbar { position: static !important; }' });
      await training.root.scrollIntoViewIfNeeded();
      const top = await training.root.evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
      const bottom = await training.evaluation.evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY);
      await page.screenshot({ path: process.env.CUSTOM_TRAINING_SCREENSHOT, fullPage: true, clip: { x: 0, y: Math.floor(top) - 8, width: 1280, height: Math.ceil(bottom - top) + 16 }, animations: 'disabled' });
    }
    expectCleanPage(page);
  });

  it('going back to MNIST resets the model and says so', async () => {
    await custom.back.click();
    await expect.poll(() => training.message().textContent(), { timeout: UI_TIMEOUT_MS, message: 'the reset message' }).toMatch(/^The dataset changed to MNIST, so the model trained on .*bands32.* was reset\.$/);
    expect(await training.message().getAttribute('data-kind')).toBe('info');
    expect(await training.testAccuracy(), 'no evaluation of a model that is gone').toBeNull();
    await notebook.dataset.waitUntilLoaded();
    await expect.poll(() => training.field('subsetSize').inputValue(), { timeout: UI_TIMEOUT_MS, message: 'the subset follows MNIST again' }).toBe('60000');
    expectCleanPage(page);
  });
});
