/**
 * `npm run bench:inside` (and the last part of `npm run bench`): the "Inside the network" cell in the
 * production build, BENCH_INSIDE_RUNS times (default 3), each in a freshly launched Chromium:
 * - the embedding map of the 10,000 test images by PCA of the raw pixels, the first time (after the map
 *   was in view for 5 s, which compiles its shaders) and again, with the main thread's longest task
 *   meanwhile (and while in view); target <= 2 s;
 * - pan and zoom of the drawn map: frame intervals while a wheel event arrives every frame, about a point
 *   that moves (10,000 points redrawn on a canvas each frame; target p95 <= two 60 Hz frames);
 * - UMAP of the same images in its Web Worker: time to the map and the main thread's long tasks meanwhile;
 * - the CNN preset trained on a BENCH_INSIDE_SUBSET-image subset (default 2,000) for 3 epochs: the cell's
 *   work at each epoch end (mnist:inside-epoch, and the longest task within the second after it) against
 *   the epoch's time, measured and for a full 60,000-image epoch at the run's examples/s (target <= 10%);
 * - then, the run finished, sample changes by the arrow key until every layer's output is drawn (target
 *   <= 200 ms), and drawings on the pad: the first until its layers show, a changed one from when the
 *   cell has it (mnist:activations) and from the pen's lift to its layers on screen.
 * stdout: one JSON line per run, then one summary line (median, min, max per figure, the targets);
 * progress on stderr. Exits 0 when it could measure. Env: BENCH_INSIDE_RUNS, BENCH_INSIDE_SUBSET,
 * BENCH_SKIP_BUILD=1, CHROME_PATH.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { LONG_TASK_RECORDER, positiveInt, round, servePreview } from './bench-common';
import { spread, type Spread } from './bench-start';
import { quantile } from './bench-training/figures';
import { launch } from './chromium';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = positiveInt(process.env.BENCH_INSIDE_RUNS, 3);
const SUBSET = positiveInt(process.env.BENCH_INSIDE_SUBSET, 2000);
const EPOCHS = 3;
const KEY_PRESSES = 8;
/** How long the map is in view before its first computation. */
const IN_VIEW_MS = 5000;
const TARGETS = { pcaMs: 2000, panZoomFrameP95Ms: 2000 / 60, insideEpochShare: 0.1, activationsMs: 200 } as const;

interface Run {
  run: number;
  pca: { coldMs: number | null; warmMs: number | null; coldLongestTaskMs: number | null; warmLongestTaskMs: number | null; inViewLongestTaskMs: number | null };
  panZoom: { frames: number; p50Ms: number | null; p95Ms: number | null };
  umap: { ms: number | null; longTasks: number; longestTaskMs: number | null };
  epochs: { examplesPerSec: number | null; epochMs: number[]; insideMs: number[]; longestTaskAfterMs: number[]; shareOfEpoch: number | null; shareOfFullEpoch: number | null };
  activations: { sampleMs: number[]; firstDrawingMs: number | null; drawingMs: number | null; drawingAfterPenLiftMs: number | null };
  error?: string;
}

const log = (line: string) => process.stderr.write(`bench-inside: ${line}\n`);
const now = (page: Page) => page.evaluate(() => performance.now());
const longTasks = (page: Page, from: number, to: number) =>
  page.evaluate(([a, b]) => ((window as unknown as { __benchLongTasks: { startTime: number; duration: number }[] }).__benchLongTasks ?? []).filter((e) => e.startTime >= a && e.startTime < b).map((e) => e.duration), [from, to] as const);

/** Clicks "Draw the map" with `method` and waits for the map; its mnist:embedding measure (ms) and the longest task meanwhile. */
async function computeMap(page: Page, method: 'pca' | 'umap'): Promise<{ ms: number | null; tasks: number[] }> {
  await page.getByTestId(`inside.map.method.${method}`).check();
  const before = await page.evaluate(() => performance.getEntriesByName('mnist:embedding').length);
  const from = await now(page);
  await page.getByTestId('inside.map.compute').click();
  await page.waitForFunction((n) => performance.getEntriesByName('mnist:embedding').length > n, before, { timeout: 300_000 });
  const ms = await page.evaluate(() => performance.getEntriesByName('mnist:embedding').at(-1)!.duration);
  return { ms, tasks: await longTasks(page, from, await now(page)) };
}

/** Frame intervals while the map is zoomed in and out (a wheel event every frame, about a moving point: a pan too) for `ms`. */
const PAN_ZOOM = (ms: number) => `(async () => {
  const c = document.querySelector('[data-testid="inside.map.canvas"]');
  const r = c.getBoundingClientRect();
  const frame = () => new Promise((res) => requestAnimationFrame(() => res(performance.now())));
  const out = [];
  let last = await frame();
  const end = last + ${ms};
  let k = 0;
  while (last < end) {
    k++;
    // In and out about a point that wanders: every frame a new view, all 10,000 points redrawn.
    c.dispatchEvent(new WheelEvent('wheel', { deltaY: k % 2 ? -60 : 50, clientX: r.left + r.width * (0.3 + 0.4 * ((k % 20) / 20)), clientY: r.top + r.height / 2, bubbles: true, cancelable: true }));
    const t = await frame();
    out.push(t - last);
    last = t;
  }
  return out;
})()`;

async function measureRun(url: string, home: string, run: number): Promise<Run> {
  const browser = await launch(home);
  const result: Run = {
    run,
    pca: { coldMs: null, warmMs: null, coldLongestTaskMs: null, warmLongestTaskMs: null, inViewLongestTaskMs: null },
    panZoom: { frames: 0, p50Ms: null, p95Ms: null },
    umap: { ms: null, longTasks: 0, longestTaskMs: null },
    epochs: { examplesPerSec: null, epochMs: [], insideMs: [], longestTaskAfterMs: [], shareOfEpoch: null, shareOfFullEpoch: null },
    activations: { sampleMs: [], firstDrawingMs: null, drawingMs: null, drawingAfterPenLiftMs: null },
  };
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript(LONG_TASK_RECORDER);
    const q = new URLSearchParams({ model: 'cnn', subset: String(SUBSET), epochs: String(EPOCHS), batch: '32' });
    await page.goto(`${url}?${q}`);
    await page.waitForFunction(() => document.querySelector('[data-testid="dataset.badge"]')?.getAttribute('data-verified') === 'yes', null, { timeout: 180_000 });
    // The map in view for IN_VIEW_MS before the first click, as a reader would have it: meanwhile the
    // page compiles the maps' shaders (EmbeddingMap's prepareEmbedding).
    await page.getByTestId('inside.map.compute').scrollIntoViewIfNeeded();
    const inView = await now(page);
    await page.waitForTimeout(IN_VIEW_MS);
    const inViewTasks = await longTasks(page, inView, await now(page));

    const cold = await computeMap(page, 'pca');
    const warm = await computeMap(page, 'pca');
    result.pca = { coldMs: round(cold.ms, 0), warmMs: round(warm.ms, 0), coldLongestTaskMs: round(quantile(cold.tasks, 1) ?? 0, 0), warmLongestTaskMs: round(quantile(warm.tasks, 1) ?? 0, 0), inViewLongestTaskMs: round(quantile(inViewTasks, 1) ?? 0, 0) };
    log(`run ${run}: PCA first ${result.pca.coldMs} ms (longest task ${result.pca.coldLongestTaskMs ?? 0} ms; in view before it ${result.pca.inViewLongestTaskMs ?? 0} ms), again ${result.pca.warmMs} ms`);

    await page.getByTestId('inside.map.canvas').scrollIntoViewIfNeeded();
    const frames = (await page.evaluate(PAN_ZOOM(3000))) as number[];
    result.panZoom = { frames: frames.length, p50Ms: round(quantile(frames, 0.5)), p95Ms: round(quantile(frames, 0.95)) };
    log(`run ${run}: pan/zoom frames p50 ${result.panZoom.p50Ms} ms, p95 ${result.panZoom.p95Ms} ms`);

    const umap = await computeMap(page, 'umap');
    result.umap = { ms: round(umap.ms, 0), longTasks: umap.tasks.length, longestTaskMs: round(quantile(umap.tasks, 1) ?? 0, 0) };
    log(`run ${run}: UMAP ${result.umap.ms} ms, ${result.umap.longTasks} long tasks (longest ${result.umap.longestTaskMs} ms)`);

    // Train the CNN on the subset; every epoch end does the cell's work.
    await page.getByTestId('cell.train').scrollIntoViewIfNeeded();
    await page.getByTestId('train.controls.train').click();
    // Done, or ended otherwise (failed, stopped): a bench that waits for ever tells nothing.
    await page.waitForFunction(() => ['done', 'failed', 'stopped'].includes(document.querySelector('[data-testid="train.controls"]')?.getAttribute('data-phase') ?? ''), null, { timeout: 3_600_000 });
    const phase = await page.getByTestId('train.controls').getAttribute('data-phase');
    if (phase !== 'done') throw new Error(`training ended ${phase}: ${(await page.getByTestId('cell.train').textContent())?.slice(0, 300)}`);
    result.epochs.examplesPerSec = round((await page.evaluate('window.__mnistTraining.getStatus().progress.examplesPerSecond')) as number | null);
    const ends = await page.evaluate(() => performance.getEntriesByName('mnist:inside-epoch').map((e) => ({ start: e.startTime, ms: e.duration })));
    result.epochs.insideMs = ends.map((e) => round(e.ms) ?? 0);
    result.epochs.epochMs = ends.slice(1).map((e, i) => round(e.start - ends[i].start, 0) ?? 0);
    for (const e of ends) result.epochs.longestTaskAfterMs.push(round(quantile(await longTasks(page, e.start, e.start + 1000), 1) ?? 0, 0) ?? 0);
    // The cell's cost per epoch: its own work plus the longest task it may have started (an upper bound).
    const costs = ends.map((e, i) => e.ms + result.epochs.longestTaskAfterMs[i]);
    const cost = quantile(costs, 0.5);
    const epoch = quantile(result.epochs.epochMs, 0.5);
    result.epochs.shareOfEpoch = cost !== null && epoch ? round(cost / epoch, 7) : null;
    const full = result.epochs.examplesPerSec ? (60_000 / result.epochs.examplesPerSec) * 1000 : null;
    result.epochs.shareOfFullEpoch = cost !== null && full ? round(cost / full, 8) : null;
    log(`run ${run}: ${result.epochs.examplesPerSec} ex/s; epochs ${result.epochs.epochMs.join(', ')} ms; the cell's epoch-end work ${result.epochs.insideMs.join(', ')} ms (+ longest task after ${result.epochs.longestTaskAfterMs.join(', ')} ms)`);

    // Sample changes until the layers show the new sample.
    await page.getByTestId('cell.inside').scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-testid="inside.activations"]', { timeout: 60_000 });
    for (let k = 0; k < KEY_PRESSES; k++) {
      const ms = (await page.evaluate(`(async () => {
        const el = () => document.querySelector('[data-testid="inside.activations"]');
        const before = el() ? el().getAttribute('data-sample') : null;
        const t = performance.now();
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
        for (;;) {
          await new Promise((r) => requestAnimationFrame(r));
          if (el() && el().getAttribute('data-sample') !== before) break;
          if (performance.now() - t > 10000) return null;
        }
        await new Promise((r) => requestAnimationFrame(r));
        return performance.now() - t;
      })()`)) as number | null;
      if (ms !== null) result.activations.sampleMs.push(round(ms, 0) ?? 0);
      await page.waitForTimeout(200);
    }
    // A drawing: a first stroke on the pad until the layers show it (cold), then a second stroke (a
    // changed drawing) until the first layer's maps change, from the pen's lift (when the pad's
    // prediction and nearest-image search start too).
    const pad = page.getByTestId('draw.pad');
    await pad.scrollIntoViewIfNeeded();
    const box = (await pad.boundingBox())!;
    const stroke = async (x0: number, y0: number, x1: number, y1: number) => {
      await page.mouse.move(box.x + box.width * x0, box.y + box.height * y0);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * x1, box.y + box.height * y1, { steps: 8 });
      const t = await now(page);
      await page.mouse.up();
      return t;
    };
    const firstColumnSum = () => page.evaluate(() => document.querySelector('[data-testid="inside.activations"] [data-testid="inside.activation"]')?.getAttribute('data-sum') ?? null);
    const t0 = await stroke(0.5, 0.2, 0.5, 0.8);
    await page.waitForFunction(() => document.querySelector('[data-testid="inside.activations"]')?.getAttribute('data-sample') === 'drawing', null, { timeout: 30_000 });
    result.activations.firstDrawingMs = round((await now(page)) - t0, 0);
    await page.waitForTimeout(1500);
    const sum = await firstColumnSum();
    const t1 = await stroke(0.35, 0.3, 0.65, 0.3);
    await page.waitForFunction((before) => document.querySelector('[data-testid="inside.activations"] [data-testid="inside.activation"]')?.getAttribute('data-sum') !== before, sum, { timeout: 30_000, polling: 'raf' });
    await page.waitForTimeout(3000);
    // The last drawing's layers: from when the cell had the drawing to its layers on screen (mnist:activations), and from the pen's lift.
    const last = await page.evaluate(() => {
      const e = performance.getEntriesByName('mnist:activations').filter((m) => (m as PerformanceMeasure).detail === 'drawing').at(-1);
      return e ? { ms: e.duration, end: e.startTime + e.duration } : null;
    });
    result.activations.drawingMs = round(last?.ms, 0);
    result.activations.drawingAfterPenLiftMs = last ? round(Math.max(0, last.end - t1), 0) : null;
    log(`run ${run}: sample changes ${result.activations.sampleMs.join(', ')} ms; the first drawing ${result.activations.firstDrawingMs} ms after the pen lifts, a changed one's layers ${result.activations.drawingMs} ms after the cell had it, ${result.activations.drawingAfterPenLiftMs} ms after the pen lifted`);
  } catch (e) {
    result.error = e instanceof Error ? e.message : String(e);
    log(`run ${run} failed: ${result.error}`);
  } finally {
    await browser.close();
  }
  return result;
}

async function main(): Promise<void> {
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    log('building the app (vite build -> dist/)');
    await build({ root, logLevel: 'warn' });
  }
  const { url, home, machine, close } = await servePreview(root, 'bench-inside');
  try {
    log(`${RUNS} runs on ${machine.cpus.count}x ${machine.cpus.model}, Chromium ${machine.chromium}, WebGL: ${machine.webglRenderer ?? 'none'}`);
    const runs: Run[] = [];
    for (let r = 1; r <= RUNS; r++) {
      const run = await measureRun(url, home, r);
      runs.push(run);
      process.stdout.write(`${JSON.stringify({ inside: run })}\n`);
    }
    const ok = runs.filter((r) => !r.error);
    const s = (pick: (r: Run) => number | null | undefined): Spread => spread(ok.map((r) => pick(r) ?? null));
    const all = (pick: (r: Run) => number[]): Spread => spread(ok.flatMap(pick));
    // A share in percent keeps three decimals (spread rounds to whole units).
    const fine = (xs: (number | null)[]): Spread => {
      const v = spread(xs.map((x) => (x === null ? null : x * 1000)));
      return { runs: v.runs, medianMs: round(v.medianMs === null ? null : v.medianMs / 1000, 3), minMs: round(v.minMs === null ? null : v.minMs / 1000, 3), maxMs: round(v.maxMs === null ? null : v.maxMs / 1000, 3) };
    };
    const summary = {
      pcaColdMs: s((r) => r.pca.coldMs),
      pcaWarmMs: s((r) => r.pca.warmMs),
      pcaColdLongestTaskMs: s((r) => r.pca.coldLongestTaskMs),
      inViewLongestTaskMs: s((r) => r.pca.inViewLongestTaskMs),
      panZoomFrameP50Ms: s((r) => r.panZoom.p50Ms),
      panZoomFrameP95Ms: s((r) => r.panZoom.p95Ms),
      umapMs: s((r) => r.umap.ms),
      umapLongestTaskMs: s((r) => r.umap.longestTaskMs),
      examplesPerSec: s((r) => r.epochs.examplesPerSec),
      insideEpochMs: all((r) => r.epochs.insideMs),
      epochMs: all((r) => r.epochs.epochMs),
      insideShareOfSubsetEpochPct: fine(ok.map((r) => (r.epochs.shareOfEpoch === null ? null : r.epochs.shareOfEpoch * 100))),
      insideShareOfFullEpochPct: fine(ok.map((r) => (r.epochs.shareOfFullEpoch === null ? null : r.epochs.shareOfFullEpoch * 100))),
      activationsSampleMs: all((r) => r.activations.sampleMs),
      activationsDrawingMs: s((r) => r.activations.drawingMs),
      activationsFirstDrawingMs: s((r) => r.activations.firstDrawingMs),
      activationsDrawingAfterPenLiftMs: s((r) => r.activations.drawingAfterPenLiftMs),
    };
    const met = {
      pcaWarm: (summary.pcaWarmMs.medianMs ?? Infinity) <= TARGETS.pcaMs,
      pcaCold: (summary.pcaColdMs.medianMs ?? Infinity) <= TARGETS.pcaMs,
      panZoom: (summary.panZoomFrameP95Ms.medianMs ?? Infinity) <= TARGETS.panZoomFrameP95Ms,
      insideEpochFull: (summary.insideShareOfFullEpochPct.medianMs ?? Infinity) <= TARGETS.insideEpochShare * 100,
      insideEpochSubset: (summary.insideShareOfSubsetEpochPct.medianMs ?? Infinity) <= TARGETS.insideEpochShare * 100,
      activations: (summary.activationsSampleMs.medianMs ?? Infinity) <= TARGETS.activationsMs,
      activationsDrawing: (summary.activationsDrawingMs.medianMs ?? Infinity) <= TARGETS.activationsMs,
    };
    process.stdout.write(`${JSON.stringify({ insideSummary: { machine, runs: runs.length, failed: runs.length - ok.length, subset: SUBSET, ...summary, targets: TARGETS, met } })}\n`);
    const f = (x: Spread, unit = 'ms') => `${x.medianMs ?? '-'} ${unit} (${x.minMs ?? '-'}..${x.maxMs ?? '-'})`;
    log(
      `median (min..max) over ${ok.length} runs: PCA first ${f(summary.pcaColdMs)} (longest task ${f(summary.pcaColdLongestTaskMs)}; in view before ${f(summary.inViewLongestTaskMs)}), again ${f(summary.pcaWarmMs)}; pan/zoom frame p95 ${f(summary.panZoomFrameP95Ms)}; UMAP ${f(summary.umapMs)} (longest task ${f(summary.umapLongestTaskMs)}); ` +
        `the cell's epoch end ${f(summary.insideEpochMs)} = ${f(summary.insideShareOfSubsetEpochPct, '%')} of a ${SUBSET}-image epoch, ${f(summary.insideShareOfFullEpochPct, '%')} of a 60,000-image one; ` +
        `activations on a sample change ${f(summary.activationsSampleMs)}, a changed drawing ${f(summary.activationsDrawingMs)} (${f(summary.activationsDrawingAfterPenLiftMs)} after the pen lifted; the first ${f(summary.activationsFirstDrawingMs)}); targets met ${JSON.stringify(met)}`,
    );
  } finally {
    await close();
  }
}

main().catch((e) => {
  log(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
