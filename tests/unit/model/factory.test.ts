import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCnnModel, createDenseModel, createModelFromSpec, summarizeModel } from '../../../src/model/factory';
import { CNN_PRESET, DENSE_PRESET } from '../../../src/model/presets';
import type { ModelSpec } from '../../../src/model/spec';
import { expectNoLeak } from '../leak';
import { TINY_DROPOUT, weightValues } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** Builds, runs `body`, disposes; fails on a Result error. */
async function withModel<T>(create: () => ReturnType<typeof createDenseModel>, body: (model: tf.LayersModel) => T | Promise<T>): Promise<T> {
  const made = create();
  if (!made.ok) throw new Error(made.error);
  try {
    return await body(made.value);
  } finally {
    made.value.dispose();
  }
}

describe('createDenseModel', () => {
  it('has the shapes and parameter counts of 784 -> 128 -> 10, without leaking', async () => {
    await expectNoLeak(() =>
      withModel(
        () => createDenseModel(1),
        (model) => {
          const { rows, totalParams } = summarizeModel(model);
          expect(rows.map((r) => [r.type, r.outputShape, r.params])).toEqual([
            ['Dense', [null, 128], 100_480],
            ['Dense', [null, 10], 1_290],
          ]);
          expect(totalParams).toBe(101_770);
          expect(model.countParams()).toBe(101_770);
          expect(model.inputs[0].shape).toEqual([null, 784]);
        },
      ),
    );
  });

  it('outputs probabilities: [batch, 10], rows summing to 1', async () => {
    await expectNoLeak(() =>
      withModel(
        () => createDenseModel(3),
        async (model) => {
          const out = tf.tidy(() => model.predict(tf.randomUniform([4, 784], 0, 1, 'float32', 1)) as tf.Tensor);
          expect(out.shape).toEqual([4, 10]);
          const sums = tf.tidy(() => out.sum(1));
          const values = await sums.data();
          tf.dispose([out, sums]);
          for (const s of values) expect(s).toBeCloseTo(1, 5);
        },
      ),
    );
  });
});

describe('createCnnModel', () => {
  it('has each layer output shape and the parameter counts computed by hand', async () => {
    await expectNoLeak(() =>
      withModel(
        () => createCnnModel(1),
        (model) => {
          const { rows, totalParams } = summarizeModel(model);
          expect(rows.map((r) => [r.name, r.type, r.outputShape, r.params])).toEqual([
            ['conv2d_1', 'Conv2D', [null, 24, 24, 16], 416],
            ['maxPool_2', 'MaxPooling2D', [null, 12, 12, 16], 0],
            ['conv2d_3', 'Conv2D', [null, 8, 8, 32], 12_832],
            ['maxPool_4', 'MaxPooling2D', [null, 4, 4, 32], 0],
            ['flatten_5', 'Flatten', [null, 512], 0],
            ['dense_6', 'Dense', [null, 128], 65_664],
            ['dense_7', 'Dense', [null, 10], 1_290],
          ]);
          expect(totalParams).toBe(80_202);
          expect(model.inputs[0].shape).toEqual([null, 28, 28, 1]);
        },
      ),
    );
  });
});

describe('seeded initial weights', () => {
  it.each([
    { name: 'dense', spec: DENSE_PRESET },
    { name: 'cnn', spec: CNN_PRESET },
  ])('$name: the same seed gives identical weights, another seed different ones', async ({ spec }) => {
    await expectNoLeak(async () => {
      const a = await withModel(() => createModelFromSpec(spec, 11), weightValues);
      const b = await withModel(() => createModelFromSpec(spec, 11), weightValues);
      const c = await withModel(() => createModelFromSpec(spec, 12), weightValues);
      expect(b).toEqual(a);
      // Kernels differ; biases start at zero for every seed.
      expect(c[0]).not.toEqual(a[0]);
      expect(c[c.length - 2]).not.toEqual(a[a.length - 2]);
      expect(a[1].every((v) => v === 0)).toBe(true);
    });
  });

  it('gives each layer its own stream (no two kernels start alike)', async () => {
    const spec: ModelSpec = {
      layers: [
        { kind: 'dense', units: 10, activation: 'relu' },
        { kind: 'dense', units: 10, activation: 'relu' },
        { kind: 'dense', units: 10, activation: 'softmax' },
      ],
    };
    const w = await withModel(() => createModelFromSpec(spec, 5), weightValues);
    expect(w[2].slice(0, 10)).not.toEqual(w[4].slice(0, 10));
  });

  it('keeps two models of the same spec alive side by side (unique variable names)', async () => {
    await expectNoLeak(() => {
      const a = createDenseModel(1);
      const b = createDenseModel(1);
      expect(a.ok && b.ok).toBe(true);
      if (a.ok) a.value.dispose();
      if (b.ok) b.value.dispose();
    });
  });
});

describe('seeded dropout', () => {
  it('is the identity outside training, and draws a new but reproducible mask per training call', async () => {
    await expectNoLeak(async () => {
      const run = async (seed: number) =>
        withModel(
          () => createModelFromSpec(TINY_DROPOUT, seed),
          async (model) => {
            const x = tf.ones([8, 784]);
            const outs = [model.apply(x, { training: false }), model.apply(x, { training: false }), model.apply(x, { training: true }), model.apply(x, { training: true })] as tf.Tensor[];
            const values = await Promise.all(outs.map((t) => t.data()));
            tf.dispose([x, ...outs]);
            return values.map((v) => Array.from(v));
          },
        );
      const [inf1, inf2, train1, train2] = await run(4);
      expect(inf2).toEqual(inf1);
      expect(train1).not.toEqual(inf1);
      expect(train2).not.toEqual(train1);
      const again = await run(4);
      expect(again[2]).toEqual(train1);
      expect(again[3]).toEqual(train2);
    });
  });
});

describe('createModelFromSpec with an invalid spec', () => {
  it('returns the message and builds nothing', async () => {
    await expectNoLeak(() => {
      const made = createModelFromSpec({ layers: [{ kind: 'dense', units: 5, activation: 'softmax' }] }, 1);
      expect(made).toEqual({ ok: false, error: expect.stringMatching(/last layer has 5 units/) });
    });
  });
});
