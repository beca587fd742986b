/** The two models the lesson starts from, as specs a learner can then edit (plain data; factory.ts builds them). */
import { sameSpec, type LayerSpec, type ModelSpec } from './spec';

export type PresetName = 'dense' | 'cnn';

/** Presets are shared constants: frozen, so an editor must copySpec before changing one. */
function frozenSpec(layers: LayerSpec[]): ModelSpec {
  return Object.freeze({ layers: Object.freeze(layers.map((layer) => Object.freeze(layer))) });
}

/** 784 -> 128 relu -> 10 softmax: 101,770 parameters; ~97.5-98% test accuracy after a few epochs. */
export const DENSE_PRESET: ModelSpec = frozenSpec([
  { kind: 'dense', units: 128, activation: 'relu' },
  { kind: 'dense', units: 10, activation: 'softmax' },
]);

/**
 * Two conv+pool blocks and a dense head, 225,034 parameters:
 * 28x28x1 -> conv 32 3x3 -> 26x26x32 -> pool 2 -> 13x13x32 -> conv 64 3x3 -> 11x11x64 -> pool 2 ->
 * 5x5x64 -> flatten 1600 -> dropout 0.25 -> dense 128 relu (dropout 0.5) -> dense 10 softmax.
 *
 * Why these numbers: this is the Keras "mnist_cnn" family (conv32/conv64, dense 128, dropout
 * 0.25/0.5), which reaches 99.2-99.3% test accuracy; with adam (lr 0.001, batch 64-128) it gets
 * there in 3-5 epochs. Pooling after each conv (rather than one pool after both convs) cuts the
 * dense head from 9216x128 to 1600x128 inputs and the conv2 work by ~4x, which matters at ~0.3 s per
 * batch on software WebGL; the dropout pair is what keeps it from overfitting at 99% train
 * accuracy, so test accuracy keeps rising into epochs 3-5. He-normal init for the relu layers.
 */
export const CNN_PRESET: ModelSpec = frozenSpec([
  { kind: 'conv2d', filters: 32, kernelSize: 3, activation: 'relu' },
  { kind: 'maxPool', poolSize: 2 },
  { kind: 'conv2d', filters: 64, kernelSize: 3, activation: 'relu' },
  { kind: 'maxPool', poolSize: 2 },
  { kind: 'flatten' },
  { kind: 'dropout', rate: 0.25 },
  { kind: 'dense', units: 128, activation: 'relu', dropout: 0.5 },
  { kind: 'dense', units: 10, activation: 'softmax' },
]);

export const PRESETS: Readonly<Record<PresetName, ModelSpec>> = Object.freeze({ dense: DENSE_PRESET, cnn: CNN_PRESET });

/** Which preset a spec is, if it is one unchanged. */
export function presetOf(spec: ModelSpec): PresetName | null {
  if (sameSpec(spec, DENSE_PRESET)) return 'dense';
  if (sameSpec(spec, CNN_PRESET)) return 'cnn';
  return null;
}

/** A mutable copy of a preset, for an editor to change. */
export function copySpec(spec: ModelSpec): { layers: LayerSpec[] } {
  return { layers: spec.layers.map((layer) => ({ ...layer })) };
}
