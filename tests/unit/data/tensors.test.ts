import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToImages, classMeanImages, imagesDiffering, joinParts, readImageRange, valueRange } from '../../../src/data/tensors';
import { expectNoLeak } from '../leak';
import { cpuClassMeans, firstDifference, randomImages, randomLabels } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** [count, 28, 28] int32 tensor of the fixture pixels; caller disposes. */
const imagesTensor = (pixels: Uint8Array, count: number) => tf.tensor3d(Int32Array.from(pixels.subarray(0, count * 784)), [count, 28, 28], 'int32');

describe('the leak check', () => {
  it('notices a tensor left behind', async () => {
    let leaked: tf.Tensor | undefined;
    await expect(
      expectNoLeak(() => {
        leaked = tf.scalar(1);
      }),
    ).rejects.toThrow(/live tensors/);
    leaked?.dispose();
  });
});

describe('bytesToImages (cpu backend: from an Int32Array)', () => {
  it.each([1, 7, 40])('gives back %i images, in order, as a [n, 28, 28] int32 tensor', async (count) => {
    const pixels = randomImages(count, 21);
    await expectNoLeak(async () => {
      const images = bytesToImages(pixels, count);
      try {
        expect(images.shape).toEqual([count, 28, 28]);
        expect(images.dtype).toBe('int32');
        expect(firstDifference(await images.data(), pixels), 'first wrong pixel').toBe(-1);
      } finally {
        images.dispose();
      }
    });
  });

  it('takes other image sizes', async () => {
    const pixels = Uint8Array.from({ length: 3 * 5 * 6 }, (_, i) => (i * 37) % 256);
    await expectNoLeak(async () => {
      const images = bytesToImages(pixels, 3, 5, 6);
      try {
        expect(images.shape).toEqual([3, 5, 6]);
        expect(firstDifference(await images.data(), pixels)).toBe(-1);
      } finally {
        images.dispose();
      }
    });
  });

  it('refuses bytes that are not whole images, without leaking', async () => {
    await expectNoLeak(() => {
      expect(() => bytesToImages(new Uint8Array(784 * 2 + 1), 2)).toThrow('1569 bytes are not 2 images of 28x28');
    });
  });
});

describe('imagesDiffering', () => {
  const count = 40;
  const pixels = randomImages(count, 12);

  it('finds none when the tensor holds the bytes', async () => {
    await expectNoLeak(async () => {
      const images = imagesTensor(pixels, count);
      try {
        expect(await imagesDiffering(images, pixels, [0, 19, 39])).toEqual([]);
      } finally {
        images.dispose();
      }
    });
  });

  it.each([
    { changed: [17], asked: [0, 17, 39], differ: [17] },
    { changed: [0, 39], asked: [39, 0, 5], differ: [39, 0] },
    { changed: [5], asked: [4, 6], differ: [] },
  ])('names the asked images that differ ($changed changed, $asked asked)', async ({ changed, asked, differ }) => {
    const altered = Uint8Array.from(pixels);
    for (const i of changed) altered[i * 784 + 400] ^= 1;
    await expectNoLeak(async () => {
      const images = imagesTensor(altered, count);
      try {
        expect(await imagesDiffering(images, pixels, asked)).toEqual(differ);
      } finally {
        images.dispose();
      }
    });
  });
});

describe('readImageRange', () => {
  const count = 12;
  const pixels = randomImages(count, 13);

  it.each([
    { start: 0, end: 1 },
    { start: 5, end: 9 },
    { start: 11, end: 12 },
    { start: 0, end: 12 },
  ])('reads images [$start, $end) as bytes', async ({ start, end }) => {
    await expectNoLeak(async () => {
      const images = imagesTensor(pixels, count);
      try {
        const bytes = await readImageRange(images, start, end);
        expect(bytes).toBeInstanceOf(Uint8Array);
        expect(firstDifference(bytes, pixels.subarray(start * 784, end * 784))).toBe(-1);
      } finally {
        images.dispose();
      }
    });
  });

  it('reads nothing for an empty or reversed range', async () => {
    await expectNoLeak(async () => {
      const images = imagesTensor(pixels, count);
      try {
        expect((await readImageRange(images, 4, 4)).length).toBe(0);
        expect((await readImageRange(images, 6, 2)).length).toBe(0);
      } finally {
        images.dispose();
      }
    });
  });
});

describe('valueRange', () => {
  it.each([
    { values: [3, -2, 7.5, 0], min: -2, max: 7.5 },
    { values: [42], min: 42, max: 42 },
    { values: [0, 0, 255, 128], min: 0, max: 255 },
  ])('of $values is $min..$max', async ({ values, min, max }) => {
    await expectNoLeak(async () => {
      const t = tf.tensor1d(values);
      try {
        expect(await valueRange(t)).toEqual({ min, max });
      } finally {
        t.dispose();
      }
    });
  });

  it('of int32 images is 0..255', async () => {
    await expectNoLeak(async () => {
      const images = imagesTensor(randomImages(3, 14), 3);
      try {
        expect(await valueRange(images)).toEqual({ min: 0, max: 255 });
      } finally {
        images.dispose();
      }
    });
  });
});

describe('classMeanImages', () => {


  it('equals the per-class mean computed on the CPU, with 0 (not NaN) for a class without images', async () => {
    const count = 60;
    const pixels = randomImages(count, 15);
    const labels = randomLabels(count, 16).map((l) => (l === 7 ? 3 : l)); // no 7s
    expect(labels.includes(7)).toBe(false);
    const want = cpuClassMeans(pixels, labels);
    await expectNoLeak(async () => {
      const images = imagesTensor(pixels, count);
      const labelTensor = tf.tensor1d(Int32Array.from(labels), 'int32');
      try {
        const means = await classMeanImages(images, labelTensor);
        expect(means).toHaveLength(10 * 784);
        expect(means.some(Number.isNaN)).toBe(false);
        expect(Array.from(means.subarray(7 * 784, 8 * 784)).every((v) => v === 0)).toBe(true);
        let worst = 0;
        for (let k = 0; k < want.length; k++) worst = Math.max(worst, Math.abs(means[k] - want[k]));
        expect(worst, 'largest difference from the CPU mean').toBeLessThan(1e-3);
        for (const k of [0, 783, 3 * 784 + 400, 9 * 784 + 1]) expect(means[k]).toBeCloseTo(want[k], 3);
      } finally {
        images.dispose();
        labelTensor.dispose();
      }
    });
  });

  it('gives the image itself for a class with one image', async () => {
    const pixels = randomImages(2, 17);
    await expectNoLeak(async () => {
      const images = imagesTensor(pixels, 2);
      const labelTensor = tf.tensor1d([4, 9], 'int32');
      try {
        const means = await classMeanImages(images, labelTensor);
        expect(firstDifference(means.subarray(4 * 784, 5 * 784), pixels.subarray(0, 784))).toBe(-1);
        expect(firstDifference(means.subarray(9 * 784, 10 * 784), pixels.subarray(784))).toBe(-1);
      } finally {
        images.dispose();
        labelTensor.dispose();
      }
    });
  });
});

describe('joinParts', () => {
  it('concatenates parts in order into one int32 tensor and disposes the parts', async () => {
    const pixels = randomImages(9, 18);
    await expectNoLeak(async () => {
      const parts = [
        tf.tensor3d(Int32Array.from(pixels.subarray(0, 2 * 784)), [2, 28, 28], 'int32'),
        tf.tensor3d(Int32Array.from(pixels.subarray(2 * 784, 7 * 784)), [5, 28, 28], 'int32'),
        tf.tensor3d(Int32Array.from(pixels.subarray(7 * 784)), [2, 28, 28], 'int32'),
      ];
      const before = tf.memory().numTensors;
      const whole = joinParts(parts);
      try {
        expect(tf.memory().numTensors, 'three parts freed, one tensor made').toBe(before - 2);
        expect(parts.every((p) => p.isDisposed)).toBe(true);
        expect(whole.shape).toEqual([9, 28, 28]);
        expect(whole.dtype).toBe('int32');
        expect(firstDifference(await whole.data(), pixels)).toBe(-1);
      } finally {
        whole.dispose();
      }
    });
  });

  it('hands back a single part as is', async () => {
    await expectNoLeak(() => {
      const only = tf.zeros([3, 28, 28], 'int32') as tf.Tensor3D;
      const whole = joinParts([only]);
      expect(whole).toBe(only);
      expect(only.isDisposed).toBe(false);
      whole.dispose();
    });
  });
});
