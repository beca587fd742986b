/**
 * Storage that fails gracefully, in the browser: with no IndexedDB, no usable localStorage and no
 * navigator.storage (an init script removes them), the page says at once that models and cell edits
 * are not kept, a Save names the model and offers its download (which works), and the cells offer
 * the .ipynb export; with storage, the Saved models panel shows the space used and available and
 * the answer to the persistence request made at the first save.
 */
import type { Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectCleanPage, openPage, useBrowser } from './browser';
import { withoutStorage } from './initScripts';
import { Notebook, UI_TIMEOUT_MS } from './pages/notebook';
import { ModelsPanel } from './pages/modelsPanel';
import { TrainingCell } from './pages/trainingCell';

const TRAIN_TIMEOUT_MS = 90_000;

const browser = useBrowser();

async function trained(page: Page): Promise<ModelsPanel> {
  const notebook = new Notebook(page);
  await notebook.open({ model: 'dense', subset: 2000, epochs: 1 } as never);
  const training = new TrainingCell(page);
  await training.root.scrollIntoViewIfNeeded();
  await expect.poll(() => training.control('train').isEnabled(), { timeout: UI_TIMEOUT_MS, message: 'Train enabled once the dataset is ready' }).toBe(true);
  await training.control('train').click();
  await expect.poll(() => training.phase(), { timeout: TRAIN_TIMEOUT_MS, message: 'training done' }).toBe('done');
  return new ModelsPanel(page);
}

const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).count()) === 0 ? '' : ((await page.getByTestId(testId).textContent()) ?? ''));

describe('browser storage', () => {
  it('no IndexedDB, localStorage or navigator.storage: messages name what is not kept, and the downloads are offered and work', async () => {
    const page = await openPage(browser());
    await page.addInitScript(withoutStorage);
    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    const models = await trained(page);

    expect(await models.noticeText()).toBe('Reading the saved models failed: this browser gives the page no IndexedDB (a private window may turn it off). Download still keeps a model as files.');
    expect(await text(page, 'models.storage.use')).toBe('this browser does not say how much storage the page uses (no navigator.storage.estimate)');
    expect(await page.getByTestId('expr.unsaved').textContent()).toMatch(/^Your edits to these cells are not saved in this browser: this browser does not let the page store data .*export them to keep them as a file\./);

    await models.save('kept');
    await expect.poll(() => models.noticeText(), { timeout: UI_TIMEOUT_MS }).toMatch(/^'kept' was not saved in this browser: Saving 'kept' failed: this browser gives the page no IndexedDB .*The saved models are unchanged; download it to keep it as files\.$/);
    expect(await models.noticeTone()).toBe('error');
    await page.getByTestId('models.notice.download').click();
    await expect.poll(() => downloads.length, { timeout: UI_TIMEOUT_MS, message: 'model.json and weights downloaded' }).toBe(2);
    expect(downloads.map((d) => d.suggestedFilename()).sort()).toEqual(['kept.json', 'kept.weights.bin']);

    await page.getByTestId('expr.unsaved.export').click();
    await expect.poll(() => downloads.length, { timeout: UI_TIMEOUT_MS, message: 'the notebook exported' }).toBe(3);
    expect(downloads[2].suggestedFilename()).toMatch(/\.ipynb$/);
    expectCleanPage(page);
  });

  it('with storage: the space used and available, and the persistence answer after the first save', async () => {
    const page = await openPage(browser());
    const models = await trained(page);
    await expect.poll(() => text(page, 'models.storage.use'), { timeout: UI_TIMEOUT_MS }).toMatch(/^[\d.]+ (B|KiB|MiB|GiB) used, [\d.]+ (B|KiB|MiB|GiB) available in this browser$/);
    const before = await text(page, 'models.storage.use');
    await models.save('persisted');
    await expect.poll(() => models.noticeText(), { timeout: UI_TIMEOUT_MS }).toMatch(/^Saved 'persisted' in this browser/);
    await expect.poll(() => page.getByTestId('models.storage').getAttribute('data-persistence'), { timeout: UI_TIMEOUT_MS }).toMatch(/^(granted|denied)$/);
    await expect.poll(() => text(page, 'models.storage.use'), { timeout: UI_TIMEOUT_MS, message: 'the storage used read again after the save' }).not.toBe(before);
    expectCleanPage(page);
  });
});
