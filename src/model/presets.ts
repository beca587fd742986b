/** The two models the lesson starts from, as specs a learner can then edit (plain data; factory.ts builds them). */
import { sameSpec, type LayerSpec, type ModelSpec } from './spec';

export type PresetName = 'dense' | 'cnn';

/** Presets are shared constants: frozen, so an editor must copySpec before changing one. */
function frozenSpec(layers: LayerSpec[]): ModelSpec {
  return Object.freeze({ layers: Object.freeze(layers.map((layer) => Object.freeze(layer))) });
}

/**
 * 784 -> 128 relu -> 10 softmax: 101,770 parameters. On other image sizes the input is rows*cols
 * (1,024 for 32x32: 132,490 parameters); any size builds. Measured with this trainer in headless Chromium
 * (software WebGL, 2 cores; adam 0.001, batch 64, seed 42): 95.2% test accuracy after 1 epoch, 96.4%
 * after 2, at ~2,500 examples/s.
 */
export const DENSE_PRESET: ModelSpec = frozenSpec([
  { kind: 'dense', units: 128, activation: 'relu' },
  { kind: 'dense', units: 10, activation: 'softmax' },
]);

/**
 * Two conv+pool blocks and a dense head, 80,202 parameters:
 * 28x28x1 -> conv 16 5x5 -> 24x24x16 -> pool 2 -> 12x12x16 -> conv 32 5x5 -> 8x8x32 -> pool 2 ->
 * 4x4x32 -> flatten 512 -> dense 128 relu -> dense 10 softmax.
 * Other image sizes: it builds on images of at least 16x16 (20x20: 2x2x32 at the flatten, 31,050
 * parameters; 32x32: 5x5x32, 117,066; 28x56: 4x11x32, 194,890); below that analyzeSpec says which
 * layer would shrink the image below 1 pixel and the size the list needs.
 *
 * Why these numbers, for 99% in one epoch at the cost of the epoch before. Training cost here is the
 * convolutions (their backward passes above all): 5x5 kernels on few channels train at ~100 examples/s
 * in headless Chromium on software WebGL (2 cores), 2.4x the speed of a 32/64 3x3 net of the same
 * accuracy. Test accuracy after epochs 1 / 2 / 3 of all 60,000 (batch 64, adam; a numpy replica with
 * the same initializers and optimizer, seeds 42, 1, 2, 3):
 *
 *   this net, dropout 0.25 + 0.5, lr 0.001 constant (the preset before)   98.14 / 98.69 / 99.07
 *   the same with the cosine schedule from 0.005                           98.60 / 98.88 / 99.02
 *   no dropout, cosine from 0.005 (this preset, the default settings)     98.76-99.04 / 99.03-99.17 / 99.24-99.30
 *   no dropout, cosine from 0.005, twice the filters (2x the cost)        98.95 (epoch 1)
 *   32 5x5 / 64 5x5, no dropout, cosine from 0.003 (3.4x the cost)         99.01 (epoch 1)
 *   batch norm after each conv                                             no better at this size
 *
 * Dropout slows the first epochs more than it helps by epoch 3 once the rate anneals each epoch
 * (settings.ts: the cosine schedule restarted at half the peak), so this preset has none.
 */
export const CNN_PRESET: ModelSpec = frozenSpec([
  { kind: 'conv2d', filters: 16, kernelSize: 5, activation: 'relu' },
  { kind: 'maxPool', poolSize: 2 },
  { kind: 'conv2d', filters: 32, kernelSize: 5, activation: 'relu' },
  { kind: 'maxPool', poolSize: 2 },
  { kind: 'flatten' },
  { kind: 'dense', units: 128, activation: 'relu' },
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
