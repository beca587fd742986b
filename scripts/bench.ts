/**
 * `npm run bench`: builds the app, serves it with `vite preview`, loads it BENCH_RUNS times (default 5)
 * in the system Chromium, each run in a freshly launched browser and context (empty cache, so every
 * sheet is fetched again). One browser for all runs measured the harness, not the app: runs 2+ showed
 * the first digit 4-10x later while the GPU process was still releasing the last run's ~220 MB of textures.
 * After each load, the classic TF.js MNIST pipeline's data loading in another fresh browser (bench-classic.ts),
 * so each run's all-verified time has its own comparison; and the load's steps (STEP_MARKS), the JS heap's peak.
 * stdout: one JSON line per run, then one summary line with medians and targets; logs go to stderr.
 * Always exits 0 when it could measure, even if targets are missed (the targets object says so).
 * Then the same loads from the dev server (`npm run dev`, a new server per run after one unmeasured load
 * that lets Vite pre-bundle the dependencies), and `npm start`'s time to its URL with a fresh and with
 * an up-to-date build (bench-start.ts). The summary line keeps its keys and adds devServer, sideBySide
 * and start.
 * Each production run then times the notebook's own cells over all training images (bench-cells.ts):
 * per run and cell, run click to answer and the longest main-thread task; the summary's `cells` has
 * median, min and max per cell over the runs, the answers shown, and the targets.
 * Then Train is clicked in the app per preset (bench-train-click.ts). Env: BENCH_RUNS, BENCH_DEV_RUNS (default
 * BENCH_RUNS), BENCH_START_RUNS (runs per mode, default 3; 0 skips either), BENCH_TRAIN_CLICK_RUNS (per preset,
 * default 2), BENCH_TIMEOUT_MS (per run, default 180000), BENCH_SKIP_BUILD=1, BENCH_SKIP_CELLS=1, CHROME_PATH.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { cellSummaryLines, measureCells, summarizeCells, type CellTiming } from './bench-cells';
import { ELEMENT_TIMING_RECORDER, LONG_TASK_RECORDER, machineInfo, paintedNoLater, positiveInt, round } from './bench-common';
import { measureGalleryScroll, type GalleryScroll } from './bench-gallery';
import { measureStart, spread, type Spread } from './bench-start';
import { launch } from './chromium';
import { LOAD_RATIO_TARGET, measureClassic, type ClassicRun } from './bench-classic';
import { TRAIN_CLICK_TARGET_MS, TRAIN_PRESETS, measureTrainClick, summarizeTrainClicks, type TrainClickRun } from './bench-train-click';
import { FIRST_SCREEN_TIMING } from './first-screen';
import { build, createServer, preview } from 'vite';
import { DATA_URL_PATH, IMAGE_PIXELS, MANIFEST_FILE, SPLITS, type Manifest } from '../src/data/format';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The notebook's own image cell has its pixels (src/notebook/cells/ImageCell.tsx). */
const MARK_NOTEBOOK_DIGIT = 'mnist:first-digit';
const MARK_ALL_VERIFIED = 'mnist:all-verified';

/** "First digit and shape on screen": painted, by Element Timing, in the first screen index.html carries or else in the notebook. */
const TARGETS = { firstDigitMs: 300, firstShapeMs: 300, memoryRatio: 1.2, jsHeapPeakMB: 64 } as const;
/** The load's steps, marked by the app (src/data/dataset.ts, load-mnist.ts): where the time goes. */
const STEP_MARKS = ['mnist:tensors-module', 'mnist:backend-ready', 'mnist:first-sheet-decoded', 'mnist:images-written'] as const;
const BENCH_CONFIG = join(root, 'vite.bench.config.ts');

const RUNS = positiveInt(process.env.BENCH_RUNS, 5);
const RUN_TIMEOUT_MS = positiveInt(process.env.BENCH_TIMEOUT_MS, 180_000);
/** A count from the environment where 0 means "skip". */
const countOrZero = (text: string | undefined, fallback: number) => (text?.trim() === '0' ? 0 : positiveInt(text, fallback));
const DEV_RUNS = countOrZero(process.env.BENCH_DEV_RUNS, RUNS);
const START_RUNS = countOrZero(process.env.BENCH_START_RUNS, 3);
const SKIP_CELLS = process.env.BENCH_SKIP_CELLS === '1';
/** Loads per preset in which Train is clicked (bench-train-click.ts); 0 skips them. */
const TRAIN_CLICK_RUNS = countOrZero(process.env.BENCH_TRAIN_CLICK_RUNS, 2);

function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

function emit(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

function median(values: (number | null)[]): number | null {
  const xs = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/**
 * Bytes the dataset's tensors need: every pixel and label as one element of 4 bytes (int32;
 * TensorFlow.js has no 8-bit dtype). The raw uint8 size is printed beside it for reference.
 */
function bytesNeeded(manifest: Manifest): number {
  return SPLITS.reduce((sum, split) => sum + manifest.splits[split].count * (IMAGE_PIXELS + 1), 0) * 4;
}

/**
 * Bytes held, from the page's tf.memory() snapshot taken when loading finished: the larger of the
 * bytes of all live tensors (numBytes) and the GPU texture bytes allocated, freed pool included
 * (numBytesInGPUAllocated), so neither leaked tensors nor pooled textures go uncounted.
 */
function bytesHeld(bench: Record<string, unknown> | null): number | null {
  const memory = (bench?.memory ?? null) as Record<string, unknown> | null;
  if (!memory) return null;
  const figures = [memory.numBytes, memory.numBytesInGPUAllocated].filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return figures.length ? Math.max(...figures) : null;
}


interface RunResult {
  run: number;
  ok: boolean;
  error?: string;
  /** ms from navigation until training_images[0] was painted: the first screen's image, or the notebook's when there is no first screen. */
  firstDigitMs: number | null;
  /** ms until the first screen's `training_images.shape` text was painted (its text-paint entry, or else the digit's paint when it follows the shape). */
  firstShapeMs: number | null;
  /** ms until the notebook's image cell had training_images[0]'s pixels. */
  notebookDigitMs: number | null;
  allVerifiedMs: number | null;
  datasetBytesHeld: number | null;
  datasetBytesNeeded: number;
  rawUint8Bytes: number;
  memoryRatio: number | null;
  jsHeapUsedMB: number | null;
  /** Largest JS heap seen while loading (sampled every 100 ms). */
  jsHeapPeakMB: number | null;
  /** ms from navigation to each of STEP_MARKS. */
  steps: Record<string, number | null>;
  wallMs: number;
  galleryScroll: GalleryScroll | null;
  /** The notebook's cells timed after the load (production runs only). */
  cells: CellTiming[] | null;
  mnistBench: Record<string, unknown> | null;
}

async function measure(browser: Browser, url: string, run: number, needed: number, withCells = false): Promise<RunResult> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(LONG_TASK_RECORDER);
  await context.addInitScript(ELEMENT_TIMING_RECORDER);
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Performance.enable');
    const started = Date.now();
    let heapPeak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const sample = (await cdp.send('Performance.getMetrics').catch(() => null)) as { metrics: { name: string; value: number }[] } | null;
        heapPeak = Math.max(heapPeak, sample?.metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const shapeBeforeDigit = paintedNoLater(await (await fetch(url)).text(), FIRST_SCREEN_TIMING.shape, FIRST_SCREEN_TIMING.digit);
    await page.goto(url);
    const outcome = await page
      .waitForFunction(
        (marks) => {
          if (performance.getEntriesByName(marks.allVerified).length > 0) return 'verified';
          if (document.querySelector('[data-testid="cell.dataset.error"]')) return 'error';
          return false;
        },
        { allVerified: MARK_ALL_VERIFIED },
        { timeout: RUN_TIMEOUT_MS, polling: 50 },
      )
      .then((handle) => handle.jsonValue())
      .catch(() => 'timeout');
    sampling = false;
    await sampler;
    const wallMs = Date.now() - started;
    // No named functions inside page functions: tsx (esbuild keepNames) would wrap them in a __name helper the page lacks.
    const read = await page.evaluate(
      (marks) => {
        const [notebookDigitMs, allVerifiedMs] = [marks.notebookDigit, marks.allVerified].map((name) => performance.getEntriesByName(name)[0]?.startTime ?? null);
        const painted = (window as unknown as { __benchElements?: Record<string, number> }).__benchElements ?? {};
        const digit = painted[marks.firstScreen.digit];
        const steps = Object.fromEntries(marks.steps.map((name) => [name, performance.getEntriesByName(name)[0]?.startTime ?? null]));
        let bench: Record<string, unknown> | null = null;
        try {
          const raw = (window as unknown as { __mnistBench?: unknown }).__mnistBench;
          bench = raw === undefined ? null : (JSON.parse(JSON.stringify(raw)) as Record<string, unknown>);
        } catch {
          bench = { unreadable: true };
        }
        const memory = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory;
        return {
          firstScreenDigitMs: digit ?? null,
          // Chromium reports the shape's text-paint in some loads only; without it, the digit's paint bounds it.
          firstShapeMs: painted[marks.firstScreen.shape] ?? (marks.shapeBeforeDigit ? (digit ?? null) : null),
          notebookDigitMs,
          allVerifiedMs,
          steps,
          bench,
          heapFallback: memory ? memory.usedJSHeapSize : null,
          error: document.querySelector('[data-testid="cell.dataset.error"]')?.textContent ?? null,
        };
      },
      { notebookDigit: MARK_NOTEBOOK_DIGIT, allVerified: MARK_ALL_VERIFIED, steps: [...STEP_MARKS], firstScreen: FIRST_SCREEN_TIMING, shapeBeforeDigit },
    );
    const gallery = outcome === 'verified' ? await measureGalleryScroll(page) : null;
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    const heapBytes = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? read.heapFallback;
    // After the heap figure, which stays the loaded page's.
    let cells: CellTiming[] | null = null;
    if (withCells && outcome === 'verified') {
      cells = await measureCells(page, RUN_TIMEOUT_MS).catch((e: unknown) => {
        log(`run ${run}: the cells could not be timed: ${e instanceof Error ? e.message : String(e)}`);
        return null;
      });
    }
    const held = bytesHeld(read.bench);
    const error =
      outcome === 'verified' ? undefined : outcome === 'error' ? `load error: ${read.error}` : `no ${MARK_ALL_VERIFIED} mark within ${RUN_TIMEOUT_MS} ms`;
    return {
      run,
      ok: outcome === 'verified',
      ...(error ? { error } : {}),
      firstDigitMs: round(read.firstScreenDigitMs ?? read.notebookDigitMs),
      firstShapeMs: round(read.firstShapeMs),
      notebookDigitMs: round(read.notebookDigitMs),
      allVerifiedMs: round(read.allVerifiedMs),
      datasetBytesHeld: held,
      datasetBytesNeeded: needed,
      rawUint8Bytes: needed / 4,
      memoryRatio: held === null ? null : round(held / needed, 3),
      jsHeapUsedMB: heapBytes == null ? null : round(heapBytes / 2 ** 20),
      jsHeapPeakMB: heapPeak > 0 ? round(Math.max(heapPeak, heapBytes ?? 0) / 2 ** 20) : null,
      steps: Object.fromEntries(Object.entries(read.steps).map(([k, v]) => [k, round(v as number | null)])),
      wallMs,
      galleryScroll: gallery,
      cells,
      mnistBench: read.bench,
    };
  } finally {
    await context.close();
  }
}

function target(value: number | null, limit: number): { target: number; median: number | null; pass: boolean } {
  return { target: limit, median: value, pass: value !== null && value <= limit };
}

/**
 * The same loads from Vite's dev server: one unmeasured load first (Vite pre-bundles the dependencies
 * into its cache, which a developer's later `npm run dev` reuses), then a new server per measured run,
 * so each pays the on-demand transforms a first visit after `npm run dev` pays.
 */
async function measureDevServer(home: string, needed: number): Promise<RunResult[]> {
  const results: RunResult[] = [];
  for (let run = 0; run <= DEV_RUNS; run++) {
    const server = await createServer({ root, logLevel: 'warn', cacheDir: join(root, '.bench', 'vite-dev-cache'), server: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
    let browser: Browser | undefined;
    try {
      await server.listen();
      const url = server.resolvedUrls?.local[0];
      if (!url) throw new Error('the dev server reports no local URL');
      browser = await launch(home);
      const result = await measure(browser, url, run, needed);
      if (run === 0) {
        log(`dev server warm-up load: ${result.ok ? `verified after ${result.allVerifiedMs} ms` : result.error}`);
        continue;
      }
      results.push(result);
      emit({ ...result, server: 'dev' });
    } finally {
      await browser?.close().catch(() => undefined);
      await server.close();
    }
  }
  return results;
}

async function main(): Promise<void> {
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    log('building the app (vite build) and the bench pages (vite.bench.config.ts, for the classic load)');
    await build({ root, logLevel: 'warn' });
    await build({ configFile: BENCH_CONFIG, logLevel: 'warn' });
  }
  const server = await preview({ root, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  const benchServer = await preview({ configFile: BENCH_CONFIG, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  let serverOpen = true;
  const closeServer = async () => {
    if (serverOpen) await Promise.all([server.close(), benchServer.close()]);
    serverOpen = false;
  };
  const home = mkdtempSync(join(tmpdir(), 'mnist-bench-chromium-'));
  let browser: Browser | undefined;
  try {
    const base = server.resolvedUrls?.local[0];
    if (!base) throw new Error('vite preview reports no local URL');
    const url = new URL(base).href;
    log(`serving ${url}`);
    const manifest = JSON.parse(readFileSync(join(root, 'dist', DATA_URL_PATH, MANIFEST_FILE), 'utf8')) as Manifest;
    const needed = bytesNeeded(manifest);

    browser = await launch(home);
    const probe = await browser.newPage();
    await probe.goto(url);
    const machine = await machineInfo(probe);
    await probe.close();
    await browser.close();
    browser = undefined;
    log(`${RUNS} runs on ${machine.cpus.count}x ${machine.cpus.model}, Chromium ${machine.chromium}, WebGL: ${machine.webglRenderer ?? 'none'}`);

    const classicUrl = new URL('classic-load.html', benchServer.resolvedUrls?.local[0] ?? '').href;
    const results: RunResult[] = [];
    const classic: ClassicRun[] = [];
    for (let run = 1; run <= RUNS; run++) {
      browser = await launch(home);
      const result = await measure(browser, url, run, needed, !SKIP_CELLS);
      await browser.close();
      // The classic pipeline's data loading right after, in its own fresh browser: the same minute of this noisy machine.
      browser = await launch(home);
      const classicRun = await measureClassic(browser, classicUrl, RUN_TIMEOUT_MS);
      await browser.close();
      browser = undefined;
      results.push(result);
      classic.push(classicRun);
      const ratio = result.allVerifiedMs !== null && classicRun.dataReadyMs ? round(result.allVerifiedMs / classicRun.dataReadyMs, 2) : null;
      emit({ ...result, classic: classicRun, loadRatio: ratio, machine });
    }
    const trainClicks: TrainClickRun[] = [];
    for (let run = 0; run < TRAIN_CLICK_RUNS * TRAIN_PRESETS.length; run++) {
      browser = await launch(home);
      trainClicks.push(await measureTrainClick(browser, url, TRAIN_PRESETS[run % TRAIN_PRESETS.length], RUN_TIMEOUT_MS));
      await browser.close();
      browser = undefined;
      emit({ trainClick: trainClicks.at(-1) });
    }

    // Off before the dev server and npm start's builds, which would otherwise share the 2 cores with it.
    await closeServer();
    const devResults = DEV_RUNS > 0 ? await measureDevServer(home, needed) : [];
    let start: Record<'freshBuild' | 'upToDate', Spread> | null = null;
    if (START_RUNS > 0) {
      log(`npm start: ${START_RUNS} runs with a fresh build and ${START_RUNS} with an up-to-date one`);
      start = await measureStart(root, START_RUNS, RUN_TIMEOUT_MS, (r) => emit({ npmStart: r }));
    }

    const medians = {
      firstDigitMs: median(results.map((r) => r.firstDigitMs)),
      firstShapeMs: median(results.map((r) => r.firstShapeMs)),
      notebookDigitMs: median(results.map((r) => r.notebookDigitMs)),
      allVerifiedMs: median(results.map((r) => r.allVerifiedMs)),
      memoryRatio: median(results.map((r) => r.memoryRatio)),
      datasetBytesHeld: median(results.map((r) => r.datasetBytesHeld)),
      jsHeapUsedMB: median(results.map((r) => r.jsHeapUsedMB)),
      jsHeapPeakMB: median(results.map((r) => r.jsHeapPeakMB)),
      steps: Object.fromEntries(STEP_MARKS.map((name) => [name, median(results.map((r) => r.steps[name] ?? null))])),
      wallMs: median(results.map((r) => r.wallMs)),
      galleryFrameP95Ms: median(results.map((r) => r.galleryScroll?.frameP95Ms ?? null)),
    };
    const devMedians = {
      firstDigitMs: median(devResults.map((r) => r.firstDigitMs)),
      notebookDigitMs: median(devResults.map((r) => r.notebookDigitMs)),
      allVerifiedMs: median(devResults.map((r) => r.allVerifiedMs)),
      wallMs: median(devResults.map((r) => r.wallMs)),
    };
    const cells = summarizeCells(results.flatMap((r) => r.cells ?? []));
    const classicDataReadyMs = median(classic.map((c) => (c.ok ? c.dataReadyMs : null)));
    const loadRatios = results.map((r, i) => (r.allVerifiedMs !== null && classic[i]?.ok && classic[i].dataReadyMs ? r.allVerifiedMs / classic[i].dataReadyMs! : null));
    const ratios = loadRatios.filter((v): v is number => v !== null);
    const loadRatio = {
      medianOfRuns: round(median(loadRatios), 2),
      ofMedians: classicDataReadyMs && medians.allVerifiedMs ? round(medians.allVerifiedMs / classicDataReadyMs, 2) : null,
      min: ratios.length ? round(Math.min(...ratios), 2) : null,
      max: ratios.length ? round(Math.max(...ratios), 2) : null,
    };
    emit({
      summary: true,
      runs: RUNS,
      completedRuns: results.filter((r) => r.ok).length,
      medians,
      datasetBytesNeeded: needed,
      rawUint8Bytes: needed / 4,
      classic: { runs: classic.length, completedRuns: classic.filter((c) => c.ok).length, dataReadyMs: spread(classic.map((c) => (c.ok ? c.dataReadyMs : null))) },
      loadRatio,
      targets: {
        firstDigitMs: target(medians.firstDigitMs, TARGETS.firstDigitMs),
        firstShapeMs: target(medians.firstShapeMs, TARGETS.firstShapeMs),
        allVerifiedVsClassic: target(loadRatio.medianOfRuns, LOAD_RATIO_TARGET),
        memoryRatio: target(medians.memoryRatio, TARGETS.memoryRatio),
        jsHeapPeakMB: target(medians.jsHeapPeakMB, TARGETS.jsHeapPeakMB),
      },
      devServer: { runs: DEV_RUNS, completedRuns: devResults.filter((r) => r.ok).length, medians: devMedians },
      sideBySide: {
        firstDigitMs: { production: medians.firstDigitMs, dev: devMedians.firstDigitMs },
        allVerifiedMs: { production: medians.allVerifiedMs, dev: devMedians.allVerifiedMs },
      },
      start,
      cells,
      trainClick: summarizeTrainClicks(trainClicks),
      machine,
    });
    const range = (s: Spread | undefined) => (s?.medianMs == null ? 'n/a' : `${s.medianMs} ms (${s.minMs}-${s.maxMs}, ${s.runs} runs)`);
    log(`first digit painted: production ${medians.firstDigitMs} ms (shape ${medians.firstShapeMs} ms; in the notebook's own cell ${medians.notebookDigitMs} ms), dev server ${devMedians.firstDigitMs} ms; all verified: production ${medians.allVerifiedMs} ms, dev server ${devMedians.allVerifiedMs} ms`);
    log(`classic pipeline's data ready: ${classicDataReadyMs} ms; all verified / classic: ${loadRatio.medianOfRuns} (median of runs, ${loadRatio.min}-${loadRatio.max}; ${LOAD_RATIO_TARGET} wanted), ratio of medians ${loadRatio.ofMedians}`);
    log(`load steps (medians, ms from navigation): ${STEP_MARKS.map((m) => `${m.replace('mnist:', '')} ${medians.steps[m]}`).join(', ')}; JS heap peak ${medians.jsHeapPeakMB} MB, dataset memory ${medians.memoryRatio}x what the tensors need`);
    for (const line of cellSummaryLines(cells)) log(line);
    for (const t of summarizeTrainClicks(trainClicks)) log(`Train clicked, ${t.preset}: longest task until the second batch ${t.longestTaskMs.medianMs} ms (${t.longestTaskMs.minMs}-${t.longestTaskMs.maxMs}, ${t.longestTaskMs.runs} runs; <= ${TRAIN_CLICK_TARGET_MS} wanted: ${t.pass ? 'meets' : 'misses'}), second batch after ${t.clickToSecondBatchMs.medianMs} ms`);
    log(`npm start to its URL: fresh build ${range(start?.freshBuild)}, up-to-date build ${range(start?.upToDate)}`);
  } finally {
    await browser?.close().catch(() => undefined);
    await closeServer();
    rmSync(home, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
