/**
 * Saving and loading TF.js Layers models: standard artifacts from a model (our SeededDropout
 * written as Dropout), and a model from model.json + weight files after validateModelFiles passed.
 * Every failure is a Result; no tensor or variable is left behind by a failed load.
 */
import * as tf from '@tensorflow/tfjs';
import { err, ok, type Result } from '../lib/result';
import { describeShape } from './json-values';
import { MODEL_JSON_NAME, modelJsonText, validateModelFiles, WEIGHTS_FILE_NAME, type NotebookModelMetadata, type ValidatedModelFiles, type WeightEntry } from './model-files';
import { describeLayers, inputFits, inputShapeMessage, outputShapeMessage, toStandardTopology, withZeroInitializers } from './topology';
import { specFromTopology } from './topology-spec';
import { MNIST_IMAGE_SHAPE, type ImageShape, type ModelSpec } from './spec';
import { NUM_CLASSES } from '../data/format';
import { errorMessage } from '../lib/format';

/** What the notebook shows of a loaded model (plain data). */
export interface LoadedModelInfo {
  /** "Dense 128 relu" style, input layers left out. */
  layers: string[];
  params: number;
  inputShape: (number | null)[];
  outputShape: (number | null)[];
  /** The layer list to train it on with, or null (evaluation-only; see specProblem). */
  spec: ModelSpec | null;
  specProblem: string | null;
  metadata: NotebookModelMetadata | null;
}

/** A model built from files. The caller owns `model` and disposes it. Input as inputShape, output [batch, 10]. */
export interface LoadedModel {
  model: tf.LayersModel;
  info: LoadedModelInfo;
}

/** A model in standard TF.js Layers format, ready to store or download. */
export interface ModelFiles {
  modelJson: string;
  /** Contents of weights.bin (the only weights file). */
  weights: ArrayBuffer;
}

function short(e: unknown): string {
  const text = errorMessage(e);
  return text.length > 240 ? `${text.slice(0, 237)}…` : text;
}

function newVariableCleanup(): () => void {
  const before = new Set(Object.keys(tf.engine().registeredVariables));
  return () => {
    const vars = tf.engine().registeredVariables;
    for (const name of Object.keys(vars)) if (!before.has(name)) vars[name].dispose();
  };
}

/**
 * Builds the model of files that passed validateModelFiles, and puts its weights in: the topology
 * must build, take images of `image` and give [null, 10]; every weight of the built model must be
 * in the manifest by name, with its shape, as float32, and no manifest weight may be left over.
 */
export async function buildValidatedModel(files: ValidatedModelFiles, options: { image?: ImageShape; jsonName?: string } = {}): Promise<Result<LoadedModel>> {
  const json = options.jsonName ?? MODEL_JSON_NAME;
  const image = options.image ?? MNIST_IMAGE_SHAPE;
  const cleanup = newVariableCleanup();
  const tensorsBefore = tf.memory().numTensors;
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: withZeroInitializers(files.topology) }));
  } catch (e) {
    cleanup();
    return err(`${json}: the topology does not build: ${short(e)}`);
  }
  const fail = (message: string): Result<LoadedModel> => {
    model.dispose();
    cleanup();
    return err(message);
  };
  if (tf.memory().numTensors < tensorsBefore) return fail(`${json}: the topology does not build`);
  if (model.inputs.length !== 1) return fail(`${json}: the model takes ${model.inputs.length} inputs; this notebook feeds one image per example`);
  if (model.outputs.length !== 1) return fail(`${json}: the model has ${model.outputs.length} outputs; this notebook needs one ([null, ${NUM_CLASSES}])`);
  const inputShape = [...model.inputs[0].shape];
  const outputShape = [...model.outputs[0].shape];
  if (!inputFits(inputShape, image)) return fail(inputShapeMessage(json, inputShape, image));
  if (outputShape.length !== 2 || outputShape[1] !== NUM_CLASSES) return fail(outputShapeMessage(json, outputShape));

  const byName = new Map<string, WeightEntry>();
  for (const s of files.weightSpecs) if (s.group !== 'optimizer') byName.set(s.name, s);
  const mismatch = (detail: string) => fail(`${json}: the weights do not match the topology: ${detail}`);
  for (const w of model.weights) {
    const s = byName.get(w.originalName);
    if (!s) return mismatch(`the topology has '${w.originalName}' of shape ${describeShape(w.shape)}, which the weightsManifest does not list`);
    if (s.shape.join('x') !== w.shape.join('x')) return mismatch(`'${w.originalName}' is ${describeShape(w.shape)} in the topology but ${describeShape(s.shape)} in the weightsManifest`);
    const dtype = s.quantization ? 'float32' : s.dtype;
    if (dtype !== w.dtype) return mismatch(`'${w.originalName}' is ${w.dtype} in the topology but ${dtype} in the weightsManifest`);
    byName.delete(w.originalName);
  }
  const extra = [...byName.keys()];
  if (extra.length > 0) return mismatch(`the weightsManifest lists '${extra[0]}'${extra.length > 1 ? ` and ${extra.length - 1} more` : ''}, which no layer of the topology has`);

  let decoded: tf.NamedTensorMap | null = null;
  try {
    decoded = tf.io.decodeWeights(files.weightData, files.weightSpecs as tf.io.WeightsManifestEntry[]);
    const map = decoded;
    model.setWeights(model.weights.map((w) => map[w.originalName]));
  } catch (e) {
    return fail(`${json}: the weights could not be read: ${short(e)}`);
  } finally {
    if (decoded) tf.dispose(Object.values(decoded));
  }

  // A trial forward pass on one blank image: a topology can build and still not run (a bad dtype, say).
  try {
    const probe = tf.tidy(() => {
      const out = model.predict(tf.zeros([1, ...(inputShape.slice(1) as number[])])) as tf.Tensor;
      return out.shape.join('x');
    });
    if (probe !== `1x${NUM_CLASSES}`) return fail(outputShapeMessage(json, [null, ...probe.split('x').slice(1).map(Number)]));
  } catch (e) {
    return fail(`${json}: the model does not run on a ${image.rows} x ${image.cols} image: ${short(e)}`);
  }

  const spec = specFromTopology(files.layers, image);
  return ok({
    model,
    info: {
      layers: describeLayers(files.layers),
      params: model.countParams(),
      inputShape,
      outputShape,
      spec: spec.ok ? spec.value : null,
      specProblem: spec.ok ? null : spec.error,
      metadata: files.metadata,
    },
  });
}

/**
 * Loads a TF.js Layers model from model.json text and its weight files (name -> bytes). Resolves
 * to a message naming the file and the problem for anything that is not a usable model; never rejects.
 */
export async function loadModelFiles(jsonText: string, weightFiles: ReadonlyMap<string, Uint8Array>, options: { image?: ImageShape; jsonName?: string } = {}): Promise<Result<LoadedModel>> {
  try {
    const checked = validateModelFiles(jsonText, weightFiles, options);
    if (!checked.ok) return checked;
    return await buildValidatedModel(checked.value, options);
  } catch (e) {
    return err(`${options.jsonName ?? MODEL_JSON_NAME}: the model could not be loaded: ${short(e)}`);
  }
}

/** Loads model files the notebook saved (model.json text + weights.bin). */
export function loadStoredModel(files: ModelFiles, options: { image?: ImageShape } = {}): Promise<Result<LoadedModel>> {
  return loadModelFiles(files.modelJson, new Map([[WEIGHTS_FILE_NAME, new Uint8Array(files.weights)]]), options);
}

/** The TF.js version string written into model.json's generatedBy. */
export function generatedBy(): string {
  return `TensorFlow.js tfjs-layers v${tf.version_layers}`;
}

/**
 * The model in standard TF.js Layers format: its topology (SeededDropout written as Dropout), the
 * weights manifest pointing at weights.bin, and `metadata` under userDefinedMetadata. Reads the
 * weights back once; leaves no tensors behind.
 */
export async function exportModel(model: tf.LayersModel, metadata: NotebookModelMetadata | null): Promise<Result<ExportedModel>> {
  try {
    let captured: tf.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        captured = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const artifacts = captured as tf.io.ModelArtifacts | null;
    if (!artifacts || !artifacts.modelTopology || artifacts.modelTopology instanceof ArrayBuffer || !artifacts.weightSpecs || !artifacts.weightData) return err('the model gave no topology or weights to save');
    const topology = toStandardTopology(artifacts.modelTopology as Record<string, unknown>);
    const weights = tf.io.CompositeArrayBuffer.join(artifacts.weightData);
    const list = (topology.config as { layers?: { class_name: string; config: Record<string, unknown> }[] } | undefined)?.layers ?? [];
    const layers = describeLayers(list.map((l) => ({ className: l.class_name, name: String(l.config.name ?? ''), config: l.config })));
    return ok({ modelJson: modelJsonText(topology, artifacts.weightSpecs as WeightEntry[], metadata, generatedBy()), weights, layers, params: model.countParams() });
  } catch (e) {
    return err(`the model could not be saved: ${short(e)}`);
  }
}

/** Exported files and what the library lists of them. */
export interface ExportedModel extends ModelFiles {
  layers: string[];
  params: number;
}

/** Starts a download of model files as `<prefix>.json` and `<prefix>.weights.bin` (tf.io.browserDownloads; browser only). */
export async function downloadModelFiles(files: ModelFiles, prefix: string): Promise<Result<void>> {
  try {
    const parsed = JSON.parse(files.modelJson) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[]; format?: string; generatedBy?: string; userDefinedMetadata?: Record<string, object> };
    // tf.io.browserDownloads, through its URL router (the function itself is not exported by tfjs 4.22).
    const handler = tf.io.getSaveHandlers(`downloads://${prefix}`)[0];
    if (!handler?.save) return err('this browser cannot download files');
    await handler.save({
      modelTopology: parsed.modelTopology,
      weightSpecs: parsed.weightsManifest.flatMap((g) => g.weights),
      weightData: files.weights,
      format: parsed.format,
      generatedBy: parsed.generatedBy,
      convertedBy: null,
      userDefinedMetadata: parsed.userDefinedMetadata,
    });
    return ok(undefined);
  } catch (e) {
    return err(`the download failed: ${short(e)}`);
  }
}
