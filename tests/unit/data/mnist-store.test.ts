import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MnistStore, NotLoadedError } from '../../../src/data/mnist-store';
import { joinParts } from '../../../src/data/tensors';
import { expectNoLeak } from '../leak';
import { firstDifference, randomImages, randomLabels } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const COUNT = 30;
const pixels = randomImages(COUNT, 31);
const labels = randomLabels(COUNT, 32);

/** Images [first, first+count) of the fixture as a [count, 28, 28] int32 tensor (ownership passes to the store). */
const part = (first: number, count: number) => tf.tensor3d(Int32Array.from(pixels.subarray(first * 784, (first + count) * 784)), [count, 28, 28], 'int32');
const bytesOf = (start: number, end: number) => pixels.subarray(start * 784, end * 784);

/** Runs `body` with a fresh store, disposes it, and checks that every tensor it held was freed. */
async function withStore(body: (store: MnistStore) => Promise<void> | void): Promise<void> {
  await expectNoLeak(async () => {
    const store = new MnistStore();
    try {
      await body(store);
    } finally {
      store.dispose();
    }
  });
}

describe('MnistStore while loading (parts)', () => {
  it('counts only the contiguous prefix of parts added out of order', async () => {
    await withStore((store) => {
      expect(store.loadedPrefix('train')).toBe(0);
      store.addPart('train', 20, part(20, 10));
      expect(store.loadedPrefix('train'), 'only the last part').toBe(0);
      store.addPart('train', 0, part(0, 10));
      expect(store.loadedPrefix('train'), 'first part, gap at 10..19').toBe(10);
      store.addPart('train', 10, part(10, 10));
      expect(store.loadedPrefix('train'), 'gap filled').toBe(30);
      expect(store.partsOf('train').map((p) => p.first)).toEqual([0, 10, 20]);
      expect(store.loadedPrefix('test'), 'the other split is untouched').toBe(0);
    });
  });

  it.each([
    { start: 0, end: 30, why: 'everything' },
    { start: 5, end: 25, why: 'across both part boundaries' },
    { start: 9, end: 11, why: 'the last image of one part and the first of the next' },
    { start: 10, end: 20, why: 'exactly one part' },
    { start: 29, end: 30, why: 'the last image' },
  ])('reads images [$start, $end) ($why)', async ({ start, end }) => {
    await withStore(async (store) => {
      store.addPart('test', 10, part(10, 10));
      store.addPart('test', 0, part(0, 10));
      store.addPart('test', 20, part(20, 10));
      expect(firstDifference(await store.readImages('test', start, end), bytesOf(start, end))).toBe(-1);
    });
  });

  it.each([
    { start: 5, end: 15, missing: 10 },
    { start: 10, end: 11, missing: 10 },
    { start: 25, end: 31, missing: 30 },
  ])('rejects [$start, $end) with NotLoadedError naming image $missing', async ({ start, end, missing }) => {
    await withStore(async (store) => {
      store.addPart('train', 0, part(0, 10));
      store.addPart('train', 20, part(20, 10));
      const read = store.readImages('train', start, end);
      await expect(read).rejects.toBeInstanceOf(NotLoadedError);
      await expect(read).rejects.toMatchObject({ code: 'NOT_LOADED', message: `image ${missing} of train is not loaded yet` });
    });
  });

  it('rejects any read of a split with nothing loaded', async () => {
    await withStore(async (store) => {
      await expect(store.readImages('test', 0, 1)).rejects.toBeInstanceOf(NotLoadedError);
    });
  });

  it('clearSplit frees the parts of one split only', async () => {
    await withStore((store) => {
      store.addPart('train', 0, part(0, 10));
      store.addPart('test', 0, part(0, 5));
      const before = tf.memory().numTensors;
      store.clearSplit('train');
      expect(tf.memory().numTensors).toBe(before - 1);
      expect(store.loadedPrefix('train')).toBe(0);
      expect(store.loadedPrefix('test')).toBe(5);
    });
  });
});

describe('MnistStore once joined', () => {
  it('joins parts in image order into one tensor and reads from it', async () => {
    await withStore(async (store) => {
      store.addPart('train', 20, part(20, 10));
      store.addPart('train', 0, part(0, 20));
      expect(store.images('train')).toBeNull();
      store.join('train', joinParts);
      const images = store.images('train');
      expect(images?.shape).toEqual([30, 28, 28]);
      expect(store.partsOf('train')).toHaveLength(0);
      expect(store.loadedPrefix('train')).toBe(30);
      expect(firstDifference(await images!.data(), pixels)).toBe(-1);
      expect(firstDifference(await store.readImages('train', 12, 27), bytesOf(12, 27))).toBe(-1);
    });
  });

  it.each([
    { start: -1, end: 3 },
    { start: 0, end: 31 },
    { start: 5, end: 4 },
  ])('rejects [$start, $end) outside the joined split with a RangeError', async ({ start, end }) => {
    await withStore(async (store) => {
      store.addPart('test', 0, part(0, 30));
      store.join('test', joinParts);
      await expect(store.readImages('test', start, end)).rejects.toThrow(RangeError);
    });
  });

  it('does nothing when joining a split without parts', async () => {
    await withStore((store) => {
      store.join('test', joinParts);
      expect(store.images('test')).toBeNull();
    });
  });
});

describe('MnistStore labels, size and disposal', () => {
  it('setLabels keeps the bytes and an int32 tensor; setting them again frees the old tensor', async () => {
    await withStore(async (store) => {
      expect(store.labels('train')).toBeNull();
      store.setLabels('train', labels);
      const tensor = store.labels('train');
      expect(tensor?.dtype).toBe('int32');
      expect(tensor?.shape).toEqual([COUNT]);
      expect(Array.from(await tensor!.data())).toEqual(Array.from(labels));
      expect(store.labelBytes('train')).toBe(labels);
      const before = tf.memory().numTensors;
      store.setLabels('train', labels.subarray(0, 10));
      expect(tf.memory().numTensors).toBe(before);
      expect(tensor?.isDisposed).toBe(true);
      expect(store.labels('train')?.shape).toEqual([10]);
    });
  });

  it('datasetBytes counts 4 bytes per int32 element of images (parts or joined) and labels', async () => {
    await withStore((store) => {
      expect(store.datasetBytes()).toBe(0);
      store.addPart('train', 0, part(0, 10));
      store.addPart('train', 10, part(10, 20));
      store.addPart('test', 0, part(0, 5));
      expect(store.datasetBytes()).toBe((30 + 5) * 784 * 4);
      store.join('train', joinParts);
      expect(store.datasetBytes()).toBe((30 + 5) * 784 * 4);
      store.setLabels('train', labels);
      expect(store.datasetBytes()).toBe((30 + 5) * 784 * 4 + 30 * 4);
    });
  });

  it('dispose frees every tensor and forgets everything; later parts are freed at once', async () => {
    await expectNoLeak(() => {
      const store = new MnistStore();
      store.addPart('train', 0, part(0, 10));
      store.addPart('train', 10, part(10, 20));
      store.join('train', joinParts);
      store.addPart('test', 0, part(0, 5));
      store.addPart('test', 10, part(10, 5));
      store.setLabels('train', labels);
      store.setLabels('test', labels.subarray(0, 15));
      const held = [store.images('train'), store.labels('train'), store.labels('test'), ...store.partsOf('test').map((p) => p.images)];
      store.dispose();
      expect(held.every((t) => t?.isDisposed)).toBe(true);
      for (const split of ['train', 'test'] as const) {
        expect(store.images(split)).toBeNull();
        expect(store.labels(split)).toBeNull();
        expect(store.labelBytes(split)).toBeNull();
        expect(store.loadedPrefix(split)).toBe(0);
      }
      expect(store.datasetBytes()).toBe(0);

      const late = part(0, 3);
      store.addPart('train', 0, late);
      expect(late.isDisposed, 'a part arriving after dispose is freed, not kept').toBe(true);
      store.setLabels('test', labels);
      expect(store.labels('test')).toBeNull();
    });
  });
});
