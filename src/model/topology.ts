/**
 * A TF.js Layers topology (Sequential or functional, as TF.js and the Keras converter write it) as
 * plain data: its layer list and graph checked, its input shape, the shapes and weights its layers
 * imply (so a mismatch is found before tfjs allocates anything), and the copies the loader and the
 * saver need. Pure: no tfjs.
 */
import { NUM_CLASSES } from '../data/format';
import { formatCount } from '../lib/format';
import { err, ok, type Result } from '../lib/result';
import { describeShape, elementsOf, isCount, isObject, pair, show, type Json } from './json-values';
import { MNIST_IMAGE_SHAPE, type ImageShape } from './spec';

/** Layers in a loaded model. */
export const MAX_LOAD_LAYERS = 200;

/** One layer as found in a topology. */
export interface TopologyLayer {
  className: string;
  name: string;
  config: Record<string, unknown>;
}

const VALID_NAME = /^[A-Za-z0-9][-A-Za-z0-9._/]*$/;

/** The layers of a Sequential or functional topology (its graph checked), or a message saying why there are none. */
export function topologyLayers(topology: Json, json: string): Result<{ kind: 'sequential' | 'functional'; layers: TopologyLayer[]; config: Json }> {
  const className = topology.class_name;
  if (typeof className !== 'string') return err(`${json}: modelTopology has no class_name; expected a Keras model ("Sequential" or "Model")`);
  const kind = className === 'Sequential' ? 'sequential' : className === 'Model' || className === 'Functional' ? 'functional' : null;
  if (!kind) return err(`${json}: modelTopology is a ${show(className)}; expected a Keras "Sequential" or functional "Model"`);
  const config = topology.config;
  // Keras 1 wrote a Sequential's config as the bare layer list.
  const list = Array.isArray(config) ? config : isObject(config) ? config.layers : undefined;
  if (!Array.isArray(list)) return err(`${json}: the ${className} topology has no layer list (config.layers)`);
  if (list.length === 0) return err(`${json}: the ${className} topology has no layers`);
  if (list.length > MAX_LOAD_LAYERS) return err(`${json}: the topology has ${formatCount(list.length)} layers; this notebook loads models of up to ${MAX_LOAD_LAYERS}`);
  const layers: TopologyLayer[] = [];
  for (let i = 0; i < list.length; i++) {
    const raw = list[i];
    if (!isObject(raw) || typeof raw.class_name !== 'string' || !isObject(raw.config)) return err(`${json}: layer ${i + 1} of the topology is not a {"class_name", "config"} object`);
    const declared = raw.config.name ?? raw.name;
    if (declared !== undefined && typeof declared !== 'string') return err(`${json}: layer ${i + 1} is named ${show(declared)}; a layer name is text`);
    const name = declared ?? `layer_${i + 1}`;
    // TF.js's own rule for variable names (a layer's weights are named '<layer>/kernel').
    if (!VALID_NAME.test(name)) return err(`${json}: layer ${i + 1} is named ${show(name)}; a layer name starts with a letter or digit and has only letters, digits and - . _ /`);
    layers.push({ className: raw.class_name, name, config: raw.config });
  }
  if (kind === 'functional') {
    const graph = checkFunctionalGraph(list as Json[], isObject(config) ? config : {}, json);
    if (graph) return err(graph);
  }
  return ok({ kind, layers, config: isObject(config) ? config : {} });
}

/**
 * A functional model's connections must name earlier layers (Keras writes them in topological
 * order): TF.js defers a node whose input layer is not built yet and would wait forever for one that
 * does not exist.
 */
function checkFunctionalGraph(list: Json[], config: Json, json: string): string | null {
  const nodes = new Map<string, number>();
  for (const raw of list) {
    // TF.js wires the graph by each entry's own name, and names the layer from its config.
    const name = raw.name;
    if (typeof name !== 'string') return `${json}: a layer of the functional model has no name`;
    const configName = (raw.config as Json).name;
    if (configName !== undefined && configName !== name) return `${json}: a layer is named '${name}' but its config says ${show(configName)}`;
    if (nodes.has(name)) return `${json}: two layers are named '${name}'`;
    const inbound = raw.inbound_nodes ?? [];
    if (!Array.isArray(inbound)) return `${json}: layer ${name}'s inbound_nodes is ${show(inbound)}, not a list`;
    for (const node of inbound) {
      if (!Array.isArray(node) || node.length === 0) return `${json}: layer ${name} has an inbound node of ${show(node)}; expected [[layer, node, tensor, {}]]`;
      for (const ref of node) {
        if (!Array.isArray(ref) || typeof ref[0] !== 'string' || !isCount(ref[1]) || !isCount(ref[2])) return `${json}: layer ${name} takes input from ${show(ref)}; expected [layer name, node index, tensor index]`;
        const count = nodes.get(ref[0]);
        if (count === undefined) return `${json}: layer ${name} takes its input from '${ref[0]}', which is not an earlier layer of the model`;
        if (ref[1] >= count || ref[2] > 8) return `${json}: layer ${name} takes its input from node ${ref[1]}, tensor ${ref[2]} of '${ref[0]}', which it does not have`;
      }
    }
    // An input layer is one node by itself; any other layer has a node per call (inbound node group).
    nodes.set(name, raw.class_name === 'InputLayer' ? Math.max(1, inbound.length) : inbound.length);
  }
  for (const key of ['input_layers', 'output_layers'] as const) {
    const refs = config[key];
    if (!Array.isArray(refs)) return `${json}: the functional model has no ${key}`;
    for (const ref of refs) {
      const name = Array.isArray(ref) ? ref[0] : ref;
      if (typeof name !== 'string' || !nodes.has(name)) return `${json}: ${key} names ${show(name)}, which is not a layer of the model`;
      if (Array.isArray(ref) && (!isCount(ref[1]) || !isCount(ref[2]) || ref[1] >= (nodes.get(name) ?? 0) || ref[2] > 8)) return `${json}: ${key} names node ${show(ref[1])} of '${name}', which it does not have`;
    }
  }
  return null;
}

function declaredShape(config: Json): unknown {
  if (config.batch_input_shape !== undefined) return config.batch_input_shape;
  if (config.batch_shape !== undefined) return config.batch_shape;
  if (Array.isArray(config.input_shape)) return [null, ...config.input_shape];
  return undefined;
}

/** The model's declared input shape (batch axis first). */
export function inputShapeOf(kind: 'sequential' | 'functional', layers: TopologyLayer[], config: Json, json: string): Result<(number | null)[]> {
  let source: TopologyLayer | undefined;
  if (kind === 'sequential') {
    source = layers[0];
  } else {
    const inputs = config.input_layers;
    if (!Array.isArray(inputs) || inputs.length === 0) return err(`${json}: the functional model lists no input_layers`);
    if (inputs.length > 1) return err(`${json}: the model takes ${inputs.length} inputs; this notebook feeds one image per example`);
    const first = inputs[0];
    const name = Array.isArray(first) ? first[0] : first;
    source = layers.find((l) => l.name === name);
    if (!source) return err(`${json}: the input layer ${show(name)} is not among the topology's layers`);
  }
  const shape = declaredShape(source.config);
  if (shape === undefined) return err(`${json}: the first layer (${source.name}) declares no input shape (batch_input_shape); the model cannot be built without one`);
  if (!Array.isArray(shape) || shape.length < 2 || shape.length > 5 || !shape.every((d, i) => (i === 0 && (d === null || d === -1 || isCount(d))) || (i > 0 && isCount(d) && d > 0))) {
    return err(`${json}: the input layer ${source.name} declares input shape ${show(shape)}; expected whole numbers after the batch axis`);
  }
  return ok([null, ...(shape.slice(1) as number[])]);
}

/** Whether a model input fits images of `image`: [null, r, c], [null, r, c, 1] or [null, r*c]. */
export function inputFits(shape: readonly (number | null)[], image: ImageShape = MNIST_IMAGE_SHAPE): boolean {
  const rest = shape.slice(1);
  const { rows, cols } = image;
  if (rest.length === 1) return rest[0] === rows * cols;
  if (rest.length === 2) return rest[0] === rows && rest[1] === cols;
  if (rest.length === 3) return rest[0] === rows && rest[1] === cols && rest[2] === 1;
  return false;
}

/** The message for a model whose input does not fit the images. */
export function inputShapeMessage(json: string, shape: readonly (number | null)[], image: ImageShape = MNIST_IMAGE_SHAPE): string {
  const { rows, cols } = image;
  return `${json}: the model takes input of shape ${describeShape(shape)}; this notebook needs ${rows} x ${cols} images ([null, ${rows}, ${cols}, 1] or [null, ${rows * cols}])`;
}

/** The message for a model whose output is not one probability per class. */
export function outputShapeMessage(json: string, shape: readonly (number | null)[], classes = NUM_CLASSES): string {
  return `${json}: the model's output has shape ${describeShape(shape)}; this notebook needs one score per digit ([null, ${classes}])`;
}

/** Expected weight shapes of one layer on an input shape (batch axis omitted), and its output shape; null where unknown. */
function inferLayer(layer: TopologyLayer, input: number[]): { output: number[]; weights: number[][] } | null {
  const c = layer.config;
  const bias = c.use_bias !== false;
  switch (layer.className) {
    case 'InputLayer':
    case 'Dropout':
    case 'SeededDropout':
    case 'Activation':
    case 'ReLU':
    case 'Softmax':
      return { output: input, weights: [] };
    case 'Flatten':
      return { output: [elementsOf(input)], weights: [] };
    case 'Reshape': {
      const target = c.target_shape;
      if (!Array.isArray(target) || !target.every((d) => isCount(d) || d === -1)) return null;
      const known = (target as number[]).filter((d) => d !== -1);
      const total = elementsOf(input);
      const rest = elementsOf(known);
      const out = (target as number[]).map((d) => (d === -1 ? (rest > 0 ? total / rest : NaN) : d));
      if (!out.every((d) => Number.isInteger(d) && d >= 0) || elementsOf(out) !== total) return null;
      return { output: out, weights: [] };
    }
    case 'Dense': {
      if (!isCount(c.units) || c.units === 0 || input.length < 1) return null;
      const units = c.units;
      const inner = input[input.length - 1];
      return { output: [...input.slice(0, -1), units], weights: bias ? [[inner, units], [units]] : [[inner, units]] };
    }
    case 'Conv2D':
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      if (input.length !== 3 || (c.data_format !== undefined && c.data_format !== 'channels_last')) return null;
      const conv = layer.className === 'Conv2D';
      const window = pair(conv ? c.kernel_size : c.pool_size, 2);
      const strides = pair(c.strides, conv ? 1 : (window?.[0] ?? 1));
      const dilation = conv ? pair(c.dilation_rate, 1) : [1, 1];
      if (!window || !strides || !dilation || window.some((k) => k < 1) || strides.some((s) => s < 1)) return null;
      // A pooling layer's strides default to its pool size (keras), given per axis.
      const st = !conv && (c.strides === undefined || c.strides === null) ? window : strides;
      const [h, w, ch] = input;
      const padding = c.padding ?? 'valid';
      const span = (n: number, k: number, s: number, d: number) => (padding === 'same' ? Math.ceil(n / s) : Math.floor((n - (k - 1) * d - 1) / s) + 1);
      const oh = span(h, window[0], st[0], dilation[0]);
      const ow = span(w, window[1], st[1], dilation[1]);
      if ((padding !== 'same' && padding !== 'valid') || oh < 1 || ow < 1) return null;
      if (!conv) return { output: [oh, ow, ch], weights: [] };
      if (!isCount(c.filters) || c.filters === 0) return null;
      const kernel = [window[0], window[1], ch, c.filters];
      return { output: [oh, ow, c.filters], weights: bias ? [kernel, [c.filters]] : [kernel] };
    }
    default:
      return null;
  }
}

/**
 * For a Sequential topology of common layers: each layer's expected weight shapes and the output
 * shape, without building it (so a mismatch is found before tfjs allocates anything). Null when a
 * layer is not one this knows.
 */
export function inferSequential(layers: readonly TopologyLayer[], inputShape: readonly (number | null)[]): { output: (number | null)[]; weights: { layer: string; shape: number[] }[] } | null {
  let shape = inputShape.slice(1) as number[];
  const weights: { layer: string; shape: number[] }[] = [];
  for (const layer of layers) {
    const step = inferLayer(layer, shape);
    if (!step) return null;
    for (const w of step.weights) weights.push({ layer: layer.name, shape: w });
    shape = step.output;
  }
  return { output: [null, ...shape], weights };
}

/**
 * A copy of a topology whose weight initializers are all zeros: the loaded weights replace them
 * anyway, and a file's initializer config can be costly or never finish (a truncated normal with a
 * NaN scale resamples forever).
 */
export function withZeroInitializers(topology: Json): Json {
  const copy = JSON.parse(JSON.stringify(topology)) as Json;
  const visit = (v: unknown, depth: number): void => {
    if (depth > 64 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach((x) => visit(x, depth + 1));
    const o = v as Json;
    for (const key of Object.keys(o)) {
      if (key.endsWith('_initializer')) o[key] = { class_name: 'Zeros', config: {} };
      else visit(o[key], depth + 1);
    }
  };
  visit(copy, 0);
  return copy;
}

// ---- Our topology, made standard ----

/**
 * A copy of a topology with our SeededDropout layers written as standard Keras Dropout (the seed is
 * ours, not Keras's: plain TF.js and Keras read the file without our custom class).
 */
export function toStandardTopology(topology: Json): Json {
  const copy = JSON.parse(JSON.stringify(topology)) as Json;
  const config = copy.config;
  const list = Array.isArray(config) ? config : isObject(config) ? config.layers : undefined;
  if (!Array.isArray(list)) return copy;
  for (let i = 0; i < list.length; i++) {
    const layer = list[i];
    if (!isObject(layer) || layer.class_name !== 'SeededDropout' || !isObject(layer.config)) continue;
    const { name, trainable, rate, batch_input_shape, dtype } = layer.config;
    list[i] = {
      class_name: 'Dropout',
      config: { name, trainable: trainable ?? true, rate, noise_shape: null, seed: null, ...(batch_input_shape !== undefined ? { batch_input_shape } : {}), ...(dtype !== undefined ? { dtype } : {}) },
    };
  }
  return copy;
}

/** "Dense 128 relu" style names of a topology's layers (input layers left out). */
export function describeLayers(layers: readonly TopologyLayer[]): string[] {
  return layers
    .filter((l) => l.className !== 'InputLayer')
    .map((l) => {
      const c = l.config;
      const cls = l.className === 'SeededDropout' ? 'Dropout' : l.className;
      const act = typeof c.activation === 'string' && c.activation !== 'linear' ? ` ${c.activation}` : '';
      if (cls === 'Dense') return `Dense ${show(c.units)}${act}`;
      if (cls === 'Conv2D') return `Conv2D ${show(c.filters)} ${Array.isArray(c.kernel_size) ? c.kernel_size.join('x') : show(c.kernel_size)}${act}`;
      if (cls === 'MaxPooling2D') return `MaxPool ${Array.isArray(c.pool_size) ? c.pool_size.join('x') : show(c.pool_size)}`;
      if (cls === 'Dropout') return `Dropout ${show(c.rate)}`;
      return cls;
    });
}
