/**
 * TensorFlow.js Layers model files (model.json + weight shards) as plain data: validation with a
 * message naming the file and what was found (the topology's own checks are in topology.ts), the
 * notebook's metadata, and the model.json text of a save. Pure: no tfjs here (model-io.ts builds the
 * model once these checks pass).
 */
import { NUM_CLASSES } from '../data/format';
import { errorMessage, formatCount } from '../lib/format';
import { err, ok, type Result } from '../lib/result';
import { describeShape, elementsOf, isCount, isObject, show, type Json } from './json-values';
import { analyzeSpec, MNIST_IMAGE_SHAPE, type ImageShape, type ModelSpec } from './spec';
import { inferSequential, inputFits, inputShapeMessage, inputShapeOf, outputShapeMessage, topologyLayers, type TopologyLayer } from './topology';

export { MAX_LOAD_LAYERS } from './topology';
export { specFromTopology } from './topology-spec';

export const MODEL_JSON_NAME = 'model.json';
/** The weights file name our saves and downloads use. */
export const WEIGHTS_FILE_NAME = 'weights.bin';
/** The key under userDefinedMetadata where the notebook keeps what it knows of a saved model. */
export const NOTEBOOK_METADATA_KEY = 'mnistNotebook';
/** A model.json larger than this is not a model file (ours are ~5 KB). */
export const MAX_MODEL_JSON_CHARS = 4_000_000;
/** Parameters a loaded model may have: more would not fit a tab's memory comfortably. */
export const MAX_LOAD_PARAMS = 20_000_000;
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

function bytesOf(entry: WeightEntry): number {
  const per = entry.quantization ? QUANT_BYTES[entry.quantization.dtype] : DTYPE_BYTES[entry.dtype];
  return elementsOf(entry.shape) * per;
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
  const image = options.image ?? MNIST_IMAGE_SHAPE;
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

