/**
 * The drawing pad's service on the cpu backend: predictions from dense and CNN models (and none
 * without a model), the nearest training images against a brute-force reference, the `drawing`
 * variable, and no tensor left behind by any of it.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelFromSpec } from '../../../../src/model/factory';
import type { Value } from '../../../../src/expr/values';
import { DrawService, modelUnfitReason, type DrawDataset, type DrawTraining } from '../../../../src/notebook/services/draw-service';
import { MNIST_SOURCE, type DatasetSource } from '../../../../src/notebook/services/types';
import { randomImages, randomLabels } from '../../data/fixtures';
import { expectNoLeak } from '../../leak';
import { TINY_CNN, TINY_DENSE } from '../../model/fixtures';

const N = 240;
const PX = 784;
let pixels: Uint8Array;
let labels: Uint8Array;
let images: tf.Tensor3D;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  pixels = randomImages(N, 5);
  labels = randomLabels(N, 6);
  images = tf.tensor3d(Int32Array.from(pixels), [N, 28, 28], 'int32');
});

afterAll(() => images.dispose());

function fakeDataset(options: { ready?: boolean; source?: DatasetSource; tensor?: tf.Tensor } = {}): DrawDataset {
  const { ready = true, source = MNIST_SOURCE, tensor = images } = options;
  return {
    getStatus: () => ({ source }) as ReturnType<DrawDataset['getStatus']>,
    tensors: () => (ready ? ({ trainImages: tensor } as ReturnType<DrawDataset['tensors']>) : null),
    labels: () => labels,
    readImages: async (_split, start, end) => pixels.slice(start * PX, end * PX),
  };
}

function training(model: tf.LayersModel | null): DrawTraining {
  return { currentModel: () => model };
}

const noExpr = { provide: () => {} };

function service(model: tf.LayersModel | null, dataset = fakeDataset(), expr: { provide(name: string, value: Value | tf.Tensor, dtype?: string): void } = noExpr): DrawService {
  return new DrawService(training(model), dataset, expr);
}

/** The tiny CNN fixture, built (seed 4); the caller disposes it. */
function tinyCnn(): tf.LayersModel {
  const built = createModelFromSpec(TINY_CNN, 4);
  if (!built.ok) throw new Error(built.error);
  return built.value;
}

/** A vertical bar, roughly a drawn "1". */
function drawnOne(): Uint8Array {
  const out = new Uint8Array(PX);
  for (let r = 4; r < 24; r++) for (let c = 13; c < 16; c++) out[r * 28 + c] = 255;
  return out;
}

function bruteForce(query: Uint8Array, k: number): { index: number; distance: number }[] {
  const rows = [];
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let p = 0; p < PX; p++) s += (pixels[i * PX + p] - query[p]) ** 2;
    rows.push({ index: i, distance: Math.sqrt(s) });
  }
  return rows.sort((a, b) => a.distance - b.distance || a.index - b.index).slice(0, k);
}

describe('DrawService.predict', () => {
  it('gives ten probabilities summing to 1 from a dense model and a CNN, with no tensor left behind', async () => {
    for (const spec of [TINY_DENSE, TINY_CNN]) {
      const built = createModelFromSpec(spec, 3);
      if (!built.ok) throw new Error(built.error);
      const model = built.value;
      try {
        const got = await expectNoLeak(() => service(model).predict(drawnOne()));
        if (got.kind !== 'ok') throw new Error(`expected probabilities, got ${JSON.stringify(got)}`);
        expect(got.probabilities).toHaveLength(10);
        expect(got.probabilities.reduce((a, p) => a + p, 0)).toBeCloseTo(1, 5);
        expect(got.fromLogits).toBe(false);
        // The same numbers as the model run directly on the scaled image.
        const direct = tf.tidy(() => model.predict(tf.tensor(Array.from(drawnOne(), (v) => v / 255), spec === TINY_CNN ? [1, 28, 28, 1] : [1, 784])) as tf.Tensor);
        const want = Array.from(await direct.data());
        direct.dispose();
        got.probabilities.forEach((p, i) => expect(p).toBeCloseTo(want[i], 5));
      } finally {
        model.dispose();
      }
    }
  });

  it('says there is no model (and leaks nothing) when none has been trained', async () => {
    const got = await expectNoLeak(() => service(null).predict(drawnOne()));
    expect(got).toEqual({ kind: 'no-model' });
  });

  it('refuses a model that does not read 28x28 images, with the size it reads', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [32 * 32], units: 10, activation: 'softmax' })] });
    try {
      const got = await expectNoLeak(() => service(model).predict(drawnOne()));
      expect(got.kind).toBe('unfit');
      expect(got.kind === 'unfit' && got.message).toMatch(/inputs of shape \[1024\].*28x28/);
    } finally {
      model.dispose();
    }
  });

  it('softmaxes the outputs of a model that ends in logits', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 10, kernelInitializer: 'ones', biasInitializer: 'zeros' })] });
    try {
      const got = await expectNoLeak(() => service(model).predict(drawnOne()));
      if (got.kind !== 'ok') throw new Error(JSON.stringify(got));
      expect(got.fromLogits).toBe(true);
      expect(got.probabilities.reduce((a, p) => a + p, 0)).toBeCloseTo(1, 6);
    } finally {
      model.dispose();
    }
  });

  it('answers a wrong-sized image with an error value, not an exception', async () => {
    const got = await service(null).predict(new Uint8Array(10));
    expect(got.kind).toBe('error');
  });
});

describe('modelUnfitReason', () => {
  it.each([
    [[null, 784], [null, 10], null],
    [[null, 28, 28, 1], [null, 10], null],
    [[null, 32, 32, 1], [null, 10], /reads 32x32 images/],
    [[null, 1024], [null, 10], /inputs of shape \[1024\]/],
    [[null, 784], [null, 26], /outputs of shape \[batch, 26\]/],
    [[null, 784], [null, 7, 10], /outputs of shape/],
    [[null, null], [null, 10], /inputs of shape \[\?\]/],
  ] as const)('input %j, output %j', (input, output, want) => {
    const got = modelUnfitReason(input, output);
    if (want === null) expect(got).toBeNull();
    else expect(got).toMatch(want);
  });
});

describe('DrawService.nearest', () => {
  it('finds the five nearest training images with labels, distances and pixels, as a brute-force search does', async () => {
    for (const seed of [11, 12]) {
      const query = randomImages(1, seed);
      const got = await expectNoLeak(() => service(null).nearest(query));
      if (got.kind !== 'ok') throw new Error(JSON.stringify(got));
      const want = bruteForce(query, 5);
      expect(got.images.map((i) => i.index)).toEqual(want.map((w) => w.index));
      got.images.forEach((img, k) => {
        expect(img.distance).toBeCloseTo(want[k].distance, 2);
        expect(img.label).toBe(labels[img.index]);
        expect(img.pixels).toEqual(pixels.slice(img.index * PX, (img.index + 1) * PX));
      });
    }
  });

  it('finds a training image itself first, at distance 0', async () => {
    const got = await expectNoLeak(() => service(null).nearest(pixels.slice(77 * PX, 78 * PX)));
    expect(got.kind === 'ok' && got.images[0]).toMatchObject({ index: 77, distance: 0 });
  });

  it('waits for the dataset, and explains a dataset that is not 28x28 instead of failing', async () => {
    expect(await service(null, fakeDataset({ ready: false })).nearest(drawnOne())).toEqual({ kind: 'not-ready' });
    const fashion32: DatasetSource = { kind: 'custom', name: 'small', rows: 32, cols: 32, classNames: null };
    const got = await expectNoLeak(() => service(null, fakeDataset({ source: fashion32 })).nearest(drawnOne()));
    expect(got.kind).toBe('unfit');
    expect(got.kind === 'unfit' && got.message).toMatch(/32x32/);
  });

  it('turns a failure on the device into a message', async () => {
    // A disposed tensor makes the device computation throw.
    const gone = tf.zeros([3, 28, 28], 'int32');
    gone.dispose();
    const got = await service(null, fakeDataset({ tensor: gone })).nearest(drawnOne());
    expect(got.kind).toBe('error');
  });
});

describe('DrawService.addToNotebook', () => {
  it('provides `drawing` as a [28, 28] int32 tensor of the pixels seen as uint8, frees the one it replaces, and withdraws it on dispose', async () => {
    const before = tf.memory().numTensors;
    const provided = new Map<string, Value | tf.Tensor>();
    const dtypes = new Map<string, string | undefined>();
    const draw = service(null, fakeDataset(), {
      provide: (name, value, dtype) => {
        provided.set(name, value);
        dtypes.set(name, dtype);
      },
    });
    const first = drawnOne();
    expect(await draw.addToNotebook(first)).toEqual({ ok: true, name: 'drawing' });
    const t = provided.get('drawing') as tf.Tensor;
    expect(t.shape).toEqual([28, 28]);
    expect(t.dtype).toBe('int32');
    expect(dtypes.get('drawing'), 'a cell sees uint8, like training_images[0]').toBe('uint8');
    expect(Array.from(await t.data())).toEqual(Array.from(first));
    expect(tf.memory().numTensors).toBe(before + 1);

    const second = new Uint8Array(PX).fill(9);
    await draw.addToNotebook(second);
    expect(t.isDisposed, 'the replaced drawing is freed').toBe(true);
    expect(Array.from(await (provided.get('drawing') as tf.Tensor).data())).toEqual(Array.from(second));
    expect(tf.memory().numTensors).toBe(before + 1);

    draw.dispose();
    expect(provided.get('drawing')).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a wrong-sized image', async () => {
    expect((await service(null).addToNotebook(new Uint8Array(5))).ok).toBe(false);
  });
});

describe('DrawService.activations', () => {
  it("runs a drawing through every layer of a CNN, the last layer being the prediction's probabilities, with no tensor left behind", async () => {
    const model = tinyCnn();
    const s = service(model);
    const got = await expectNoLeak(() => s.activations(drawnOne()));
    if (got.kind !== 'ok') throw new Error(`expected layers, got ${JSON.stringify(got)}`);
    expect(got.layers.length).toBe(model.layers.filter((l) => l.getClassName() !== 'InputLayer').length);
    const predicted = await s.predict(drawnOne());
    if (predicted.kind !== 'ok') throw new Error('expected a prediction');
    got.layers.at(-1)!.values.forEach((v, i) => expect(v).toBeCloseTo(predicted.probabilities[i], 5));
    model.dispose();
  });

  it("lets the layers' pass for a drawing go first: the nearest search and the background prediction asked for at the same time start after it ends", async () => {
    const model = tinyCnn();
    const events: string[] = [];
    const dataset = fakeDataset();
    const s = service(model, {
      ...dataset,
      tensors: () => {
        events.push('nearest starts');
        return dataset.tensors();
      },
    });
    await expectNoLeak(async () => {
      // Asked for first, as the pad asks when the pen lifts, before the cell's pass has even started.
      const nearest = s.nearest(drawnOne()).then((r) => (events.push('nearest ends'), r));
      const naive = s.predict(drawnOne(), 'background').then((r) => (events.push('background prediction ends'), r));
      const layers = s.activations(drawnOne()).then((r) => (events.push('layers end'), r));
      const [n, p, l] = await Promise.all([nearest, naive, layers]);
      expect([n.kind, p.kind, l.kind]).toEqual(['ok', 'ok', 'ok']);
    });
    expect(events.indexOf('layers end')).toBe(0);
    expect(events.indexOf('nearest starts')).toBeGreaterThan(0);
    model.dispose();
  });

  it("lets a layers' pass asked for while the nearest search runs go before the search's next pass over the images", async () => {
    const model = tinyCnn();
    const events: string[] = [];
    // 60,000 images searched in passes of 10,000: a tensor that big, so that there is more than one pass.
    const big = tf.tidy(() => tf.tile(images, [250, 1, 1]) as tf.Tensor3D);
    const s = service(model, fakeDataset({ tensor: big }));
    const slice = big.slice.bind(big);
    let passes = 0;
    big.slice = ((...args: Parameters<typeof big.slice>) => {
      events.push(`search pass ${++passes}`);
      // Mid-search: the cell asks for the layers of a changed drawing.
      if (passes === 2) void s.activations(drawnOne()).then(() => events.push('layers end'));
      return slice(...args);
    }) as typeof big.slice;
    await expectNoLeak(async () => {
      expect((await s.nearest(drawnOne())).kind).toBe('ok');
    });
    expect(events.indexOf('layers end')).toBe(events.indexOf('search pass 2') + 1);
    expect(passes).toBe(6);
    big.dispose();
    model.dispose();
  });

  it('says when there is no model, or the drawing is not 784 pixels', async () => {
    expect(await service(null).activations(drawnOne())).toEqual({ kind: 'no-model' });
    const got = await service(null).activations(new Uint8Array(100));
    expect(got.kind).toBe('error');
    expect(got.kind === 'error' && got.message).toMatch(/784 pixels \(28x28\), found 100/);
  });
});
