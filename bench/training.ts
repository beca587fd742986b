/**
 * Bench page "ours": loads MNIST exactly as the app does (startDownloads, then MnistDataset.load on
 * webgl), trains a preset with createTrainer on the resident tensors, and checks all test images every
 * `evalEvery` examples and at each epoch end. Checks pause the trainer; their time is kept off the
 * training clock. Query: preset=dense|cnn|reference, epochs, subset (training images), evalEvery, seed;
 * model (a layer list in the link form, instead of the preset), lr, sched (constant|cosine), batch.
 */
import * as tf from '@tensorflow/tfjs';
import { MnistDataset, type DatasetEvent } from '../src/data/dataset';
import { startDownloads } from '../src/data/downloads';
import { DATA_URL_PATH } from '../src/data/format';
import { evaluate } from '../src/model/evaluate';
import { CNN_PRESET, DENSE_PRESET } from '../src/model/presets';
import { DEFAULT_SETTINGS, tryParseLearningRate, tryParseModelParam, tryParseSchedule, type TrainingSettings } from '../src/model/settings';
import type { ModelSpec } from '../src/model/spec';
import { createTrainer } from '../src/model/trainer';
import { intParam, log, memoryAt, runPage, stringParam } from './page';
import type { AccuracyCheck, RunRecord } from './record';
import { RunRecorder } from './recorder';

/** The classic TF.js MNIST example's ConvNet (bench/reference.ts), as one of our specs. */
const REFERENCE_CONVNET: ModelSpec = {
  layers: [
    { kind: 'conv2d', filters: 16, kernelSize: 3, activation: 'relu' },
    { kind: 'maxPool', poolSize: 2 },
    { kind: 'conv2d', filters: 32, kernelSize: 3, activation: 'relu' },
    { kind: 'maxPool', poolSize: 2 },
    { kind: 'conv2d', filters: 32, kernelSize: 3, activation: 'relu' },
    { kind: 'flatten' },
    { kind: 'dense', units: 64, activation: 'relu' },
    { kind: 'dense', units: 10, activation: 'softmax' },
  ],
};

/** Images per forward pass in every check (the trainer's default too). */
const EVAL_BATCH = 500;

/** Loads both splits the way src/notebook/services/dataset-service.ts does; the dataset owns the tensors. */
async function loadAsTheAppDoes(): Promise<{ dataset: MnistDataset; detail: string }> {
  const outcome: { verified?: { ok: boolean; detail: string }; failure?: string } = {};
  const onEvent = (e: DatasetEvent) => {
    if (e.type === 'verified') outcome.verified = { ok: e.ok, detail: e.detail };
    else if (e.type === 'error') outcome.failure = `${e.message} (${e.fix})`;
    else if (e.type === 'context-lost') outcome.failure = 'the WebGL context was lost';
  };
  const downloads = startDownloads(new URL(DATA_URL_PATH, document.baseURI).href, onEvent);
  const dataset = new MnistDataset();
  await dataset.load(downloads, onEvent, 'webgl');
  if (outcome.failure) throw new Error(`loading failed: ${outcome.failure}`);
  if (!outcome.verified?.ok) throw new Error(`the loaded tensors did not verify: ${outcome.verified?.detail ?? 'no verified event'}`);
  return { dataset, detail: outcome.verified.detail };
}

async function main(): Promise<RunRecord> {
  const preset = stringParam('preset', 'cnn');
  const modelText = stringParam('model', '');
  const parsedModel = modelText ? tryParseModelParam(modelText) : null;
  if (parsedModel && !parsedModel.ok) throw new Error(`model=${modelText}: ${parsedModel.error}`);
  const spec = parsedModel?.ok ? parsedModel.value : preset === 'dense' ? DENSE_PRESET : preset === 'cnn' ? CNN_PRESET : preset === 'reference' ? REFERENCE_CONVNET : null;
  if (!spec) throw new Error(`unknown preset '${preset}' (dense, cnn or reference)`);
  const schedule = tryParseSchedule(stringParam('sched', DEFAULT_SETTINGS.schedule));
  if (!schedule.ok) throw new Error(schedule.error);
  const learningRate = tryParseLearningRate(stringParam('lr', String(DEFAULT_SETTINGS.learningRate)));
  if (!learningRate.ok) throw new Error(learningRate.error);
  /** Stop after this many examples (0: train all epochs); for a throughput-only run. */
  const stopAfter = intParam('stopAfter', 0);
  const evalEvery = intParam('evalEvery', 6400);

  const prepStarted = performance.now();
  const { dataset } = await loadAsTheAppDoes();
  const tensors = dataset.tensors();
  if (!tensors) throw new Error('the dataset reports no tensors after loading');
  const prepMs = performance.now() - prepStarted;
  const backend = tf.getBackend();
  log(`loaded in ${Math.round(prepMs)} ms on ${backend}; ${tf.memory().numTensors} tensors`);

  const settings: TrainingSettings = {
    ...DEFAULT_SETTINGS,
    model: spec,
    epochs: intParam('epochs', 1),
    subsetSize: Math.min(intParam('subset', tensors.trainImages.shape[0]), tensors.trainImages.shape[0]),
    validation: { kind: 'test' },
    seed: intParam('seed', DEFAULT_SETTINGS.seed),
    learningRate: learningRate.value,
    schedule: schedule.value,
    batchSize: intParam('batch', DEFAULT_SETTINGS.batchSize),
    // The reference's ConvNet is trained as the classic example trains it.
    ...(preset === 'reference' ? { optimizer: 'rmsprop' as const, batchSize: 320, schedule: 'constant' as const, learningRate: 0.001 } : {}),
  };
  const made = createTrainer(tensors, settings, { evalBatchSize: EVAL_BATCH });
  if (!made.ok) throw new Error(made.error);
  const trainer = made.value;
  const testCount = tensors.testImages.shape[0];

  const recorder = new RunRecorder(evalEvery);
  const { clock, checks, notes } = recorder;
  let pending: Promise<void> = Promise.resolve();
  /** The epoch-end check made while a mid-epoch check was pausing the trainer (same examples count). */
  let epochCheckInWindow: AccuracyCheck | null = null;

  const checkNow = async (examples: number): Promise<void> => {
    epochCheckInWindow = null;
    // pause() resolves once the batch in flight and, if it was the epoch's last, the epoch end are done.
    await trainer.pause();
    const reuse = epochCheckInWindow as AccuracyCheck | null;
    if (reuse === null || reuse.examples !== examples) {
      const started = performance.now();
      const result = await evaluate(trainer.model, tensors.testImages, tensors.testLabels, { batchSize: EVAL_BATCH });
      const evalMs = performance.now() - started;
      recorder.check({ examples, epochs: examples / trainer.trainCount, trainMs: clock.now(), accuracy: result.accuracy, count: result.count, evalMs, atEpochEnd: false });
    }
    clock.close();
    trainer.resume();
  };

  trainer.subscribe((e) => {
    if (e.type === 'batch') {
      const due = recorder.batch(e.examplesSeen);
      if (stopAfter > 0 && e.examplesSeen >= stopAfter) void trainer.stop();
      if (due) {
        clock.open();
        pending = checkNow(e.examplesSeen);
      }
    } else if (e.type === 'epoch') {
      // The trainer evaluated the test set (validation 'test') and copied a checkpoint before this event: keep that off the clock.
      if (!clock.isOpen) clock.excludePast(e.evalMs);
      const check: AccuracyCheck = { examples: e.examplesSeen, epochs: e.epoch, trainMs: clock.now(), accuracy: e.valAccuracy, count: e.valCount, evalMs: e.evalMs, atEpochEnd: true };
      checks.push(check);
      if (clock.isOpen) epochCheckInWindow = check;
      recorder.epochEnds.push({ ...memoryAt(e.epoch, e.examplesSeen, check.trainMs), numTensors: e.numTensors });
      log(`epoch ${e.epoch} end: ${(e.valAccuracy * 100).toFixed(2)}% test, ${e.numTensors} tensors, epoch ${Math.round(e.epochMs)} ms, eval ${Math.round(e.evalMs)} ms`);
    } else if (e.type === 'nan' || e.type === 'error') {
      notes.push(`trainer ${e.type}: ${e.message}`);
    }
  });

  log(`training ${preset}: ${trainer.trainCount} examples per epoch, ${settings.epochs} epochs, batch ${settings.batchSize}, ${settings.optimizer} ${settings.learningRate} (${settings.schedule})`);
  // As the app does: compile the run's WebGL programs before the first batch (kept off the clock).
  try {
    await trainer.warmUp();
  } catch (e) {
    notes.push(`warm-up failed (the programs compile in the first batch instead): ${e instanceof Error ? e.message : String(e)}`);
    log(notes[notes.length - 1]);
  }
  recorder.start();
  await trainer.start();
  await pending;
  recorder.end();
  if (trainer.state !== 'done' && !(stopAfter > 0 && trainer.state === 'stopped')) notes.push(`the trainer ended in state '${trainer.state}'`);
  if (checks.some((c) => c.count !== testCount)) notes.push('a check evaluated fewer than all test images');

  const params = trainer.model.countParams();
  await trainer.dispose();
  dataset.dispose();
  return recorder.record({
    pipeline: 'ours',
    model: preset,
    params,
    backend,
    optimizer: settings.optimizer,
    learningRate: settings.learningRate,
    schedule: settings.schedule,
    batchSize: settings.batchSize,
    trainCount: trainer.trainCount,
    epochs: settings.epochs,
    evalEvery,
    prepMs,
  });
}

runPage(main);
