/**
 * The app with its UI, trained through the Train button while this script plays the user (arrow keys,
 * gallery scrolling): main-thread long tasks, sample-change latency and gallery frame intervals.
 */
import type { Page } from 'playwright-core';
import type { LongTaskEntry, TrainingWorkEntry } from '../../bench/record';
import { round } from '../bench-common';
import { attributeLongTasks, longTaskFigures, quantile, type LongTaskFigures } from './figures';

/** Arrow-key presses (sample changes) timed during training, and how long the gallery is scrolled. */
const APP_KEY_PRESSES = 10;
const APP_SCROLL_MS = 3000;

export interface AppFigures {
  preset: string;
  examplesPerSec: number | null;
  /** Train click until the first batch runs: module import, model build, shader precompile. */
  startMs: number;
  /** Long tasks from the Train click until training runs (the one-off warm-up). */
  startLongTasks: LongTaskFigures;
  /** Long tasks while training runs, with the user changing samples and scrolling the gallery. */
  longTasks: LongTaskFigures;
  /** The same long tasks split by cause (figures.ts attributeLongTasks): the trainer's own work, or the page's. */
  longTasksByCause: { training: LongTaskFigures; ui: LongTaskFigures };
  /** The trainer's synchronous pieces while training (a batch's dispatch, an evaluation chunk), long or not. */
  trainingWorkMs: { count: number; p95: number | null; max: number | null; maxByKind: Record<string, number> };
  /** Arrow key -> the image cell shows the next sample (its pixels read back from the tensors). */
  sampleChangeMs: { count: number; p50: number | null; max: number | null };
  /** Frame intervals while the gallery scrolls during training. */
  galleryFrameMs: { frames: number; p50: number | null; p95: number | null };
  /** "Inside the network": a sample change until every layer's output is shown (mnist:activations), while training. */
  activationsMs: { count: number; p50: number | null; max: number | null };
  /** Its work at each epoch end (mnist:inside-epoch: the weight histograms and the redraw they start), ms per epoch. */
  insideEpochMs: number[];
}

/** Runs in the page (a string: tsx's helpers do not exist there). Resolves with the figures while training. */
const APP_PAGE_MEASURE = (keyPresses: number, scrollMs: number) => `(async () => {
  const q = (id) => document.querySelector('[data-testid="' + id + '"]');
  const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
  const latencies = [];
  for (let k = 0; k < ${keyPresses}; k++) {
    const canvas = q('cell.image.canvas');
    const before = canvas ? canvas.getAttribute('data-index') : null;
    const t = performance.now();
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    for (;;) {
      await frame();
      const c = q('cell.image.canvas');
      if (c && c.getAttribute('data-index') !== before) break;
      if (performance.now() - t > 10000) break;
    }
    latencies.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 300));
  }
  const scroller = q('gallery.scroller');
  const intervals = [];
  if (scroller) {
    let last = await frame();
    const end = last + ${scrollMs};
    while (last < end) {
      scroller.scrollTop += 120;
      const now = await frame();
      intervals.push(now - last);
      last = now;
    }
  }
  return { latencies, intervals };
})()`;


/**
 * The app with its UI: trains `preset` through the Train button for `seconds` while the user (this
 * script) changes samples with the arrow keys and scrolls the gallery; main-thread long tasks, sample
 * change latency and gallery frame intervals are recorded.
 */
export async function measureApp(page: Page, appUrl: string, preset: 'dense' | 'cnn', seconds: number): Promise<AppFigures> {
  const url = new URL(appUrl);
  url.searchParams.set('model', preset);
  url.searchParams.set('epochs', '5');
  await page.goto(url.href);
  await page.waitForFunction(() => document.querySelector('[data-testid="dataset.badge"]')?.getAttribute('data-verified') === 'yes', null, { timeout: 120_000 });
  await page.getByTestId('cell.train').scrollIntoViewIfNeeded();
  const clickedAt = (await page.evaluate('performance.now()')) as number;
  await page.getByTestId('train.controls.train').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="train.progress"]')?.getAttribute('data-examples') ?? 0) > 0, null, { timeout: 300_000 });
  const runningAt = (await page.evaluate('performance.now()')) as number;
  await page.getByTestId('cell.gallery').scrollIntoViewIfNeeded();
  const measured = (await page.evaluate(APP_PAGE_MEASURE(APP_KEY_PRESSES, APP_SCROLL_MS))) as { latencies: number[]; intervals: number[] };
  const elapsed = ((await page.evaluate('performance.now()')) as number) - runningAt;
  await page.waitForTimeout(Math.max(0, seconds * 1000 - elapsed));
  const endAt = (await page.evaluate('performance.now()')) as number;
  const examplesPerSec = (await page.evaluate('window.__mnistTraining ? window.__mnistTraining.getStatus().progress.examplesPerSecond : null')) as number | null;
  await page.getByTestId('train.controls.stop').click();
  const entries = (await page.evaluate('window.__benchLongTasks')) as LongTaskEntry[];
  const work = ((await page.evaluate('window.__benchTrainingWork || []')) as TrainingWorkEntry[]).filter((w) => w.startTime >= runningAt && w.startTime < endAt);
  const between = (from: number, to: number) => entries.filter((e) => e.startTime >= from && e.startTime < to).map((e) => e.duration);
  const byCause = attributeLongTasks(
    entries.filter((e) => e.startTime >= runningAt && e.startTime < endAt),
    work,
  );
  const workMs = work.map((w) => w.duration);
  const measured2 = (await page.evaluate(
    `({ activations: performance.getEntriesByName('mnist:activations').filter((e) => e.startTime >= ${runningAt} && e.startTime < ${endAt}).map((e) => e.duration), inside: performance.getEntriesByName('mnist:inside-epoch').map((e) => e.duration) })`,
  )) as { activations: number[]; inside: number[] };
  return {
    preset,
    examplesPerSec: round(examplesPerSec),
    startMs: round(runningAt - clickedAt, 0) ?? 0,
    startLongTasks: longTaskFigures(between(clickedAt, runningAt)),
    longTasks: longTaskFigures(between(runningAt, endAt)),
    longTasksByCause: { training: longTaskFigures(byCause.training.map((e) => e.duration)), ui: longTaskFigures(byCause.ui.map((e) => e.duration)) },
    trainingWorkMs: { count: workMs.length, p95: quantile(workMs, 0.95), max: quantile(workMs, 1), maxByKind: maxByKind(work) },
    sampleChangeMs: { count: measured.latencies.length, p50: quantile(measured.latencies, 0.5), max: quantile(measured.latencies, 1) },
    galleryFrameMs: { frames: measured.intervals.length, p50: quantile(measured.intervals, 0.5), p95: quantile(measured.intervals, 0.95) },
    activationsMs: { count: measured2.activations.length, p50: quantile(measured2.activations, 0.5), max: quantile(measured2.activations, 1) },
    insideEpochMs: measured2.inside.map((ms) => round(ms) ?? 0),
  };
}

/** The longest piece of each kind of the trainer's work ('step', 'evaluate'), ms. */
function maxByKind(work: TrainingWorkEntry[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const w of work) out[w.what] = Math.max(out[w.what] ?? 0, round(w.duration) ?? 0);
  return out;
}

/** The stderr summary line of one app run. */
export function appSummaryLine(a: AppFigures): string {
  return `app ${a.preset}: ${a.examplesPerSec ?? '-'} examples/s with the UI; start ${a.startMs} ms (long tasks ${a.startLongTasks.count}, max ${a.startLongTasks.maxMs ?? '-'} ms); while training: long tasks ${a.longTasks.count} (p95 ${a.longTasks.p95Ms ?? '-'} ms, max ${a.longTasks.maxMs ?? '-'} ms; caused by training ${a.longTasksByCause.training.count}, max ${a.longTasksByCause.training.maxMs ?? '-'} ms; by the UI ${a.longTasksByCause.ui.count}, max ${a.longTasksByCause.ui.maxMs ?? '-'} ms; the trainer's longest piece ${a.trainingWorkMs.max ?? '-'} ms ${JSON.stringify(a.trainingWorkMs.maxByKind)}), sample change p50 ${a.sampleChangeMs.p50 ?? '-'} ms (max ${a.sampleChangeMs.max ?? '-'}), gallery frames p50 ${a.galleryFrameMs.p50 ?? '-'} / p95 ${a.galleryFrameMs.p95 ?? '-'} ms; inside the network: a sample's layers p50 ${a.activationsMs.p50 ?? '-'} ms (max ${a.activationsMs.max ?? '-'}, ${a.activationsMs.count} changes), its epoch-end work ${a.insideEpochMs.length ? a.insideEpochMs.join(', ') + ' ms' : 'none (no epoch ended)'}`;
}
