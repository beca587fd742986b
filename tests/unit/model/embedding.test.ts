/** The embedding map's maths: PCA against data built from a known decomposition, and the features it projects. */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layerActivations } from '../../../src/model/activations';
import { features, orthonormalColumns, pca2, precompilePca, principalComponents, symmetricEigen } from '../../../src/model/embedding';
import { createModelFromSpec } from '../../../src/model/factory';
import { DENSE_PRESET } from '../../../src/model/presets';
import { randomImages, seededRandom } from '../data/fixtures';
import { expectNoLeak } from '../leak';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** n points in d dimensions: independent normals with standard deviations `sd` along the columns of a known orthogonal Q, plus an offset. */
function knownData(n: number, sd: number[], seed: number) {
  const d = sd.length;
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  // Q = I - 2 u u^T / (u^T u): a reflection, orthogonal, known exactly.
  const u = Array.from({ length: d }, (_, i) => i + 1 + random());
  const uu = u.reduce((a, b) => a + b * b, 0);
  const q = (r: number, c: number) => (r === c ? 1 : 0) - (2 * u[r] * u[c]) / uu;
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const z = sd.map((s) => s * normal());
    for (let r = 0; r < d; r++) x[i * d + r] = 3 + z.reduce((a, zc, c) => a + q(r, c) * zc, 0);
  }
  return { x, d, axis: (j: number) => Array.from({ length: d }, (_, r) => q(r, j)) };
}

/** The exact sample PCA in float64: the covariance's eigenvectors by Jacobi (checked below against a known decomposition). */
function exactPca(x: Float64Array, n: number, d: number) {
  const mean = Array.from({ length: d }, (_, r) => Array.from({ length: n }, (_, i) => x[i * d + r]).reduce((a, b) => a + b, 0) / n);
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++) for (let r = 0; r < d; r++) for (let c = 0; c < d; c++) cov[r * d + c] += ((x[i * d + r] - mean[r]) * (x[i * d + c] - mean[c])) / (n - 1);
  const { values, vectors } = symmetricEigen(cov, d);
  const total = values.reduce((a, b) => a + b, 0);
  const project = (j: number) => Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, r) => vectors[r * d + j] * (x[i * d + r] - mean[r])).reduce((a, b) => a + b, 0));
  return { project, explained: Array.from(values, (v) => v / total) };
}


describe('pca2', () => {
  // 6 dimensions (the sampled span is all of them), and 40 with a slow tail (randomized PCA's approximation at work).
  const tail = Array.from({ length: 38 }, (_, i) => 1.2 * 0.95 ** i);
  for (const sd of [[5, 3, 1, 0.5, 0.2, 0.1], [5, 3, ...tail]]) {
    it(`matches the exact PCA of ${sd.length} dimensions, and its axes are near the generating ones`, async () => {
      const n = 600;
      const { x, d, axis } = knownData(n, sd, 3);
      const t = tf.tensor2d(Float32Array.from(x), [n, d]);
      const p = await pca2(t);
      t.dispose();
      const exact = exactPca(x, n, d);
      for (const j of [0, 1]) {
        const want = exact.project(j);
        const got = Array.from({ length: n }, (_, i) => p.coords[2 * i + j]);
        const sign = Math.sign(got.reduce((s, g, i) => s + g * want[i], 0));
        const spread = Math.sqrt(want.reduce((s, w) => s + w * w, 0) / n);
        got.forEach((g, i) => expect(Math.abs(sign * g - want[i])).toBeLessThan(2e-3 * spread));
        // The generating axis, up to sampling: |cos| near 1.
        const a = axis(j);
        const mean = Array.from({ length: d }, (_, r) => Array.from({ length: n }, (_, i) => x[i * d + r]).reduce((u, v) => u + v, 0) / n);
        const along = Array.from({ length: n }, (_, i) => a.reduce((s, ar, r) => s + ar * (x[i * d + r] - mean[r]), 0));
        const cos = Math.abs(want.reduce((s, w, i) => s + w * along[i], 0)) / Math.sqrt(want.reduce((s, w) => s + w * w, 0) * along.reduce((s, w) => s + w * w, 0));
        expect(cos).toBeGreaterThan(0.97);
      }
      expect(p.explained[0]).toBeCloseTo(exact.explained[0], 3);
      expect(p.explained[1]).toBeCloseTo(exact.explained[1], 3);
      expect(p.dimensions).toBe(d);
    });
  }

  it('gives each axis the variance it reports, the axes uncorrelated, and the same map twice', async () => {
    const { x, d } = knownData(300, [4, 2, 1, 1], 8);
    const t = tf.tensor2d(Float32Array.from(x), [300, d]);
    const [a, b] = [await pca2(t), await pca2(t)];
    const total = tf.tidy(() => tf.sum(tf.moments(t, 0).variance).dataSync()[0]) * (300 / 299);
    t.dispose();
    const col = (j: number) => Array.from({ length: 300 }, (_, i) => a.coords[2 * i + j]);
    const variance = (v: number[]) => v.reduce((s, w) => s + w * w, 0) / 299;
    expect(variance(col(0)) / total).toBeCloseTo(a.explained[0], 3);
    expect(variance(col(1)) / total).toBeCloseTo(a.explained[1], 3);
    expect(Math.abs(col(0).reduce((s, v, i) => s + v * col(1)[i], 0) / 299)).toBeLessThan(1e-3 * total);
    expect(Array.from(b.coords)).toEqual(Array.from(a.coords));
  });

  it('refuses fewer than two rows or columns, and leaves no tensor behind', async () => {
    const one = tf.zeros([1, 5]) as tf.Tensor2D;
    await expect(pca2(one)).rejects.toThrow(/at least 2 rows/);
    one.dispose();
    const t = tf.randomNormal([50, 8], 0, 1, 'float32', 4) as tf.Tensor2D;
    await expectNoLeak(() => pca2(t));
    t.dispose();
  });
});

describe('principalComponents', () => {
  /** Column j of a row-major [n, count] map. */
  const column = (coords: Float32Array, count: number, j: number) => Array.from({ length: coords.length / count }, (_, i) => coords[i * count + j]);
  /** |cos| of the angle between two vectors: 1 when one axis is the other up to its sign. */
  const cos = (a: number[], b: number[]) => Math.abs(a.reduce((s, v, i) => s + v * b[i], 0)) / Math.sqrt(a.reduce((s, v) => s + v * v, 0) * b.reduce((s, v) => s + v * v, 0));

  it('gives as many components as asked, each the exact one, each share of the variance the exact one', async () => {
    const n = 500;
    const sd = [6, 4, 3, 2, 1, 0.6, 0.4, 0.3, 0.2, 0.15, 0.1, 0.05];
    const { x, d } = knownData(n, sd, 21);
    const t = tf.tensor2d(Float32Array.from(x), [n, d]);
    const p = await principalComponents(t, 5);
    t.dispose();
    const exact = exactPca(x, n, d);
    expect(p.count).toBe(5);
    expect(p.coords.length).toBe(n * 5);
    expect(p.explained.length).toBe(5);
    for (let j = 0; j < 5; j++) {
      expect(cos(column(p.coords, 5, j), exact.project(j))).toBeGreaterThan(0.9999);
      expect(p.explained[j]).toBeCloseTo(exact.explained[j], 3);
    }
    // Largest first.
    for (let j = 1; j < 5; j++) expect(p.explained[j]).toBeLessThan(p.explained[j - 1]);
  });

  it('fitted on every 4th row, projects every row, near the exact axes, with the shares measured on all rows', async () => {
    const n = 1203; // not a multiple of 4: the last rows are projected though not fitted
    const { x, d } = knownData(n, [5, 3, 1.5, 0.5, 0.3, 0.2, 0.1, 0.1], 5);
    const t = tf.tensor2d(Float32Array.from(x), [n, d]);
    const p = await principalComponents(t, 3, { fitEvery: 4 });
    const total = tf.tidy(() => tf.sum(tf.moments(t, 0).variance).dataSync()[0]) * (n / (n - 1));
    t.dispose();
    const exact = exactPca(x, n, d);
    expect(p.coords.length).toBe(n * 3);
    for (let j = 0; j < 3; j++) {
      const got = column(p.coords, 3, j);
      expect(cos(got, exact.project(j))).toBeGreaterThan(0.99);
      expect(got.reduce((s, v) => s + v * v, 0) / (n - 1) / total).toBeCloseTo(p.explained[j], 4);
    }
    // Too few rows to stride: fitted on all of them, as without fitEvery.
    const small = tf.tensor2d(Float32Array.from(x.subarray(0, 8 * d)), [8, d]);
    const [strided, plain] = [await principalComponents(small, 3, { fitEvery: 4 }), await principalComponents(small, 3)];
    small.dispose();
    expect(Array.from(strided.coords)).toEqual(Array.from(plain.coords));
  });

  it('refuses a count beyond the data or a nonsense fitEvery, and leaves no tensor behind', async () => {
    const t = tf.randomNormal([60, 6], 0, 1, 'float32', 9) as tf.Tensor2D;
    await expect(principalComponents(t, 7)).rejects.toThrow(/7 asked of 60x6/);
    await expect(principalComponents(t, 0)).rejects.toThrow(/0 asked/);
    await expect(principalComponents(t, 2, { fitEvery: 0 })).rejects.toThrow(/fitEvery/);
    await expect(principalComponents(t, 2, { fitEvery: 1.5 })).rejects.toThrow(/fitEvery/);
    await expectNoLeak(() => principalComponents(t, 6));
    await expectNoLeak(() => principalComponents(t, 3, { fitEvery: 3 }));
    t.dispose();
  });
});

describe('precompilePca', () => {
  it('off webgl (no compile-only mode) returns at once, leaving no tensors, and the map after it is the same', async () => {
    const images = tf.tensor3d(Int32Array.from(randomImages(40, 3)), [40, 28, 28], 'int32');
    const x = features(images, null);
    const before = await principalComponents(x, 2);
    let yields = 0;
    await expectNoLeak(() => precompilePca(images, 2, 1, async () => void yields++));
    await expectNoLeak(() => precompilePca(images, 50, 4, async () => void yields++));
    expect(yields).toBe(0);
    expect(Array.from((await principalComponents(x, 2)).coords)).toEqual(Array.from(before.coords));
    tf.dispose([images, x]);
  });
});

describe('features', () => {
  const images = tf.tensor3d(Int32Array.from(randomImages(7, 2)), [7, 28, 28], 'int32');
  afterAll(() => images.dispose());

  it('are the pixels / 255 without a model, and the layer before the output with one', async () => {
    const raw = features(images, null);
    expect(raw.shape).toEqual([7, 784]);
    expect(Array.from(raw.dataSync().slice(0, 784))).toEqual(Array.from(images.dataSync().slice(0, 784), (v) => Math.fround(v / 255)));
    raw.dispose();
    const made = createModelFromSpec(DENSE_PRESET, 5);
    if (!made.ok) throw new Error(made.error);
    const learned = features(images, made.value);
    expect(learned.shape).toEqual([7, 128]);
    const acts = (await layerActivations(made.value, images, 4))!;
    const hidden = acts[acts.length - 2].values;
    learned.dataSync().slice(4 * 128, 5 * 128).forEach((v, k) => expect(v).toBeCloseTo(hidden[k], 5));
    learned.dispose();
    await expectNoLeak(() => tf.dispose(features(images, made.value)));
    made.value.dispose();
  });

  it('refuses a model whose layers do not form a chain, leaving nothing behind', async () => {
    const input = tf.input({ shape: [28, 28, 1] });
    const flat = tf.layers.flatten().apply(input) as tf.SymbolicTensor;
    const joined = tf.layers.concatenate().apply([tf.layers.dense({ units: 4 }).apply(flat) as tf.SymbolicTensor, tf.layers.dense({ units: 4 }).apply(flat) as tf.SymbolicTensor]) as tf.SymbolicTensor;
    const branchy = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 10, activation: 'softmax' }).apply(joined) as tf.SymbolicTensor });
    await expectNoLeak(() => expect(() => features(images, branchy)).toThrow(/layers form a chain/));
    branchy.dispose();
  });
});

describe('symmetricEigen and orthonormalColumns', () => {
  it('finds every eigenpair of a matrix built from them, in descending order', () => {
    const k = 9;
    const lambda = [7, 4, 3.5, 1, 0.5, 0.2, 0.1, 0.05, 0.01];
    const u = Array.from({ length: k }, (_, i) => Math.cos(i + 0.3));
    const uu = u.reduce((a, b) => a + b * b, 0);
    const q = (r: number, c: number) => (r === c ? 1 : 0) - (2 * u[r] * u[c]) / uu;
    const m = new Float64Array(k * k);
    for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) for (let j = 0; j < k; j++) m[r * k + c] += q(r, j) * lambda[j] * q(c, j);
    const { values, vectors } = symmetricEigen(m, k);
    values.forEach((v, j) => expect(v).toBeCloseTo(lambda[j], 10));
    for (let j = 0; j < k; j++) {
      const dot = Array.from({ length: k }, (_, r) => vectors[r * k + j] * q(r, j)).reduce((a, b) => a + b, 0);
      expect(Math.abs(dot)).toBeCloseTo(1, 10);
    }
  });

  it('makes the columns orthonormal, spanning what they spanned', () => {
    const random = seededRandom(12);
    const [n, k] = [40, 5];
    const y = Float64Array.from({ length: n * k }, () => random() - 0.5);
    const q = orthonormalColumns(y, n, k);
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        const dot = Array.from({ length: n }, (_, i) => q[i * k + a] * q[i * k + b]).reduce((s, v) => s + v, 0);
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 10);
      }
    }
    // The first column keeps its direction.
    const norm0 = Math.sqrt(Array.from({ length: n }, (_, i) => y[i * k] ** 2).reduce((s, v) => s + v, 0));
    for (let i = 0; i < n; i++) expect(q[i * k]).toBeCloseTo(y[i * k] / norm0, 10);
  });
});
