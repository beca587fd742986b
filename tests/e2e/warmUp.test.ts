/**
 * The shader warm-up before a run's first batch (src/model/warm-up.ts) compiles every WebGL program the
 * run needs: a program linked later blocks the page while the driver links it (SwiftShader has no
 * parallel compile), which is how the Dense preset's first epoch end once took a 49-55 ms task.
 */
import { describe, expect, it } from 'vitest';
import { expectCleanPage, openPage, useBrowser } from './browser';
import { Notebook } from './pages/notebook';
import { TrainingCell } from './pages/trainingCell';

const TRAIN_TIMEOUT_MS = 90_000;
const browser = useBrowser();

/** Init script: the time of every WebGL program link the page asks for. Runs in the page. */
function recordProgramLinks(): void {
  const links: number[] = [];
  (window as unknown as { __programLinks: number[] }).__programLinks = links;
  const original = WebGL2RenderingContext.prototype.linkProgram;
  WebGL2RenderingContext.prototype.linkProgram = function (this: WebGL2RenderingContext, program: WebGLProgram) {
    links.push(performance.now());
    return original.call(this, program);
  };
}

const linksSoFar = (notebook: Notebook) => notebook.page.evaluate(() => (window as unknown as { __programLinks: number[] }).__programLinks.length);

describe('the shader warm-up', () => {
  it('leaves no WebGL program to compile after the first batch, through two epoch ends with their evaluations (Dense preset)', async () => {
    const page = await openPage(browser());
    await page.addInitScript(recordProgramLinks);
    const notebook = new Notebook(page);
    // 6,000 images, 10% held out (the validation is a gather of training rows), the test images every epoch;
    // four epochs, so the run is still going after the second epoch end (the page's own work after a run is not the run's).
    await notebook.open({ model: 'dense', subset: 6000, batch: 64, epochs: 4 } as never);
    const training = new TrainingCell(page);
    await training.root.scrollIntoViewIfNeeded();
    await expect.poll(() => training.control('train').isEnabled(), { timeout: TRAIN_TIMEOUT_MS }).toBe(true);
    const beforeTrain = await linksSoFar(notebook);
    await training.control('train').click();
    await expect.poll(() => training.batchesTrained(), { timeout: TRAIN_TIMEOUT_MS, message: 'the first batch' }).toBeGreaterThan(0);
    const afterFirstBatch = await linksSoFar(notebook);
    expect(afterFirstBatch, 'the warm-up compiled the run\'s programs').toBeGreaterThan(beforeTrain);
    await expect.poll(() => training.epochPoints(), { timeout: TRAIN_TIMEOUT_MS, message: 'two epoch ends charted' }).toBeGreaterThanOrEqual(2);
    const linked = (await linksSoFar(notebook)) - afterFirstBatch;
    expect(await training.phase(), 'the run still going').toBe('running');
    expect(linked, 'programs linked after the first batch').toBe(0);
    await training.control('stop').click();
    expectCleanPage(page);
  });
});
