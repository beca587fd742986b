/** Bad inputs get an inline message next to the input; the notebook keeps working afterwards. */
import { describe, expect, it } from 'vitest';
import { expectCleanPage, openPage, useBrowser } from './browser';
import { Notebook, UI_TIMEOUT_MS } from './pages/notebook';

const browser = useBrowser();

describe('bad input', () => {
  it('shows an inline message for each bad value, keeps the last good sample, and recovers', async () => {
    const notebook = new Notebook(await openPage(browser()));
    await notebook.open();
    const { sample, labels, gallery } = notebook;

    // Each bad index is tried from a different good sample, so a stale message cannot pass for a new one.
    const cases: [bad: string, goodBefore: number][] = [['-1', 3], ['60000', 4], ['1.5', 5], ['abc', 6]];
    for (const [bad, good] of cases) {
      await notebook.selectSample(good);
      await expect.poll(() => sample.error.isVisible(), { timeout: UI_TIMEOUT_MS, message: `sample.error gone once index ${good} is entered` }).toBe(false);
      await sample.setIndex(bad);
      await expect.poll(() => sample.error.isVisible(), { timeout: UI_TIMEOUT_MS, message: `sample.error after entering ${JSON.stringify(bad)}` }).toBe(true);
      expect((await sample.error.textContent())?.trim(), `sample.error text for ${JSON.stringify(bad)}`).not.toBe('');
      expect((await notebook.image.shown()).index, `cell.image still shows sample ${good} after ${JSON.stringify(bad)}`).toBe(String(good));
    }

    await labels.setSlice(5, 3);
    await expect.poll(() => labels.error.isVisible(), { timeout: UI_TIMEOUT_MS, message: 'cell.labels.error for [5:3]' }).toBe(true);
    await labels.setSlice(0, 10);
    await expect.poll(() => labels.error.isVisible(), { timeout: UI_TIMEOUT_MS, message: 'cell.labels.error gone for [0:10]' }).toBe(false);
    await expect.poll(() => labels.stripText(), { timeout: UI_TIMEOUT_MS }).toContain('[5 0 4 1 9 2 1 3 1 4]');

    await gallery.jumpTo(99999);
    await expect.poll(() => gallery.jumpError.isVisible(), { timeout: UI_TIMEOUT_MS, message: 'gallery.jump.error for 99999' }).toBe(true);
    await gallery.jumpTo(10);
    await expect.poll(() => gallery.jumpError.isVisible(), { timeout: UI_TIMEOUT_MS, message: 'gallery.jump.error gone for 10' }).toBe(false);

    await notebook.selectSample(2);
    await notebook.expectCurrentLabel(4);
    expect(await sample.error.isVisible()).toBe(false);
    expectCleanPage(notebook.page);
  });
});
