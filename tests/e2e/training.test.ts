/** Training in the browser: settings from the URL and their validation, the controls, live curves, evaluation and the gallery link. */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectCleanPage, openPage, useBrowser } from './browser';
import { fetchLabels } from './datasetFiles';
import { captureWebGlContexts } from './initScripts';
import { Notebook, UI_TIMEOUT_MS } from './pages/notebook';
import { TrainingCell } from './pages/trainingCell';

/** Time for a small run on software WebGL (first batches compile shaders: up to a few seconds). */
const TRAIN_TIMEOUT_MS = 90_000;
/** Long enough that several batches would land if training were not paused. */
const PAUSE_WATCH_MS = 1_500;

const browser = useBrowser();

async function openTraining(query: Record<string, string | number> = {}): Promise<{ notebook: Notebook; training: TrainingCell; page: Page }> {
  const page = await openPage(browser());
  const notebook = new Notebook(page);
  await notebook.open(query as never);
  const training = new TrainingCell(page);
  await training.root.scrollIntoViewIfNeeded();
  return { notebook, training, page };
}

describe('training panel', () => {
  it('trains with the default cosine schedule: the Keras code names it, and the rate falls batch by batch from 0.005', async () => {
    // 2,000 images, 10% held out: 1,800 per epoch in batches of 16 = 113 steps per cosine cycle.
    const { training } = await openTraining({ model: 'dense', subset: 2000, batch: 16, epochs: 1 });
    expect(await training.field('schedule').inputValue()).toBe('cosine');
    expect(await training.field('learningRate').inputValue()).toBe('0.005');
    expect((await training.root.locator('.code').first().textContent()) ?? '').toContain('CosineDecayRestarts(0.005, first_decay_steps=113, t_mul=1.0, m_mul=0.5)');
    await expect.poll(() => training.control('train').isEnabled(), { timeout: UI_TIMEOUT_MS, message: 'Train enabled once the dataset is ready' }).toBe(true);
    await training.control('train').click();
    await expect.poll(() => training.lossPoints(), { timeout: TRAIN_TIMEOUT_MS, message: 'loss chart points while training' }).toBeGreaterThan(3);
    // The readout follows the status (published at most every 200 ms, 3 significant digits): awaited, not read once.
    await expect.poll(async () => (await training.currentLearningRate()) ?? 1, { timeout: TRAIN_TIMEOUT_MS, message: 'the scheduled rate falls below its peak' }).toBeLessThan(0.005);
    const first = await training.currentLearningRate();
    expect(first).not.toBeNull();
    await expect.poll(async () => (await training.currentLearningRate()) ?? 1, { timeout: TRAIN_TIMEOUT_MS, message: 'the scheduled rate keeps falling' }).toBeLessThan(first!);
    await training.control('stop').click();
  });

  it('trains the Dense preset on a small subset: live curves, pause/resume, above-chance accuracy, stop with a final test accuracy, confusion cell -> gallery', async () => {
    // 2,000 images, 10% held out: 1,800 per epoch in batches of 16 (113 batches), 2 epochs.
    const { notebook, training, page } = await openTraining({ model: 'dense', subset: 2000, batch: 16, epochs: 2, lr: 0.003, sched: 'constant' });
    expect(await training.field('subsetSize').inputValue()).toBe('2000');
    expect(await training.field('epochs').inputValue()).toBe('2');
    await expect.poll(() => training.control('train').isEnabled(), { timeout: UI_TIMEOUT_MS, message: 'Train enabled once the dataset is ready' }).toBe(true);

    await training.control('train').click();
    await expect.poll(() => training.lossPoints(), { timeout: TRAIN_TIMEOUT_MS, message: 'loss chart points while training' }).toBeGreaterThan(5);
    const early = await training.lossPoints();
    await expect.poll(() => training.lossPoints(), { timeout: TRAIN_TIMEOUT_MS, message: 'loss chart keeps gaining points' }).toBeGreaterThan(early);

    // A learning-rate change takes effect at the next batch and is marked on the charts.
    await page.getByTestId('train.controls.lr').fill('0.002');
    await page.getByTestId('train.controls.lr.apply').click();
    await expect.poll(() => training.lrMarkers().count(), { timeout: TRAIN_TIMEOUT_MS, message: 'learning-rate markers' }).toBe(1);
    expect(await training.lrMarkers().first().textContent()).toMatch(/0\.003\D+0\.002/);

    // Pause: the point count stops; resume: it grows again.
    await training.control('pause').click();
    await expect.poll(() => training.phase(), { timeout: TRAIN_TIMEOUT_MS, message: 'phase after Pause' }).toBe('paused');
    // Counted at the trainer's series: the chart may still draw batches trained before the pause.
    const pausedBatches = await training.batchesTrained();
    await page.waitForTimeout(PAUSE_WATCH_MS);
    expect(await training.batchesTrained(), 'batches trained while paused').toBe(pausedBatches);
    await expect.poll(() => training.lossPoints(), { timeout: TRAIN_TIMEOUT_MS, message: 'the chart catches up with the paused run' }).toBe(pausedBatches);
    const paused = await training.lossPoints();
    // Step trains exactly one batch and stays paused.
    await training.control('step').click();
    await expect.poll(() => training.lossPoints(), { timeout: TRAIN_TIMEOUT_MS, message: 'points after Step' }).toBe(paused + 1);
    expect(await training.phase()).toBe('paused');
    await training.control('resume').click();
    await expect.poll(() => training.lossPoints(), { timeout: TRAIN_TIMEOUT_MS, message: 'points after Resume' }).toBeGreaterThan(paused + 1);

    // Two epochs finish; accuracy on the 10,000 test images is far above chance (10%).
    await expect.poll(() => training.phase(), { timeout: TRAIN_TIMEOUT_MS, message: 'phase at the end of the run' }).toBe('done');
    expect(await training.epochPoints()).toBe(2);
    const accuracy = await training.testAccuracy();
    expect(accuracy, 'test accuracy after 2 epochs').toBeGreaterThan(0.5);
    expect(await training.accuracyText()).toMatch(/after epoch 2/);

    // Continue, then Stop mid-epoch: the final test accuracy is of the stopped weights.
    await training.control('train').click();
    await expect.poll(() => training.epochPoints(), { timeout: TRAIN_TIMEOUT_MS }).toBe(2);
    await expect.poll(() => training.phase(), { timeout: TRAIN_TIMEOUT_MS, message: 'phase after Continue' }).toBe('running');
    await training.control('stop').click();
    await expect.poll(() => training.phase(), { timeout: TRAIN_TIMEOUT_MS, message: 'phase after Stop' }).toBe('stopped');
    await expect.poll(() => training.accuracyText(), { timeout: TRAIN_TIMEOUT_MS, message: 'evaluation after Stop' }).toMatch(/at stop|after epoch 3/);
    expect(await training.testAccuracy()).toBeGreaterThan(0.5);

    // The confusion matrix sums to the 10,000 test images; a click on an off-diagonal cell shows those images in the gallery.
    const cells = await training.confusionCells().evaluateAll((els) => els.map((el) => ({ t: Number(el.getAttribute('data-true')), p: Number(el.getAttribute('data-predicted')), n: Number(el.getAttribute('data-count')) })));
    expect(cells).toHaveLength(100);
    expect(cells.reduce((a, c) => a + c.n, 0)).toBe(10000);
    const mistakes = cells.filter((c) => c.t !== c.p && c.n > 0).sort((a, b) => b.n - a.n);
    expect(mistakes.length, 'off-diagonal cells with images').toBeGreaterThan(0);
    const target = mistakes[0];
    await page.locator(`[data-testid="eval.confusion.cell"][data-true="${target.t}"][data-predicted="${target.p}"]`).click();
    await expect.poll(() => page.getByTestId('gallery.pair').count(), { timeout: UI_TIMEOUT_MS, message: 'gallery pair filter' }).toBe(1);
    const testLabels = await fetchLabels('test');
    await expect
      .poll(async () => {
        const items = await notebook.gallery.renderedItems();
        return items.length > 0 && items.every((item) => item.label === target.t && testLabels[item.index] === target.t);
      }, { timeout: UI_TIMEOUT_MS, message: `gallery items all true label ${target.t}` })
      .toBe(true);
    expect((await notebook.gallery.renderedItems()).length).toBeLessThanOrEqual(target.n);
    expect(notebook.query().get('split')).toBe('test');

    // Reset frees the model: the charts empty and Train builds a new one.
    await training.control('reset').click();
    await expect.poll(() => training.lossPoints(), { timeout: UI_TIMEOUT_MS }).toBe(0);
    await expectCleanPage(page);
  });

  it('shows a message next to each invalid setting and keeps Train disabled until the form is valid', async () => {
    const { training, page } = await openTraining({ subset: 2000 });
    await expect.poll(() => training.control('train').isEnabled(), { timeout: UI_TIMEOUT_MS }).toBe(true);

    await training.type('learningRate', 'abc');
    await expect.poll(() => training.fieldError('learningRate').textContent(), { timeout: UI_TIMEOUT_MS }).toMatch(/'abc' is not a number/);
    expect(await training.control('train').isEnabled()).toBe(false);
    await training.type('learningRate', '-1');
    await expect.poll(() => training.fieldError('learningRate').textContent()).toMatch(/greater than 0/);
    await training.type('learningRate', '0.001');
    await expect.poll(() => training.fieldError('learningRate').count()).toBe(0);

    await training.type('epochs', '1.5');
    await expect.poll(() => training.fieldError('epochs').textContent()).toMatch(/not a whole number/);
    await training.type('epochs', '0');
    await expect.poll(() => training.fieldError('epochs').textContent()).toMatch(/at least 1/);
    await training.type('epochs', '2');

    // 2,000 images minus 10% held out leaves 1,800 per epoch: a batch of 5,000 cannot be filled.
    await training.type('batchSize', '2000');
    await expect.poll(() => training.fieldError('batchSize').textContent()).toMatch(/larger than/);
    expect(await training.control('train').isEnabled()).toBe(false);
    await training.type('batchSize', '32');

    await training.type('subsetSize', '70000');
    await expect.poll(() => training.fieldError('subsetSize').textContent()).toMatch(/60,000/);
    expect(await training.control('train').isEnabled()).toBe(false);
    await training.type('subsetSize', '2000');

    await expect.poll(() => training.control('train').isEnabled(), { timeout: UI_TIMEOUT_MS, message: 'Train enabled again once every field is valid' }).toBe(true);
    // Valid settings are written to the URL.
    await expect.poll(() => new URL(page.url()).searchParams.get('batch'), { timeout: UI_TIMEOUT_MS }).toBe('32');
    expect(new URL(page.url()).searchParams.get('epochs')).toBe('2');
    await expectCleanPage(page);
  });

  it('presets and the layer editor: summary, parameter counts, messages for a bad layer and for a broken structure, the model in the URL', async () => {
    const { training, page } = await openTraining();
    const params = async () => Number(await page.getByTestId('train.model.params').getAttribute('data-params'));
    const preset = () => page.getByTestId('train.model.preset').getAttribute('data-value');
    expect(await preset()).toBe('dense');
    expect(await params(), '784*128+128 + 128*10+10').toBe(101_770);
    expect(await page.getByTestId('train.model.summary.row').count(), 'input row + 2 layers').toBe(3);

    await page.getByTestId('train.model.preset.cnn').click();
    await expect.poll(() => preset()).toBe('cnn');
    expect(await params()).toBe(80_202);
    await expect.poll(() => new URL(page.url()).searchParams.get('model'), { timeout: UI_TIMEOUT_MS }).toBe('cnn');
    expect((await training.root.locator('.code').first().textContent()) ?? '').toContain('Conv2D(16, 5');

    // A typed bad value gets its own message and blocks Train; fixing it makes a custom model.
    const units = page.getByTestId('train.model.layer.units').first();
    await units.fill('12a');
    await expect.poll(() => page.getByTestId('train.model.layer.error').first().textContent()).toMatch(/not a number/);
    expect(await training.control('train').isEnabled()).toBe(false);
    await units.fill('64');
    await expect.poll(() => preset()).toBe('custom');
    expect(await params(), 'dense 128 -> 64 in the CNN head: 512*64+64 + 64*10+10 plus the convs').toBe(416 + 12_832 + 32_832 + 650);
    await expect.poll(() => training.control('train').isEnabled(), { timeout: UI_TIMEOUT_MS }).toBe(true);
    await expect.poll(() => new URL(page.url()).searchParams.get('model'), { timeout: UI_TIMEOUT_MS }).toMatch(/^conv_16_5_relu-pool_2-conv_32_5_relu-pool_2-flatten-dense_64_relu-dense_10_softmax$/);

    // Removing the flatten layer breaks the structure: the message says why and Train is blocked.
    await page.locator('[data-testid="train.model.layer"][data-kind="flatten"] [data-testid="train.model.layer.remove"]').click();
    await expect.poll(() => page.getByTestId('train.model.error').count()).toBe(1);
    expect(await training.control('train').isEnabled()).toBe(false);
    await expectCleanPage(page);
  });

  it('a lost WebGL context mid-training: the panel says so, keeps the last epoch\'s weights, and continues from them on the cpu backend', async () => {
    const page = await openPage(browser());
    await page.addInitScript(captureWebGlContexts);
    const notebook = new Notebook(page);
    await notebook.open({ model: 'dense', subset: 2000, batch: 32, epochs: 3 } as never);
    const training = new TrainingCell(page);
    await expect.poll(() => training.control('train').isEnabled(), { timeout: UI_TIMEOUT_MS }).toBe(true);
    await training.control('train').click();
    await expect.poll(() => training.epochPoints(), { timeout: TRAIN_TIMEOUT_MS, message: 'first epoch finished' }).toBeGreaterThanOrEqual(1);

    await page.evaluate(() => (window as unknown as { __glContexts: WebGL2RenderingContext[] }).__glContexts.forEach((gl) => gl.getExtension('WEBGL_lose_context')?.loseContext()));
    await expect.poll(() => training.message().getAttribute('data-kind'), { timeout: UI_TIMEOUT_MS, message: 'train.message kind' }).toBe('context-lost');
    const text = (await training.message().textContent()) ?? '';
    expect(text).toMatch(/WebGL context was lost/);
    const kept = Number(/weights of epoch (\d+)/.exec(text)?.[1]);
    expect(kept, 'the epoch whose weights are kept').toBeGreaterThanOrEqual(1);
    expect(await training.phase()).toBe('failed');
    const epochsBefore = await training.epochPoints();

    await page.getByRole('button', { name: 'Reload on the cpu backend' }).click();
    await notebook.dataset.waitUntilLoaded(TRAIN_TIMEOUT_MS);
    await expect.poll(() => training.control('continue').count(), { timeout: UI_TIMEOUT_MS, message: 'Continue from the checkpoint offered' }).toBe(1);
    expect(await training.control('continue').textContent()).toContain(`epoch ${kept}`);
    await training.control('continue').click();
    await expect.poll(() => training.phase(), { timeout: TRAIN_TIMEOUT_MS, message: 'continued run on cpu' }).toBe('done');
    // The charts keep their history: epochs up to the checkpoint, then the rest of the 3.
    expect(await training.epochPoints()).toBe(3);
    expect(epochsBefore).toBeGreaterThanOrEqual(kept);
    expect(await training.testAccuracy()).toBeGreaterThan(0.5);
    expect(await training.accuracyText()).toMatch(/after epoch 3/);
    await expectCleanPage(page);
  });
});
