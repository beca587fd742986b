/** layerActivations: every layer's output for one image, held against TF.js (cpu) predicting with truncated models. */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageActivations, layerActivations } from '../../../src/model/activations';
import { createModelFromSpec } from '../../../src/model/factory';
import { CNN_PRESET, DENSE_PRESET } from '../../../src/model/presets';
import type { ModelSpec } from '../../../src/model/spec';
import { randomImages } from '../data/fixtures';
import { expectNoLeak } from '../leak';

let images: tf.Tensor;

function build(spec: ModelSpec, seed: number): tf.LayersModel {
  const made = createModelFromSpec(spec, seed);
  if (!made.ok) throw new Error(made.error);
  return made.value;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  images = tf.tensor3d(Int32Array.from(randomImages(3, 8)), [3, 28, 28], 'int32');
});

afterAll(() => images.dispose());

/** What TF.js itself gives for layer k's output on image `index`: a model cut after that layer. */
function reference(model: tf.LayersModel, k: number, index: number): Float32Array {
  const cut = tf.model({ inputs: model.inputs, outputs: model.layers[k].output as tf.SymbolicTensor });
  const inner = model.inputs[0].shape.slice(1) as number[];
  return tf.tidy(() => (cut.predict(images.slice(index, 1).toFloat().div(255).reshape([1, ...inner])) as tf.Tensor).dataSync() as Float32Array);
}

describe('layerActivations', () => {
  for (const [name, spec] of [['CNN', CNN_PRESET], ['Dense', DENSE_PRESET]] as const) {
    it(`gives each layer of the ${name} preset its output, as a truncated model predicts it, the last being the probabilities`, async () => {
      const model = build(spec, 7);
      const acts = (await layerActivations(model, images, 2))!;
      const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
      expect(acts.map((a) => a.name)).toEqual(layers.map((l) => l.name));
      acts.forEach((a, i) => {
        expect(a.shape).toEqual((layers[i].outputShape as number[]).slice(1));
        expect(a.values.length).toBe(a.shape.reduce((x, y) => x * y, 1));
        const want = reference(model, model.layers.indexOf(layers[i]), 2);
        a.values.forEach((v, j) => expect(v).toBeCloseTo(want[j], 5));
      });
      const last = acts.at(-1)!;
      expect(last.shape).toEqual([10]);
      expect(last.values.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
      model.dispose();
    });
  }

  it('names the CNN preset layers by kind, with conv and pool outputs channels last', async () => {
    const model = build(CNN_PRESET, 7);
    const acts = (await layerActivations(model, images, 0))!;
    const conv = acts.find((a) => a.kind === 'Conv2D')!;
    expect(conv.shape).toEqual([24, 24, 16]);
    expect(acts.find((a) => a.kind === 'MaxPooling2D')!.shape).toEqual([12, 12, 16]);
    model.dispose();
  });

  it('is null for an index out of range and for a model that is not a chain', async () => {
    const model = build(DENSE_PRESET, 1);
    expect(await layerActivations(model, images, 3)).toBeNull();
    expect(await layerActivations(model, images, -1)).toBeNull();
    const input = tf.input({ shape: [28, 28, 1] });
    const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
    const a = tf.layers.dense({ units: 4 }).apply(flat) as tf.SymbolicTensor;
    const b = tf.layers.dense({ units: 4 }).apply(flat) as tf.SymbolicTensor;
    const joined = tf.layers.concatenate().apply([a, b]) as tf.SymbolicTensor;
    const branchy = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 10, activation: 'softmax' }).apply(joined) as tf.SymbolicTensor });
    expect(await layerActivations(branchy, images, 0)).toBeNull();
    model.dispose();
    branchy.dispose();
  });

  it('leaves no tensor behind', async () => {
    const model = build(CNN_PRESET, 3);
    await layerActivations(model, images, 1);
    await expectNoLeak(() => layerActivations(model, images, 1));
    model.dispose();
  });
});

describe('imageActivations', () => {
  it("gives one image (a drawing) the same outputs as layerActivations gives the sample it holds, leaving no tensor behind", async () => {
    const model = build(CNN_PRESET, 5);
    const one = images.slice(2, 1);
    const want = (await layerActivations(model, images, 2))!;
    const got = (await expectNoLeak(() => imageActivations(model, one)))!;
    expect(got.map((a) => [a.name, a.shape])).toEqual(want.map((a) => [a.name, a.shape]));
    got.forEach((a, i) => a.values.forEach((v, j) => expect(v).toBeCloseTo(want[i].values[j], 6)));
    one.dispose();
    model.dispose();
  });

  it('refuses anything but one image', async () => {
    const model = build(DENSE_PRESET, 5);
    const two = images.slice(0, 2);
    await expect(imageActivations(model, two)).rejects.toThrow(/one image \[1, rows, cols\], got \[2, 28, 28\]/);
    two.dispose();
    model.dispose();
  });
});
