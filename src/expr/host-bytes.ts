/**
 * The bytes of a uint8 (or bool) tensor on the host, for the float64 reductions replayed in NumPy's order
 * (ordered-sum.ts). The dataset's image tensors are read back once, in the background, in slices (a few
 * MB each, so no long task and no big transient buffer), three bytes to a float32 item (exact below 2**24);
 * any other tensor is packed the same way when a reduction needs it.
 */
import * as tf from '@tensorflow/tfjs';
import { unpackedOps } from './tensors';
import { webglPackBytes } from './webgl-moments';

/** Items of a dataset tensor packed and read back per step of the background copy. */
const SLICE_ITEMS = 3 * 1_310_720; // 5,015 MNIST images; a 5 MB readback
/** Delay before the background copy starts, so the lesson's first cells have the GPU first. */
const START_DELAY_MS = 1500;

interface Copy {
  bytes: Uint8Array | null;
  done: Promise<Uint8Array>;
}

/** Cells running now: the background copy waits between slices while any runs, so it never slows one... */
let running = 0;
/** ...unless a cell is waiting for a copy (then every copy goes on: the cell needs it). */
let waiting = 0;

/** Runs a cell's work (its evaluation and the reading of its output) with the background copies held back. */
export async function whileCellRuns<T>(work: () => Promise<T>): Promise<T> {
  running++;
  try {
    return await work();
  } finally {
    running--;
  }
}

/** Copies by tensor data (a reshape or clone shares its data and so its copy). */
const copies = new WeakMap<object, Copy>();

function key(t: tf.Tensor): object {
  return t.dataId as object;
}

/** A flat float32 tensor of ceil(n / 3) items, b0 + 256 b1 + 65536 b2 for the bytes b of `codes` (values 0..255). Call inside tf.tidy. */
export function packBytes(codes: tf.Tensor): tf.Tensor {
  return unpackedOps(() => {
    const n = codes.size;
    const fused = webglPackBytes(tf.reshape(codes, [n]));
    if (fused) return fused;
    const padded = Math.ceil(n / 3) * 3;
    let flat = tf.reshape(tf.cast(codes, 'float32'), [n]);
    if (padded > n) flat = tf.concat([flat, tf.zeros([padded - n])]);
    return tf.sum(tf.mul(tf.reshape(flat, [padded / 3, 3]), tf.tensor1d([1, 256, 65536])), 1);
  });
}

/** Unpacks packBytes' data into `out` from `offset` (at most out.length - offset bytes). */
export function unpackBytes(packed: ArrayLike<number>, out: Uint8Array, offset = 0): Uint8Array {
  const end = Math.min(out.length, offset + packed.length * 3);
  let i = 0;
  let at = offset;
  for (; at + 3 <= end; i++, at += 3) {
    const v = packed[i] | 0;
    out[at] = v & 255;
    out[at + 1] = (v >>> 8) & 255;
    out[at + 2] = v >>> 16;
  }
  for (let v = packed[i] | 0; at < end; at++, v >>>= 8) out[at] = v & 255;
  return out;
}

/**
 * The host bytes of a long-lived uint8 tensor (the dataset's images): `bytes` when the caller has them
 * (the loader's, what the tensor was made from; borrowed, never changed), else a background copy, slice by
 * slice after a short delay. The tensor must stay alive until the copy ends; a disposed tensor ends it
 * with an error (reductions then pack what they need themselves).
 */
export function provideHostBytes(t: tf.Tensor, bytes?: Uint8Array | null): void {
  if (copies.has(key(t)) || t.size === 0) return;
  if (bytes && bytes.length === t.size) {
    copies.set(key(t), { bytes, done: Promise.resolve(bytes) });
    return;
  }
  const copy: Copy = { bytes: null, done: Promise.resolve(new Uint8Array(0)) };
  copy.done = backgroundCopy(t).then((bytes) => (copy.bytes = bytes));
  copy.done.catch(() => copies.delete(key(t)));
  copies.set(key(t), copy);
}

async function backgroundCopy(t: tf.Tensor): Promise<Uint8Array> {
  await new Promise((resolve) => setTimeout(resolve, START_DELAY_MS));
  const started = performance.now();
  const out = new Uint8Array(t.size);
  const flat = t.size;
  for (let start = 0; start < flat; start += SLICE_ITEMS) {
    while (running > 0 && waiting === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    if (t.isDisposed) throw new Error('host bytes: the tensor was disposed during the copy');
    const count = Math.min(SLICE_ITEMS, flat - start);
    const packed = tf.tidy(() => packBytes(tf.slice(tf.reshape(t, [flat]), start, count)));
    try {
      unpackBytes(await packed.data(), out, start);
    } finally {
      packed.dispose();
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  // For the bench and the curious: how long the copy took, in the page's performance timeline.
  performance.measure(`mnist:host-bytes ${t.size}`, { start: started, end: performance.now() });
  return out;
}

/** The host copy of a tensor when it is complete, else null. */
export function readyBytes(t: tf.Tensor): Uint8Array | null {
  return copies.get(key(t))?.bytes ?? null;
}

/** The host copy of a tensor once complete; null when none is being made (or it failed). */
export async function awaitBytes(t: tf.Tensor): Promise<Uint8Array | null> {
  const copy = copies.get(key(t));
  if (!copy) return null;
  if (copy.bytes) return copy.bytes;
  waiting++;
  try {
    return await copy.done;
  } catch {
    return null;
  } finally {
    waiting--;
  }
}

/** Whether a background copy of the tensor exists or is under way. */
export function hasHostCopy(t: tf.Tensor): boolean {
  return copies.has(key(t));
}

/** A tensor's bytes now: its host copy, else packed and read back synchronously. */
export function bytesNow(t: tf.Tensor): Uint8Array {
  const ready = readyBytes(t);
  if (ready) return ready;
  const packed = tf.tidy(() => packBytes(t));
  try {
    return unpackBytes(packed.dataSync(), new Uint8Array(t.size));
  } finally {
    packed.dispose();
  }
}
