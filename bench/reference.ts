/**
 * Bench page "reference": the classic TF.js MNIST example's training pipeline (tfjs-examples/mnist,
 * index.js + data.js), rewritten from its description so that it trains on the app's data files in the
 * same browser, on the same backend and under the same checks as ours. Query: epochs, subset, evalEvery.
 *
 * Taken from the example as published:
 * - createConvModel: conv2d 3x3x16 relu (input 28x28x1) -> maxPool 2 -> conv2d 3x3x32 relu -> maxPool 2
 *   -> conv2d 3x3x32 relu -> flatten -> dense 64 relu -> dense 10 softmax; 'valid' padding and tfjs's
 *   default (unseeded Glorot) initializers.
 * - model.compile({ optimizer: 'rmsprop', loss: 'categoricalCrossentropy', metrics: ['accuracy'] }):
 *   the string gives tfjs-layers' RMSProp(0.001, decay 0.9, momentum 0, epsilon = the backend's). The
 *   example also declares LEARNING_RATE = 0.01 but never passes it, so 0.001 is what it trains with.
 * - model.fit(xs, labels, { batchSize: 320, epochs, callbacks }) with fit's default shuffle; all the
 *   training images are one tensor4d [n, 28, 28, 1] float32 built once from one Float32Array, and the
 *   labels one tensor2d [n, 10] of one-hot rows.
 * - onBatchEnd redraws the loss and accuracy charts and awaits tf.nextFrame(); onEpochEnd plots and
 *   awaits tf.nextFrame() too.
 *
 * Assumed or changed, and why:
 * - Data: the example decodes one sprite PNG (one 784-px row per image) by drawImage + getImageData in
 *   chunks, red channel / 255, into one Float32Array; here the app's tiled PNG sheets (the same MNIST
 *   pixels) are decoded the same way, canvas getImageData, into one Float32Array of n * 784 values / 255,
 *   checked against the manifest's pixel sums. Its labels file is already one-hot uint8; here the app's
 *   label bytes are expanded to one-hot rows (float32, the loss's dtype).
 * - Split: the example holds out 15% of its 55,000 training images (validationSplit 0.15) and tests on
 *   10,000. Here it trains on the same 60,000 images as ours with no validationSplit, and its accuracy
 *   is checked on the 10,000 test images at the same points as ours, with that time off the clock.
 * - Charts: the example re-renders two tfjs-vis line charts every batch; here one plain canvas chart of
 *   both series is redrawn instead, which is cheaper, so if anything the reference is flattered.
 * - Backend: tfjs refuses software WebGL (SwiftShader, no GPU) unless SOFTWARE_WEBGL_ENABLED is set; it
 *   is set here as the app sets it, so both train on webgl.
 * - Upload: the training tensor is pushed to the GPU before fit (in prepMs, like the app's load) rather
 *   than inside the first batch, so neither pipeline's clock includes moving the dataset.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgl';
import { DATA_URL_PATH, IMAGE_PIXELS, IMAGE_SIZE, MANIFEST_FILE, NUM_CLASSES, type Manifest } from '../src/data/format';
import { decodeSplit, fetchOk } from './classic-data';
import { intParam, log, memoryAt, runPage } from './page';
import type { RunRecord } from './record';
import { RunRecorder } from './recorder';

const BATCH_SIZE = 320;
/** Images per forward pass in every check, as ours. */
const EVAL_BATCH = 500;

function createConvModel(): tf.Sequential {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [IMAGE_SIZE, IMAGE_SIZE, 1], kernelSize: 3, filters: 16, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
  model.add(tf.layers.conv2d({ kernelSize: 3, filters: 32, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }));
  model.add(tf.layers.conv2d({ kernelSize: 3, filters: 32, activation: 'relu' }));
  model.add(tf.layers.flatten({}));
  model.add(tf.layers.dense({ units: 64, activation: 'relu' }));
  model.add(tf.layers.dense({ units: NUM_CLASSES, activation: 'softmax' }));
  return model;
}

function oneHot(labels: Uint8Array): Float32Array {
  const rows = new Float32Array(labels.length * NUM_CLASSES);
  labels.forEach((label, i) => (rows[i * NUM_CLASSES + label] = 1));
  return rows;
}

/** Accuracy over all of `xs` [m, 28, 28, 1] against `labels`, in chunks, one readback each; leaves no tensors. */
async function testAccuracy(model: tf.LayersModel, xs: tf.Tensor4D, labels: Uint8Array): Promise<number> {
  const m = xs.shape[0];
  let correct = 0;
  for (let start = 0; start < m; start += EVAL_BATCH) {
    const size = Math.min(EVAL_BATCH, m - start);
    const predicted = tf.tidy(() => (model.predict(xs.slice([start, 0, 0, 0], [size, IMAGE_SIZE, IMAGE_SIZE, 1])) as tf.Tensor).argMax(-1));
    try {
      const values = await predicted.data();
      for (let j = 0; j < size; j++) if (values[j] === labels[start + j]) correct++;
    } finally {
      predicted.dispose();
    }
  }
  return correct / m;
}

/** Redraws the whole loss and accuracy series on one canvas (the example's per-batch chart update). */
function drawChart(canvas: HTMLCanvasElement, series: readonly (readonly number[])[]): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  ctx.strokeStyle = '#ccc';
  ctx.strokeRect(0.5, 0.5, width - 1, height - 1);
  const colors = ['#c33', '#36c'];
  series.forEach((values, s) => {
    if (values.length < 2) return;
    const lo = Math.min(...values);
    const span = Math.max(...values) - lo || 1;
    ctx.strokeStyle = colors[s % colors.length];
    ctx.beginPath();
    values.forEach((v, i) => {
      const x = 4 + (i / (values.length - 1)) * (width - 8);
      const y = height - 4 - ((v - lo) / span) * (height - 8);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.stroke();
  });
}

async function main(): Promise<RunRecord> {
  const epochs = intParam('epochs', 1);
  const evalEvery = intParam('evalEvery', 6400);
  const recorder = new RunRecorder(evalEvery);
  const { clock, checks } = recorder;

  tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
  if (!(await tf.setBackend('webgl'))) throw new Error('the webgl backend is not available');
  await tf.ready();
  const backend = tf.getBackend();

  const prepStarted = performance.now();
  const base = new URL(DATA_URL_PATH, document.baseURI).href;
  const manifest = (await (await fetchOk(base + MANIFEST_FILE)).json()) as Manifest;
  const [train, test] = await Promise.all([decodeSplit(base, manifest, 'train'), decodeSplit(base, manifest, 'test')]);
  if (train.mismatches + test.mismatches > 0) recorder.notes.push(`decoded pixels differ from the manifest for ${train.mismatches} training and ${test.mismatches} test images`);
  const trainCount = Math.min(intParam('subset', manifest.splits.train.count), manifest.splits.train.count);
  const testCount = manifest.splits.test.count;
  const xs = tf.tensor4d(train.images.subarray(0, trainCount * IMAGE_PIXELS), [trainCount, IMAGE_SIZE, IMAGE_SIZE, 1]);
  const ys = tf.tensor2d(oneHot(train.labels.subarray(0, trainCount)), [trainCount, NUM_CLASSES]);
  const testXs = tf.tensor4d(test.images, [testCount, IMAGE_SIZE, IMAGE_SIZE, 1]);
  // Upload now (a one-row gather, as fit's batches are gathered) so the first batch does not move the dataset.
  const probe = tf.tidy(() => tf.concat([tf.gather(xs, [0]).flatten(), tf.gather(ys, [0]).flatten(), testXs.slice(0, 1).flatten()]));
  await probe.data();
  probe.dispose();
  const prepMs = performance.now() - prepStarted;
  log(`decoded and uploaded in ${Math.round(prepMs)} ms on ${backend}; ${tf.memory().numTensors} tensors`);

  const model = createConvModel();
  model.compile({ optimizer: 'rmsprop', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const learningRate = Number(model.optimizer.getConfig()['learningRate']);

  const canvas = document.createElement('canvas');
  canvas.width = 480;
  canvas.height = 160;
  document.body.append(canvas);
  const losses: number[] = [];
  const accuracies: number[] = [];

  let examples = 0;
  let epochsDone = 0;

  const check = async (atEpochEnd: boolean): Promise<void> => {
    clock.open();
    const started = performance.now();
    const accuracy = await testAccuracy(model, testXs, test.labels);
    const evalMs = performance.now() - started;
    recorder.check({ examples, epochs: examples / trainCount, trainMs: clock.now(), accuracy, count: testCount, evalMs, atEpochEnd });
    clock.close();
  };

  log(`training the classic ConvNet: ${trainCount} examples per epoch, ${epochs} epochs, batch ${BATCH_SIZE}, rmsprop ${learningRate}`);
  recorder.start();
  await model.fit(xs, ys, {
    batchSize: BATCH_SIZE,
    epochs,
    callbacks: {
      onBatchEnd: async (batch, logs) => {
        examples += Math.min(BATCH_SIZE, trainCount - batch * BATCH_SIZE);
        if (recorder.batch(examples)) await check(false);
        losses.push(logs?.loss ?? NaN);
        accuracies.push(logs?.acc ?? NaN);
        drawChart(canvas, [losses, accuracies]);
        await tf.nextFrame();
      },
      onEpochEnd: async () => {
        epochsDone += 1;
        recorder.epochEnds.push(memoryAt(epochsDone, examples, clock.now()));
        const last = checks[checks.length - 1];
        if (last?.examples === examples) last.atEpochEnd = true;
        else await check(true);
        await tf.nextFrame();
      },
    },
  });
  recorder.end();

  const params = model.countParams();
  model.dispose();
  tf.dispose([xs, ys, testXs]);
  return recorder.record({
    pipeline: 'reference',
    model: 'classic-convnet',
    schedule: 'constant',
    params,
    backend,
    optimizer: 'rmsprop',
    learningRate,
    batchSize: BATCH_SIZE,
    trainCount,
    epochs,
    evalEvery,
    prepMs,
  });
}

runPage(main);
