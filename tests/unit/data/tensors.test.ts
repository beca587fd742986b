import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sheetGeometry, type SheetManifest } from '../../../src/data/format';
import { packSheet } from '../../../src/data/sheets';
import { classMeanImages, countSumMismatches, joinParts, readImageRange, sheetToImages, valueRange } from '../../../src/data/tensors';
import { expectNoLeak } from '../leak';
import { cpuClassMeans, firstDifference, naiveSums, randomImages, randomLabels } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** A manifest entry and a JavaScript-decoded source for images [first, first+count) of `pixels`. */
function sheetOf(pixels: Uint8Array, first: number, count: number, columns = 100) {
  const geom = sheetGeometry(count, columns);
  const sheet: SheetManifest = { file: 'train-images-0.png', first, count, ...geom, bytes: 0, sha256: '' };
  const gray = packSheet(pixels, first, count, geom.columns, geom.rows);
  return { sheet, source: { width: geom.width, height: geom.height, gray } };
}

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

describe('sheetToImages', () => {
  it.each([
    { name: 'a full sheet (300 tiles, 100x3)', count: 300, columns: 100 },
    { name: 'a partial last row (250 tiles, 100x3)', count: 250, columns: 100 },
    { name: 'a narrow sheet (20 tiles, 7x3)', count: 20, columns: 7 },
    { name: 'a single tile', count: 1, columns: 100 },
  ])('gives back the original images in order from $name', async ({ count, columns }) => {
    const pixels = randomImages(count + 5, count);
    const { sheet, source } = sheetOf(pixels, 5, count, columns);
    await expectNoLeak(async () => {
      const images = sheetToImages(source, sheet);
      try {
        expect(images.shape).toEqual([count, 28, 28]);
        expect(images.dtype).toBe('int32');
        const data = await images.data();
        expect(firstDifference(data, pixels.subarray(5 * 784)), 'first wrong pixel').toBe(-1);
      } finally {
        images.dispose();
      }
    });
  });

  it('refuses a decoded image of the wrong size, naming the file and both sizes, without leaking', async () => {
    const pixels = randomImages(10, 1);
    const { sheet, source } = sheetOf(pixels, 0, 10);
    await expectNoLeak(() => {
      expect(() => sheetToImages({ ...source, height: 56, gray: new Uint8Array(source.width * 56) }, sheet)).toThrow('train-images-0.png: decoded 280x56 px, expected 280x28');
    });
  });
});

describe('countSumMismatches', () => {
  const count = 40;
  const pixels = randomImages(count, 12);
  const sums = () => Uint32Array.from(naiveSums(pixels, count));

  it('finds no mismatch when the sums are right', async () => {
    await expectNoLeak(async () => {
      const images = imagesTensor(pixels, count);
      try {
        expect(await countSumMismatches(images, sums())).toEqual({ mismatches: 0, firstBad: -1 });
      } finally {
        images.dispose();
      }
    });
  });

  it.each([
    { altered: [7], first: 7 },
    { altered: [31, 3, 12], first: 3 },
    { altered: [0], first: 0 },
    { altered: [39], first: 39 },
    { altered: Array.from({ length: 40 }, (_, i) => i), first: 0 },
  ])('counts $altered.length altered sums and reports the first at $first', async ({ altered, first }) => {
    const expected = sums();
    for (const i of altered) expected[i] += 1;
    await expectNoLeak(async () => {
      const images = imagesTensor(pixels, count);
      try {
        expect(await countSumMismatches(images, expected)).toEqual({ mismatches: altered.length, firstBad: first });
      } finally {
        images.dispose();
      }
    });
  });

  it('notices a changed pixel in the images', async () => {
    const changed = Uint8Array.from(pixels);
    changed[17 * 784 + 400] ^= 1;
    await expectNoLeak(async () => {
      const images = imagesTensor(changed, count);
      try {
        expect(await countSumMismatches(images, sums())).toEqual({ mismatches: 1, firstBad: 17 });
      } finally {
        images.dispose();
      }
    });
  });

  it('treats a sum vector of the wrong length as all images bad', async () => {
    await expectNoLeak(async () => {
      const images = imagesTensor(pixels, count);
      try {
        expect((await countSumMismatches(images, sums().subarray(0, 39))).mismatches).toBe(count);
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
