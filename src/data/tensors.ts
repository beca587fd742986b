/** Tensors from sprite sheets, and the few GPU computations the notebook reads back. */
import * as tf from '@tensorflow/tfjs';
import { IMAGE_SIZE, NUM_CLASSES } from './format';
import { createFillableImages } from './webgl-upload';

/**
 * Images from their bytes ([count * rows * cols] 0..255, canonical order), as [count, rows, cols] int32:
 * written straight into the tensor's texture on WebGL 2 (webgl-upload.ts), else from an Int32Array.
 * Caller disposes.
 */
export function bytesToImages(pixels: Uint8Array, count: number, rows = IMAGE_SIZE, cols = IMAGE_SIZE): tf.Tensor3D {
  if (pixels.length !== count * rows * cols) throw new Error(`${pixels.length} bytes are not ${count} images of ${rows}x${cols}`);
  const fill = createFillableImages(count, rows, cols);
  if (!fill) return tf.tensor3d(Int32Array.from(pixels), [count, rows, cols], 'int32');
  fill.write(0, pixels);
  return fill.tensor;
}

/** Joins per-sheet parts ([n_i, 28, 28]) into one [sum n_i, 28, 28] tensor and disposes the parts. */
export function joinParts(parts: tf.Tensor3D[]): tf.Tensor3D {
  if (parts.length === 1) return parts[0];
  const whole = tf.concat(parts, 0);
  parts.forEach((p) => p.dispose());
  return whole;
}

/**
 * Which of the images `indices` of `images` ([n, rows, cols]) differ from `bytes` (the n images as bytes,
 * canonical order), by one gather and one readback of those images. Disposes what it creates.
 */
export async function imagesDiffering(images: tf.Tensor3D, bytes: Uint8Array, indices: readonly number[]): Promise<number[]> {
  const per = images.shape[1] * images.shape[2];
  const picked = tf.tidy(() => tf.gather(images, tf.tensor1d(Int32Array.from(indices), 'int32')));
  try {
    const values = await picked.data();
    return indices.filter((index, k) => {
      for (let p = 0; p < per; p++) if (values[k * per + p] !== bytes[index * per + p]) return true;
      return false;
    });
  } finally {
    picked.dispose();
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
