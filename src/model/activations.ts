/**
 * What every layer of a model makes of one image: the layers' outputs as plain arrays, from one forward
 * pass and one readback (the "Inside the network" cell draws them left to right, like CNN Explainer).
 */
import * as tf from '@tensorflow/tfjs';
import { withUnpackedSync } from '../data/backend';
import { toModelInput } from './factory';

/** One layer's output for one image. */
export interface LayerActivation {
  /** The layer's name, e.g. "conv2d_Conv2D1". */
  name: string;
  /** Its class: "Conv2D", "MaxPooling2D", "Flatten", "Dense", "Dropout"... */
  kind: string;
  /** The output's shape without the batch: [h, w, channels] for conv and pool layers, [units] for dense. */
  shape: number[];
  /** Row-major values (channels last). */
  values: Float32Array;
}

interface ChainLayer {
  inboundNodes?: { inboundLayers?: unknown[] }[];
}

/** The model's layers (the input layer left out) when each takes the previous one's output alone; else null. */
export function chainOf(model: tf.LayersModel): tf.layers.Layer[] | null {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return null;
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  for (let i = 0; i < layers.length; i++) {
    const nodes = (layers[i] as unknown as ChainLayer).inboundNodes ?? [];
    if (nodes.length !== 1) return null;
    const inbound = nodes[0].inboundLayers ?? [];
    if (i > 0 && (inbound.length !== 1 || inbound[0] !== layers[i - 1])) return null;
  }
  return layers;
}

/**
 * Every layer's output for image `index` of `images` [n, rows, cols] int32 0..255 (borrowed; the size
 * the model reads), in layer order, the last being the model's probabilities. null for a model that is
 * not a chain of single-input layers, or an index out of range. Leaves no tensors behind.
 */
export async function layerActivations(model: tf.LayersModel, images: tf.Tensor, index: number): Promise<LayerActivation[] | null> {
  if (!Number.isInteger(index) || index < 0 || index >= images.shape[0]) return null;
  return activationsOf(model, () => withUnpackedSync(() => images.slice(index, 1)));
}

/** As layerActivations, for one image [1, rows, cols] int32 0..255 (borrowed), e.g. a drawing. */
export async function imageActivations(model: tf.LayersModel, image: tf.Tensor): Promise<LayerActivation[] | null> {
  if (image.rank !== 3 || image.shape[0] !== 1) throw new RangeError(`imageActivations: one image [1, rows, cols], got [${image.shape.join(', ')}]`);
  return activationsOf(model, () => image);
}

async function activationsOf(model: tf.LayersModel, input: () => tf.Tensor): Promise<LayerActivation[] | null> {
  const layers = chainOf(model);
  if (!layers || layers.length === 0) return null;
  const [outputs, joined] = tf.tidy(() => {
    let x = toModelInput(input(), model);
    const outs: tf.Tensor[] = [];
    for (const layer of layers) {
      x = layer.apply(x, { training: false }) as tf.Tensor;
      outs.push(x);
    }
    // One readback for them all.
    return [outs.map((o) => o.shape.slice(1) as number[]), tf.concat(outs.map((o) => o.reshape([-1])))] as const;
  });
  let all: Float32Array;
  try {
    all = (await joined.data()) as Float32Array;
  } finally {
    joined.dispose();
  }
  let at = 0;
  return layers.map((layer, i) => {
    const size = outputs[i].reduce((a, b) => a * b, 1);
    const values = all.slice(at, at + size);
    at += size;
    return { name: layer.name, kind: layer.getClassName(), shape: outputs[i], values };
  });
}
