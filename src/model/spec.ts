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

/** A whole model: the layers between the 28x28 input and the 10 class probabilities. */
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

/** Input of a model with no conv/pool layer: the 784 pixels as a vector. */
export const FLAT_INPUT_SHAPE: readonly number[] = [IMAGE_PIXELS];
/** Input of a model with conv/pool layers: one 28x28 channel. */
export const IMAGE_INPUT_SHAPE: readonly number[] = [IMAGE_SIZE, IMAGE_SIZE, 1];

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

/** The model input shape for a spec: [28, 28, 1] when it has conv/pool layers, else [784]. */
export function specInputShape(spec: ModelSpec): number[] {
  return spec.layers.some(isSpatial) ? [...IMAGE_INPUT_SHAPE] : [...FLAT_INPUT_SHAPE];
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
export function analyzeSpec(spec: ModelSpec): Result<SpecPlan> {
  const layers = spec.layers;
  if (!Array.isArray(layers) || layers.length === 0) {
    return err(`The model has no layers; add at least the output layer: dense, ${NUM_CLASSES} units, softmax.`);
  }
  if (layers.length > MAX_LAYERS) return err(`The model has ${layers.length} layers; use at most ${MAX_LAYERS}.`);

  const inputShape = specInputShape(spec);
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
          if (!isWhole(layer.kernelSize, 1, IMAGE_SIZE)) return err(`${name}: kernel size must be a whole number from 1 to ${IMAGE_SIZE}; got ${String(layer.kernelSize)}.`);
          if (!ACTIVATIONS.includes(layer.activation)) return err(`${name}: unknown activation '${String(layer.activation)}'; use one of ${ACTIVATIONS.join(', ')}.`);
          const k = layer.kernelSize;
          if (k > h || k > w) {
            return err(`${name}: its ${k}x${k} kernel is larger than its ${h}x${w} input; use a kernel of at most ${Math.min(h, w)}, or remove a pooling layer above it.`);
          }
          params = k * k * c * layer.filters + layer.filters;
          shape = [h - k + 1, w - k + 1, layer.filters];
        } else {
          if (!isWhole(layer.poolSize, 1, IMAGE_SIZE)) return err(`${name}: pool size must be a whole number from 1 to ${IMAGE_SIZE}; got ${String(layer.poolSize)}.`);
          const p = layer.poolSize;
          if (p > h || p > w) return err(`${name}: its ${p}x${p} window is larger than its ${h}x${w} input; use a pool size of at most ${Math.min(h, w)}, or remove a layer above it.`);
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
