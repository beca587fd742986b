import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nearestImages, type Neighbour } from '../../../src/data/nearest';
import { tryPreprocessDrawing } from '../../../src/data/strokes';
import { InvariantError } from '../../../src/lib/assert';
import { expectNoLeak } from '../leak';
import { randomImages } from './fixtures';

const N = 300;
const PX = 784;
let pixels: Uint8Array;
let images: tf.Tensor3D;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  pixels = randomImages(N, 97);
  // Image 250 is an exact copy of image 42, so a query equal to either ties at distance 0.
  pixels.copyWithin(250 * PX, 42 * PX, 43 * PX);
  images = tf.tensor3d(Int32Array.from(pixels), [N, 28, 28], 'int32');
});

afterAll(() => images.dispose());

/** Brute force on the CPU in float64: every distance, sorted by (distance, index), first k. */
function bruteForce(all: Uint8Array, count: number, query: ArrayLike<number>, k: number): Neighbour[] {
  const rows: Neighbour[] = [];
  for (let i = 0; i < count; i++) {
    let s = 0;
    for (let p = 0; p < PX; p++) {
      const d = all[i * PX + p] - query[p];
      s += d * d;
    }
    rows.push({ index: i, distance: Math.sqrt(s) });
  }
  return rows.sort((a, b) => a.distance - b.distance || a.index - b.index).slice(0, k);
}

function expectSameNeighbours(got: Neighbour[], want: Neighbour[]) {
  expect(got.map((r) => r.index)).toEqual(want.map((r) => r.index));
  got.forEach((r, i) => expect(r.distance).toBeCloseTo(want[i].distance, 2));
}

const nearest = (query: Uint8Array | Float32Array, k?: number, chunkRows?: number) => expectNoLeak(() => nearestImages(images, query, k, chunkRows));

describe('nearestImages', () => {
  it('matches a brute-force CPU search for random queries (k = 5 by default)', async () => {
    for (const seed of [1, 2, 3, 4]) {
      const query = randomImages(1, 1000 + seed);
      const got = await nearest(query);
      expect(got).toHaveLength(5);
      expectSameNeighbours(got, bruteForce(pixels, N, query, 5));
    }
  });

  it('finds a dataset image itself at distance 0', async () => {
    for (const index of [0, 17, 299]) {
      const query = pixels.slice(index * PX, (index + 1) * PX);
      const got = await nearest(query, 3);
      expect(got[0]).toEqual({ index, distance: 0 });
      expect(got[1].distance).toBeGreaterThan(0);
      expectSameNeighbours(got, bruteForce(pixels, N, query, 3));
    }
  });

  it('breaks ties by the lower index', async () => {
    const copy = pixels.slice(250 * PX, 251 * PX);
    const got = await nearest(copy, 2);
    expect(got).toEqual([
      { index: 42, distance: 0 },
      { index: 250, distance: 0 },
    ]);
  });

  it('returns all n images, sorted, when k is larger than n', async () => {
    const query = randomImages(1, 555);
    const got = await nearest(query, N + 50);
    expect(got).toHaveLength(N);
    expect(new Set(got.map((r) => r.index)).size).toBe(N);
    expectSameNeighbours(got, bruteForce(pixels, N, query, N));
  });

  it('gives the same answer whatever the chunk size (one image, uneven chunks, one chunk)', async () => {
    const query = randomImages(1, 777);
    const want = bruteForce(pixels, N, query, 7);
    for (const chunk of [1, 64, 299, 300, 10000]) expectSameNeighbours(await nearest(query, 7, chunk), want);
  });

  it('pauses between its passes (not before the first), so other GPU work can go first, and answers the same', async () => {
    const query = randomImages(1, 778);
    let pauses = 0;
    const got = await expectNoLeak(() => nearestImages(images, query, 5, 64, async () => void pauses++));
    expect(pauses).toBe(Math.ceil(N / 64) - 1);
    expectSameNeighbours(got, bruteForce(pixels, N, query, 5));
  });

  it('accepts a float query with fractional grey levels', async () => {
    const query = Float32Array.from(randomImages(1, 31), (v) => v * 0.75 + 0.125);
    expectSameNeighbours(await nearest(query, 4), bruteForce(pixels, N, query, 4));
  });

  it('takes a preprocessed drawing as its query', async () => {
    const drawn = tryPreprocessDrawing({ width: 280, height: 280, penWidth: 20, strokes: [[{ x: 140, y: 40 }, { x: 140, y: 240 }]] });
    if (!drawn.ok) throw new Error(drawn.error);
    const query = drawn.value.centred.pixels;
    expectSameNeighbours(await nearest(query), bruteForce(pixels, N, query, 5));
  });

  it('returns nothing for an empty dataset', async () => {
    const empty = tf.zeros([0, 28, 28], 'int32');
    try {
      expect(await expectNoLeak(() => nearestImages(empty, new Uint8Array(PX)))).toEqual([]);
    } finally {
      empty.dispose();
    }
  });

  it('throws an InvariantError for a wrong query length, image shape, k or chunk size, leaving no tensors', async () => {
    const flat = tf.zeros([3, 784], 'int32');
    try {
      await expectNoLeak(async () => {
        await expect(nearestImages(images, new Uint8Array(783))).rejects.toBeInstanceOf(InvariantError);
        await expect(nearestImages(flat, new Uint8Array(PX))).rejects.toThrow(/\[n, 28, 28\]/);
        await expect(nearestImages(images, new Uint8Array(PX), 0)).rejects.toThrow(/k must be/);
        await expect(nearestImages(images, new Uint8Array(PX), 2.5)).rejects.toThrow(/k must be/);
        await expect(nearestImages(images, new Uint8Array(PX), 5, 0)).rejects.toThrow(/chunkRows/);
      });
    } finally {
      flat.dispose();
    }
  });

  it('leaves the borrowed dataset alive and unchanged', async () => {
    await nearest(randomImages(1, 9));
    expect(images.isDisposed).toBe(false);
    expect(Uint8Array.from(await images.data())).toEqual(pixels);
  });
});
