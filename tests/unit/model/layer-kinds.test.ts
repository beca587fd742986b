/**
 * The layer-kind table against everything that reads it: one sample model per kind (the compiler
 * asks for a sample of a new kind) goes through the link form, the checks, the summary name, the
 * Keras line, the editor's drafts, the TF.js factory (shapes and parameters the table computes must
 * be tfjs's own) and a save -> topology -> layer list round trip; no tensor left behind.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createModelFromSpec, summarizeModel } from '../../../src/model/factory';
import { hasSpatialLayer, isSpatialKind, joinWords, LAYER_KIND_ORDER, LAYER_KIND_TABLE, type LayerKind, type LayerSpec } from '../../../src/model/layer-kinds';
import { validateModelFiles, WEIGHTS_FILE_NAME } from '../../../src/model/model-files';
import { exportModel } from '../../../src/model/model-io';
import { analyzeSpec, minImageSide, specToText, tryParseSpecText, type ImageShape, type ModelSpec } from '../../../src/model/spec';
import { specFromTopology } from '../../../src/model/topology-spec';
import { modelToKeras } from '../../../src/notebook/training/python';
import { draftsToSpec, initialSpecEdit, specEdit } from '../../../src/notebook/training/setup/spec-edit';
import { layerName } from '../../../src/notebook/training/setup/summary';
import { expectNoLeak } from '../leak';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const OUT: LayerSpec = { kind: 'dense', units: 10, activation: 'softmax' };

interface Sample {
  /** A whole model using the kind; `at` is the kind's layer. */
  layers: LayerSpec[];
  at: number;
  text: string;
  name: string;
  keras: string[];
  /** Images to build it on, when MNIST's are not the point. */
  image?: ImageShape;
}

const SAMPLES = {
  dense: {
    layers: [{ kind: 'dense', units: 12, activation: 'tanh', dropout: 0.5 }, OUT],
    at: 0,
    text: 'dense_12_tanh_0.5-dense_10_softmax',
    name: 'dense 12 tanh, dropout 0.5',
    keras: ["tf.keras.layers.Dense(12, activation='tanh')", 'tf.keras.layers.Dropout(0.5)'],
  },
  conv2d: {
    layers: [{ kind: 'conv2d', filters: 3, kernelSize: 4, activation: 'sigmoid' }, { kind: 'flatten' }, OUT],
    at: 0,
    text: 'conv_3_4_sigmoid-flatten-dense_10_softmax',
    name: 'conv2d 3 4x4 sigmoid',
    keras: ["tf.keras.layers.Conv2D(3, 4, activation='sigmoid')"],
    image: { rows: 12, cols: 9 },
  },
  maxPool: {
    layers: [{ kind: 'maxPool', poolSize: 3 }, { kind: 'flatten' }, OUT],
    at: 0,
    text: 'pool_3-flatten-dense_10_softmax',
    name: 'maxPool 3x3',
    keras: ['tf.keras.layers.MaxPooling2D(3)'],
    image: { rows: 10, cols: 8 },
  },
  flatten: {
    // On feature maps: analyzeSpec accepts a flatten of a vector, but TF.js's Flatten needs rank >= 3.
    layers: [{ kind: 'maxPool', poolSize: 2 }, { kind: 'flatten' }, OUT],
    at: 1,
    text: 'pool_2-flatten-dense_10_softmax',
    name: 'flatten',
    keras: ['tf.keras.layers.Flatten()'],
  },
  dropout: {
    layers: [{ kind: 'dense', units: 8, activation: 'relu' }, { kind: 'dropout', rate: 0.25 }, OUT],
    at: 1,
    text: 'dense_8_relu-drop_0.25-dense_10_softmax',
    name: 'dropout 0.25',
    keras: ['tf.keras.layers.Dropout(0.25)'],
  },
} satisfies Record<LayerKind, Sample>;

const cases = LAYER_KIND_ORDER.map((kind) => [kind, SAMPLES[kind] as Sample] as const);

describe.each(cases)('%s', (kind, sample) => {
  const spec: ModelSpec = { layers: sample.layers };
  const layer = sample.layers[sample.at];

  it('is the kind the sample says', () => {
    expect(layer.kind).toBe(kind);
  });

  it('has a link form that parses back to the same layers', () => {
    expect(specToText(spec)).toBe(sample.text);
    expect(tryParseSpecText(sample.text)).toEqual({ ok: true, value: spec });
  });

  it('names itself and writes its Keras lines', () => {
    expect(layerName(layer)).toBe(sample.name);
    const code = modelToKeras(spec, sample.image);
    for (const line of sample.keras) expect(code).toContain(`    ${line},`);
  });

  it('survives the editor: loaded as drafts, checked back to the same spec; a new draft of it checks too', () => {
    const state = initialSpecEdit(spec);
    expect(draftsToSpec(state.drafts, sample.image).spec).toEqual(spec);
    const added = specEdit(state, { type: 'add', kind });
    expect(added.drafts).toHaveLength(spec.layers.length + 1);
    expect(draftsToSpec(added.drafts, sample.image).fieldErrors).toEqual({});
  });

  it("plans the shapes and parameters TF.js builds, and maps back from the saved topology", async () => {
    const plan = analyzeSpec(spec, sample.image);
    if (!plan.ok) throw new Error(plan.error);
    const files = await expectNoLeak(async () => {
      const made = createModelFromSpec(spec, 5, sample.image);
      if (!made.ok) throw new Error(made.error);
      try {
        const { rows, totalParams } = summarizeModel(made.value);
        expect(totalParams).toBe(plan.value.totalParams);
        for (const p of plan.value.layers) {
          const row = rows.find((r) => r.name === `${p.kind}_${p.index + 1}`);
          expect([row?.outputShape, row?.params]).toEqual([[null, ...p.outputShape], p.params]);
        }
        const saved = await exportModel(made.value, null);
        if (!saved.ok) throw new Error(saved.error);
        return saved.value;
      } finally {
        made.value.dispose();
      }
    });
    const image = sample.image ?? { rows: 28, cols: 28 };
    const checked = validateModelFiles(files.modelJson, new Map([[WEIGHTS_FILE_NAME, new Uint8Array(files.weights)]]), { image });
    if (!checked.ok) throw new Error(checked.error);
    expect(specFromTopology(checked.value.layers, image)).toEqual({ ok: true, value: spec });
  });
});

describe('the table as a whole', () => {
  it('keeps the link tokens and topology class names apart, so a token or a class means one kind', () => {
    const tokens = LAYER_KIND_ORDER.map((k) => LAYER_KIND_TABLE[k].token);
    const classes = LAYER_KIND_ORDER.flatMap((k) => LAYER_KIND_TABLE[k].topology.classNames);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(new Set(classes).size).toBe(classes.length);
  });

  it.each<[LayerKind, boolean]>([
    ['conv2d', true],
    ['maxPool', true],
    ['dense', false],
    ['flatten', false],
    ['dropout', false],
  ])('%s spatial: %s', (kind, spatial) => {
    expect(isSpatialKind(kind)).toBe(spatial);
  });

  it('takes a layer of an unknown kind (from a file) as not spatial instead of throwing', () => {
    expect(hasSpatialLayer([{ kind: 'batchNorm' } as unknown as LayerSpec, OUT])).toBe(false);
    expect(analyzeSpec({ layers: [{ kind: 'batchNorm' } as unknown as LayerSpec, OUT] })).toEqual({ ok: false, error: 'Layer 1 (batchNorm): unknown layer kind; use dense, conv2d, maxPool, flatten or dropout.' });
  });

  it('walks the smallest image back through kernels and pools, skipping fields that are not whole', () => {
    const conv = (kernelSize: number): LayerSpec => ({ kind: 'conv2d', filters: 1, kernelSize, activation: 'relu' });
    expect(minImageSide({ layers: [conv(5), { kind: 'maxPool', poolSize: 2 }, conv(3), { kind: 'maxPool', poolSize: 2 }, { kind: 'flatten' }, OUT] })).toBe(((1 * 2 + 2) * 2) + 4);
    expect(minImageSide({ layers: [conv(2.5), { kind: 'maxPool', poolSize: 0 }, OUT] })).toBe(1);
  });

  it.each<[string[], 'and' | 'or', string]>([
    [[], 'or', ''],
    [['a'], 'or', 'a'],
    [['a', 'b'], 'and', 'a and b'],
    [['a', 'b', 'c'], 'or', 'a, b or c'],
  ])('joinWords %j %s', (words, last, text) => {
    expect(joinWords(words, last)).toBe(text);
  });
});
