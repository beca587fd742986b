/**
 * Whole-array reductions of a large uint8 array from the histogram of its host bytes (byte-histogram.ts),
 * on the cpu backend: cells over `training_images` bound with its bytes (provideSplit) give NumPy's values
 * and dtypes, counted from a plain loop over the same bytes, without running a tensor kernel; the
 * histogram is shared by reshapes, absent without bytes, and nothing is leaked.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { histogramNow, histogramReduce, warmHistogram } from '../../../src/expr/byte-histogram';
import { HOST_MAX } from '../../../src/expr/host';
import { provideHostBytes } from '../../../src/expr/host-bytes';
import { Namespace, NpScalar, disposeOutput, evaluateCell, provideSplit } from '../../../src/expr/index';
import type { Reduction } from '../../../src/expr/reductions';
import { NdArray } from '../../../src/expr/values';
import { createRng } from '../../../src/lib/random';
import { expectNoLeak } from '../leak';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** 84 images of 28x28: 65,856 items, the smallest whole number of images past HOST_MAX (so no host reduction). */
const COUNT = 84;
const SHAPE = [COUNT, 28, 28];
const SIZE = COUNT * 784;

/** Seeded random bytes in [low, high]. */
function randomBytes(seed: number, low = 0, high = 255): Uint8Array {
  const rng = createRng(seed);
  return Uint8Array.from({ length: SIZE }, () => low + rng.nextInt(high - low + 1));
}

/** The reference: each reduction by a plain loop over the bytes. */
function reference(bytes: Uint8Array): Record<Exclude<Reduction, 'var' | 'std'>, number> {
  let sum = 0;
  let min = 255;
  let max = 0;
  let nonzero = 0;
  for (const v of bytes) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v !== 0) nonzero++;
  }
  return { sum, mean: sum / bytes.length, min, max, any: nonzero > 0 ? 1 : 0, all: nonzero === bytes.length ? 1 : 0 };
}

const OPS = ['==', '!=', '<', '<=', '>', '>='] as const;
type Op = (typeof OPS)[number];
const HOLDS: Record<Op, (v: number, s: number) => boolean> = {
  '==': (v, s) => v === s,
  '!=': (v, s) => v !== s,
  '<': (v, s) => v < s,
  '<=': (v, s) => v <= s,
  '>': (v, s) => v > s,
  '>=': (v, s) => v >= s,
};
const FLIPPED: Record<Op, Op> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** Items of `bytes` for which `v op s` holds, by a plain loop. */
function countWhere(bytes: Uint8Array, op: Op, s: number): number {
  let hits = 0;
  for (const v of bytes) if (HOLDS[op](v, s)) hits++;
  return hits;
}

/** A fresh [84, 28, 28] tensor holding `bytes` (int32 storage, as the dataset's images are held). */
const imagesTensor = (bytes: Uint8Array) => tf.tensor(Int32Array.from(bytes), SHAPE, 'int32');

interface Bound {
  namespace: Namespace;
  /** Runs a cell, returns its scalar (dtype and value) and the names of the kernels it ran, value read included. */
  cell: (source: string) => Promise<{ dtype: string; value: number; kernels: string[] }>;
  dispose: () => void;
}

/** `training_images` bound to a tensor of `bytes`, with the bytes handed over (or not) as the loader does. */
function bindTraining(bytes: Uint8Array, handOver = true): Bound {
  const images = imagesTensor(bytes);
  const labels = tf.tensor1d(new Int32Array(COUNT), 'int32');
  const namespace = new Namespace();
  provideSplit(namespace, 'train', images, labels, handOver ? bytes : null);
  const cell = async (source: string) => {
    let scalar: { dtype: string; value: number } | null = null;
    let failure = '';
    const info = await tf.profile(() => {
      const r = evaluateCell(source, namespace);
      if (!r.ok) failure = r.error;
      else if (r.value.value instanceof NpScalar) scalar = { dtype: r.value.value.dtype, value: r.value.value.value };
      else failure = `not a NumPy scalar: ${String(r.value.value)}`;
      disposeOutput(r.ok ? r.value : r);
    });
    if (!scalar) throw new Error(`${source}: ${failure}`);
    return { ...(scalar as { dtype: string; value: number }), kernels: info.kernels.map((k) => k.name) };
  };
  return { namespace, cell, dispose: () => (namespace.dispose(), tf.dispose([images, labels])) };
}

describe('the array under test', () => {
  it('is just past HOST_MAX, so its reductions are not computed from read-back values', () => {
    expect(SIZE).toBeGreaterThan(HOST_MAX);
    expect(SIZE - 784).toBeLessThanOrEqual(HOST_MAX);
  });
});

describe.each<[string, Uint8Array]>([
  ['random bytes 0..255', randomBytes(11)],
  ['bytes 1..200 (no zero, no 255)', randomBytes(12, 1, 200)],
  ['all zero', new Uint8Array(SIZE)],
])('whole-array reductions of training_images, %s', (_, bytes) => {
  const want = reference(bytes);

  it.each<[Exclude<Reduction, 'var' | 'std'>, string]>([
    ['sum', 'uint64'],
    ['mean', 'float64'],
    ['min', 'uint8'],
    ['max', 'uint8'],
    ['any', 'bool'],
    ['all', 'bool'],
  ])('training_images.%s() is the loop\'s value as %s, with no kernel run', async (kind, dtype) => {
    const bound = bindTraining(bytes);
    try {
      const got = await expectNoLeak(() => bound.cell(`training_images.${kind}()`));
      expect({ dtype: got.dtype, value: got.value }).toEqual({ dtype, value: want[kind] });
      expect(got.kernels, 'kernels run').toEqual([]);
      // The same through np.<kind>(...) and on a reshape (which shares the data and so the histogram).
      expect((await bound.cell(`np.${kind}(training_images)`)).value).toBe(want[kind]);
      const reshaped = await bound.cell(`training_images.reshape(${COUNT}, 784).${kind}()`);
      expect(reshaped.value).toBe(want[kind]);
      expect(reshaped.kernels.filter((k) => k !== 'Reshape'), 'kernels besides the reshape').toEqual([]);
    } finally {
      bound.dispose();
    }
  });
});

describe('counts of comparisons with a scalar, (training_images OP s).sum()', () => {
  const bytes = randomBytes(21);
  const scalars = [0, 0.5, 1, 127, 200.25, 254.5, 255, 256, 300, -1, -0.5];

  it('has every value of the scalars below in the data, so == and != are tested on hits', () => {
    for (const s of [0, 1, 127, 255]) expect(countWhere(bytes, '==', s), `items equal to ${s}`).toBeGreaterThan(0);
  });

  it.each(OPS)('%s: counts (int64) and fractions (float64) equal the loop\'s, either way round, with no kernel run', async (op) => {
    const bound = bindTraining(bytes);
    try {
      await expectNoLeak(async () => {
        for (const s of scalars) {
          const hits = countWhere(bytes, op, s);
          const sum = await bound.cell(`(training_images ${op} ${s}).sum()`);
          expect({ dtype: sum.dtype, value: sum.value }, `(x ${op} ${s}).sum()`).toEqual({ dtype: 'int64', value: hits });
          expect(sum.kernels, `(x ${op} ${s}).sum() kernels`).toEqual([]);
          const mean = await bound.cell(`(training_images ${op} ${s}).mean()`);
          expect({ dtype: mean.dtype, value: mean.value }, `(x ${op} ${s}).mean()`).toEqual({ dtype: 'float64', value: hits / SIZE });
          const flipped = await bound.cell(`(${s} ${FLIPPED[op]} training_images).sum()`);
          expect(flipped.value, `(${s} ${FLIPPED[op]} x).sum()`).toBe(hits);
        }
      });
    } finally {
      bound.dispose();
    }
  });

  it('any, all, min and max of a comparison are bool scalars', async () => {
    const bound = bindTraining(bytes);
    try {
      for (const [source, value] of [
        ['(training_images > 0).any()', 1],
        ['(training_images > 0).all()', 0],
        ['(training_images > -1).all()', 1],
        ['(training_images > 255).any()', 0],
        ['(training_images >= 128).min()', 0],
        ['(training_images >= 128).max()', 1],
        ['(training_images < 300).min()', 1],
      ] as const) {
        const got = await bound.cell(source);
        expect({ dtype: got.dtype, value: got.value }, source).toEqual({ dtype: 'bool', value });
        expect(got.kernels, `${source} kernels`).toEqual([]);
      }
    } finally {
      bound.dispose();
    }
  });

  it('np.count_nonzero counts the nonzero bytes, as int64', async () => {
    const bound = bindTraining(bytes);
    try {
      const got = await bound.cell('np.count_nonzero(training_images)');
      expect({ dtype: got.dtype, value: got.value }).toEqual({ dtype: 'int64', value: countWhere(bytes, '!=', 0) });
    } finally {
      bound.dispose();
    }
  });
});

describe('without the bytes', () => {
  it('the cells give the same answers from the tensor, running kernels for them', async () => {
    const bytes = randomBytes(31);
    const want = reference(bytes);
    const bound = bindTraining(bytes, false);
    try {
      const sum = await bound.cell('training_images.sum()');
      expect({ dtype: sum.dtype, value: sum.value }).toEqual({ dtype: 'uint64', value: want.sum });
      expect(sum.kernels.length, 'kernels run').toBeGreaterThan(0);
      expect((await bound.cell('(training_images > 0.5).sum()')).value).toBe(countWhere(bytes, '>', 0.5));
    } finally {
      bound.dispose();
    }
  });
});

describe('histogramReduce and histogramNow', () => {
  it('give null for an array whose bytes were not handed over, and for var and std', async () => {
    await expectNoLeak(() => {
      const t = imagesTensor(randomBytes(41));
      const x = new NdArray(t, 'uint8');
      expect(histogramNow(t)).toBeNull();
      for (const kind of ['sum', 'mean', 'min', 'max', 'any', 'all'] as const) expect(histogramReduce(kind, x), kind).toBeNull();
      provideHostBytes(t, randomBytes(41));
      expect(histogramReduce('var', x)).toBeNull();
      expect(histogramReduce('std', x)).toBeNull();
      t.dispose();
    });
  });

  it('give null for an int32 array over bytes handed over (its sum is int64, not the uint64 of bytes)', () => {
    const bytes = randomBytes(42);
    const t = imagesTensor(bytes);
    provideHostBytes(t, bytes);
    expect(histogramReduce('sum', new NdArray(t, 'uint8'))?.dtype).toBe('uint64');
    expect(histogramReduce('sum', new NdArray(t, 'int32'))).toBeNull();
    t.dispose();
  });

  it('ignore bytes of another length than the tensor', () => {
    const t = imagesTensor(randomBytes(43));
    provideHostBytes(t, randomBytes(43).subarray(1));
    expect(histogramNow(t)).toBeNull();
    t.dispose();
  });

  it('count every byte value as the loop does, once, shared by reshapes of the same data', async () => {
    await expectNoLeak(() => {
      const bytes = randomBytes(44);
      const t = imagesTensor(bytes);
      provideHostBytes(t, bytes);
      const flat = tf.reshape(t, [SIZE]);
      expect(flat.dataId).toBe(t.dataId);
      const h = histogramNow(flat);
      const loop = new Float64Array(256);
      for (const v of bytes) loop[v]++;
      expect(Array.from(h ?? [])).toEqual(Array.from(loop));
      expect(histogramNow(t), 'the same histogram, not a second one').toBe(h);
      expect(histogramReduce('sum', new NdArray(flat, 'uint8'))?.value).toBe(reference(bytes).sum);
      tf.dispose([flat, t]);
    });
  });

  it('warmHistogram builds the histogram in the background that histogramNow then returns', async () => {
    const bytes = randomBytes(45);
    const t = imagesTensor(bytes);
    provideHostBytes(t, bytes);
    const warming = warmHistogram(t);
    expect(warmHistogram(t), 'one build at a time').toBe(warming);
    await warming;
    const h = histogramNow(t);
    expect(h?.reduce((a, b) => a + b, 0)).toBe(SIZE);
    expect(h?.[7]).toBe(countWhere(bytes, '==', 7));
    const none = imagesTensor(bytes);
    await warmHistogram(none);
    expect(histogramNow(none), 'nothing to build from').toBeNull();
    tf.dispose([t, none]);
  });

  it('count a lazy comparison of the array without computing its mask', async () => {
    await expectNoLeak(() => {
      const bytes = randomBytes(46);
      const t = imagesTensor(bytes);
      provideHostBytes(t, bytes);
      let made = 0;
      const mask = new NdArray({ shape: SHAPE, comparison: { source: t, op: '>=', scalar: 100 }, make: () => (made++, tf.greaterEqual(t, 100)) }, 'bool');
      const count = histogramReduce('sum', mask);
      expect(count instanceof NpScalar && { dtype: count.dtype, value: count.value }).toEqual({ dtype: 'int64', value: countWhere(bytes, '>=', 100) });
      expect(made, 'masks computed').toBe(0);
      t.dispose();
    });
  });
});

describe('comparisons with a scalar float32 cannot hold, as NumPy compares them (in float64)', () => {
  const bytes = randomBytes(31);
  // Each rounds to a whole number in float32 (100, 100, 255, 0), which would count the items equal to it.
  const scalars = [100.000001, 99.9999999, 254.99999999, 0.0000001];

  it.each([
    ['with the bytes handed over (the histogram)', true],
    ['without them (the tensor path)', false],
  ] as const)('%s: every operator counts what the loop counts', async (_, handOver) => {
    const bound = bindTraining(bytes, handOver);
    try {
      for (const s of scalars) {
        for (const op of OPS) {
          const want = countWhere(bytes, op, s);
          expect((await bound.cell(`(training_images ${op} ${s}).sum()`)).value, `(training_images ${op} ${s}).sum()`).toBe(want);
          expect((await bound.cell(`(${s} ${FLIPPED[op]} training_images).sum()`)).value, `(${s} ${FLIPPED[op]} training_images).sum()`).toBe(want);
        }
      }
    } finally {
      bound.dispose();
    }
  });
});
