/** "Inside the network": the first layer's weights as pictures and every layer's histograms, from a real run. */
import { describe, expect, it } from 'vitest';
import { expectCleanPage, openPage, useBrowser } from './browser';
import { Notebook, UI_TIMEOUT_MS } from './pages/notebook';
import { DrawCell } from './pages/drawCell';
import { TrainingCell } from './pages/trainingCell';

const TRAIN_TIMEOUT_MS = 90_000;
/** UMAP of the 10,000 test images: 10-15 s on this 2-core machine, more when it is busy. */
const UMAP_TIMEOUT_MS = 120_000;
const browser = useBrowser();

async function openWith(query: Record<string, string | number>) {
  const page = await openPage(browser());
  const notebook = new Notebook(page);
  await notebook.open(query as never);
  const training = new TrainingCell(page);
  await training.root.scrollIntoViewIfNeeded();
  await expect.poll(() => training.control('train').isEnabled(), { timeout: UI_TIMEOUT_MS }).toBe(true);
  const cell = page.getByTestId('cell.inside');
  return { page, training, cell };
}

describe('the embedding map', () => {
  it('draws the 10,000 test images from the raw pixels before any model; hover names a point, a click selects it, a shift-drag filters the gallery', async () => {
    const { page } = await openWith({});
    const canvas = page.getByTestId('inside.map.canvas');
    await page.getByTestId('inside.map.compute').scrollIntoViewIfNeeded();
    expect(await page.getByTestId('inside.map.learned').isDisabled(), 'no learned features without a model').toBe(true);
    await page.getByTestId('inside.map.compute').click();
    await expect.poll(() => canvas.getAttribute('data-points'), { timeout: UI_TIMEOUT_MS }).toBe('10000');
    const caption = (await page.getByTestId('inside.map.caption').textContent()) ?? '';
    expect(caption).toMatch(/10,000 test images, raw pixels \(784\) on their first two principal components \((\d+\.\d)% and (\d+\.\d)% of the variance\)/);
    const [first, second] = [...caption.matchAll(/(\d+\.\d)%/g)].map((m) => Number(m[1]));
    expect(first).toBeGreaterThanOrEqual(second);
    // The points are drawn: a good share of the canvas is coloured.
    const inked = await canvas.evaluate((c) => {
      const el = c as HTMLCanvasElement;
      const px = el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data;
      let n = 0;
      for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++;
      return n / (px.length / 4);
    });
    expect(inked).toBeGreaterThan(0.02);

    // Hover somewhere near the middle until a point answers, then click it.
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    let hovered: string | null = null;
    for (let k = 0; k < 40 && !hovered; k++) {
      await page.mouse.move(box.x + box.width * (0.35 + 0.3 * ((k * 7) % 10) / 10), box.y + box.height * (0.35 + 0.3 * ((k * 3) % 10) / 10));
      hovered = (await page.getByTestId('inside.map.hover').count()) > 0 ? await page.getByTestId('inside.map.hover').getAttribute('data-index') : null;
    }
    expect(hovered, 'a point under the cursor').not.toBeNull();
    expect(await page.getByTestId('inside.map.hover').textContent()).toMatch(new RegExp(`test_images\\[${hovered}\\]\\s*label \\d`));
    await page.mouse.down();
    await page.mouse.up();
    await expect.poll(() => page.getByTestId('sample.split').inputValue()).toBe('test');
    expect(await page.getByTestId('sample.index').inputValue()).toBe(hovered);

    // Shift-drag a box over the middle: the gallery shows those images.
    await canvas.scrollIntoViewIfNeeded();
    const b2 = (await canvas.boundingBox())!;
    await page.keyboard.down('Shift');
    await page.mouse.move(b2.x + b2.width * 0.4, b2.y + b2.height * 0.4);
    await page.mouse.down();
    await page.mouse.move(b2.x + b2.width * 0.6, b2.y + b2.height * 0.6, { steps: 5 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    const selection = page.getByTestId('gallery.selection');
    await expect.poll(() => selection.count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    const picked = Number(await selection.getAttribute('data-count'));
    expect(picked).toBeGreaterThan(0);
    expect(picked).toBeLessThan(10_000);
    expect(await page.getByTestId('cell.gallery').textContent()).toContain('test_images[selected]');
    await page.getByTestId('gallery.selection.clear').click();
    await expect.poll(() => selection.count()).toBe(0);
    expectCleanPage(page);
  });
  it('lays the test images out by UMAP in a worker, with progress, the page answering meanwhile; a lasso selects fewer than its bounding box', async () => {
    const { page } = await openWith({});
    const canvas = page.getByTestId('inside.map.canvas');
    await page.getByTestId('inside.map.compute').scrollIntoViewIfNeeded();
    // Cancel stops it and leaves no map and no message.
    await page.getByTestId('inside.map.method.umap').check();
    await page.getByTestId('inside.map.compute').click();
    await expect.poll(() => page.getByTestId('inside.map.cancel').count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    await page.getByTestId('inside.map.cancel').click();
    await expect.poll(() => page.getByTestId('inside.map.progress').count()).toBe(0);
    expect(await canvas.getAttribute('data-points')).toBe('0');
    expect(await page.getByTestId('inside.map.message').count()).toBe(0);

    await page.getByTestId('inside.map.compute').click();
    const progress = page.getByTestId('inside.map.progress');
    await expect.poll(async () => (await progress.count()) > 0 ? progress.textContent() : '', { timeout: UMAP_TIMEOUT_MS, message: 'the layout epochs counted' }).toMatch(/epoch \d+ of \d+/);
    // Meanwhile the notebook answers: the sample controls move the current sample.
    await new Notebook(page).sample.setIndex(3);
    expect(await page.getByTestId('sample.index').inputValue()).toBe('3');
    expect(await progress.count(), 'still laying out').toBe(1);

    await expect.poll(() => canvas.getAttribute('data-points'), { timeout: UMAP_TIMEOUT_MS }).toBe('10000');
    const caption = page.getByTestId('inside.map.caption');
    expect(await caption.getAttribute('data-method')).toBe('umap');
    expect(await caption.textContent()).toMatch(/10,000 test images, raw pixels \(784\).*UMAP/);
    expect(await progress.count()).toBe(0);

    // The same region by a box, then by a triangle inside it: the lasso keeps only what it encloses.
    await canvas.scrollIntoViewIfNeeded();
    const b = (await canvas.boundingBox())!;
    const at = (fx: number, fy: number) => [b.x + b.width * fx, b.y + b.height * fy] as const;
    const selection = page.getByTestId('gallery.selection');
    const select = async (points: (readonly [number, number])[]) => {
      await page.keyboard.down('Shift');
      await page.mouse.move(...points[0]);
      await page.mouse.down();
      for (const p of points.slice(1)) await page.mouse.move(...p, { steps: 10 });
      await page.mouse.up();
      await page.keyboard.up('Shift');
      await expect.poll(() => selection.count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
      const count = Number(await selection.getAttribute('data-count'));
      await page.getByTestId('gallery.selection.clear').click();
      await expect.poll(() => selection.count()).toBe(0);
      await canvas.scrollIntoViewIfNeeded();
      return count;
    };
    const boxed = await select([at(0.1, 0.1), at(0.9, 0.9)]);
    await page.getByTestId('inside.map.tool.lasso').check();
    const lassoed = await select([at(0.1, 0.1), at(0.9, 0.1), at(0.1, 0.9), at(0.1, 0.1)]);
    expect(boxed).toBeGreaterThan(0);
    expect(lassoed).toBeGreaterThan(0);
    expect(lassoed).toBeLessThan(boxed);
    expectCleanPage(page);
  });
});

describe('inside the network', () => {
  it('before any model says how to get there; after an epoch of the Dense preset, one picture per unit and a histogram per weight tensor', async () => {
    const { page, training, cell } = await openWith({ model: 'dense', subset: 2000, batch: 64, epochs: 2 });
    await expect.poll(() => cell.locator('.pending').textContent()).toMatch(/Train a network \(cell \d+\) or load a saved model/);
    expect(await page.getByTestId('inside.read').isDisabled()).toBe(true);

    await training.control('train').click();
    await expect.poll(() => page.getByTestId('inside.tile').count(), { timeout: TRAIN_TIMEOUT_MS, message: 'weight pictures after the first epoch' }).toBe(128);
    expect(await page.getByTestId('inside.epoch').textContent()).toMatch(/dense\S*\/kernel.*784x128.*after epoch 1/);
    // Kernel and bias of both dense layers.
    expect(await page.getByTestId('inside.histogram').count()).toBe(4);
    // The strongest unit first: the tiles' units are a permutation of 0..127.
    const units = await page.getByTestId('inside.tile').evaluateAll((tiles) => tiles.map((t) => Number(t.getAttribute('data-unit'))));
    expect([...units].sort((a, b) => a - b)).toEqual(Array.from({ length: 128 }, (_, i) => i));
    // A picture is not blank: a template has both signs, so both ends of the colour map appear.
    const colours = await page.getByTestId('inside.tile').first().evaluate((canvas) => {
      const c = canvas as HTMLCanvasElement;
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let reddish = 0;
      let bluish = 0;
      for (let i = 0; i < px.length; i += 4) {
        if (px[i] > px[i + 2] + 40) reddish++;
        if (px[i + 2] > px[i] + 40) bluish++;
      }
      return { reddish, bluish };
    });
    expect(colours.reddish).toBeGreaterThan(20);
    expect(colours.bluish).toBeGreaterThan(20);
    await expect.poll(() => page.getByTestId('inside.epoch').textContent(), { timeout: TRAIN_TIMEOUT_MS, message: 'updated at the second epoch end' }).toMatch(/after epoch 2/);
    expect(await page.getByTestId('inside.histogram').first().textContent()).toMatch(/epoch 1\) → .*epoch 2\)/);
    expectCleanPage(page);
  });

  it('reads a paused CNN: 16 first-layer kernels, then the second conv layer per input channel', async () => {
    const { page, training } = await openWith({ model: 'cnn', subset: 2000, batch: 32, epochs: 1 });
    await training.control('train').click();
    await expect.poll(() => training.batchesTrained(), { timeout: TRAIN_TIMEOUT_MS }).toBeGreaterThan(1);
    expect(await page.getByTestId('inside.read').isDisabled(), 'no reading while the weights change').toBe(true);
    await training.control('pause').click();
    await expect.poll(() => training.phase(), { timeout: TRAIN_TIMEOUT_MS }).toBe('paused');
    await page.getByTestId('inside.read').click();
    await expect.poll(() => page.getByTestId('inside.tile').count(), { timeout: UI_TIMEOUT_MS }).toBe(16);
    expect(await page.getByTestId('inside.epoch').textContent()).toMatch(/conv\S*\/kernel.*5x5x1x16.*read just now/);
    await page.getByTestId('inside.layer').selectOption({ index: 1 });
    await expect.poll(() => page.getByTestId('inside.tile').count()).toBe(32);
    const first = await page.getByTestId('inside.tile').evaluateAll((tiles) => tiles.map((t) => t.getAttribute('data-unit')).join(','));
    await page.getByTestId('inside.channel').selectOption('7');
    await expect.poll(async () => page.getByTestId('inside.tile').evaluateAll((tiles) => tiles.map((t) => t.getAttribute('data-unit')).join(',')), { message: 'another input channel, another order' }).not.toBe(first);

    // The current sample through every layer: feature maps for the convs and pools, the probabilities last.
    const columns = page.getByTestId('inside.activation');
    await expect.poll(() => columns.evaluateAll((cs) => cs.map((c) => c.getAttribute('data-kind'))), { timeout: UI_TIMEOUT_MS }).toEqual(['Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dense', 'Dense']);
    expect(await columns.nth(0).getByTestId('inside.map').count()).toBe(16);
    expect(await columns.nth(2).getByTestId('inside.map').count()).toBe(32);
    const probabilities = await columns.nth(6).locator('li .value').allTextContents();
    expect(probabilities).toHaveLength(10);
    expect(probabilities.reduce((a, t) => a + Number.parseFloat(t), 0)).toBeCloseTo(100, 0);
    const before = { sample: await page.getByTestId('inside.activations').getAttribute('data-sample'), sum: await columns.nth(0).getAttribute('data-sum') };
    expect(before.sample).toBe('train:0');
    await new Notebook(page).sample.setIndex(1);
    await expect.poll(() => page.getByTestId('inside.activations').getAttribute('data-sample'), { timeout: UI_TIMEOUT_MS, message: 'the next sample' }).toBe('train:1');
    expect(await columns.nth(0).getAttribute('data-sum'), 'another sample, other feature maps').not.toBe(before.sum);

    // A drawing on the pad goes through the layers instead; the switch brings the sample back.
    await new DrawCell(page).stroke([{ x: 0.5, y: 0.15 }, { x: 0.5, y: 0.85 }]);
    await expect.poll(() => page.getByTestId('inside.activations').getAttribute('data-sample'), { timeout: UI_TIMEOUT_MS, message: 'the drawing' }).toBe('drawing');
    expect(await page.getByTestId('inside.source').textContent()).toMatch(/drawing/i);
    expect(await columns.nth(0).getAttribute('data-sum')).not.toBe(before.sum);
    expect(await columns.nth(6).locator('li .value').count()).toBe(10);
    await page.getByTestId('inside.source.switch').click();
    await expect.poll(() => page.getByTestId('inside.activations').getAttribute('data-sample'), { timeout: UI_TIMEOUT_MS }).toBe('train:1');
    await training.control('stop').click();
    expectCleanPage(page);
  });
});
