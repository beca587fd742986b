/**
 * Runs kept in the browser (and the live charts' zoom): two short runs of the Dense preset with different learning rates give two
 * rows, named by their settings; selected, two curves per chart with a legend and the one setting that
 * differs; sorting by test accuracy orders them by it (either way); a reload keeps
 * both; a rename sticks; "Run again" restores a run's settings and, same seed on the same backend,
 * gives the same test accuracy; the CSV export has a header and two data rows; a corrupt import is a message
 * and the table stays; the JSON export imported into a fresh browser profile brings the runs back.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectCleanPage, openPage, useBrowser } from './browser';
import { Notebook, UI_TIMEOUT_MS } from './pages/notebook';
import { RunsPanel } from './pages/runsPanel';
import { TrainingCell } from './pages/trainingCell';

const TRAIN_TIMEOUT_MS = 90_000;
const browser = useBrowser();

async function trainOnce(training: TrainingCell, learningRate: string): Promise<void> {
  await training.type('learningRate', learningRate);
  await expect.poll(() => training.control('train').isEnabled(), { timeout: UI_TIMEOUT_MS, message: 'Train enabled' }).toBe(true);
  await training.control('train').click();
  await expect.poll(() => training.phase(), { timeout: TRAIN_TIMEOUT_MS, message: 'training done' }).toBe('done');
}

/** "97.12%" -> 0.9712 */
const fraction = (text: string) => Number(text.replace('%', '')) / 100;

describe('runs', () => {
  it('two runs -> two rows, sorted by test accuracy, kept across a reload, renamed, exported as CSV; a corrupt import is a message', async () => {
    const page: Page = await openPage(browser());
    const notebook = new Notebook(page);
    await notebook.open({ model: 'dense', subset: 1000, epochs: 1 } as never);
    const training = new TrainingCell(page);
    const runs = new RunsPanel(page);
    await training.root.scrollIntoViewIfNeeded();
    await expect.poll(() => page.getByTestId('runs.empty').count(), { timeout: UI_TIMEOUT_MS, message: 'no runs yet' }).toBe(1);

    await trainOnce(training, '0.005');
    await expect.poll(() => runs.rows().count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    // The live charts zoom too: a drag across the loss chart shows that x range on both; double-click shows all.
    const live = page.getByTestId('train.chart.loss');
    const zone = (await live.getByTestId('train.chart.zoom').boundingBox())!;
    await page.mouse.move(zone.x + zone.width * 0.3, zone.y + zone.height / 2);
    await page.mouse.down();
    await page.mouse.move(zone.x + zone.width * 0.6, zone.y + zone.height / 2, { steps: 5 });
    await page.mouse.up();
    const range = (await live.getAttribute('data-zoom'))!.split(',').map(Number);
    expect(range).toHaveLength(2);
    expect(range[0]).toBeGreaterThan(0);
    expect(range[1]).toBeGreaterThan(range[0]);
    expect(await page.getByTestId('train.chart.accuracy').getAttribute('data-zoom')).toBe(range.join(','));
    await live.getByTestId('train.chart.zoom').dblclick();
    expect(await live.getAttribute('data-zoom')).toBe('all');
    // A new model for the second run: Reset, then another rate.
    await training.control('reset').click();
    await trainOnce(training, '0.05');
    await expect.poll(() => runs.rows().count(), { timeout: UI_TIMEOUT_MS, message: 'a row per run' }).toBe(2);
    await expect.poll(() => runs.column('outcome'), { timeout: UI_TIMEOUT_MS }).toEqual(['finished', 'finished']);
    // Newest first, each named by its settings.
    expect(await runs.names()).toEqual(['dense · adam 0.05 · b64 · seed 42', 'dense · adam 0.005 · b64 · seed 42']);
    expect(await runs.column('lr')).toEqual(['0.05', '0.005']);
    // The second run's final test accuracy is the evaluation cell's.
    expect(fraction((await runs.column('test'))[0])).toBeCloseTo((await training.testAccuracy())!, 4);

    await runs.sortBy('test');
    expect(await runs.sortState('test')).toBe('descending');
    const down = (await runs.column('test')).map(fraction);
    expect(down[0]).toBeGreaterThanOrEqual(down[1]);
    expect(await runs.rows().first().getAttribute('data-best')).toBe('yes');
    await runs.sortBy('test');
    expect(await runs.sortState('test')).toBe('ascending');
    expect((await runs.column('test')).map(fraction)).toEqual([...down].reverse());

    // Both selected: two curves per chart with a two-entry legend, and what differs between them.
    await page.getByTestId('runs.select').nth(0).check();
    await page.getByTestId('runs.select').nth(1).check();
    for (const chart of ['runs.chart.loss', 'runs.chart.accuracy']) {
      await expect.poll(() => page.getByTestId(chart).locator('.recharts-line').count(), { timeout: UI_TIMEOUT_MS, message: `${chart}: a line per run` }).toBe(2);
      expect(await page.getByTestId(chart).getByTestId('runs.legend.item').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/adam 0\.05/), expect.stringMatching(/adam 0\.005/)]));
    }
    expect(await page.getByTestId('runs.diff.setting').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-field')))).toEqual(['learningRate']);
    await page.getByTestId('runs.select').nth(0).uncheck();
    await page.getByTestId('runs.select').nth(1).uncheck();

    await notebook.reload();
    await training.root.scrollIntoViewIfNeeded();
    await expect.poll(() => runs.rows().count(), { timeout: UI_TIMEOUT_MS, message: 'both runs after a reload' }).toBe(2);
    expect((await runs.column('lr')).sort()).toEqual(['0.005', '0.05']);

    await runs.rows().first().getByTestId('runs.rename').click();
    const input = page.getByTestId('runs.rename-input');
    await input.fill('my first comparison');
    await input.press('Enter');
    await expect.poll(() => runs.names(), { timeout: UI_TIMEOUT_MS }).toContain('my first comparison');

    // "Run again" on the first run (lr 0.005): its settings back in the form, a new model trained from
    // scratch, and with the same seed on the same backend the same result.
    const first = runs.rows().filter({ has: page.locator('td[data-col="lr"]', { hasText: /^0\.005$/ }) });
    const firstTest = await first.locator('td[data-col="test"]').textContent();
    // A link carries the settings that differ from the defaults (0.005 is the default rate; 0.05 is not).
    const second = runs.rows().filter({ has: page.locator('td[data-col="lr"]', { hasText: /^0\.05$/ }) });
    expect(await second.getByTestId('runs.link').getAttribute('href')).toMatch(/[?&]lr=0\.05(&|$)/);
    expect(await first.getByTestId('runs.link').getAttribute('href')).not.toMatch(/lr=/);
    await training.type('learningRate', '0.3');
    await first.getByTestId('runs.again').click();
    await expect.poll(() => training.field('learningRate').inputValue(), { timeout: UI_TIMEOUT_MS }).toBe('0.005');
    await expect.poll(() => runs.rows().count(), { timeout: TRAIN_TIMEOUT_MS, message: 'a third run' }).toBe(3);
    await expect.poll(() => training.phase(), { timeout: TRAIN_TIMEOUT_MS, message: 'the run again done' }).toBe('done');
    await expect.poll(() => runs.column('outcome'), { timeout: UI_TIMEOUT_MS }).toEqual(['finished', 'finished', 'finished']);
    await runs.sortBy('started');
    expect((await runs.column('lr'))[0]).toBe('0.005');
    expect((await runs.column('test'))[0]).toBe(firstTest);
    await runs.rows().first().getByTestId('runs.select').check();
    await page.getByTestId('runs.delete').click();
    await expect.poll(() => runs.rows().count(), { timeout: UI_TIMEOUT_MS }).toBe(2);

    const csv = await runs.export('csv');
    expect(csv.name).toBe('mnist-runs.csv');
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0].split(',').slice(0, 3)).toEqual(['name', 'dataset', 'model']);
    expect(lines.slice(1).every((l) => l.split(',').length === lines[0].split(',').length)).toBe(true);
    const json = await runs.export('json');

    await runs.importFile('runs.json', json.text.slice(0, json.text.length / 2));
    await expect.poll(() => runs.message().textContent(), { timeout: UI_TIMEOUT_MS }).toMatch(/^Nothing imported: this is not a JSON file/);
    expect(await runs.rows().count()).toBe(2);

    // Into another browser profile: the same two runs come back from the JSON export.
    const other = await openPage(browser());
    const otherNotebook = new Notebook(other);
    await otherNotebook.open({ model: 'dense' } as never);
    const otherRuns = new RunsPanel(other);
    await otherRuns.root.scrollIntoViewIfNeeded();
    await expect.poll(() => other.getByTestId('runs.empty').count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    await otherRuns.importFile('runs.json', json.text);
    await expect.poll(() => otherRuns.rows().count(), { timeout: UI_TIMEOUT_MS, message: 'imported runs' }).toBe(2);
    expect((await otherRuns.names()).sort()).toEqual((await runs.names()).sort());
    await expectCleanPage(page);
    await expectCleanPage(other);
  });
});
