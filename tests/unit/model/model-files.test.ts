/**
 * Model files: each bad file and its message, the input/output shape check, a save -> load round
 * trip with identical predictions, SeededDropout saved as Dropout, Keras-style models, the layer
 * list a topology maps to, and no tensor or variable left behind by any load.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModelFromSpec } from '../../../src/model/factory';
import { specFromTopology, validateModelFiles, WEIGHTS_FILE_NAME, type NotebookModelMetadata } from '../../../src/model/model-files';
import { exportModel, loadModelFiles, loadStoredModel, type ModelFiles } from '../../../src/model/model-io';
import { CNN_PRESET, DENSE_PRESET } from '../../../src/model/presets';
import type { ModelSpec } from '../../../src/model/spec';
import { expectNoLeak } from '../leak';
import { CNN_WITH_DROPOUT, TINY_CNN, TINY_DENSE, TINY_DROPOUT } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const META: NotebookModelMetadata = { spec: TINY_DENSE, architecture: 'custom', params: 12_730, testAccuracy: 0.91, epochs: 2 };

async function filesOf(model: tf.LayersModel, meta: NotebookModelMetadata | null = META): Promise<ModelFiles> {
  const saved = await exportModel(model, meta);
  if (!saved.ok) throw new Error(saved.error);
  return saved.value;
}

async function specFiles(spec: ModelSpec, seed = 3): Promise<ModelFiles> {
  const made = createModelFromSpec(spec, seed);
  if (!made.ok) throw new Error(made.error);
  try {
    return await filesOf(made.value, { ...META, spec });
  } finally {
    made.value.dispose();
  }
}

/** Any tf.LayersModel's files (for models the notebook would not build: Keras-style, wrong shapes). */
async function modelFiles(build: () => tf.LayersModel): Promise<ModelFiles> {
  const model = build();
  try {
    return await filesOf(model, null);
  } finally {
    model.dispose();
  }
}

const weightsMap = (bytes: ArrayBuffer | Uint8Array, name = WEIGHTS_FILE_NAME) => new Map([[name, bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)]]);

/** Loads and expects a message matching `pattern`, with nothing left behind. */
async function expectRefused(json: string, weights: Map<string, Uint8Array>, pattern: RegExp | string): Promise<string> {
  const variables = Object.keys(tf.engine().registeredVariables).length;
  const result = await expectNoLeak(() => loadModelFiles(json, weights));
  expect(Object.keys(tf.engine().registeredVariables).length, 'variables left by a refused load').toBe(variables);
  if (result.ok) {
    result.value.model.dispose();
    throw new Error('expected the files to be refused');
  }
  if (typeof pattern === 'string') expect(result.error).toBe(pattern);
  else expect(result.error).toMatch(pattern);
  return result.error;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- edits reach deep into parsed JSON */
function edit(json: string, change: (m: Record<string, any>) => void): string {
  const parsed = JSON.parse(json) as Record<string, any>;
  change(parsed);
  return JSON.stringify(parsed);
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Predictions of a model on a fixed batch of pseudo-images [n, ...input]. */
function predict(model: tf.LayersModel, n = 6): Float32Array {
  return tf.tidy(() => {
    const inner = model.inputs[0].shape.slice(1) as number[];
    const size = inner.reduce((a, b) => a * b, 1);
    const x = tf.tensor(Float32Array.from({ length: n * size }, (_, i) => ((i * 7919) % 255) / 255), [n, ...inner]);
    return (model.predict(x) as tf.Tensor).dataSync() as Float32Array;
  });
}

describe('validateModelFiles and loadModelFiles: bad files', () => {
  it('refuses each bad file with a message naming the file and what was found', async () => {
    const good = await specFiles(TINY_DENSE);
    const w = weightsMap(good.weights);
    const bytes = new Uint8Array(good.weights);

    await expectRefused('', w, 'model.json: the file is empty');
    await expectRefused(good.modelJson.slice(0, 200), w, /^model\.json: not JSON \(.+\); is the file truncated, or a weights file\?$/);
    await expectRefused('[1, 2]', w, 'model.json: expected a JSON object with modelTopology and weightsManifest, found a list');
    await expectRefused('42', w, 'model.json: expected a JSON object with modelTopology and weightsManifest, found 42');
    await expectRefused(edit(good.modelJson, (m) => (m.format = 'graph-model')), w, /the format is 'graph-model' \(a TensorFlow\.js graph model/);
    await expectRefused(edit(good.modelJson, (m) => delete m.modelTopology), w, 'model.json: no modelTopology; this is not a TensorFlow.js Layers model file');
    await expectRefused(edit(good.modelJson, (m) => delete m.weightsManifest), w, /^model\.json: no weightsManifest/);
    await expectRefused(edit(good.modelJson, (m) => (m.modelTopology.class_name = 'Graph')), w, /modelTopology is a 'Graph'; expected a Keras "Sequential" or functional "Model"/);
    await expectRefused(edit(good.modelJson, (m) => (m.modelTopology.config.layers = [])), w, 'model.json: the Sequential topology has no layers');
    await expectRefused(edit(good.modelJson, (m) => (m.weightsManifest[0].paths = 7)), w, /weightsManifest\[0\]\.paths is 7/);
    await expectRefused(edit(good.modelJson, (m) => (m.weightsManifest[0].weights[0].dtype = 'string')), w, /weight 'dense_1\/kernel' has dtype 'string'; expected float32, int32 or bool/);
    await expectRefused(edit(good.modelJson, (m) => (m.weightsManifest[0].weights[0].shape = [784, -16])), w, /weight 'dense_1\/kernel' has shape \[784, -16\]/);

    // The weight files.
    await expectRefused(good.modelJson, new Map(), "model.json: names the weight file 'weights.bin', which was not given; choose it together with model.json (no weight file was given)");
    await expectRefused(good.modelJson, weightsMap(bytes, 'other.bin'), /which was not given; choose it together with model\.json \(given: other\.bin\)/);
    await expectRefused(good.modelJson, weightsMap(bytes.slice(0, 1000)), 'weights.bin: truncated: 1,000 bytes, but the 4 weights model.json lists need 50,920 bytes');
    await expectRefused(good.modelJson, weightsMap(new Uint8Array(bytes.length + 8)), /^weights\.bin: 50,928 bytes, but the 4 weights model\.json lists need 50,920 bytes; the file does not belong/);
    // Shards: the files named by paths are joined in order.
    const sharded = edit(good.modelJson, (m) => (m.weightsManifest[0].paths = ['group1-shard1of2.bin', 'group1-shard2of2.bin']));
    await expectRefused(sharded, new Map([['group1-shard1of2.bin', bytes.slice(0, 100)], ['group1-shard2of2.bin', bytes.slice(100, 500)]]), /^group1-shard1of2\.bin \+ group1-shard2of2\.bin: truncated: 500 bytes/);
    const joined = await loadModelFiles(sharded, new Map([['group1-shard1of2.bin', bytes.slice(0, 100)], ['./group1-shard2of2.bin', bytes.slice(100)]]));
    expect(joined.ok ? 'loaded' : joined.error).toMatch(/not given/);
    const ok2 = await loadModelFiles(sharded, new Map([['group1-shard1of2.bin', bytes.slice(0, 100)], ['group1-shard2of2.bin', bytes.slice(100)]]));
    expect(ok2.ok).toBe(true);
    if (ok2.ok) ok2.value.model.dispose();

    // Weights that do not match the topology.
    await expectRefused(
      edit(good.modelJson, (m) => (m.weightsManifest[0].weights[0].shape = [16, 784])),
      w,
      "model.json: the weights do not match the topology: layer dense_1 needs a weight of shape [784, 16], but model.json lists 'dense_1/kernel' of shape [16, 784] there",
    );
    await expectRefused(edit(good.modelJson, (m) => (m.modelTopology.config.layers[0].config.units = 8)), w, /the weights do not match the topology: layer dense_1 needs a weight of shape \[784, 8\]/);
    await expectRefused(edit(good.modelJson, (m) => (m.weightsManifest[0].weights[1].name = 'dense_9/bias')), w, /the weights do not match the topology: the topology has 'dense_1\/bias' of shape \[16\], which the weightsManifest does not list/);
    await expectRefused(edit(good.modelJson, (m) => (m.weightsManifest[0].weights[1].dtype = 'int32')), w, "model.json: the weights do not match the topology: 'dense_1/bias' is float32 in the topology but int32 in the weightsManifest");
    await expectRefused(edit(good.modelJson, (m) => (m.modelTopology.config.layers[1].class_name = 'NoSuchLayer')), w, /^model\.json: the topology does not build: .*NoSuchLayer/);
    await expectRefused(edit(good.modelJson, (m) => (m.modelTopology.config.layers[0].config.activation = 'wobbly')), w, /^model\.json: the topology does not build: .*wobbly/);
  });

  it('refuses a model whose input does not fit 28 x 28 images, or whose output is not 10 scores, saying which shape it has', async () => {
    const wide = await modelFiles(() => tf.sequential({ layers: [tf.layers.flatten({ inputShape: [32, 32, 3] }), tf.layers.dense({ units: 10, activation: 'softmax' })] }));
    await expectRefused(wide.modelJson, weightsMap(wide.weights), 'model.json: the model takes input of shape [null, 32, 32, 3]; this notebook needs 28 x 28 images ([null, 28, 28, 1] or [null, 784])');
    const five = await modelFiles(() => tf.sequential({ layers: [tf.layers.dense({ inputShape: [784], units: 5, activation: 'softmax' })] }));
    await expectRefused(five.modelJson, weightsMap(five.weights), "model.json: the model's output has shape [null, 5]; this notebook needs one score per digit ([null, 10])");
    // The expected image shape is a parameter (a dataset of other sizes).
    const checked = validateModelFiles(wide.modelJson, weightsMap(wide.weights), { image: { rows: 32, cols: 32 }, jsonName: 'cifar.json' });
    expect(checked.ok ? 'ok' : checked.error).toBe('cifar.json: the model takes input of shape [null, 32, 32, 3]; this notebook needs 32 x 32 images ([null, 32, 32, 1] or [null, 1024])');
    // A functional model with its output only known once built.
    const functional = await modelFiles(() => {
      const input = tf.input({ shape: [28, 28, 1] });
      const out = tf.layers.dense({ units: 3, activation: 'softmax' }).apply(tf.layers.flatten().apply(input)) as tf.SymbolicTensor;
      return tf.model({ inputs: input, outputs: out });
    });
    await expectRefused(functional.modelJson, weightsMap(functional.weights), /model's output has shape \[null, 3\]/);
  });
});

describe('functional models', () => {
  it('a dense layer whose size the manifest does not back is refused before anything is built', async () => {
    const files = await modelFiles(() => {
      const input = tf.input({ shape: [28, 28, 1], name: 'image' });
      const out = tf.layers.dense({ units: 10, activation: 'softmax', name: 'probs' }).apply(tf.layers.flatten({ name: 'flat' }).apply(input)) as tf.SymbolicTensor;
      return tf.model({ inputs: input, outputs: out });
    });
    const w = weightsMap(files.weights);
    const loaded = await loadModelFiles(files.modelJson, w);
    expect(loaded.ok ? loaded.value.info.layers : loaded.error).toEqual(['Flatten', 'Dense 10 softmax']);
    if (loaded.ok) loaded.value.model.dispose();
    const huge = edit(files.modelJson, (m) => (m.modelTopology.config.layers.find((l: { name: string }) => l.name === 'probs').config.units = 10_000_000));
    await expectRefused(huge, w, "model.json: the weights do not match the topology: layer probs has 10000000 units, its kernel in the weightsManifest is [784, 10]");
    const renamed = edit(files.modelJson, (m) => (m.weightsManifest[0].weights[0].name = 'other/kernel'));
    await expectRefused(renamed, w, "model.json: the weights do not match the topology: layer probs (Dense) has no kernel ('probs/kernel') in the weightsManifest");
  });
});

describe('save -> load round trip', () => {
  it.each([
    ['dense preset', DENSE_PRESET],
    ['CNN preset', CNN_PRESET],
    ['CNN with dropout', CNN_WITH_DROPOUT],
    ['tiny dense with dropout', TINY_DROPOUT],
    ['tiny CNN', TINY_CNN],
  ] as const)('%s: the loaded model gives identical predictions, and maps back to its layer list', async (_, spec) => {
    const made = createModelFromSpec(spec, 11);
    if (!made.ok) throw new Error(made.error);
    const original = made.value;
    try {
      const files = await expectNoLeak(() => filesOf(original, { ...META, spec }));
      await expectNoLeak(async () => {
        const r = await loadStoredModel(files);
        if (!r.ok) throw new Error(r.error);
        const loaded = r.value;
        try {
          expect(Array.from(predict(loaded.model))).toEqual(Array.from(predict(original)));
          expect(loaded.info.spec).toEqual({ layers: spec.layers.map((l) => ({ ...l })) });
          expect(loaded.info.specProblem).toBeNull();
          expect(loaded.info.params).toBe(original.countParams());
          expect(loaded.info.metadata?.testAccuracy).toBe(0.91);
          expect(loaded.info.outputShape).toEqual([null, 10]);
        } finally {
          loaded.model.dispose();
        }
      });
    } finally {
      original.dispose();
    }
  });

  it('saves SeededDropout as a standard Dropout that plain TF.js loads without our class', async () => {
    const files = await specFiles(CNN_WITH_DROPOUT);
    expect(files.modelJson).not.toMatch(/SeededDropout/);
    const parsed = JSON.parse(files.modelJson);
    expect(parsed.format).toBe('layers-model');
    expect(parsed.weightsManifest[0].paths).toEqual(['weights.bin']);
    const dropouts = parsed.modelTopology.config.layers.filter((l: { class_name: string }) => l.class_name === 'Dropout');
    expect(dropouts.map((l: { config: { rate: number; name: string; seed: unknown } }) => [l.config.name, l.config.rate, l.config.seed])).toEqual([
      ['dropout_6', 0.25, null],
      ['dense_7_dropout', 0.5, null],
    ]);
    // Plain tfjs, as any TF.js app (or the converter back to Keras) would read it.
    await expectNoLeak(async () => {
      const model = await tf.loadLayersModel(
        tf.io.fromMemory({ modelTopology: parsed.modelTopology, weightSpecs: parsed.weightsManifest[0].weights, weightData: files.weights }),
      );
      expect(model.layers.map((l) => l.getClassName())).toEqual(['Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dropout', 'Dense', 'Dropout', 'Dense']);
      model.dispose();
    });
  });

  it('loads Keras-style models (InputLayer, Flatten or Reshape inputs, Dense, Conv2D, MaxPooling2D, Dropout); maps them to a layer list where it can', async () => {
    const flat = await modelFiles(() =>
      tf.sequential({
        layers: [
          tf.layers.inputLayer({ inputShape: [28, 28], name: 'input_1' }),
          tf.layers.flatten({ name: 'flatten' }),
          tf.layers.dense({ units: 32, activation: 'relu', name: 'dense' }),
          tf.layers.dropout({ rate: 0.2, name: 'dropout' }),
          tf.layers.dense({ units: 10, activation: 'softmax', name: 'dense_out' }),
        ],
      }),
    );
    const a = await loadModelFiles(flat.modelJson, weightsMap(flat.weights));
    if (!a.ok) throw new Error(a.error);
    expect(a.value.info.inputShape).toEqual([null, 28, 28]);
    expect(a.value.info.layers).toEqual(['Flatten', 'Dense 32 relu', 'Dropout 0.2', 'Dense 10 softmax']);
    expect(a.value.info.spec?.layers).toEqual([
      { kind: 'dense', units: 32, activation: 'relu' },
      { kind: 'dropout', rate: 0.2 },
      { kind: 'dense', units: 10, activation: 'softmax' },
    ]);
    a.value.model.dispose();

    const conv = await modelFiles(() =>
      tf.sequential({
        layers: [
          tf.layers.reshape({ inputShape: [784], targetShape: [28, 28, 1], name: 'reshape' }),
          tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', padding: 'same', name: 'conv2d' }),
          tf.layers.maxPooling2d({ poolSize: 2, name: 'max_pooling2d' }),
          tf.layers.flatten({ name: 'flatten' }),
          tf.layers.dense({ units: 10, activation: 'softmax', name: 'dense' }),
        ],
      }),
    );
    const b = await loadModelFiles(conv.modelJson, weightsMap(conv.weights));
    if (!b.ok) throw new Error(b.error);
    expect(b.value.info.inputShape).toEqual([null, 784]);
    expect(b.value.info.spec).toBeNull();
    expect(b.value.info.specProblem).toMatch(/layer conv2d \(Conv2D\) has padding 'same', which the layer editor does not have/);
    b.value.model.dispose();

    // A Keras file wraps the topology in model_config.
    const wrapped = edit(flat.modelJson, (m) => (m.modelTopology = { keras_version: '2.15.0', backend: 'tensorflow', model_config: m.modelTopology }));
    const c = await loadModelFiles(wrapped, weightsMap(flat.weights));
    expect(c.ok ? 'loaded' : c.error).toBe('loaded');
    if (c.ok) c.value.model.dispose();
  });

  it('specFromTopology merges our dense layer dropout and refuses layers the editor does not have', () => {
    const dense = (name: string, units: number, activation = 'relu') => ({ className: 'Dense', name, config: { units, activation } });
    expect(specFromTopology([dense('dense_1', 64), { className: 'Dropout', name: 'dense_1_dropout', config: { rate: 0.5 } }, dense('dense_2', 10, 'softmax')])).toEqual({
      ok: true,
      value: { layers: [{ kind: 'dense', units: 64, activation: 'relu', dropout: 0.5 }, { kind: 'dense', units: 10, activation: 'softmax' }] },
    });
    expect(specFromTopology([{ className: 'BatchNormalization', name: 'bn', config: {} }, dense('d', 10, 'softmax')])).toEqual({ ok: false, error: 'layer bn (BatchNormalization) is a layer type, which the layer editor does not have' });
    expect(specFromTopology([dense('d', 10, 'elu')])).toEqual({ ok: false, error: "layer d (Dense) has activation 'elu', which the layer editor does not have" });
  });

  it('specFromTopology checks the layer list at the images it is given, not at 28x28', () => {
    // Five 2x2 pools take 32x32 down to 1x1; on 28x28 the fifth would pool a 1x1 input.
    const pool = (i: number) => ({ className: 'MaxPooling2D', name: `pool_${i}`, config: { pool_size: [2, 2] } });
    const layers = [
      { className: 'Conv2D', name: 'conv', config: { filters: 4, kernel_size: [1, 1], activation: 'relu', batch_input_shape: [null, 32, 32, 1] } },
      ...[1, 2, 3, 4, 5].map(pool),
      { className: 'Flatten', name: 'flatten', config: {} },
      { className: 'Dense', name: 'out', config: { units: 10, activation: 'softmax' } },
    ];
    const spec = specFromTopology(layers, { rows: 32, cols: 32 });
    expect(spec.ok ? spec.value.layers.map((l) => l.kind) : spec.error).toEqual(['conv2d', 'maxPool', 'maxPool', 'maxPool', 'maxPool', 'maxPool', 'flatten', 'dense']);
    // The same list on MNIST's images is refused, naming the size it needs.
    const mnist = specFromTopology(layers);
    expect(mnist.ok ? 'accepted' : mnist.error).toMatch(/Layer 6 \(maxPool\): its 2x2 window is larger than its 1x1 input.*at least 32x32 pixels, and this dataset's are 28x28/);
  });
});

describe('a model.json as the TensorFlow.js converter writes it from a Keras 2 .h5', () => {
  it('loads (Keras config keys, InputLayer with sparse/ragged, model_config wrapper, weights named by Keras)', async () => {
    const keras = {
      format: 'layers-model',
      generatedBy: 'keras v2.12.0',
      convertedBy: 'TensorFlow.js Converter v4.22.0',
      modelTopology: {
        keras_version: '2.12.0',
        backend: 'tensorflow',
        model_config: {
          class_name: 'Sequential',
          config: {
            name: 'sequential',
            layers: [
              { class_name: 'InputLayer', config: { batch_input_shape: [null, 28, 28, 1], dtype: 'float32', sparse: false, ragged: false, name: 'conv2d_input' } },
              {
                class_name: 'Conv2D',
                config: {
                  name: 'conv2d', trainable: true, dtype: 'float32', filters: 2, kernel_size: [3, 3], strides: [1, 1], padding: 'valid', data_format: 'channels_last',
                  dilation_rate: [1, 1], groups: 1, activation: 'relu', use_bias: true, kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
                  bias_initializer: { class_name: 'Zeros', config: {} }, kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
                },
              },
              { class_name: 'MaxPooling2D', config: { name: 'max_pooling2d', trainable: true, dtype: 'float32', pool_size: [2, 2], padding: 'valid', strides: [2, 2], data_format: 'channels_last' } },
              { class_name: 'Flatten', config: { name: 'flatten', trainable: true, dtype: 'float32', data_format: 'channels_last' } },
              { class_name: 'Dropout', config: { name: 'dropout', trainable: true, dtype: 'float32', rate: 0.5, noise_shape: null, seed: null } },
              {
                class_name: 'Dense',
                config: {
                  name: 'dense', trainable: true, dtype: 'float32', units: 10, activation: 'softmax', use_bias: true, kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
                  bias_initializer: { class_name: 'Zeros', config: {} }, kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
                },
              },
            ],
          },
        },
        training_config: { loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'], optimizer_config: { class_name: 'Adam', config: { learning_rate: 0.001 } } },
      },
      weightsManifest: [
        {
          paths: ['group1-shard1of1.bin'],
          weights: [
            { name: 'conv2d/kernel', shape: [3, 3, 1, 2], dtype: 'float32' },
            { name: 'conv2d/bias', shape: [2], dtype: 'float32' },
            { name: 'dense/kernel', shape: [338, 10], dtype: 'float32' },
            { name: 'dense/bias', shape: [10], dtype: 'float32' },
          ],
        },
      ],
    };
    const count = 18 + 2 + 3380 + 10;
    const values = Float32Array.from({ length: count }, (_, i) => Math.sin(i) * 0.1);
    await expectNoLeak(async () => {
      const r = await loadModelFiles(JSON.stringify(keras), weightsMap(new Uint8Array(values.buffer), 'group1-shard1of1.bin'));
      if (!r.ok) throw new Error(r.error);
      expect(r.value.info.layers).toEqual(['Conv2D 2 3x3 relu', 'MaxPool 2x2', 'Flatten', 'Dropout 0.5', 'Dense 10 softmax']);
      expect(r.value.info.spec?.layers).toEqual([
        { kind: 'conv2d', filters: 2, kernelSize: 3, activation: 'relu' },
        { kind: 'maxPool', poolSize: 2 },
        { kind: 'flatten' },
        { kind: 'dropout', rate: 0.5 },
        { kind: 'dense', units: 10, activation: 'softmax' },
      ]);
      const kernel = r.value.model.getWeights()[0].dataSync();
      expect(Array.from(kernel.slice(0, 3))).toEqual(Array.from(values.slice(0, 3)));
      r.value.model.dispose();
    });
  });
});
