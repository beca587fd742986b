/** Builds tfjs models from checked specs, with seeded weights and seeded dropout, and summarizes them as plain rows. */
import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../lib/random';
import { err, ok, type Result } from '../lib/result';
import { CNN_PRESET, DENSE_PRESET } from './presets';
import { analyzeSpec, MNIST_IMAGE_SHAPE, type ImageShape, type LayerSpec, type ModelSpec } from './spec';
import { errorMessage } from '../lib/format';

/** Seed offsets, so a layer's initializer and its dropout never share a stream. */
const INIT_STREAM = 0;
const DROPOUT_STREAM = 1000;

/**
 * Dropout whose mask is seeded per call: tf.layers.dropout with a fixed seed draws the same mask on
 * every batch, and without one a run cannot be reproduced. Identity outside training.
 */
export class SeededDropout extends tf.layers.Layer {
  static className = 'SeededDropout';
  readonly rate: number;
  readonly seed: number;
  private calls = 0;

  constructor(args: { rate: number; seed: number; name?: string; inputShape?: number[] }) {
    super({ name: args.name, inputShape: args.inputShape });
    this.rate = args.rate;
    this.seed = args.seed;
  }

  computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (kwargs['training'] !== true || this.rate === 0) return x;
    const seed = deriveSeed(this.seed, this.calls);
    this.calls += 1;
    return tf.dropout(x, this.rate, undefined, seed);
  }

  getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);

function initializer(activation: string, seed: number): ReturnType<typeof tf.initializers.heNormal> {
  // He init keeps relu activations' variance steady through depth; Glorot suits symmetric ones.
  return activation === 'relu' ? tf.initializers.heNormal({ seed }) : tf.initializers.glorotUniform({ seed });
}

function toLayers(spec: LayerSpec, index: number, seed: number, inputShape: number[] | undefined): tf.layers.Layer[] {
  const name = `${spec.kind}_${index + 1}`;
  const first = inputShape ? { inputShape } : {};
  const initSeed = deriveSeed(seed, INIT_STREAM + index);
  const dropSeed = deriveSeed(seed, DROPOUT_STREAM + index);
  switch (spec.kind) {
    case 'dense': {
      const dense = tf.layers.dense({ ...first, name, units: spec.units, activation: spec.activation, kernelInitializer: initializer(spec.activation, initSeed), biasInitializer: 'zeros' });
      return spec.dropout ? [dense, new SeededDropout({ name: `${name}_dropout`, rate: spec.dropout, seed: dropSeed })] : [dense];
    }
    case 'conv2d':
      return [
        tf.layers.conv2d({
          ...first,
          name,
          filters: spec.filters,
          kernelSize: spec.kernelSize,
          activation: spec.activation,
          padding: 'valid',
          kernelInitializer: initializer(spec.activation, initSeed),
          biasInitializer: 'zeros',
        }),
      ];
    case 'maxPool':
      return [tf.layers.maxPooling2d({ ...first, name, poolSize: spec.poolSize, strides: spec.poolSize })];
    case 'flatten':
      return [tf.layers.flatten({ ...first, name })];
    case 'dropout':
      return [new SeededDropout({ ...first, name, rate: spec.rate, seed: dropSeed })];
  }
}

/**
 * Builds an uncompiled model from a spec for images of `image` (default MNIST's 28x28): input
 * [batch, rows*cols] or [batch, rows, cols, 1] float32 in 0..1 (see specInputShape), output
 * [batch, 10] probabilities. Same seed, same initial weights. Caller disposes the model.
 */
export function createModelFromSpec(spec: ModelSpec, seed: number, image: ImageShape = MNIST_IMAGE_SHAPE): Result<tf.LayersModel> {
  const plan = analyzeSpec(spec, image);
  if (!plan.ok) return plan;
  const model = tf.sequential();
  try {
    spec.layers.forEach((layer, i) => {
      for (const l of toLayers(layer, i, seed, i === 0 ? plan.value.inputShape : undefined)) model.add(l);
    });
  } catch (e) {
    model.dispose();
    return err(`The model could not be built: ${errorMessage(e)}`);
  }
  return ok(model);
}

/** The dense preset with seeded weights; input [batch, rows*cols] float32 0..1 ([batch, 784] for MNIST). Caller disposes. */
export function createDenseModel(seed: number, image: ImageShape = MNIST_IMAGE_SHAPE): Result<tf.LayersModel> {
  return createModelFromSpec(DENSE_PRESET, seed, image);
}

/** The CNN preset with seeded weights; input [batch, rows, cols, 1] float32 0..1 ([batch, 28, 28, 1] for MNIST). Caller disposes. */
export function createCnnModel(seed: number, image: ImageShape = MNIST_IMAGE_SHAPE): Result<tf.LayersModel> {
  return createModelFromSpec(CNN_PRESET, seed, image);
}

/** The image size a model built by createModelFromSpec reads: [batch, rows, cols, 1] gives rows x cols; a flat input gives null (any shape with that many pixels). */
export function modelImageShape(model: tf.LayersModel): ImageShape | null {
  const inner = model.inputs[0].shape.slice(1);
  return inner.length === 3 && typeof inner[0] === 'number' && typeof inner[1] === 'number' ? { rows: inner[0], cols: inner[1] } : null;
}

/** One row of a model summary, as the UI shows it. */
export interface SummaryRow {
  name: string;
  type: string;
  /** With the batch axis first, as null: e.g. [null, 13, 13, 32]. */
  outputShape: (number | null)[];
  params: number;
}

/** The model's layers as plain rows (no tensors), and the total parameter count. */
export function summarizeModel(model: tf.LayersModel): { rows: SummaryRow[]; totalParams: number } {
  const rows = model.layers.map((layer) => {
    const shape = layer.outputShape;
    const first = (Array.isArray(shape[0]) ? shape[0] : shape) as (number | null)[];
    const type = layer.getClassName();
    return { name: layer.name, type: type === SeededDropout.className ? 'Dropout' : type, outputShape: [...first], params: layer.countParams() };
  });
  return { rows, totalParams: rows.reduce((sum, r) => sum + r.params, 0) };
}

/**
 * Converts images to the model's input: [n, rows, cols] int32 0..255 (or any numeric dtype) ->
 * float32 in 0..1, reshaped to [n, ...inputShape]. Throws a RangeError naming both sizes when the
 * images do not have the model's pixels per image. Call inside tf.tidy; the result is a new tensor.
 */
export function toModelInput(pixels: tf.Tensor, model: tf.LayersModel): tf.Tensor {
  const inner = model.inputs[0].shape.slice(1) as number[];
  const perModel = inner.reduce((a, b) => a * b, 1);
  const perImage = pixels.shape.slice(1).reduce((a, b) => a * b, 1);
  const spatialMismatch = inner.length === 3 && pixels.rank === 3 && (pixels.shape[1] !== inner[0] || pixels.shape[2] !== inner[1]);
  if (perImage !== perModel || spatialMismatch) {
    throw new RangeError(`the images are ${pixels.shape.slice(1).join('x')} (${perImage} pixels) but the model reads ${inner.join('x')} (${perModel} values); build the model for this dataset's images`);
  }
  return pixels.toFloat().mul(1 / 255).reshape([-1, ...inner]);
}

/**
 * Per-example cross-entropy of probabilities [n, 10] against one-hot targets [n, 10]: -log(p[label]),
 * with p clipped at 1e-7 as Keras does so a confident mistake costs ~16, not Infinity. Returns [n].
 */
export function crossEntropy(probs: tf.Tensor, oneHot: tf.Tensor): tf.Tensor1D {
  return probs.mul(oneHot).sum(-1).clipByValue(1e-7, 1).log().neg() as tf.Tensor1D;
}
