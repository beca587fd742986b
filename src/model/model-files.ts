/**
 * TensorFlow.js Layers model files (model.json + weight shards) as plain data: validation with a
 * message naming the file and what was found, the input/output shape check, the layer list a
 * topology maps to (so a loaded model can train on), and the rewrite that makes our models standard
 * on save. Pure: no tfjs here (model-io.ts builds the model once these checks pass).
 */
import { IMAGE_SIZE, NUM_CLASSES } from '../data/format';
import { errorMessage, formatCount } from '../lib/format';
import { err, ok, type Result } from '../lib/result';
import { ACTIVATIONS, analyzeSpec, type Activation, type LayerSpec, type ModelSpec } from './spec';

export const MODEL_JSON_NAME = 'model.json';
/** The weights file name our saves and downloads use. */
export const WEIGHTS_FILE_NAME = 'weights.bin';
/** The key under userDefinedMetadata where the notebook keeps what it knows of a saved model. */
export const NOTEBOOK_METADATA_KEY = 'mnistNotebook';
/** A model.json larger than this is not a model file (ours are ~5 KB). */
export const MAX_MODEL_JSON_CHARS = 4_000_000;
/** Parameters a loaded model may have: more would not fit a tab's memory comfortably. */
export const MAX_LOAD_PARAMS = 20_000_000;
/** Layers in a loaded model. */
export const MAX_LOAD_LAYERS = 200;

export type WeightDtype = 'float32' | 'int32' | 'bool';
export type QuantizationDtype = 'uint8' | 'uint16' | 'float16';

/** One entry of a weights manifest, as TensorFlow.js writes it. */
export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: WeightDtype;
  quantization?: { dtype: QuantizationDtype; scale?: number; min?: number };
  group?: string;
}

/** The image shape a model must take: rows x cols, one channel (28 x 28 for MNIST). */
export interface ImageShape {
  rows: number;
  cols: number;
}

export const MNIST_IMAGE: ImageShape = Object.freeze({ rows: IMAGE_SIZE, cols: IMAGE_SIZE });

/** One layer as found in a topology. */
export interface TopologyLayer {
  className: string;
  name: string;
  config: Record<string, unknown>;
}

/** What the notebook stores with a model it saved (also in model.json's userDefinedMetadata). */
export interface NotebookModelMetadata {
  /** The layer list it was built from, when it was built here. */
  spec: ModelSpec | null;
  /** 'dense', 'cnn', 'custom' or 'imported'. */
  architecture: string;
  params: number;
  testAccuracy: number | null;
  /** Epochs trained, when known. */
  epochs: number | null;
}

/** Model files that passed every check that needs no model built. */
export interface ValidatedModelFiles {
  /** The topology itself (a Keras file's model_config unwrapped). */
  topology: Record<string, unknown>;
  weightSpecs: WeightEntry[];
  /** The weight shards joined, in manifest order. */
  weightData: ArrayBuffer;
  layers: TopologyLayer[];
  inputShape: (number | null)[];
  /** From the topology when it could be inferred (Sequential models of common layers). */
  outputShape: (number | null)[] | null;
  /** Total elements over the model's weights (optimizer weights excluded). */
  params: number;
  metadata: NotebookModelMetadata | null;
}

type Json = Record<string, unknown>;

const VALID_NAME = /^[A-Za-z0-9][-A-Za-z0-9._/]*$/;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** A value as a short piece of text for a message. */
function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return `[${v.map((x) => (x === null ? 'null' : typeof x === 'number' ? String(x) : show(x))).join(', ')}]`;
  if (isObject(v)) return 'an object';
  const text = typeof v === 'string' ? `'${v}'` : String(v);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

export function describeShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(', ')}]`;
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };
const QUANT_BYTES: Record<string, number> = { uint8: 1, uint16: 2, float16: 2 };

/** The last path segment: model.json may name shards with a folder ('./group1-shard1of1.bin'). */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i >= 0 ? path.slice(i + 1) : path;
}

function tryParseWeightEntry(raw: unknown, where: string, json: string): Result<WeightEntry> {
  if (!isObject(raw)) return err(`${json}: ${where} is ${show(raw)}, not a weight entry ({"name", "shape", "dtype"})`);
  const { name, shape, dtype, quantization, group } = raw;
  if (typeof name !== 'string' || name === '') return err(`${json}: ${where} has no name`);
  if (!Array.isArray(shape) || !shape.every(isCount)) return err(`${json}: weight '${name}' has shape ${show(shape)}; a shape is a list of whole numbers`);
  if (shape.length > 8) return err(`${json}: weight '${name}' has ${shape.length} dimensions; layers here have at most 4`);
  if (typeof dtype !== 'string' || !(dtype in DTYPE_BYTES)) return err(`${json}: weight '${name}' has dtype ${show(dtype)}; expected float32, int32 or bool`);
  const entry: WeightEntry = { name, shape: [...(shape as number[])], dtype: dtype as WeightDtype };
  if (quantization !== undefined && quantization !== null) {
    if (!isObject(quantization) || typeof quantization.dtype !== 'string' || !(quantization.dtype in QUANT_BYTES)) {
      return err(`${json}: weight '${name}' has a quantization of ${show(isObject(quantization) ? quantization.dtype : quantization)}; expected uint8, uint16 or float16`);
    }
    const { scale, min } = quantization;
    if (quantization.dtype !== 'float16' && (typeof scale !== 'number' || typeof min !== 'number' || !Number.isFinite(scale) || !Number.isFinite(min))) {
      return err(`${json}: weight '${name}' is quantized to ${quantization.dtype} without a finite scale and min`);
    }
    entry.quantization = { dtype: quantization.dtype as QuantizationDtype, ...(typeof scale === 'number' ? { scale } : {}), ...(typeof min === 'number' ? { min } : {}) };
  }
  if (typeof group === 'string') entry.group = group;
  return ok(entry);
}

function elementsOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function bytesOf(entry: WeightEntry): number {
  const per = entry.quantization ? QUANT_BYTES[entry.quantization.dtype] : DTYPE_BYTES[entry.dtype];
  return elementsOf(entry.shape) * per;
}

/** The layers of a Sequential or functional topology, or a message saying why there are none. */
function topologyLayers(topology: Json, json: string): Result<{ kind: 'sequential' | 'functional'; layers: TopologyLayer[]; config: Json }> {
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
function inputShapeOf(kind: 'sequential' | 'functional', layers: TopologyLayer[], config: Json, json: string): Result<(number | null)[]> {
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
export function inputFits(shape: readonly (number | null)[], image: ImageShape = MNIST_IMAGE): boolean {
  const rest = shape.slice(1);
  const { rows, cols } = image;
  if (rest.length === 1) return rest[0] === rows * cols;
  if (rest.length === 2) return rest[0] === rows && rest[1] === cols;
  if (rest.length === 3) return rest[0] === rows && rest[1] === cols && rest[2] === 1;
  return false;
}

/** The message for a model whose input does not fit the images. */
export function inputShapeMessage(json: string, shape: readonly (number | null)[], image: ImageShape = MNIST_IMAGE): string {
  const { rows, cols } = image;
  return `${json}: the model takes input of shape ${describeShape(shape)}; this notebook needs ${rows} x ${cols} images ([null, ${rows}, ${cols}, 1] or [null, ${rows * cols}])`;
}

/** The message for a model whose output is not one probability per class. */
export function outputShapeMessage(json: string, shape: readonly (number | null)[], classes = NUM_CLASSES): string {
  return `${json}: the model's output has shape ${describeShape(shape)}; this notebook needs one score per digit ([null, ${classes}])`;
}

const pair = (v: unknown, fallback: number): [number, number] | null => {
  if (v === undefined || v === null) return [fallback, fallback];
  if (isCount(v)) return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every(isCount)) return [v[0] as number, v[1] as number];
  return null;
};

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

function tryParseMetadata(raw: unknown): NotebookModelMetadata | null {
  const m = isObject(raw) ? raw[NOTEBOOK_METADATA_KEY] : undefined;
  if (!isObject(m)) return null;
  const spec = isObject(m.spec) && Array.isArray(m.spec.layers) && analyzeSpec(m.spec as unknown as ModelSpec).ok ? (m.spec as unknown as ModelSpec) : null;
  return {
    spec,
    architecture: typeof m.architecture === 'string' ? m.architecture.slice(0, 40) : 'imported',
    params: isCount(m.params) ? m.params : 0,
    testAccuracy: typeof m.testAccuracy === 'number' && m.testAccuracy >= 0 && m.testAccuracy <= 1 ? m.testAccuracy : null,
    epochs: isCount(m.epochs) ? m.epochs : null,
  };
}

export interface ValidateOptions {
  /** The image shape the model must take; default 28 x 28. */
  image?: ImageShape;
  /** The name of the model.json file as chosen (for messages); default 'model.json'. */
  jsonName?: string;
}

/**
 * Checks TF.js Layers model files without building the model: model.json is JSON, a layers model
 * with a modelTopology and a weightsManifest; every weight file it names is given; the files'
 * lengths match the weights' shapes and dtypes; the input fits the images and (where it can be
 * inferred) the output is [null, 10] and the layers' weights match the manifest. Never throws.
 */
export function validateModelFiles(jsonText: string, weightFiles: ReadonlyMap<string, Uint8Array>, options: ValidateOptions = {}): Result<ValidatedModelFiles> {
  const json = options.jsonName ?? MODEL_JSON_NAME;
  const image = options.image ?? MNIST_IMAGE;
  if (typeof jsonText !== 'string' || jsonText.trim() === '') return err(`${json}: the file is empty`);
  if (jsonText.length > MAX_MODEL_JSON_CHARS) return err(`${json}: the file has ${formatCount(jsonText.length)} characters, too many for a model.json (is it a weights file?)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(jsonText);
  } catch (e) {
    const detail = errorMessage(e);
    return err(`${json}: not JSON (${detail.length > 120 ? `${detail.slice(0, 117)}…` : detail}); is the file truncated, or a weights file?`);
  }
  if (!isObject(parsed)) return err(`${json}: expected a JSON object with modelTopology and weightsManifest, found ${Array.isArray(parsed) ? 'a list' : show(parsed)}`);
  if (parsed.format !== undefined && parsed.format !== 'layers-model') {
    const graph = parsed.format === 'graph-model' ? ' (a TensorFlow.js graph model, e.g. converted from a SavedModel)' : '';
    return err(`${json}: the format is ${show(parsed.format)}${graph}; this notebook loads Layers models (format "layers-model"), e.g. converted from Keras`);
  }
  let topology = parsed.modelTopology;
  if (topology === undefined || topology === null) return err(`${json}: no modelTopology; this is not a TensorFlow.js Layers model file`);
  if (!isObject(topology)) return err(`${json}: modelTopology is ${show(topology)}, not an object`);
  if (isObject(topology.model_config)) topology = topology.model_config;
  const manifest = parsed.weightsManifest;
  if (manifest === undefined || manifest === null) return err(`${json}: no weightsManifest, so the weights cannot be found; save the model with its weights (model.save or the TensorFlow.js converter)`);
  if (!Array.isArray(manifest)) return err(`${json}: weightsManifest is ${show(manifest)}, not a list of weight groups`);

  const found = topologyLayers(topology as Json, json);
  if (!found.ok) return found;
  const { kind, layers, config } = found.value;
  const input = inputShapeOf(kind, layers, config, json);
  if (!input.ok) return input;
  if (!inputFits(input.value, image)) return err(inputShapeMessage(json, input.value, image));

  // The manifest: groups of weights, each stored in the concatenation of its shard files.
  const specs: WeightEntry[] = [];
  const chunks: Uint8Array[] = [];
  let totalBytes = 0;
  let params = 0;
  const seen = new Set<string>();
  for (let g = 0; g < manifest.length; g++) {
    const group = manifest[g];
    if (!isObject(group)) return err(`${json}: weightsManifest[${g}] is ${show(group)}, not a {"paths", "weights"} group`);
    const { paths, weights } = group;
    if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string' && p !== '')) return err(`${json}: weightsManifest[${g}].paths is ${show(paths)}; expected the names of the weight files`);
    if (!Array.isArray(weights)) return err(`${json}: weightsManifest[${g}].weights is ${show(weights)}; expected a list of weights`);
    let need = 0;
    for (let i = 0; i < weights.length; i++) {
      const entry = tryParseWeightEntry(weights[i], `weightsManifest[${g}].weights[${i}]`, json);
      if (!entry.ok) return entry;
      if (seen.has(entry.value.name)) return err(`${json}: the weight '${entry.value.name}' is listed twice`);
      seen.add(entry.value.name);
      const elements = elementsOf(entry.value.shape);
      if (entry.value.group !== 'optimizer') params += elements;
      if (params > MAX_LOAD_PARAMS || !Number.isSafeInteger(elements)) return err(`${json}: the weights add up to more than ${formatCount(MAX_LOAD_PARAMS)} parameters, more than this notebook loads`);
      need += bytesOf(entry.value);
      specs.push(entry.value);
    }
    const files: { name: string; bytes: Uint8Array }[] = [];
    for (const path of paths as string[]) {
      const bytes = weightFiles.get(path) ?? weightFiles.get(baseName(path));
      if (!bytes) {
        const given = [...weightFiles.keys()];
        return err(`${json}: names the weight file '${baseName(path)}', which was not given; choose it together with ${json} (${given.length ? `given: ${given.join(', ')}` : 'no weight file was given'})`);
      }
      files.push({ name: baseName(path), bytes });
    }
    const have = files.reduce((a, f) => a + f.bytes.byteLength, 0);
    if (have !== need) {
      const names = files.map((f) => f.name).join(' + ');
      const listed = `the ${formatCount(weights.length)} weights ${json} lists need ${formatCount(need)} bytes`;
      if (have < need) return err(`${names}: truncated: ${formatCount(have)} bytes, but ${listed}`);
      return err(`${names}: ${formatCount(have)} bytes, but ${listed}; the file does not belong to this ${json}, or the weights' shapes or dtypes were changed`);
    }
    for (const f of files) chunks.push(f.bytes);
    totalBytes += have;
  }

  let outputShape: (number | null)[] | null = null;
  const inferred = kind === 'sequential' ? inferSequential(layers, input.value) : null;
  if (!inferred) {
    // Without shape inference (functional models, other layers), a dense or conv layer's size is
    // bounded by its kernel in the manifest (which the files' bytes bound), so building it cannot
    // allocate more than the files hold.
    const named = new Map(specs.map((s) => [s.name, s]));
    for (const l of layers) {
      const size = l.className === 'Dense' ? l.config.units : l.className === 'Conv2D' ? l.config.filters : undefined;
      if (size === undefined) continue;
      const kernel = named.get(`${l.name}/kernel`);
      if (!kernel) return err(`${json}: the weights do not match the topology: layer ${l.name} (${l.className}) has no kernel ('${l.name}/kernel') in the weightsManifest`);
      if (kernel.shape[kernel.shape.length - 1] !== size) return err(`${json}: the weights do not match the topology: layer ${l.name} has ${show(size)} ${l.className === 'Dense' ? 'units' : 'filters'}, its kernel in the weightsManifest is ${describeShape(kernel.shape)}`);
    }
  }
  if (inferred) {
    outputShape = inferred.output;
    const modelSpecs = specs.filter((s) => s.group !== 'optimizer');
    const expected = inferred.weights;
    const expectedParams = expected.reduce((a, w) => a + elementsOf(w.shape), 0);
    if (expectedParams > MAX_LOAD_PARAMS) return err(`${json}: the layers have ${formatCount(expectedParams)} parameters, more than the ${formatCount(MAX_LOAD_PARAMS)} this notebook loads`);
    const mismatch = expected.findIndex((w, i) => modelSpecs[i] === undefined || modelSpecs[i].shape.join('x') !== w.shape.join('x'));
    if (mismatch >= 0 || modelSpecs.length !== expected.length) {
      const w = expected[mismatch];
      const got = w ? modelSpecs[mismatch] : modelSpecs[expected.length];
      const detail = w
        ? `layer ${w.layer} needs a weight of shape ${describeShape(w.shape)}, but ${json} lists ${got ? `'${got.name}' of shape ${describeShape(got.shape)}` : 'no more weights'} there`
        : `${json} lists ${modelSpecs.length} weights, the layers have ${expected.length}`;
      return err(`${json}: the weights do not match the topology: ${detail}`);
    }
    if (!(outputShape.length === 2 && outputShape[1] === NUM_CLASSES)) return err(outputShapeMessage(json, outputShape));
  }

  const weightData = new Uint8Array(totalBytes);
  let at = 0;
  for (const c of chunks) {
    weightData.set(c, at);
    at += c.byteLength;
  }
  return ok({
    topology: topology as Json,
    weightSpecs: specs,
    weightData: weightData.buffer,
    layers,
    inputShape: input.value,
    outputShape,
    params,
    metadata: tryParseMetadata(parsed.userDefinedMetadata),
  });
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

/** The model.json text of standard artifacts, with one weights file. */
export function modelJsonText(topology: Json, weightSpecs: readonly WeightEntry[], metadata: NotebookModelMetadata | null, generatedBy: string): string {
  return JSON.stringify({
    format: 'layers-model',
    generatedBy,
    convertedBy: null,
    modelTopology: topology,
    weightsManifest: [{ paths: [WEIGHTS_FILE_NAME], weights: weightSpecs }],
    ...(metadata ? { userDefinedMetadata: { [NOTEBOOK_METADATA_KEY]: metadata } } : {}),
  });
}

// ---- From a topology to the notebook's layer list ----

function activationOf(config: Json): Activation | null {
  const a = config.activation ?? 'linear';
  return (ACTIVATIONS as readonly unknown[]).includes(a) ? (a as Activation) : null;
}

/**
 * The notebook's layer list for a Sequential topology, when every layer is one the editor has
 * (dense, conv2d with valid padding and stride 1, square max pooling with stride = size, flatten,
 * dropout; an input layer or an input reshape/flatten is fine), so training can continue from its
 * weights. Otherwise a message saying which layer is not, and the model is evaluation-only.
 */
export function specFromTopology(layers: readonly TopologyLayer[], image: ImageShape = MNIST_IMAGE): Result<ModelSpec> {
  const out: LayerSpec[] = [];
  const not = (l: TopologyLayer, why: string) => err<ModelSpec>(`layer ${l.name} (${l.className}) ${why}, which the layer editor does not have`);
  for (let i = 0; i < layers.length; i++) {
    const l = layers[i];
    const c = l.config;
    switch (l.className) {
      case 'InputLayer':
        break;
      case 'Reshape': {
        const t = c.target_shape;
        const leading = out.length === 0 && Array.isArray(t) && ((t.length === 3 && t[0] === image.rows && t[1] === image.cols && t[2] === 1) || (t.length === 1 && t[0] === image.rows * image.cols));
        if (!leading) return not(l, `reshapes to ${show(t)}`);
        break;
      }
      case 'Dense': {
        const activation = activationOf(c);
        if (!activation) return not(l, `has activation ${show(c.activation)}`);
        if (c.use_bias === false) return not(l, 'has no bias');
        if (!isCount(c.units)) return not(l, `has units ${show(c.units)}`);
        out.push({ kind: 'dense', units: c.units, activation });
        break;
      }
      case 'Conv2D': {
        const activation = activationOf(c);
        const k = pair(c.kernel_size, 0);
        if (!activation) return not(l, `has activation ${show(c.activation)}`);
        if (!k || k[0] !== k[1]) return not(l, `has a ${show(c.kernel_size)} kernel (not square)`);
        if ((c.padding ?? 'valid') !== 'valid') return not(l, `has padding ${show(c.padding)}`);
        if (JSON.stringify(pair(c.strides, 1)) !== '[1,1]' || JSON.stringify(pair(c.dilation_rate, 1)) !== '[1,1]') return not(l, 'has strides or dilation other than 1');
        if (c.use_bias === false || !isCount(c.filters)) return not(l, 'has no bias');
        out.push({ kind: 'conv2d', filters: c.filters, kernelSize: k[0], activation });
        break;
      }
      case 'MaxPooling2D': {
        const p = pair(c.pool_size, 2);
        const s = c.strides === undefined || c.strides === null ? p : pair(c.strides, 1);
        if (!p || p[0] !== p[1] || !s || s[0] !== p[0] || s[1] !== p[1] || (c.padding ?? 'valid') !== 'valid') return not(l, 'pools with a window, stride or padding');
        out.push({ kind: 'maxPool', poolSize: p[0] });
        break;
      }
      case 'Flatten':
        out.push({ kind: 'flatten' });
        break;
      case 'Dropout':
      case 'SeededDropout': {
        const rate = c.rate;
        if (typeof rate !== 'number') return not(l, `has rate ${show(rate)}`);
        const previous = out[out.length - 1];
        // Our dense layers carry their dropout as `<name>_dropout` right after them.
        if (previous?.kind === 'dense' && previous.dropout === undefined && l.name === `${layers[i - 1]?.name}_dropout`) previous.dropout = rate;
        else out.push({ kind: 'dropout', rate });
        break;
      }
      default:
        return not(l, 'is a layer type');
    }
  }
  // A leading flatten of [rows, cols] images is the editor's flat input.
  const spec = { layers: out.length > 1 && out[0].kind === 'flatten' && !out.some((x) => x.kind === 'conv2d' || x.kind === 'maxPool') ? out.slice(1) : out };
  const checked = analyzeSpec(spec, image);
  return checked.ok ? ok(spec) : err(checked.error);
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
