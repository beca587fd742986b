/** The half of a dataset both MnistDataset and CustomDataset share (cpu backend): facts, borrowed tensors, cached class means, memory; nothing leaked. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SplitName } from '../../../src/data/format';
import { TensorDataset, tensorFacts, type SplitTensors } from '../../../src/data/tensor-dataset';
import { expectNoLeak } from '../leak';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** A dataset over hand-made splits; a split set to null is "not in tensors yet". */
class FixtureDataset extends TensorDataset {
  readonly splits: Record<SplitName, SplitTensors | null>;
  computed = 0;

  constructor(splits: Record<SplitName, SplitTensors | null>) {
    super();
    this.splits = splits;
  }

  protected splitTensors(split: SplitName): SplitTensors | null {
    return this.splits[split];
  }

  protected unavailable(split: SplitName): Error {
    return new Error(`${split} is missing`);
  }

  datasetBytes(): number {
    return 1234;
  }

  readImages(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(0));
  }

  loaded(split: SplitName): number {
    return this.splits[split]?.images.shape[0] ?? 0;
  }

  dispose(): void {
    for (const s of Object.values(this.splits)) {
      s?.images.dispose();
      s?.labels.dispose();
    }
  }
}

/** Three 1x2 images: class 0 = [0, 10] and [20, 30], class 2 = [255, 5]. */
function split(): SplitTensors {
  return { images: tf.tensor3d([0, 10, 20, 30, 255, 5], [3, 1, 2], 'int32'), labels: tf.tensor1d([0, 0, 2], 'int32') };
}

async function withDataset(splits: () => Record<SplitName, SplitTensors | null>, body: (ds: FixtureDataset) => Promise<void> | void): Promise<void> {
  await expectNoLeak(async () => {
    const ds = new FixtureDataset(splits());
    try {
      await body(ds);
    } finally {
      ds.dispose();
    }
  });
}

describe('tensorFacts', () => {
  it.each([
    ['int32 images', () => tf.tensor3d([3, 0, 255, 7], [1, 2, 2], 'int32'), { shape: [1, 2, 2], dtype: 'int32', size: 4, bytes: 16, min: 0, max: 255 }],
    ['int32 labels', () => tf.tensor1d([9, 4, 1], 'int32'), { shape: [3], dtype: 'int32', size: 3, bytes: 12, min: 1, max: 9 }],
    ['one negative float', () => tf.tensor2d([-1.5], [1, 1], 'float32'), { shape: [1, 1], dtype: 'float32', size: 1, bytes: 4, min: -1.5, max: -1.5 }],
  ])('describes %s', async (_, make, want) => {
    const t = make();
    try {
      await expectNoLeak(async () => expect(await tensorFacts(t)).toEqual(want));
    } finally {
      t.dispose();
    }
  });
});

describe('TensorDataset', () => {
  it('gives the facts of a split in tensors, and null for one that is not', async () => {
    await withDataset(
      () => ({ train: split(), test: null }),
      async (ds) => {
        expect(await ds.facts('train')).toEqual({
          images: { shape: [3, 1, 2], dtype: 'int32', size: 6, bytes: 24, min: 0, max: 255 },
          labels: { shape: [3], dtype: 'int32', size: 3, bytes: 12, min: 0, max: 2 },
        });
        expect(await ds.facts('test')).toBeNull();
      },
    );
  });

  it('lends both splits\' tensors only once both are there', async () => {
    await withDataset(
      () => ({ train: split(), test: null }),
      (ds) => {
        expect(ds.tensors()).toBeNull();
        ds.splits.test = split();
        const t = ds.tensors();
        expect(t?.trainImages).toBe(ds.splits.train?.images);
        expect(t?.trainLabels).toBe(ds.splits.train?.labels);
        expect(t?.testImages).toBe(ds.splits.test.images);
        expect(t?.testLabels).toBe(ds.splits.test.labels);
      },
    );
  });

  it('computes the class means once per split, the same promise for every caller', async () => {
    await withDataset(
      () => ({ train: split(), test: split() }),
      async (ds) => {
        const first = ds.classMeans('train');
        expect(ds.classMeans('train')).toBe(first);
        expect(ds.classMeans('test'), 'each split has its own').not.toBe(first);
        const means = await first;
        expect(means).toHaveLength(10 * 2);
        expect(Array.from(means.subarray(0, 2)), 'class 0: mean of [0, 10] and [20, 30]').toEqual([10, 20]);
        expect(Array.from(means.subarray(4, 6)), 'class 2').toEqual([255, 5]);
        expect(Array.from(means.subarray(2, 4)), 'a class with no images is 0').toEqual([0, 0]);
        await ds.classMeans('test');
      },
    );
  });

  it('rejects class means with the subclass\'s reason while a split is missing', async () => {
    await withDataset(
      () => ({ train: null, test: null }),
      async (ds) => {
        await expect(ds.classMeans('test')).rejects.toThrow('test is missing');
      },
    );
  });

  it('forgets a failed class-means computation, so the next call tries again', async () => {
    await withDataset(
      () => ({ train: split(), test: null }),
      async (ds) => {
        const broken = ds.splits.train!;
        broken.images.dispose();
        const failed = ds.classMeans('train');
        await expect(failed).rejects.toThrow();
        broken.labels.dispose();
        ds.splits.train = split();
        const retried = ds.classMeans('train');
        expect(retried).not.toBe(failed);
        expect(Array.from((await retried).subarray(0, 2))).toEqual([10, 20]);
      },
    );
  });

  it('reports tf.memory() with the subclass\'s dataset bytes', async () => {
    await withDataset(
      () => ({ train: split(), test: split() }),
      (ds) => {
        const memory = ds.memory();
        expect(memory.datasetBytes).toBe(1234);
        expect(memory.numTensors).toBe(tf.memory().numTensors);
        expect(memory.numBytes).toBe(tf.memory().numBytes);
        expect(memory.numBytesInGPU, 'no GPU on the cpu backend').toBeNull();
      },
    );
  });
});
