/**
 * Saving and loading models, and resuming from a checkpoint, in the browser: train the Dense preset
 * on a small subset, save it under a name, reload, load it back and get the same test accuracy; a
 * corrupt model.json and a wrong-shape model (made here) get their messages while the saved list
 * stays; a reload during training offers "Resume from epoch N", which brings the charts' epochs back.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectCleanPage, openPage, useBrowser } from './browser';
import { Notebook, UI_TIMEOUT_MS } from './pages/notebook';
import { ModelsPanel } from './pages/modelsPanel';
import { TrainingCell } from './pages/trainingCell';

const TRAIN_TIMEOUT_MS = 90_000;

const browser = useBrowser();

async function open(query: Record<string, string | number>): Promise<{ page: Page; notebook: Notebook; training: TrainingCell; models: ModelsPanel }> {
  const page = await openPage(browser());
  const notebook = new Notebook(page);
  await notebook.open(query as never);
  const training = new TrainingCell(page);
  const models = new ModelsPanel(page);
  await training.root.scrollIntoViewIfNeeded();
  await expect.poll(() => training.control('train').isEnabled(), { timeout: UI_TIMEOUT_MS, message: 'Train enabled once the dataset is ready' }).toBe(true);
  return { page, notebook, training, models };
}

/** A Layers model.json whose input is 32x32 RGB (as a CIFAR model's), with weights of the right length. */
function cifarModelFiles(): { name: string; mimeType: string; buffer: Buffer }[] {
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'e2e',
    convertedBy: null,
    modelTopology: {
      class_name: 'Sequential',
      config: {
        name: 'cifar',
        layers: [
          { class_name: 'Flatten', config: { name: 'flatten', batch_input_shape: [null, 32, 32, 3], dtype: 'float32' } },
          { class_name: 'Dense', config: { name: 'dense', units: 10, activation: 'softmax', use_bias: true } },
        ],
      },
    },
    weightsManifest: [
      {
        paths: ['cifar.weights.bin'],
        weights: [
          { name: 'dense/kernel', shape: [3072, 10], dtype: 'float32' },
          { name: 'dense/bias', shape: [10], dtype: 'float32' },
        ],
      },
    ],
  };
  return [
    { name: 'cifar.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(modelJson)) },
    { name: 'cifar.weights.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc((3072 * 10 + 10) * 4) },
  ];
}

describe('saved models', () => {
  it('train, save as a name, reload, load it back with the same test accuracy; bad files get a message and the list stays', async () => {
    const { page, notebook, training, models } = await open({ model: 'dense', subset: 2000, epochs: 1 });
    await expect.poll(() => models.saveButton().isEnabled(), { message: 'Save is disabled before there is a model' }).toBe(false);
    await training.control('train').click();
    await expect.poll(() => training.phase(), { timeout: TRAIN_TIMEOUT_MS, message: 'training done' }).toBe('done');
    const accuracy = await training.testAccuracy();
    expect(accuracy, 'test accuracy after 1 epoch').toBeGreaterThan(0.5);

    await models.save('dense-2000');
    await expect.poll(() => models.noticeText(), { timeout: UI_TIMEOUT_MS }).toMatch(/^Saved 'dense-2000' in this browser/);
    expect(await models.names()).toEqual(['dense-2000']);
    expect(await models.savedAccuracy('dense-2000')).toBe(accuracy);
    // The same name again asks before replacing; keeping the saved one leaves it as it was.
    await models.save('dense-2000');
    await expect.poll(() => models.replacePrompt().count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    await page.getByTestId('models.replace.cancel').click();
    expect(await models.names()).toEqual(['dense-2000']);

    await notebook.reload();
    await training.root.scrollIntoViewIfNeeded();
    await expect.poll(() => models.names(), { timeout: UI_TIMEOUT_MS, message: 'the saved list after a reload' }).toEqual(['dense-2000']);
    expect(await training.testAccuracy(), 'no evaluation before a model is loaded').toBeNull();
    await expect.poll(() => models.item('dense-2000').getByTestId('models.item.load').isEnabled(), { timeout: UI_TIMEOUT_MS }).toBe(true);
    await models.load('dense-2000');
    await expect.poll(() => training.testAccuracy(), { timeout: TRAIN_TIMEOUT_MS, message: 'the loaded model evaluated on the test images' }).toBe(accuracy);
    expect(await training.accuracyText()).toMatch(/of the loaded model 'dense-2000'/);
    expect(await models.current().textContent()).toMatch(/dense-2000.*Dense 128 relu → Dense 10 softmax.*101,770 parameters.*Train trains on from its weights/);

    // Download: standard model.json + weights files, which load back as the same model.
    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await page.getByTestId('models.download').click();
    await expect.poll(() => downloads.length, { timeout: UI_TIMEOUT_MS, message: 'two downloads: model.json and weights' }).toBe(2);
    const downloaded = await Promise.all(downloads.map(async (d) => ({ name: d.suggestedFilename(), mimeType: 'application/octet-stream', buffer: await readFile((await d.path()) as string) })));
    expect(downloaded.map((f) => f.name).sort()).toEqual(['mnist-model.json', 'mnist-model.weights.bin']);
    const manifest = JSON.parse(downloaded.find((f) => f.name.endsWith('.json'))?.buffer.toString() ?? '{}');
    expect(manifest.format).toBe('layers-model');
    expect(JSON.stringify(manifest.modelTopology)).not.toMatch(/SeededDropout/);

    // A truncated model.json: refused with its message; the loaded model and the saved list stay.
    await models.loadFiles([
      { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "layers-model", "modelTopology": {"class_name": "Seq') },
      { name: 'weights.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(16) },
    ]);
    await expect.poll(() => models.noticeText(), { timeout: UI_TIMEOUT_MS }).toMatch(/^model\.json: not JSON \(.*\); is the file truncated, or a weights file\? Nothing was loaded; the saved models are unchanged\.$/);
    expect(await models.noticeTone()).toBe('error');
    // A model for 32x32 colour images: refused, saying which shape it has.
    await models.loadFiles(cifarModelFiles());
    await expect
      .poll(() => models.noticeText(), { timeout: UI_TIMEOUT_MS })
      .toBe('cifar.json: the model takes input of shape [null, 32, 32, 3]; this notebook needs 28 x 28 images ([null, 28, 28, 1] or [null, 784]). Nothing was loaded; the saved models are unchanged.');
    // Only a weights file: no model.json.
    await models.loadFiles([{ name: 'weights.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(8) }]);
    await expect.poll(() => models.noticeText(), { timeout: UI_TIMEOUT_MS }).toMatch(/^No model\.json among weights\.bin/);
    expect(await models.names()).toEqual(['dense-2000']);
    expect(await training.testAccuracy()).toBe(accuracy);
    // The downloaded files, chosen: the same model, the same test accuracy.
    await models.loadFiles(downloaded);
    await expect.poll(() => models.noticeText(), { timeout: UI_TIMEOUT_MS }).toMatch(/^Loaded mnist-model\.json: it is the current model/);
    await expect.poll(() => training.accuracyText(), { timeout: TRAIN_TIMEOUT_MS }).toMatch(/of the loaded model 'mnist-model'/);
    expect(await training.testAccuracy()).toBe(accuracy);

    // Rename, and a second save of the loaded model: two entries, the screenshot for the README.
    await models.item('dense-2000').getByTestId('models.item.rename').click();
    await page.getByTestId('models.item.rename.input').fill('dense-2000-1epoch');
    await page.getByTestId('models.item.rename.save').click();
    await expect.poll(() => models.names(), { timeout: UI_TIMEOUT_MS }).toEqual(['dense-2000-1epoch']);
    await models.load('dense-2000-1epoch');
    await expect.poll(() => models.current().textContent(), { timeout: UI_TIMEOUT_MS }).toMatch(/^Current model: dense-2000-1epoch \(loaded\)/);
    await expect.poll(() => training.accuracyText(), { timeout: TRAIN_TIMEOUT_MS }).toMatch(/of the loaded model 'dense-2000-1epoch'/);
    await models.save('dense copy');
    await expect.poll(() => models.names(), { timeout: UI_TIMEOUT_MS }).toEqual(['dense copy', 'dense-2000-1epoch']);
    if (process.env.MODELS_SCREENSHOT) {
      await models.root.scrollIntoViewIfNeeded();
      await writeFile(process.env.MODELS_SCREENSHOT, await models.root.screenshot({ animations: 'disabled' }));
    }
    // Delete asks once more, then the model is gone (and stays gone after a reload).
    await models.item('dense copy').getByTestId('models.item.delete').click();
    await models.item('dense copy').getByTestId('models.item.delete.confirm').click();
    await expect.poll(() => models.names(), { timeout: UI_TIMEOUT_MS }).toEqual(['dense-2000-1epoch']);
    await notebook.reload();
    await expect.poll(() => models.names(), { timeout: UI_TIMEOUT_MS }).toEqual(['dense-2000-1epoch']);
    await expectCleanPage(page);
  });

  it('a reload during training offers "Resume from epoch N"; resuming brings the charts\' epochs back and trains on; Discard forgets it', async () => {
    const { page, notebook, training, models } = await open({ model: 'dense', subset: 2000, epochs: 2, batch: 16 });
    await training.control('train').click();
    await expect.poll(() => training.epochPoints(), { timeout: TRAIN_TIMEOUT_MS, message: 'first epoch finished' }).toBeGreaterThanOrEqual(1);
    await training.control('pause').click();
    await expect.poll(() => training.phase(), { timeout: TRAIN_TIMEOUT_MS }).toBe('paused');
    const epochsBefore = await training.epochPoints();
    expect(epochsBefore).toBe(1);

    await notebook.reload();
    await training.root.scrollIntoViewIfNeeded();
    await expect.poll(() => models.resumeOffer().count(), { timeout: UI_TIMEOUT_MS, message: 'the resume offer after a reload' }).toBe(1);
    expect(await models.resumeButton().textContent()).toMatch(/^Resume from epoch 1 \(saved at .+\)$/);
    expect(await training.epochPoints()).toBe(0);
    await expect.poll(() => models.resumeButton().isEnabled(), { timeout: UI_TIMEOUT_MS }).toBe(true);
    await models.resumeButton().click();
    await expect.poll(() => training.epochPoints(), { timeout: UI_TIMEOUT_MS, message: "the charts' epoch points restored" }).toBeGreaterThanOrEqual(1);
    expect(await training.lossPoints(), 'batch points restored').toBeGreaterThan(50);
    expect(await models.resumeOffer().count()).toBe(0);
    await expect.poll(() => training.phase(), { timeout: TRAIN_TIMEOUT_MS, message: 'the resumed run finishes' }).toBe('done');
    expect(await training.epochPoints()).toBe(2);
    expect(await training.accuracyText()).toMatch(/after epoch 2/);

    // After the run a reload offers epoch 2; Discard forgets it for good.
    await notebook.reload();
    await expect.poll(() => models.resumeOffer().getAttribute('data-epoch'), { timeout: UI_TIMEOUT_MS }).toBe('2');
    await models.discardButton().click();
    await expect.poll(() => models.resumeOffer().count(), { timeout: UI_TIMEOUT_MS }).toBe(0);
    await notebook.reload();
    await training.root.scrollIntoViewIfNeeded();
    await page.waitForTimeout(500);
    expect(await models.resumeOffer().count(), 'no offer after Discard and a reload').toBe(0);
    await expectCleanPage(page);
  });
});
