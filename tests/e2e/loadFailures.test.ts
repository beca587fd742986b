/** What the notebook does when the data or the browser lets it down: say what is wrong, keep the page alive. */
import { describe, expect, it } from 'vitest';
import { expectCleanPage, openPage, useBrowser } from './browser';
import { captureWebGlContexts } from './initScripts';
import { Notebook, UI_TIMEOUT_MS } from './pages/notebook';

const browser = useBrowser();

/** The JavaScript fallbacks (PNG decoder, cpu backend) are slower than the native paths. */
const SLOW_LOAD_MS = 170_000;
const SLOW_TEST_MS = 200_000;

/**
 * Init script: canvas noise, as privacy browsers (Firefox's fingerprinting protection, Brave) add it:
 * every pixel read back from a 2-D canvas (getImageData, on- or offscreen) has its low bit flipped, and
 * every bitmap from createImageBitmap is drawn through such a canvas. Counts how often it struck. Runs in the page.
 */
function addCanvasNoise(): void {
  const state = window as unknown as { __canvasNoise: number };
  state.__canvasNoise = 0;
  const protos: { getImageData: (...args: never[]) => ImageData }[] = [CanvasRenderingContext2D.prototype];
  if (typeof OffscreenCanvasRenderingContext2D !== 'undefined') protos.push(OffscreenCanvasRenderingContext2D.prototype);
  for (const proto of protos) {
    const original = proto.getImageData as (this: unknown, ...args: unknown[]) => ImageData;
    proto.getImageData = function (this: unknown, ...args: unknown[]) {
      const image = original.apply(this, args);
      for (let i = 0; i < image.data.length; i += 4) image.data[i] ^= 1;
      state.__canvasNoise += 1;
      return image;
    } as never;
  }
  const bitmap = window.createImageBitmap.bind(window);
  window.createImageBitmap = (async (...args: unknown[]) => {
    state.__canvasNoise += 1;
    return (bitmap as (...a: unknown[]) => Promise<ImageBitmap>)(...args);
  }) as typeof window.createImageBitmap;
}

/** Init script: no WebGL context of any kind, from any canvas. Runs in the page. */
function disableWebGl(): void {
  const blocked = new Set(['webgl', 'webgl2', 'experimental-webgl']);
  const protos: { getContext: (...args: never[]) => unknown }[] = [HTMLCanvasElement.prototype];
  if (typeof OffscreenCanvas !== 'undefined') protos.push(OffscreenCanvas.prototype);
  for (const proto of protos) {
    const original = proto.getContext as (this: unknown, type: string, ...rest: unknown[]) => unknown;
    proto.getContext = function (this: unknown, type: string, ...rest: unknown[]) {
      return blocked.has(type) ? null : original.call(this, type, ...rest);
    } as never;
  }
}

describe('load failures', () => {
  it('names a missing sheet and the command that makes it, and keeps the page up', async () => {
    const page = await openPage(browser());
    await page.route('**/data/mnist/train-images-3.png', (route) => route.fulfill({ status: 404 }));
    const notebook = new Notebook(page);
    await notebook.goto();

    const message = await notebook.dataset.waitForError();
    expect(message).toContain('train-images-3.png');
    expect(message).toContain('npm run prepare-data');
    expect(await notebook.dataset.badge.isVisible(), 'header badge still rendered').toBe(true);
    expect(await notebook.dataset.verified()).not.toBe('yes');
    expect(await notebook.dataset.root.isVisible(), 'cell.dataset still rendered').toBe(true);
    expect(await notebook.shape.root.isVisible(), 'the cells below still rendered').toBe(true);
    // The browser logs the 404 itself; anything else is a defect.
    expectCleanPage(page, { allowConsoleErrors: [/status of 404.*train-images-3\.png/] });
  });

  it('reports a truncated sheet instead of showing wrong digits', async () => {
    const page = await openPage(browser());
    await page.route('**/data/mnist/train-images-2.png', async (route) => {
      const body = await (await route.fetch()).body();
      await route.fulfill({ status: 200, contentType: 'image/png', body: body.subarray(0, Math.floor(body.length / 2)) });
    });
    const notebook = new Notebook(page);
    await notebook.goto();

    const message = await notebook.dataset.waitForError(SLOW_LOAD_MS);
    expect(message).toContain('train-images-2.png');
    expect(message).toContain('npm run prepare-data');
    expect(await notebook.dataset.verified()).not.toBe('yes');
    expect(await notebook.dataset.badge.isVisible()).toBe(true);
    expectCleanPage(page);
  }, SLOW_TEST_MS);

  it('reports a sheet whose bytes were damaged in transit (same length) instead of showing wrong digits', async () => {
    const page = await openPage(browser());
    await page.route('**/data/mnist/train-images-1.png', async (route) => {
      const body = Buffer.from(await (await route.fetch()).body());
      const middle = body.length >> 1;
      for (let i = middle; i < middle + 64; i++) body[i] ^= 0xff;
      await route.fulfill({ status: 200, contentType: 'image/png', body });
    });
    const notebook = new Notebook(page);
    await notebook.goto();

    const message = await notebook.dataset.waitForError(SLOW_LOAD_MS);
    expect(message).toContain('train-images-1.png');
    expect(message).toContain('npm run prepare-data');
    expect(await notebook.dataset.verified()).not.toBe('yes');
    expectCleanPage(page);
  }, SLOW_TEST_MS);

  it('loads the true pixels where the browser adds canvas noise: the sheets never pass through a canvas', async () => {
    const page = await openPage(browser());
    await page.addInitScript(addCanvasNoise);
    const notebook = new Notebook(page);
    await notebook.goto();

    await notebook.dataset.waitUntilLoaded();
    expect(await notebook.dataset.verified()).toBe('yes');
    // Image 0 still reads 5 with blank top rows (noise would make its zeros ones).
    await notebook.expectCurrentLabel(5);
    await expect
      .poll(async () => (await notebook.pixels.values()).slice(0, 4).flat().every((v) => v === 0), { timeout: UI_TIMEOUT_MS, message: 'top rows of image 0 blank' })
      .toBe(true);
    expect(await notebook.dataset.root.getByTestId('cell.dataset.notice').count(), 'no notice of a second decoding pass').toBe(0);
    expectCleanPage(page);
  }, SLOW_TEST_MS);

  it('runs on the cpu backend, and says so, when WebGL is unavailable', async () => {
    const page = await openPage(browser());
    await page.addInitScript(disableWebGl);
    const notebook = new Notebook(page);
    await notebook.goto();

    await expect
      .poll(() => notebook.shape.outputText(), { timeout: SLOW_LOAD_MS, interval: 250, message: 'cell.shape.output on the cpu backend' })
      .toContain('(60000, 28, 28)');
    // The shape shows from the manifest before TensorFlow.js has chosen a backend; wait for the choice.
    await expect.poll(() => notebook.dataset.backend(), { timeout: SLOW_LOAD_MS, interval: 250, message: 'dataset.badge data-backend' }).toBe('cpu');
    expect(await notebook.dataset.noticeText(), 'cell.dataset.notice').toMatch(/webgl/i);
    // Not just a banner: the tensors load, verify and answer on the cpu backend.
    await notebook.dataset.waitUntilLoaded(SLOW_LOAD_MS);
    await notebook.expectCurrentLabel(5);
    expectCleanPage(page);
  }, SLOW_TEST_MS);

  it('says so when the WebGL context is lost, keeps the page up, and reloads on the cpu backend', async () => {
    const page = await openPage(browser());
    await page.addInitScript(captureWebGlContexts);
    const notebook = new Notebook(page);
    await notebook.goto();
    await notebook.dataset.waitUntilLoaded();
    expect(await notebook.dataset.backend()).toBe('webgl');

    const lost = await page.evaluate(() => {
      const contexts = (window as unknown as { __glContexts: WebGL2RenderingContext[] }).__glContexts;
      contexts.forEach((gl) => gl.getExtension('WEBGL_lose_context')?.loseContext());
      return contexts.length;
    });
    expect(lost, 'WebGL2 contexts created by the page').toBeGreaterThan(0);
    const message = await notebook.dataset.waitForError(UI_TIMEOUT_MS);
    expect(message).toMatch(/WebGL context was lost/i);
    // The rest of the page still answers from what it holds: the labels.
    await notebook.expectCurrentLabel(5);

    await page.getByRole('button', { name: 'Reload on the cpu backend' }).click();
    await notebook.dataset.waitUntilLoaded(SLOW_LOAD_MS);
    expect(await notebook.dataset.backend()).toBe('cpu');
    await notebook.selectSample(1);
    await notebook.expectCurrentLabel(0);
    expectCleanPage(page);
  }, SLOW_TEST_MS);
});
