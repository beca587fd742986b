/**
 * A model as plain, serializable data: a list of layers a learner can edit, checked (shapes,
 * parameter counts, actionable messages) without TensorFlow.js. The tfjs side is in factory.ts.
 */
import { IMAGE_PIXELS, IMAGE_SIZE, NUM_CLASSES } from '../data/format';
import { formatCount } from '../lib/format';
import { err, ok, type Result } from '../lib/result';

export const ACTIVATIONS = ['relu', 'sigmoid', 'tanh', 'linear', 'softmax'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export type DenseSpec = { kind: 'dense'; units: number; activation: Activation; /** Dropout rate applied to this layer's output. */ dropout?: number };
export type Conv2dSpec = { kind: 'conv2d'; filters: number; kernelSize: number; activation: Activation };
export type MaxPoolSpec = { kind: 'maxPool'; poolSize: number };
export type FlattenSpec = { kind: 'flatten' };
export type DropoutSpec = { kind: 'dropout'; rate: number };

/** One entry of the editable layer list. Convolutions use 'valid' padding and stride 1; pooling strides by its size. */
export type LayerSpec = DenseSpec | Conv2dSpec | MaxPoolSpec | FlattenSpec | DropoutSpec;
export type LayerKind = LayerSpec['kind'];

/** A whole model: the layers between the image input (28x28 for MNIST) and the 10 class probabilities. */
export interface ModelSpec {
  readonly layers: readonly LayerSpec[];
}

/** Upper bounds that keep a browser tab responsive; a learner past them gets a message, not a frozen tab. */
export const MAX_UNITS = 4096;
export const MAX_FILTERS = 256;
export const MAX_PARAMS = 5_000_000;
export const MAX_LAYERS = 32;
/** Dropout rates are in [0, MAX_DROPOUT]; 1 would drop everything. */
export const MAX_DROPOUT = 0.9;

/** Height and width in pixels of the images a model reads (one grey channel). */
export interface ImageShape {
  readonly rows: number;
  readonly cols: number;
}

/** MNIST's images: 28 x 28. Every function taking an ImageShape defaults to it. */
export const MNIST_IMAGE_SHAPE: ImageShape = Object.freeze({ rows: IMAGE_SIZE, cols: IMAGE_SIZE });

/** Input of a model with no conv/pool layer on MNIST: the 784 pixels as a vector. */
export const FLAT_INPUT_SHAPE: readonly number[] = [IMAGE_PIXELS];
/** Input of a model with conv/pool layers on MNIST: one 28x28 channel. */
export const IMAGE_INPUT_SHAPE: readonly number[] = [IMAGE_SIZE, IMAGE_SIZE, 1];

/** Whether two image shapes are the same size. */
export const sameImageShape = (a: ImageShape, b: ImageShape): boolean => a.rows === b.rows && a.cols === b.cols;

/** "28x28", the way messages and the summary name an image size. */
export const formatImageShape = ({ rows, cols }: ImageShape): string => `${rows}x${cols}`;

/** The largest kernel or pool size a field accepts for these images (a layer's own input may allow less). */
export const maxWindowSize = (image: ImageShape = MNIST_IMAGE_SHAPE): number => Math.max(image.rows, image.cols);

/** What one spec layer does to the shape, and what it costs. */
export interface LayerPlan {
  /** 0-based position in spec.layers. */
  index: number;
  kind: LayerKind;
  /** Shape of one example after this layer (batch axis omitted), e.g. [13, 13, 32] or [128]. */
  outputShape: number[];
  /** Trainable parameters (weights + biases). */
  params: number;
}

/** A spec that passed every check, with the shapes and counts the summary shows. */
export interface SpecPlan {
  inputShape: number[];
  layers: LayerPlan[];
  totalParams: number;
}

const isSpatial = (layer: LayerSpec): boolean => layer.kind === 'conv2d' || layer.kind === 'maxPool';

/**
 * The model input shape for a spec on `image` (default MNIST's): [rows, cols, 1] when it has
 * conv/pool layers, else [rows * cols] (for MNIST [28, 28, 1] or [784]).
 */
export function specInputShape(spec: ModelSpec, image: ImageShape = MNIST_IMAGE_SHAPE): number[] {
  return spec.layers.some(isSpatial) ? [image.rows, image.cols, 1] : [image.rows * image.cols];
}

/**
 * The smallest square image the spec's conv and pool layers can read without shrinking it below
 * 1 pixel: walked back from 1 pixel after the last of them (a kxk kernel adds k-1, a pool of p
 * multiplies by p). 1 for a spec with none; a field that is not a whole number counts as 1.
 */
export function minImageSide(spec: ModelSpec): number {
  let side = 1;
  for (let i = spec.layers.length - 1; i >= 0; i--) {
    const layer = spec.layers[i];
    if (layer.kind === 'conv2d' && isWhole(layer.kernelSize, 1, Number.MAX_SAFE_INTEGER)) side += layer.kernelSize - 1;
    else if (layer.kind === 'maxPool' && isWhole(layer.poolSize, 1, Number.MAX_SAFE_INTEGER)) side *= layer.poolSize;
  }
  return side;
}

/** Why a conv/pool layer cannot run on these images, as a sentence computed through the layer list. */
function shrinkNote(spec: ModelSpec, image: ImageShape, index: number, h: number, w: number): string {
  const need = minImageSide(spec);
  const size = formatImageShape(image);
  const before = index === 0 ? '' : index === 1 ? `, which layer 1 shrinks to ${h}x${w}` : `, which layers 1-${index} shrink to ${h}x${w}`;
  return ` This layer list shrinks the image below 1 pixel: it needs images of at least ${need}x${need} pixels, and this dataset's are ${size}${before}.`;
}

function describeShape(shape: readonly number[]): string {
  return shape.length === 3 ? `${shape[0]}x${shape[1]}x${shape[2]} feature maps` : `a vector of ${shape[0]}`;
}

function isWhole(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function isRate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_DROPOUT;
}

/**
 * Checks a spec and computes each layer's output shape and parameter count. Errors name the layer
 * (1-based, as the editor numbers them) and say what to change.
 */
export function analyzeSpec(spec: ModelSpec, image: ImageShape = MNIST_IMAGE_SHAPE): Result<SpecPlan> {
  const layers = spec.layers;
  if (!Array.isArray(layers) || layers.length === 0) {
    return err(`The model has no layers; add at least the output layer: dense, ${NUM_CLASSES} units, softmax.`);
  }
  if (layers.length > MAX_LAYERS) return err(`The model has ${layers.length} layers; use at most ${MAX_LAYERS}.`);

  if (!isWhole(image.rows, 1, Number.MAX_SAFE_INTEGER) || !isWhole(image.cols, 1, Number.MAX_SAFE_INTEGER)) {
    return err(`The images are ${String(image.rows)}x${String(image.cols)} pixels; a model needs at least 1x1.`);
  }
  const maxWindow = maxWindowSize(image);
  const inputShape = specInputShape(spec, image);
  let shape = inputShape;
  let flattenedAt = -1;
  const plans: LayerPlan[] = [];
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[i];
    const name = `Layer ${i + 1} (${layer?.kind ?? 'missing'})`;
    let params = 0;
    switch (layer?.kind) {
      case 'conv2d':
      case 'maxPool': {
        if (shape.length !== 3) {
          const where = flattenedAt >= 0 ? `layer ${flattenedAt + 1} flattened the feature maps` : `its input is ${describeShape(shape)}`;
          return err(`${name} needs image-shaped input, but ${where}; move conv2d and maxPool layers above the flatten and dense layers.`);
        }
        const [h, w, c] = shape;
        if (layer.kind === 'conv2d') {
          if (!isWhole(layer.filters, 1, MAX_FILTERS)) return err(`${name}: filters must be a whole number from 1 to ${MAX_FILTERS}; got ${String(layer.filters)}.`);
          if (!isWhole(layer.kernelSize, 1, maxWindow)) return err(`${name}: kernel size must be a whole number from 1 to ${maxWindow}; got ${String(layer.kernelSize)}.`);
          if (!ACTIVATIONS.includes(layer.activation)) return err(`${name}: unknown activation '${String(layer.activation)}'; use one of ${ACTIVATIONS.join(', ')}.`);
          const k = layer.kernelSize;
          if (k > h || k > w) {
            return err(`${name}: its ${k}x${k} kernel is larger than its ${h}x${w} input; use a kernel of at most ${Math.min(h, w)}, or remove a pooling layer above it.${shrinkNote(spec, image, i, h, w)}`);
          }
          params = k * k * c * layer.filters + layer.filters;
          shape = [h - k + 1, w - k + 1, layer.filters];
        } else {
          if (!isWhole(layer.poolSize, 1, maxWindow)) return err(`${name}: pool size must be a whole number from 1 to ${maxWindow}; got ${String(layer.poolSize)}.`);
          const p = layer.poolSize;
          if (p > h || p > w) {
            return err(`${name}: its ${p}x${p} window is larger than its ${h}x${w} input; use a pool size of at most ${Math.min(h, w)}, or remove a layer above it.${shrinkNote(spec, image, i, h, w)}`);
          }
          shape = [Math.floor(h / p), Math.floor(w / p), c];
        }
        break;
      }
      case 'flatten':
        if (shape.length === 3) flattenedAt = i;
        shape = [shape.reduce((a, b) => a * b, 1)];
        break;
      case 'dropout':
        if (!isRate(layer.rate)) return err(`${name}: rate must be a number from 0 to ${MAX_DROPOUT}; got ${String(layer.rate)}.`);
        break;
      case 'dense': {
        if (shape.length !== 1) return err(`${name} receives ${describeShape(shape)}; add a flatten layer before it.`);
        if (!isWhole(layer.units, 1, MAX_UNITS)) return err(`${name}: units must be a whole number from 1 to ${MAX_UNITS}; got ${String(layer.units)}.`);
        if (!ACTIVATIONS.includes(layer.activation)) return err(`${name}: unknown activation '${String(layer.activation)}'; use one of ${ACTIVATIONS.join(', ')}.`);
        if (layer.dropout !== undefined && !isRate(layer.dropout)) return err(`${name}: dropout must be a number from 0 to ${MAX_DROPOUT}; got ${String(layer.dropout)}.`);
        params = shape[0] * layer.units + layer.units;
        shape = [layer.units];
        break;
      }
      default:
        return err(`${name}: unknown layer kind; use dense, conv2d, maxPool, flatten or dropout.`);
    }
    plans.push({ index: i, kind: layer.kind, outputShape: [...shape], params });
  }

  const last = layers[layers.length - 1];
  const output = `end with a dense layer of ${NUM_CLASSES} units and softmax activation (one probability per digit)`;
  if (last.kind !== 'dense') return err(`The last layer is ${last.kind}; ${output}.`);
  if (last.units !== NUM_CLASSES) return err(`The last layer has ${last.units} units, but there are ${NUM_CLASSES} digits; ${output}.`);
  if (last.activation !== 'softmax') return err(`The last layer's activation is ${last.activation}; use softmax so the ${NUM_CLASSES} outputs are probabilities that add up to 1.`);
  if (last.dropout) return err(`The last layer has dropout ${last.dropout}; dropout on the output would zero class probabilities, so set it to 0 or remove it.`);

  const totalParams = plans.reduce((sum, p) => sum + p.params, 0);
  if (totalParams > MAX_PARAMS) {
    return err(`The model has ${formatCount(totalParams)} parameters, more than the ${formatCount(MAX_PARAMS)} a browser tab trains comfortably; use fewer units or filters, or add pooling before the flatten.`);
  }
  return ok({ inputShape, layers: plans, totalParams });
}

/** Deep equality of two specs (layer by layer, field by field; an absent dropout equals 0). */
export function sameSpec(a: ModelSpec, b: ModelSpec): boolean {
  return specToText(a) === specToText(b);
}

// Text form, for links: layers joined by '-', fields by '_', e.g. conv_32_3_relu-pool_2-flatten-dense_10_softmax.
// Only characters URLSearchParams leaves unescaped, so the link stays readable.

const LAYER_SEPARATOR = '-';
const FIELD_SEPARATOR = '_';

function layerToText(layer: LayerSpec): string {
  switch (layer.kind) {
    case 'dense':
      return ['dense', layer.units, layer.activation, ...(layer.dropout ? [layer.dropout] : [])].join(FIELD_SEPARATOR);
    case 'conv2d':
      return ['conv', layer.filters, layer.kernelSize, layer.activation].join(FIELD_SEPARATOR);
    case 'maxPool':
      return ['pool', layer.poolSize].join(FIELD_SEPARATOR);
    case 'flatten':
      return 'flatten';
    case 'dropout':
      return ['drop', layer.rate].join(FIELD_SEPARATOR);
  }
}

/** The compact link form of a spec (see tryParseSpecText). */
export function specToText(spec: ModelSpec): string {
  return spec.layers.map(layerToText).join(LAYER_SEPARATOR);
}

function parseActivation(text: string | undefined): Activation | null {
  return (ACTIVATIONS as readonly string[]).includes(text ?? '') ? (text as Activation) : null;
}

function parseNumber(text: string | undefined): number {
  return text !== undefined && /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
}

/**
 * Parses the link form: dense_<units>_<activation>[_<dropout>], conv_<filters>_<kernel>_<activation>,
 * pool_<size>, flatten, drop_<rate>, joined by '-'. Syntax only; analyzeSpec checks the shapes.
 */
export function tryParseSpecText(text: string): Result<ModelSpec> {
  const trimmed = text.trim();
  if (trimmed === '') return err('the layer list is empty');
  const layers: LayerSpec[] = [];
  const tokens = trimmed.split(LAYER_SEPARATOR);
  for (let i = 0; i < tokens.length; i++) {
    const [kind, a, b, c, ...rest] = tokens[i].split(FIELD_SEPARATOR);
    const bad = () => err<ModelSpec>(`layer ${i + 1} '${tokens[i]}' is not understood; expected dense_128_relu, conv_32_3_relu, pool_2, flatten or drop_0.25`);
    if (rest.length > 0) return bad();
    if (kind === 'dense') {
      const activation = parseActivation(b);
      const units = parseNumber(a);
      const dropout = c === undefined ? undefined : parseNumber(c);
      if (!activation || Number.isNaN(units) || Number.isNaN(dropout)) return bad();
      layers.push(dropout === undefined ? { kind, units, activation } : { kind, units, activation, dropout });
    } else if (kind === 'conv') {
      const activation = parseActivation(c);
      const filters = parseNumber(a);
      const kernelSize = parseNumber(b);
      if (!activation || Number.isNaN(filters) || Number.isNaN(kernelSize)) return bad();
      layers.push({ kind: 'conv2d', filters, kernelSize, activation });
    } else if (kind === 'pool' && b === undefined) {
      const poolSize = parseNumber(a);
      if (Number.isNaN(poolSize)) return bad();
      layers.push({ kind: 'maxPool', poolSize });
    } else if (kind === 'flatten' && a === undefined) {
      layers.push({ kind: 'flatten' });
    } else if (kind === 'drop' && b === undefined) {
      const rate = parseNumber(a);
      if (Number.isNaN(rate)) return bad();
      layers.push({ kind: 'dropout', rate });
    } else {
      return bad();
    }
  }
  return ok({ layers });
}
