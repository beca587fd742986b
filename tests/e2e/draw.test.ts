/** "Draw a digit": a stroke drawn with the mouse goes through the MNIST preprocessing, a model trained in the test reads it, its nearest training images show, and the cells get it as `drawing`. */
import { describe, expect, it } from 'vitest';
import { expectCleanPage, openPage, useBrowser } from './browser';
import { fetchLabels } from './datasetFiles';
import { DrawCell } from './pages/drawCell';
import { ExprNotebook } from './pages/exprNotebook';
import { Notebook, UI_TIMEOUT_MS } from './pages/notebook';
import { TrainingCell } from './pages/trainingCell';

/** A 1-epoch run on 2,000 images on software WebGL, shader compilation included. */
const TRAIN_TIMEOUT_MS = 120_000;
/** The nearest-image search passes over all 60,000 training images on a software GPU. */
const SEARCH_TIMEOUT_MS = 60_000;
/** Training, a search over 60,000 images and two more over them in the cells, on a shared machine. */
const TEST_TIMEOUT_MS = 300_000;

const browser = useBrowser();

/** A "1": one vertical stroke down the middle of the pad. */
const ONE = [
  { x: 0.5, y: 0.15 },
  { x: 0.5, y: 0.85 },
];

describe('draw a digit', () => {
  it('a drawn 1 is preprocessed, read by a freshly trained model (10 probabilities summing to 1, a top guess), finds 5 labelled neighbours, and reaches the cells as `drawing`', async () => {
    const page = await openPage(browser());
    const notebook = new Notebook(page);
    await notebook.open({ model: 'dense', subset: 2000, epochs: 1, batch: 32 } as never);
    const training = new TrainingCell(page);
    const draw = new DrawCell(page);

    await expect.poll(() => training.control('train').isEnabled(), { timeout: UI_TIMEOUT_MS, message: 'Train enabled once the dataset is ready' }).toBe(true);
    await training.control('train').click();
    await expect.poll(() => training.phase(), { timeout: TRAIN_TIMEOUT_MS, message: 'the 1-epoch run' }).toBe('done');

    expect(await draw.predictionState()).toBe('empty');
    expect(await draw.add.isDisabled(), 'nothing to add before drawing').toBe(true);
    // Live: the guess is there while the pen is still down; the nearest-image search waits for the pen to lift.
    await draw.press(ONE[0], ONE[1]);
    await expect.poll(() => draw.predictionState(), { timeout: UI_TIMEOUT_MS, message: 'prediction while drawing' }).toBe('ok');
    expect(await draw.nearestState()).toBe('drawing');
    await draw.release();
    await expect.poll(() => draw.strokes(), { timeout: UI_TIMEOUT_MS, message: 'strokes on the pad' }).toBe(1);

    // The four preprocessing steps: the 280x280 drawing, its ink, fitted to 20 px tall, and the 28x28 input.
    await expect.poll(() => draw.stepSizes(), { timeout: UI_TIMEOUT_MS, message: 'preprocessing images' }).toHaveLength(4);
    const [raw, cropped, scaled, centred] = await draw.stepSizes();
    expect(raw).toEqual({ step: 'raw', width: 280, height: 280 });
    expect(cropped.step).toBe('cropped');
    expect(cropped.height, 'a tall, narrow crop').toBeGreaterThan(cropped.width * 4);
    expect(scaled).toMatchObject({ step: 'scaled', height: 20 });
    expect(scaled.width).toBeLessThanOrEqual(4);
    expect(centred).toEqual({ step: 'centred', width: 28, height: 28 });

    // The live prediction: ten probabilities summing to 1 and the top guess, large.
    await expect.poll(() => draw.predictionState(), { timeout: UI_TIMEOUT_MS, message: 'draw.prediction data-state' }).toBe('ok');
    const probabilities = await draw.probabilities();
    expect(probabilities).toHaveLength(10);
    expect(Math.abs(probabilities.reduce((a, p) => a + p, 0) - 1), 'probabilities sum to 1').toBeLessThan(1e-3);
    const top = await draw.topDigit();
    expect(top).toBe(probabilities.indexOf(Math.max(...probabilities)));
    expect((await draw.top.textContent()) ?? '').toContain(String(top));

    // The comparison: the same drawing only shrunk to 28x28, and the model's guess for it.
    await expect.poll(() => page.getByTestId('draw.naive').getAttribute('data-digit'), { timeout: UI_TIMEOUT_MS, message: 'guess without preprocessing' }).toMatch(/^\d$/);

    // The five nearest of all 60,000 training images, nearest first, with their true labels.
    await expect.poll(() => draw.nearestList(), { timeout: SEARCH_TIMEOUT_MS, message: 'nearest training images' }).toHaveLength(5);
    const nearest = await draw.nearestList();
    const trainLabels = await fetchLabels('train');
    for (const [k, item] of nearest.entries()) {
      expect(item.index).toBeGreaterThanOrEqual(0);
      expect(item.index).toBeLessThan(60000);
      expect(item.label, `label of training_images[${item.index}]`).toBe(String(trainLabels[item.index]));
      if (k > 0) expect(item.distance).toBeGreaterThanOrEqual(nearest[k - 1].distance);
    }
    // A thin upright stroke is closest to upright 1s.
    expect(nearest.filter((n) => n.label === '1').length, `labels of the nearest: ${nearest.map((n) => n.label).join(' ')}`).toBeGreaterThanOrEqual(3);

    // A click makes that training image the notebook's current sample.
    await draw.nearestItems.nth(1).click();
    await expect.poll(() => notebook.query().get('i'), { timeout: UI_TIMEOUT_MS, message: 'the URL follows the selected sample' }).toBe(String(nearest[1].index));
    expect(notebook.query().get('split') ?? 'train').toBe('train');
    expect(await draw.nearestItems.nth(1).getAttribute('aria-pressed')).toBe('true');

    // Add to notebook: a cell sees a [28, 28] uint8 `drawing`, like training_images[0].
    await draw.add.click();
    await expect.poll(() => draw.added.getAttribute('data-name'), { timeout: UI_TIMEOUT_MS, message: 'confirmation after Add to notebook' }).toBe('drawing');
    expect(await draw.added.textContent()).toMatch(/type drawing in a cell/);
    const expr = new ExprNotebook(page);
    for (const source of ['drawing.shape', 'drawing.dtype', 'drawing.max() > 200']) {
      const at = await expr.appendCodeCell();
      await expr.typeAndRun(at, source);
    }
    await expect.poll(async () => (await expr.cell('drawing.shape'))?.text, { timeout: UI_TIMEOUT_MS, message: 'drawing.shape in a cell' }).toBe('(28, 28)');
    await expect.poll(async () => (await expr.cell('drawing.dtype'))?.text, { timeout: UI_TIMEOUT_MS }).toBe("dtype('uint8')");
    await expect.poll(async () => (await expr.cell('drawing.max() > 200'))?.text, { timeout: UI_TIMEOUT_MS }).toBe('True');

    // The GPU search agrees with the same distances computed by the cells' own NumPy-like ops (int32 first:
    // uint8 - uint8 wraps, in NumPy as here).
    const nearestFirst = "(-((training_images.astype('int32') - drawing) ** 2).sum(axis=(1, 2))).argmax()";
    const smallest = "((training_images.astype('int32') - drawing) ** 2).sum(axis=(1, 2)).min()";
    for (const source of [nearestFirst, smallest]) {
      const at = await expr.appendCodeCell();
      await expr.typeAndRun(at, source);
    }
    await expect.poll(async () => (await expr.cell(nearestFirst))?.state, { timeout: SEARCH_TIMEOUT_MS, message: 'argmin over all training images in a cell' }).toMatch(/done|error/);
    expect((await expr.cell(nearestFirst))?.text, 'the nearest image found by the cells').toBe(String(nearest[0].index));
    await expect.poll(async () => (await expr.cell(smallest))?.state, { timeout: SEARCH_TIMEOUT_MS }).toMatch(/done|error/);
    expect(Math.sqrt(Number((await expr.cell(smallest))?.text))).toBeCloseTo(nearest[0].distance, 1);

    if (process.env.DRAW_SCREENSHOT) {
      // A small 7 up in a corner shows what the preprocessing is for.
      await draw.clear.click();
      await draw.stroke([
        { x: 0.12, y: 0.14 },
        { x: 0.45, y: 0.14 },
        { x: 0.3, y: 0.55 },
      ]);
      await expect.poll(() => draw.nearestList(), { timeout: SEARCH_TIMEOUT_MS }).toHaveLength(5);
      await expect.poll(() => draw.predictionState(), { timeout: UI_TIMEOUT_MS }).toBe('ok');
      // The sticky top bar would cover the cell's title in an element screenshot.
      await page.addStyleTag({ content: '.topbar { position: static !important; }' });
      await draw.root.screenshot({ path: process.env.DRAW_SCREENSHOT, animations: 'disabled' });
    }
    await expectCleanPage(page);
  }, TEST_TIMEOUT_MS);

  it('without a model it says where to train one; Undo removes the last stroke, Clear (and Escape) empties the pad; touch and pen strokes count', async () => {
    const page = await openPage(browser());
    const notebook = new Notebook(page);
    await notebook.open();
    const draw = new DrawCell(page);
    expect(await draw.undo.isDisabled()).toBe(true);
    expect(await draw.clear.isDisabled()).toBe(true);

    await draw.stroke(ONE);
    await expect.poll(() => draw.predictionState(), { timeout: UI_TIMEOUT_MS, message: 'prediction without a model' }).toBe('no-model');
    expect(await draw.predictionMessage.textContent()).toMatch(/No model yet: train one in the "Train a network" cell/);
    expect(await draw.bars.count()).toBe(0);

    // A second stroke (the crossbar of a 7 on top) widens the crop; Undo brings the 1 back.
    await draw.stroke([
      { x: 0.2, y: 0.15 },
      { x: 0.5, y: 0.15 },
    ]);
    await expect.poll(() => draw.strokes(), { timeout: UI_TIMEOUT_MS, message: 'strokes on the pad' }).toBe(2);
    await expect.poll(async () => (await draw.stepSizes())[1]?.width ?? 0, { timeout: UI_TIMEOUT_MS, message: 'crop width with the crossbar' }).toBeGreaterThan(60);
    await draw.undo.click();
    await expect.poll(() => draw.strokes(), { timeout: UI_TIMEOUT_MS, message: 'strokes on the pad' }).toBe(1);
    await expect.poll(async () => (await draw.stepSizes())[1]?.width ?? 0, { timeout: UI_TIMEOUT_MS, message: 'crop width after Undo' }).toBeLessThan(40);

    // Keyboard: Backspace on the focused pad undoes, and the buttons are reachable and pressable with keys.
    await draw.stroke([
      { x: 0.2, y: 0.5 },
      { x: 0.8, y: 0.5 },
    ]);
    await expect.poll(() => draw.strokes(), { timeout: UI_TIMEOUT_MS, message: 'strokes on the pad' }).toBe(2);
    await draw.pad.focus();
    await page.keyboard.press('Backspace');
    await expect.poll(() => draw.strokes(), { timeout: UI_TIMEOUT_MS, message: 'strokes on the pad' }).toBe(1);
    await draw.clear.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => draw.strokes(), { timeout: UI_TIMEOUT_MS, message: 'strokes on the pad' }).toBe(0);
    await expect.poll(() => draw.stepSizes(), { timeout: UI_TIMEOUT_MS, message: 'steps gone after Clear' }).toHaveLength(0);
    expect(await draw.predictionState()).toBe('empty');
    expect(await draw.nearest.count()).toBe(0);
    expect(await draw.add.isDisabled()).toBe(true);
    expect(await draw.undo.isDisabled()).toBe(true);

    // A finger and a pen draw too (pointer events of those types).
    await draw.pointerStroke('touch', [
      { x: 0.3, y: 0.2 },
      { x: 0.35, y: 0.5 },
      { x: 0.4, y: 0.8 },
    ]);
    await expect.poll(() => draw.strokes(), { timeout: UI_TIMEOUT_MS, message: 'strokes after a touch stroke' }).toBe(1);
    await draw.pointerStroke('pen', [
      { x: 0.6, y: 0.2 },
      { x: 0.6, y: 0.8 },
    ]);
    await expect.poll(() => draw.strokes(), { timeout: UI_TIMEOUT_MS, message: 'strokes after a pen stroke' }).toBe(2);
    await expect.poll(async () => (await draw.stepSizes())[1]?.width ?? 0, { timeout: UI_TIMEOUT_MS, message: 'both strokes in the crop' }).toBeGreaterThan(80);
    await draw.clear.click();
    await expect.poll(() => draw.strokes(), { timeout: UI_TIMEOUT_MS }).toBe(0);

    // Escape on the pad clears it too.
    await draw.stroke(ONE);
    await draw.pad.focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => draw.strokes(), { timeout: UI_TIMEOUT_MS, message: 'strokes on the pad' }).toBe(0);
    await expectCleanPage(page);
  });
});
