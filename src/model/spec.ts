/**
 * A model as plain, serializable data: a list of layers a learner can edit, checked (shapes,
 * parameter counts, actionable messages) without TensorFlow.js, and its link form. What each kind
 * does is in layer-kinds.ts; the tfjs side is in factory.ts.
 */
import { IMAGE_PIXELS, IMAGE_SIZE, NUM_CLASSES } from '../data/format';
import { formatCount } from '../lib/format';
import { err, ok, type Result } from '../lib/result';
import {
  ACTIVATIONS,
  LAYER_KIND_ORDER,
  LAYER_KIND_TABLE,
  fieldValue,
  hasSpatialLayer,
  infoOf,
  kindInfo,
  joinWords,
  makeLayer,
  spatialKindNames,
  splitFields,
  tryLayerKindInfo,
  type Activation,
  type LayerField,
  type LayerKind,
  type LayerSpec,
} from './layer-kinds';

export { ACTIVATIONS, MAX_DROPOUT, MAX_FILTERS, MAX_UNITS } from './layer-kinds';
export type { Activation, Conv2dSpec, DenseSpec, DropoutSpec, FlattenSpec, LayerKind, LayerSpec, MaxPoolSpec } from './layer-kinds';

/** A whole model: the layers between the image input (28x28 for MNIST) and the 10 class probabilities. */
export interface ModelSpec {
  readonly layers: readonly LayerSpec[];
}

/** Upper bounds that keep a browser tab responsive (the fields' own bounds are in layer-kinds.ts). */
export const MAX_PARAMS = 5_000_000;
export const MAX_LAYERS = 32;

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

/**
 * The model input shape for a spec on `image` (default MNIST's): [rows, cols, 1] when it has
 * conv/pool layers, else [rows * cols] (for MNIST [28, 28, 1] or [784]).
 */
export function specInputShape(spec: ModelSpec, image: ImageShape = MNIST_IMAGE_SHAPE): number[] {
  return hasSpatialLayer(spec.layers) ? [image.rows, image.cols, 1] : [image.rows * image.cols];
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
    side = tryLayerKindInfo(layer?.kind)?.minSide?.(layer, side) ?? side;
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

/** A layer's field checked against its bounds: the message after the layer's name, or null when it is fine. */
function fieldProblem(field: LayerField<LayerSpec>, value: unknown, maxWindow: number): string | null {
  const max = field.max === 'window' ? maxWindow : field.max;
  if (field.whole) return isWhole(value, field.min, max) ? null : `${field.label} must be a whole number from ${field.min} to ${max}; got ${String(value)}.`;
  const fine = typeof value === 'number' && Number.isFinite(value) && value >= field.min && value <= max;
  return fine ? null : `${field.label} must be a number from ${field.min} to ${max}; got ${String(value)}.`;
}

/** The first of a layer's fields (and its activation) that is wrong, in link order, or null. */
function layerProblem(layer: LayerSpec, maxWindow: number): string | null {
  const info = infoOf(layer);
  const { required, optional } = splitFields(info);
  for (const f of required) {
    const problem = fieldProblem(f, fieldValue(layer, f), maxWindow);
    if (problem) return problem;
  }
  const activation = (layer as { activation?: unknown }).activation;
  if (info.activation && !ACTIVATIONS.includes(activation as Activation)) return `unknown activation '${String(activation)}'; use one of ${ACTIVATIONS.join(', ')}.`;
  for (const f of optional) {
    const value = fieldValue(layer, f);
    const problem = value === undefined ? null : fieldProblem(f, value, maxWindow);
    if (problem) return problem;
  }
  return null;
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
    const info = tryLayerKindInfo(layer?.kind);
    if (!info) return err(`${name}: unknown layer kind; use ${joinWords(LAYER_KIND_ORDER, 'or')}.`);
    if (info.input === 'image' && shape.length !== 3) {
      const where = flattenedAt >= 0 ? `layer ${flattenedAt + 1} flattened the feature maps` : `its input is ${describeShape(shape)}`;
      return err(`${name} needs image-shaped input, but ${where}; move ${spatialKindNames()} layers above the flatten and dense layers.`);
    }
    if (info.input === 'vector' && shape.length !== 1) return err(`${name} receives ${describeShape(shape)}; add a flatten layer before it.`);
    const problem = layerProblem(layer, maxWindow);
    if (problem) return err(`${name}: ${problem}`);
    const step = info.step(layer, shape);
    if (!step.ok) return err(`${name}: ${step.tooSmall}${shrinkNote(spec, image, i, shape[0], shape[1])}`);
    if (shape.length === 3 && step.shape.length !== 3) flattenedAt = i;
    const params = step.params;
    shape = step.shape;
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
  const info = infoOf(layer);
  const { required, optional } = splitFields(info);
  const parts = [info.token, ...required.map((f) => fieldValue(layer, f))];
  if (info.activation) parts.push((layer as { activation: Activation }).activation);
  for (const f of optional) {
    const value = fieldValue(layer, f);
    if (value) parts.push(value);
  }
  return parts.join(FIELD_SEPARATOR);
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

/** The layer of one link token ('conv_16_5_relu'), or null when it is not one. */
function parseLayerText(token: string): LayerSpec | null {
  const [head, ...parts] = token.split(FIELD_SEPARATOR);
  const kind = LAYER_KIND_ORDER.find((k) => LAYER_KIND_TABLE[k].token === head);
  if (!kind) return null;
  const info = kindInfo(kind);
  const { required, optional } = splitFields(info);
  const fixed = required.length + (info.activation ? 1 : 0);
  if (parts.length < fixed || parts.length > fixed + optional.length) return null;
  const activation = info.activation ? parseActivation(parts[required.length]) : 'relu';
  const numbers = [...parts.slice(0, required.length), ...parts.slice(fixed)].map(parseNumber);
  if (!activation || numbers.some(Number.isNaN)) return null;
  const order = [...required, ...optional];
  return makeLayer(kind, (f) => numbers[order.indexOf(f)], activation);
}

/**
 * Parses the link form: dense_<units>_<activation>[_<dropout>], conv_<filters>_<kernel>_<activation>,
 * pool_<size>, flatten, drop_<rate>, joined by '-' (each kind's token and fields are in
 * layer-kinds.ts). Syntax only; analyzeSpec checks the shapes.
 */
export function tryParseSpecText(text: string): Result<ModelSpec> {
  const trimmed = text.trim();
  if (trimmed === '') return err('the layer list is empty');
  const layers: LayerSpec[] = [];
  const tokens = trimmed.split(LAYER_SEPARATOR);
  const examples = joinWords(LAYER_KIND_ORDER.map((k) => LAYER_KIND_TABLE[k].example), 'or');
  for (let i = 0; i < tokens.length; i++) {
    const layer = parseLayerText(tokens[i]);
    if (!layer) return err(`layer ${i + 1} '${tokens[i]}' is not understood; expected ${examples}`);
    layers.push(layer);
  }
  return ok({ layers });
}
