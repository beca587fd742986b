/** Tensors from sprite sheets, and the few GPU computations the notebook reads back. */
import * as tf from '@tensorflow/tfjs';
import { IMAGE_PIXELS, IMAGE_SIZE, NUM_CLASSES, type SheetManifest } from './format';

/** A decoded sprite sheet: a native bitmap, or gray bytes from the JavaScript decoder. */
export type SheetSource = ImageBitmap | { width: number; height: number; gray: Uint8Array };

/**
 * Uploads one sprite sheet and rearranges its tiles into images.
 * Returns [sheet.count, 28, 28] int32, values 0..255; caller disposes.
 */
export function sheetToImages(source: SheetSource, sheet: SheetManifest): tf.Tensor3D {
  return tf.tidy(() => {
    const pixels: tf.Tensor3D =
      'gray' in source
        ? tf.tensor3d(Int32Array.from(source.gray), [source.height, source.width, 1], 'int32')
        : tf.browser.fromPixels(source, 1);
    if (pixels.shape[0] !== sheet.height || pixels.shape[1] !== sheet.width) {
      throw new Error(`${sheet.file}: decoded ${pixels.shape[1]}x${pixels.shape[0]} px, expected ${sheet.width}x${sheet.height}`);
    }
    const tiles = pixels
      .reshape([sheet.rows, IMAGE_SIZE, sheet.columns, IMAGE_SIZE])
      .transpose([0, 2, 1, 3])
      .reshape([sheet.rows * sheet.columns, IMAGE_SIZE, IMAGE_SIZE]);
    return sheet.count === sheet.rows * sheet.columns ? (tiles as tf.Tensor3D) : (tiles.slice([0, 0, 0], [sheet.count, IMAGE_SIZE, IMAGE_SIZE]) as tf.Tensor3D);
  });
}

/** Joins per-sheet parts ([n_i, 28, 28]) into one [sum n_i, 28, 28] tensor and disposes the parts. */
export function joinParts(parts: tf.Tensor3D[]): tf.Tensor3D {
  if (parts.length === 1) return parts[0];
  const whole = tf.concat(parts, 0);
  parts.forEach((p) => p.dispose());
  return whole;
}

/**
 * Compares each image's pixel sum with the manifest's integrity vector, on the GPU; reads back
 * two numbers. `images` [n, 28, 28]; `expected` n sums. Disposes what it creates.
 */
export async function countSumMismatches(images: tf.Tensor3D, expected: Uint32Array): Promise<{ mismatches: number; firstBad: number }> {
  const n = images.shape[0];
  if (expected.length !== n) return { mismatches: n, firstBad: 0 };
  const result = tf.tidy(() => {
    const sums = images.reshape([n, IMAGE_PIXELS]).sum(1);
    const want = tf.tensor1d(Int32Array.from(expected), 'int32');
    const bad = sums.notEqual(want).cast('int32');
    return tf.stack([bad.sum(), bad.argMax()]);
  });
  try {
    const [mismatches, firstBad] = await result.data();
    return { mismatches, firstBad: mismatches > 0 ? firstBad : -1 };
  } finally {
    result.dispose();
  }
}

/** Reads images [start, end) of a [n, rows, cols] tensor as bytes 0..255 (one small readback). */
export async function readImageRange(images: tf.Tensor3D, start: number, end: number): Promise<Uint8Array> {
  if (end <= start) return new Uint8Array(0);
  const part = images.slice([start, 0, 0], [end - start, images.shape[1], images.shape[2]]);
  try {
    return Uint8Array.from(await part.data());
  } finally {
    part.dispose();
  }
}

/** Minimum and maximum of a tensor, computed on the device; two numbers read back. */
export async function valueRange(t: tf.Tensor): Promise<{ min: number; max: number }> {
  const both = tf.tidy(() => tf.stack([t.min(), t.max()]));
  try {
    const [min, max] = await both.data();
    return { min, max };
  } finally {
    both.dispose();
  }
}

/**
 * Mean image of each class: one-hot(labels)^T x images / counts, on the device.
 * `images` [n, rows, cols], `labels` [n] int32 0..9. Returns 10*rows*cols floats 0..255.
 */
export async function classMeanImages(images: tf.Tensor3D, labels: tf.Tensor1D): Promise<Float32Array> {
  const means = tf.tidy(() => {
    const n = images.shape[0];
    const onehot = tf.oneHot(labels, NUM_CLASSES).toFloat();
    const sums = tf.matMul(onehot, images.reshape([n, images.shape[1] * images.shape[2]]).toFloat(), true, false);
    const counts = onehot.sum(0).maximum(1).reshape([NUM_CLASSES, 1]);
    return sums.div(counts);
  });
  try {
    return (await means.data()) as Float32Array;
  } finally {
    means.dispose();
  }
}
