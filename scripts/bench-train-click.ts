/**
 * Pressing Train, for `npm run bench` (issue 12, point 3): the app loaded with a preset in its link
 * (`?model=dense|cnn`), verified, left to settle, then Train clicked as a learner would. Per preset:
 * the longest main-thread task ('longtask' entries) from the click until the loss chart holds its second
 * batch, how many tasks passed 50 ms meanwhile, and how long the two batches took to arrive (the shader
 * warm-up included). One fresh browser per preset and run.
 */
import type { Browser } from 'playwright-core';
import type { LongTaskEntry } from '../bench/record';
import { LONG_TASK_RECORDER, round } from './bench-common';
import { longestTaskIn } from './bench-cells';
import { spread, type Spread } from './bench-start';

export const TRAIN_PRESETS = ['dense', 'cnn'] as const;
export type TrainPreset = (typeof TRAIN_PRESETS)[number];
/** The longest main-thread task between the click and the second batch, at most (issue 12). */
export const TRAIN_CLICK_TARGET_MS = 200;
/** Time after "verified" before the click: the notebook's own start-up work (cells, class means) settles first. */
const SETTLE_MS = 4000;

export interface TrainClickRun {
  preset: TrainPreset;
  ok: boolean;
  error?: string;
  longestTaskMs: number | null;
  longTasks: number | null;
  clickToSecondBatchMs: number | null;
}

/** One load of `url` with `preset`, Train clicked, until the second batch (or the timeout). */
export async function measureTrainClick(browser: Browser, url: string, preset: TrainPreset, timeoutMs: number): Promise<TrainClickRun> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(LONG_TASK_RECORDER);
  const failed = (error: string): TrainClickRun => ({ preset, ok: false, error, longestTaskMs: null, longTasks: null, clickToSecondBatchMs: null });
  try {
    const page = await context.newPage();
    const link = new URL(url);
    link.searchParams.set('model', preset);
    await page.goto(link.href);
    await page.waitForFunction(() => performance.getEntriesByName('mnist:all-verified').length > 0, null, { timeout: timeoutMs, polling: 100 });
    await page.waitForTimeout(SETTLE_MS);
    const train = page.getByTestId('train.controls.train');
    await train.scrollIntoViewIfNeeded();
    const clickedAt = await page.evaluate(() => performance.now());
    await train.click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="train.chart.loss"]')?.getAttribute('data-points') ?? 0) >= 2, null, { timeout: timeoutMs, polling: 20 });
    const secondAt = await page.evaluate(() => performance.now());
    // Let the observer deliver the entries of a task that just ended.
    await page.waitForTimeout(150);
    const entries = (await page.evaluate(() => (window as unknown as { __benchLongTasks?: LongTaskEntry[] }).__benchLongTasks ?? [])) as LongTaskEntry[];
    const { count, maxMs } = longestTaskIn(entries, clickedAt, secondAt);
    return { preset, ok: true, longestTaskMs: round(maxMs), longTasks: count, clickToSecondBatchMs: round(secondAt - clickedAt) };
  } catch (e) {
    return failed(e instanceof Error ? e.message : String(e));
  } finally {
    await context.close();
  }
}

export interface TrainClickSummary {
  preset: TrainPreset;
  longestTaskMs: Spread;
  clickToSecondBatchMs: Spread;
  failedRuns: number;
  pass: boolean;
}

/** Per preset: spreads over the runs, and whether every run's longest task met the target. */
export function summarizeTrainClicks(runs: readonly TrainClickRun[]): TrainClickSummary[] {
  return TRAIN_PRESETS.map((preset) => {
    const mine = runs.filter((r) => r.preset === preset);
    const ok = mine.filter((r) => r.ok);
    return {
      preset,
      longestTaskMs: spread(ok.map((r) => r.longestTaskMs)),
      clickToSecondBatchMs: spread(ok.map((r) => r.clickToSecondBatchMs)),
      failedRuns: mine.length - ok.length,
      pass: ok.length > 0 && ok.length === mine.length && ok.every((r) => r.longestTaskMs !== null && r.longestTaskMs <= TRAIN_CLICK_TARGET_MS),
    };
  });
}
