/** Copies of a model's weights: on the device (cheap, for NaN recovery) and on the CPU (survive a lost WebGL context). */
import * as tf from '@tensorflow/tfjs';
import { err, ok, type Result } from '../lib/result';

/** One weight tensor's values, read back to plain memory. */
export interface WeightValues {
  name: string;
  shape: number[];
  values: Float32Array;
}

/**
 * The model's weights as tensors that share storage with them (tf.clone is copy-on-write: the
 * optimizer's assign() gives the variables new storage and leaves these alone). Caller disposes.
 */
export function snapshotWeights(model: tf.LayersModel): tf.Tensor[] {
  return model.getWeights().map((w) => tf.clone(w));
}

/** Puts snapshotted weights back (the model keeps its own references; the caller still disposes `weights`). */
export function restoreWeights(model: tf.LayersModel, weights: tf.Tensor[]): void {
  model.setWeights(weights);
}

/** Reads every weight back to the CPU (one readback per weight tensor; no tensors left behind). */
export async function readWeights(model: tf.LayersModel): Promise<WeightValues[]> {
  const weights = model.weights;
  const values = await Promise.all(weights.map((w) => w.read().data()));
  return weights.map((w, i) => ({ name: w.name, shape: [...w.shape] as number[], values: Float32Array.from(values[i]) }));
}

/**
 * Loads CPU weights into a model built from the same spec (matched by position and shape, since tfjs
 * renames variables per model). Works across backends, e.g. to continue on cpu after a lost context.
 */
export function writeWeights(model: tf.LayersModel, weights: readonly WeightValues[]): Result<void> {
  const targets = model.weights;
  if (targets.length !== weights.length) return err(`these weights are for a model with ${weights.length} weight tensors, this one has ${targets.length}; build the model from the same layer list`);
  for (let i = 0; i < targets.length; i++) {
    const want = targets[i].shape.join('x');
    const got = weights[i].shape.join('x');
    if (want !== got) return err(`weight ${i + 1} (${targets[i].name}) has shape ${want}, the saved one ${got}; build the model from the same layer list`);
  }
  const tensors = weights.map((w) => tf.tensor(w.values, w.shape, 'float32'));
  try {
    model.setWeights(tensors);
  } finally {
    tf.dispose(tensors);
  }
  return ok(undefined);
}
