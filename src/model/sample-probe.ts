/**
 * The notebook's current sample, seen by the model across a run: its probabilities now, and at each
 * finished epoch, recomputed from the epoch's weights kept on the CPU on a scratch model (so the
 * history follows the sample when the learner picks another one). Plain arrays out; no tensors kept.
 */
import type * as tf from '@tensorflow/tfjs';
import { predictOne } from './evaluate';
import { createModelFromSpec } from './factory';
import type { ModelSpec } from './spec';
import type { ImageShape } from './spec';
import { writeWeights, type WeightValues } from './weights';

/** One finished epoch's prediction for the sample. */
export interface EpochPrediction {
  epoch: number;
  probabilities: number[];
}

/** The model's 10 probabilities for image `index` of `images` [n, rows, cols] int32 (borrowed); null if the index is outside. */
export async function predictSample(model: tf.LayersModel, images: tf.Tensor, index: number): Promise<number[] | null> {
  if (!Number.isInteger(index) || index < 0 || index >= images.shape[0]) return null;
  return Array.from(await predictOne(model, images, index));
}

/** How a model to replay the epochs' weights on is built. */
export interface ProbeModel {
  spec: ModelSpec;
  seed: number;
  imageShape: ImageShape;
}

/**
 * The sample's probabilities at each saved epoch, oldest first: one scratch model, each epoch's
 * weights written into it in turn. Stops early (returning what it has) when `stale()` says the
 * answer is no longer wanted, or when weights do not fit the model. Leaves no tensors behind.
 */
export async function sampleHistory(probe: ProbeModel, saved: readonly { epoch: number; weights: WeightValues[] }[], images: tf.Tensor, index: number, stale: () => boolean = () => false): Promise<EpochPrediction[]> {
  const history: EpochPrediction[] = [];
  if (saved.length === 0 || !Number.isInteger(index) || index < 0 || index >= images.shape[0]) return history;
  const model = createModelFromSpec(probe.spec, probe.seed, probe.imageShape);
  if (!model.ok) return history;
  try {
    for (const { epoch, weights } of saved) {
      if (!writeWeights(model.value, weights).ok) break;
      history.push({ epoch, probabilities: Array.from(await predictOne(model.value, images, index)) });
      if (stale()) break;
    }
  } finally {
    model.value.dispose();
  }
  return history;
}
