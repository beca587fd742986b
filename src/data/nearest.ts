/** Nearest dataset images to a drawing by Euclidean pixel distance, computed on the device. */
import * as tf from '@tensorflow/tfjs';
import { assert } from '../lib/assert';
import { withUnpackedSync } from './backend';
import { IMAGE_PIXELS, IMAGE_SIZE } from './format';

/** Images compared per pass: bounds the float intermediates to ~30 MB each on the GPU. */
export const NEAREST_CHUNK = 10000;

/** One neighbour: its index in the dataset and its pixel distance (0..255 units, sqrt of the summed squares). */
export interface Neighbour {
  index: number;
  distance: number;
}

/**
 * The `k` images closest to `query`, nearest first, ties by lower index; fewer if n < k.
 * `images` [n, 28, 28] int32 0..255, borrowed (not disposed); `query` 784 values 0..255.
 * Sums (x - q)^2 directly rather than ||x||^2 - 2x.q + ||q||^2: the expanded form cancels
 * values near 5e7 in float32, so an identical image would not come out at distance 0.
 * `chunkRows` images per pass (for tests and tuning), each pass its own k best read back (2k numbers)
 * and merged here; `pause` runs between passes, so that work which must not wait (the layers' pass for
 * the same drawing) goes first on the GPU rather than queued behind all 60,000 comparisons. Leaves no
 * tensors behind.
 */
export async function nearestImages(
  images: tf.Tensor,
  query: Uint8Array | Float32Array,
  k = 5,
  chunkRows = NEAREST_CHUNK,
  pause: () => Promise<void> = async () => {},
): Promise<Neighbour[]> {
  assert(images.rank === 3 && images.shape[1] === IMAGE_SIZE && images.shape[2] === IMAGE_SIZE, `nearestImages: expected images [n, 28, 28], found [${images.shape.join(', ')}]`);
  assert(query.length === IMAGE_PIXELS, `nearestImages: expected a query of ${IMAGE_PIXELS} pixels, found ${query.length}`);
  assert(Number.isInteger(k) && k >= 1, `nearestImages: k must be a positive integer, found ${k}`);
  assert(Number.isInteger(chunkRows) && chunkRows >= 1, `nearestImages: chunkRows must be a positive integer, found ${chunkRows}`);
  const n = images.shape[0];
  const count = Math.min(k, n);
  if (count === 0) return [];

  const found: Neighbour[] = [];
  for (let start = 0; start < n; start += chunkRows) {
    if (start > 0) await pause();
    if (images.isDisposed) throw new Error('nearestImages: the images were disposed while searching');
    const size = Math.min(chunkRows, n - start);
    const best = Math.min(count, size);
    // Taking rows of the resident (unpacked) dataset with packing on would repack all of it per chunk.
    const packed = withUnpackedSync(() =>
      tf.tidy(() => {
        const q = tf.tensor1d(Float32Array.from(query), 'float32');
        const rows = images.slice([start, 0, 0], [size, IMAGE_SIZE, IMAGE_SIZE]).reshape([size, IMAGE_PIXELS]).toFloat();
        const squared = tf.squaredDifference(rows, q).sum(1) as tf.Tensor1D;
        const { values, indices } = tf.topk(squared.neg(), best, true);
        // Indices < 2^24 are exact in float32, so both halves come back in one readback.
        return tf.concat([values.neg(), indices.toFloat()]);
      }),
    );
    let flat: Float32Array;
    try {
      flat = (await packed.data()) as Float32Array;
    } finally {
      packed.dispose();
    }
    for (let i = 0; i < best; i++) found.push({ index: start + flat[best + i], distance: Math.sqrt(Math.max(0, flat[i])) });
    // topk breaks ties by lower index on cpu and webgl; sorting the merged candidates makes it a contract.
    found.sort((a, b) => a.distance - b.distance || a.index - b.index);
    found.length = Math.min(found.length, count);
  }
  return found;
}
