/**
 * `npm run bench:training` (and the second half of `npm run bench`): builds the bench pages
 * (vite.bench.config.ts -> dist-bench/), serves them, and trains in the system Chromium, each run in a
 * freshly launched browser: ours with the dense preset, ours with the CNN preset, then the classic TF.js
 * MNIST pipeline (bench/reference.ts). Every run checks all 10,000 test images every BENCH_EVAL_EVERY
 * examples and at each epoch end, off the training clock.
 * stdout: one JSON line with every figure, the ratios ours/reference and the targets; a short human
 * summary and progress go to stderr. Exits 0 when it could measure, even if targets are missed.
 * Env: BENCH_TRAINING_QUICK=1 (a few minutes: dense 1 epoch of 6,000, CNN 2 epochs of 3,200 = 100 batches,
 * reference 2 epochs of 16,000 = 100 batches), BENCH_CNN_EPOCHS (default 5), BENCH_DENSE_EPOCHS (1),
 * BENCH_REFERENCE_EPOCHS (as the CNN), BENCH_EVAL_EVERY (6400; quick 3200), BENCH_SKIP_REFERENCE=1,
 * BENCH_SKIP_BUILD=1, BENCH_TRAINING_TIMEOUT_MS (per run, default 14,400,000: a CNN run on a busy 2-core machine took 2 s a batch), CHROME_PATH.
 * Here: the configuration, the runs and the JSON; bench-training/pages.ts runs a page in a fresh browser,
 * bench-training/app.ts measures the app with its UI, bench-training/figures.ts derives and prints the figures.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import { machineInfo, positiveInt, round } from './bench-common';
import { appSummaryLine, measureApp, type AppFigures } from './bench-training/app';
import { absoluteTargets, humanSummary, ratioTargets, summarize, type Summary, type Target } from './bench-training/figures';
import { log, runBenchPage, withFreshPage } from './bench-training/pages';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BENCH_CONFIG = join(root, 'vite.bench.config.ts');

const QUICK = process.env.BENCH_TRAINING_QUICK === '1';
const CNN_EPOCHS = positiveInt(process.env.BENCH_CNN_EPOCHS, QUICK ? 2 : 5);
const DENSE_EPOCHS = positiveInt(process.env.BENCH_DENSE_EPOCHS, 1);
const REFERENCE_EPOCHS = positiveInt(process.env.BENCH_REFERENCE_EPOCHS, CNN_EPOCHS);
const EVAL_EVERY = positiveInt(process.env.BENCH_EVAL_EVERY, QUICK ? 3200 : 6400);
const SKIP_REFERENCE = process.env.BENCH_SKIP_REFERENCE === '1';
/** BENCH_ONLY=dense,cnn,refmodel,reference,app runs just those parts. */
const ONLY = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map((x) => x.trim()) : null;
/** Examples our pipeline trains the reference's ConvNet for: enough for a steady examples/s. */
const REFMODEL_EXAMPLES = QUICK ? 16000 : 32000;
const RUN_TIMEOUT_MS = positiveInt(process.env.BENCH_TRAINING_TIMEOUT_MS, 14_400_000);
/** Training images per run: all 60,000, or the quick subsets. */
const SUBSETS = QUICK ? { dense: 6000, cnn: 3200, reference: 16000 } : { dense: 60000, cnn: 60000, reference: 60000 };
/** How long the app's training runs while it is measured, per preset (seconds after the warm-up). */
const APP_SECONDS = positiveInt(process.env.BENCH_APP_SECONDS, QUICK ? 20 : 45);

async function main(): Promise<void> {
  const wallStarted = Date.now();
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    log('building the bench pages (vite.bench.config.ts -> dist-bench/)');
    await build({ configFile: BENCH_CONFIG, logLevel: 'warn' });
  }
  const server = await preview({ configFile: BENCH_CONFIG, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
  const home = mkdtempSync(join(tmpdir(), 'mnist-bench-training-'));
  try {
    const base = server.resolvedUrls?.local[0];
    if (!base) throw new Error('vite preview reports no local URL');
    const page = (name: string, params: Record<string, number | string>) => `${new URL(`${name}.html`, base).href}?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`;

    const machine = await withFreshPage(home, machineInfo);
    log(`${QUICK ? 'QUICK ' : ''}training bench on ${machine.cpus.count}x ${machine.cpus.model}, Chromium ${machine.chromium}, WebGL: ${machine.webglRenderer ?? 'none'}`);

    const runs: { name: string; url: string }[] = [
      { name: 'ours dense', url: page('training', { preset: 'dense', epochs: DENSE_EPOCHS, subset: SUBSETS.dense, evalEvery: EVAL_EVERY }) },
      { name: 'ours cnn', url: page('training', { preset: 'cnn', epochs: CNN_EPOCHS, subset: SUBSETS.cnn, evalEvery: EVAL_EVERY }) },
      // Our pipeline training the reference's own ConvNet (rmsprop, batch 320): the pipelines compared on one model.
      { name: 'ours refmodel', url: page('training', { preset: 'reference', epochs: 1, subset: SUBSETS.reference, evalEvery: EVAL_EVERY, stopAfter: REFMODEL_EXAMPLES }) },
      ...(SKIP_REFERENCE ? [] : [{ name: 'reference', url: page('reference', { epochs: REFERENCE_EPOCHS, subset: SUBSETS.reference, evalEvery: EVAL_EVERY }) }]),
    ].filter((run) => ONLY === null || ONLY.includes(run.name.replace(/^ours /, '')));
    const summaries: Record<string, Summary | null> = {};
    const errors: Record<string, string> = {};
    for (const run of runs) {
      log(`${run.name}: ${run.url}`);
      try {
        summaries[run.name] = summarize(await runBenchPage(home, run.url, RUN_TIMEOUT_MS));
      } catch (e) {
        errors[run.name] = e instanceof Error ? e.message : String(e);
        summaries[run.name] = null;
        log(`${run.name} failed: ${errors[run.name]}`);
      }
    }

    const cnn = summaries['ours cnn'];
    const dense = summaries['ours dense'];
    const reference = summaries['reference'] ?? null;
    const { ratios, targets } = ratioTargets(cnn, reference);
    ratios.denseVsReferenceThroughput = dense?.examplesPerSec && reference?.examplesPerSec ? round(dense.examplesPerSec / reference.examplesPerSec, 2) : null;
    const refModel = summaries['ours refmodel'] ?? null;
    // The same ConvNet, optimizer and batch in both pipelines: what the data path and loop alone are worth.
    ratios.sameModelPipelineThroughput = refModel?.examplesPerSec && reference?.examplesPerSec ? round(refModel.examplesPerSec / reference.examplesPerSec, 2) : null;
    const allTargets: Record<string, Target> = { ...targets, ...absoluteTargets(cnn, dense, CNN_EPOCHS) };

    const app: AppFigures[] = [];
    if (process.env.BENCH_SKIP_APP !== '1' && (ONLY === null || ONLY.includes('app'))) {
      if (process.env.BENCH_SKIP_BUILD !== '1') await build({ root, logLevel: 'warn' });
      const server = await preview({ root, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
      try {
        const appUrl = server.resolvedUrls?.local[0];
        for (const preset of ['dense', 'cnn'] as const) {
          if (!appUrl) break;
          log(`the app: training ${preset} through the UI for ${APP_SECONDS} s while changing samples and scrolling the gallery`);
          try {
            app.push(await withFreshPage(home, (p) => measureApp(p, appUrl, preset, APP_SECONDS)));
          } catch (e) {
            errors[`app-${preset}`] = e instanceof Error ? e.message : String(e);
          }
        }
      } finally {
        await server.close();
      }
    }

    if (app.length > 0) {
      // Issue 12: while training, no main-thread task over 50 ms caused by training, for every preset measured.
      const worst = Math.max(...app.map((a) => a.longTasksByCause.training.maxMs ?? 0));
      allTargets.appTrainingLongTasks = {
        target: 'no long task (> 50 ms) caused by training while training in the app, every preset',
        value: round(worst, 1),
        status: app.every((a) => a.longTasksByCause.training.count === 0) ? 'met' : 'missed',
        note: app.map((a) => `${a.preset}: ${a.longTasksByCause.training.count} by training (max ${a.longTasksByCause.training.maxMs ?? '-'} ms), ${a.longTasksByCause.ui.count} by the UI (max ${a.longTasksByCause.ui.maxMs ?? '-'} ms)`).join('; '),
      };
    }

    const result = {
      bench: 'training',
      quick: QUICK,
      config: { cnnEpochs: CNN_EPOCHS, denseEpochs: DENSE_EPOCHS, referenceEpochs: REFERENCE_EPOCHS, evalEvery: EVAL_EVERY, subsets: SUBSETS, skipReference: SKIP_REFERENCE },
      method: {
        examplesPerSec: 'steady state: examples after the first batch over training time from the end of the first batch (its shader compilation excluded) to the end of the last',
        trainingClock: 'from the first batch to the check, minus every evaluation of the 10,000 test images (and our epoch-end checkpoint copy); chart redraws and frame waits of the reference count, as they are its pipeline',
        timeTo: 'the first check (every evalEvery examples and at each epoch end, both pipelines) at or above the accuracy',
        longTasks: "PerformanceObserver 'longtask' entries starting during training; 'training' leaves out those starting inside a check",
        tensorsLeaked: 'tf.memory().numTensors at an epoch end minus at the previous one',
      },
      machine,
      ours: { dense, cnn, referenceConvNet: refModel },
      reference,
      app,
      ratios,
      targets: allTargets,
      ...(Object.keys(errors).length ? { errors } : {}),
      wallSeconds: round((Date.now() - wallStarted) / 1000, 0),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    for (const line of humanSummary({ quick: QUICK, ours: { dense, cnn, refmodel: refModel }, reference, targets: allTargets })) log(line);
    log(`ratio, same ConvNet in both pipelines (ours / reference examples/s): ${ratios.sameModelPipelineThroughput ?? '-'}`);
    for (const a of app) log(appSummaryLine(a));
    if (Object.keys(errors).length === runs.length) process.exitCode = 1;
  } finally {
    await server.close();
    rmSync(home, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
