/**
 * `npm run bench:runs` (and the last part of `npm run bench`): the runs table and its comparison with
 * BENCH_RUNS_COUNT runs (default 50) of 5 epochs each, and what recording costs a run.
 * - Recording, in Node: the record reducer fed a 5-epoch run of the Dense preset at batch 64 on 60,000
 *   images (4,220 batches), µs per batch, against the batch time the bench-training figures give (~32 ms);
 *   the record's size as stored.
 * - In the production build, BENCH_RUNS_REPEATS times (default 3) in a fresh Chromium: the runs imported
 *   from a JSON export until every row shows; a sort by test accuracy until the rows are redrawn; all runs
 *   selected until both comparison charts draw a line per run; the frame intervals while the pointer
 *   sweeps over the loss chart (the hover reads every run's value at each x).
 * stdout: one JSON line per repeat, then a summary (median, min, max). Env: BENCH_RUNS_COUNT,
 * BENCH_RUNS_REPEATS, BENCH_SKIP_BUILD=1, CHROME_PATH.
 */
import { mkdtempSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { createRunRecord, recordBytes, reduceRunRecord, type RunRecord } from '../src/model/run-record';
import { runsToJson } from '../src/model/run-files';
import { CNN_PRESET, DENSE_PRESET } from '../src/model/presets';
import { DEFAULT_SETTINGS } from '../src/model/settings';
import { positiveInt, round, servePreview } from './bench-common';
import { spread } from './bench-start';
import { quantile } from './bench-training/figures';
import { launch } from './chromium';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const COUNT = positiveInt(process.env.BENCH_RUNS_COUNT, 50);
const REPEATS = positiveInt(process.env.BENCH_RUNS_REPEATS, 3);
const EPOCHS = 5;
const log = (line: string) => process.stderr.write(`bench-runs: ${line}\n`);

/** A finished run as the recorder would have built it: 5 epochs, `batches` per epoch, a test result each epoch. */
function syntheticRun(i: number, batchesPerEpoch: number): RunRecord {
  const settings = { ...DEFAULT_SETTINGS, model: i % 2 ? CNN_PRESET : DENSE_PRESET, learningRate: [0.001, 0.005, 0.01, 0.05][i % 4], batchSize: 64, seed: i };
  let r = createRunRecord({ id: `bench-${i}`, dataset: 'MNIST', imageShape: { rows: 28, cols: 28 }, settings, params: 101_770, backend: 'webgl', startedAt: 1_765_000_000_000 + i * 60_000 });
  const skill = 0.9 + (i % 9) / 100;
  let n = 0;
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    for (let b = 0; b < batchesPerEpoch; b++) {
      n++;
      const f = n / (EPOCHS * batchesPerEpoch);
      r = reduceRunRecord(r, { type: 'batch', point: { examples: n * 64, epochs: n / batchesPerEpoch, timeMs: n * 30, loss: 2.3 * Math.exp(-4 * f) + 0.05 * Math.sin(n), accuracy: skill * (1 - Math.exp(-5 * f)) }, examplesPerSecond: 2100 });
    }
    const acc = skill * (1 - Math.exp(-epoch));
    r = reduceRunRecord(r, { type: 'epoch', point: { epoch, examples: n * 64, epochs: epoch, timeMs: n * 30, trainLoss: 1 / (epoch + 1), trainAccuracy: acc, valLoss: 1.1 / (epoch + 1), valAccuracy: acc - 0.005, testLoss: 1.05 / (epoch + 1), testAccuracy: acc } });
  }
  const confusion = Array.from({ length: 10 }, (_, a) => Array.from({ length: 10 }, (_, b) => (a === b ? 900 + a + (i % 7) : 10)));
  r = reduceRunRecord(r, { type: 'test', result: { when: `after epoch ${EPOCHS}`, accuracy: skill * (1 - Math.exp(-EPOCHS)), loss: 0.2, confusion, perClass: confusion.map((row, a) => row[a] / row.reduce((s, v) => s + v, 0)) } });
  return reduceRunRecord(r, { type: 'end', outcome: { kind: 'finished', epoch: EPOCHS } });
}

/** µs per batch the reducer takes over a 5-epoch full-MNIST dense run, median of 5, and the record's bytes. */
function recordingCost(): { usPerBatch: number | null; spread: [number | null, number | null]; bytes: number } {
  const times: number[] = [];
  let bytes = 0;
  for (let k = 0; k < 5; k++) {
    const t = performance.now();
    const r = syntheticRun(k, 844);
    times.push(((performance.now() - t) * 1000) / (EPOCHS * 844));
    bytes = recordBytes(r);
  }
  return { usPerBatch: round(quantile(times, 0.5), 2), spread: [round(Math.min(...times), 2), round(Math.max(...times), 2)], bytes };
}

interface Repeat {
  repeat: number;
  importMs: number | null;
  sortMs: number | null;
  compareMs: number | null;
  hoverFrameP50Ms: number | null;
  hoverFrameP95Ms: number | null;
  error?: string;
}

const RAF_UNTIL = (condition: string) => `(async () => {
  const t = performance.now();
  for (;;) {
    await new Promise((r) => requestAnimationFrame(r));
    if (${condition}) break;
    if (performance.now() - t > 60000) return null;
  }
  await new Promise((r) => requestAnimationFrame(r));
  return performance.now() - t;
})()`;

async function measure(url: string, home: string, repeat: number, json: string): Promise<Repeat> {
  const browser = await launch(home);
  const result: Repeat = { repeat, importMs: null, sortMs: null, compareMs: null, hoverFrameP50Ms: null, hoverFrameP95Ms: null };
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
    await page.getByTestId('runs.empty').waitFor({ timeout: 120_000 });
    await page.getByTestId('runs').scrollIntoViewIfNeeded();
    const rowsShown = `document.querySelectorAll('[data-testid="runs.row"]').length === ${COUNT}`;
    const waitRows = page.evaluate(RAF_UNTIL(rowsShown));
    await page.getByTestId('runs.import-file').setInputFiles({ name: 'runs.json', mimeType: 'application/json', buffer: Buffer.from(json) });
    result.importMs = round((await waitRows) as number | null, 0);

    const firstBefore = await page.evaluate(() => document.querySelector('[data-testid="runs.row"]')?.getAttribute('data-id'));
    result.sortMs = round(
      (await page.evaluate(`(async () => {
        const t = performance.now();
        document.querySelector('[data-testid="runs.sort.test"]').click();
        for (;;) {
          await new Promise((r) => requestAnimationFrame(r));
          if (document.querySelector('[data-testid="runs.row"]').getAttribute('data-id') !== ${JSON.stringify(firstBefore)}) break;
          if (performance.now() - t > 10000) return null;
        }
        return performance.now() - t;
      })()`)) as number | null,
      0,
    );

    // Select every run, then wait for both charts to draw a line for each.
    const t0 = await page.evaluate(() => performance.now());
    await page.evaluate(() => document.querySelectorAll<HTMLInputElement>('[data-testid="runs.select"]').forEach((c) => c.click()));
    await page.evaluate(RAF_UNTIL(`document.querySelectorAll('[data-testid="runs.chart.loss"] .recharts-line').length === ${COUNT} && document.querySelectorAll('[data-testid="runs.chart.accuracy"] .recharts-line').length === ${COUNT}`));
    const drawn = await page.evaluate(() => ['loss', 'accuracy'].map((c) => document.querySelectorAll(`[data-testid="runs.chart.${c}"] .recharts-line`).length));
    if (drawn.some((n) => n !== COUNT)) throw new Error(`the charts draw ${drawn.join(' and ')} lines for ${COUNT} runs`);
    result.compareMs = round((await page.evaluate(() => performance.now())) - t0, 0);

    const chart = page.getByTestId('runs.chart.loss');
    await chart.scrollIntoViewIfNeeded();
    const frames = (await page.evaluate(`(async () => {
      const el = document.querySelector('[data-testid="runs.chart.loss"] .recharts-wrapper');
      const r = el.getBoundingClientRect();
      const out = [];
      let last = await new Promise((res) => requestAnimationFrame(res));
      for (let k = 0; k < 120; k++) {
        const x = r.left + 60 + ((r.width - 80) * (k % 60)) / 60;
        el.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: r.top + r.height / 2, bubbles: true }));
        const t = await new Promise((res) => requestAnimationFrame(res));
        out.push(t - last);
        last = t;
      }
      return out;
    })()`)) as number[];
    result.hoverFrameP50Ms = round(quantile(frames, 0.5));
    result.hoverFrameP95Ms = round(quantile(frames, 0.95));
  } catch (e) {
    result.error = e instanceof Error ? e.message : String(e);
  } finally {
    await browser.close();
  }
  return result;
}

async function main(): Promise<void> {
  const cost = recordingCost();
  log(`recording: ${cost.usPerBatch} µs per batch (${cost.spread[0]}..${cost.spread[1]}) for a 5-epoch run of 4,220 batches; ${cost.bytes} bytes stored; a dense batch of 64 takes ~32 ms here, so recording is ~${round(((cost.usPerBatch ?? 0) / 32_000) * 100, 4)} % of it`);
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    log('building the app (vite build -> dist/)');
    await build({ root, logLevel: 'warn' });
  }
  const runs = Array.from({ length: COUNT }, (_, i) => syntheticRun(i, 844));
  const json = runsToJson(runs);
  log(`${COUNT} runs of ${EPOCHS} epochs: ${Math.round(json.length / 1024)} KB of JSON`);
  const { url, home, machine, close } = await servePreview(root, 'bench-runs');
  try {
    log(`${REPEATS} repeats on ${machine.cpus.count}x ${machine.cpus.model}, Chromium ${machine.chromium}`);
    const repeats: Repeat[] = [];
    for (let k = 1; k <= REPEATS; k++) {
      // A fresh profile each time: the import starts from an empty store.
      const r = await measure(url, mkdtempSync(join(home, `r${k}-`)), k, json);
      repeats.push(r);
      log(`repeat ${k}: import ${r.importMs} ms, sort ${r.sortMs} ms, compare ${r.compareMs} ms, hover frames p50 ${r.hoverFrameP50Ms} ms p95 ${r.hoverFrameP95Ms} ms${r.error ? `; failed: ${r.error}` : ''}`);
      process.stdout.write(`${JSON.stringify({ runs: r })}\n`);
    }
    const ok = repeats.filter((r) => !r.error);
    const s = (pick: (r: Repeat) => number | null) => spread(ok.map(pick));
    const summary = { machine, count: COUNT, epochs: EPOCHS, recording: cost, importMs: s((r) => r.importMs), sortMs: s((r) => r.sortMs), compareMs: s((r) => r.compareMs), hoverFrameP50Ms: s((r) => r.hoverFrameP50Ms), hoverFrameP95Ms: s((r) => r.hoverFrameP95Ms) };
    const f = (x: { medianMs: number | null; minMs: number | null; maxMs: number | null }) => `${x.medianMs} ms (${x.minMs}..${x.maxMs})`;
    log(`median (min..max) over ${ok.length} repeats, ${COUNT} runs: import ${f(summary.importMs)}, sort ${f(summary.sortMs)}, compare all ${f(summary.compareMs)}, hover frame p50 ${f(summary.hoverFrameP50Ms)}, p95 ${f(summary.hoverFrameP95Ms)}`);
    process.stdout.write(`${JSON.stringify({ runsSummary: summary })}\n`);
  } finally {
    await close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    log(String(e instanceof Error ? e.stack : e));
    process.exit(1);
  },
);
