/**
 * The notebook's current sample as the model sees it: the sample the notebook shows, the model's
 * probabilities for it now, and its history over the finished epochs (recomputed from each epoch's
 * weights when the learner picks another sample). The trainer reports each new epoch's prediction
 * on its epoch event; this follows the picks in between.
 */
import type * as TfModule from '@tensorflow/tfjs';
import type { DatasetTensors } from '../../data/dataset-api';
import type { SplitName } from '../../data/format';
import { EpochWeights } from '../../model/epoch-weights';
import type { LayerActivation } from '../../model/activations';
import type { Components } from '../../model/embedding';
import type { ProbeModel } from '../../model/sample-probe';
import { loadTrainingModules } from './training-modules';
import type { SamplePrediction } from './training-types';

/** What the follower reads of the training service, at the time it asks. */
export interface SampleContext {
  /** The current model (a trainer's or a loaded one), borrowed, or null. */
  model(): TfModule.LayersModel | null;
  /** How to rebuild the trained model for the history, or null (a loaded model has no epochs). */
  probeModel(): ProbeModel | null;
  /** The dataset's tensors, or null when there are none to use (not loaded, or the WebGL context lost). */
  tensors(): DatasetTensors | null;
  /** Changes when the current model changes: an answer for an older model is dropped. */
  generation(): number;
  /** The sample prediction shown now. */
  shown(): SamplePrediction | null;
  show(sample: SamplePrediction): void;
}

/** Principal components UMAP starts from (as is usual before UMAP or t-SNE: it removes the noise and speeds the neighbour search ~3x here). */
export const UMAP_COMPONENTS = 50;
/** Their axes are fitted on every 4th image (2,500 of the 10,000), 4x less GPU work; all are projected. */
export const UMAP_FIT_EVERY = 4;

/** The maps prepareEmbedding compiles, [components, fitEvery]: PCA's map, and UMAP's input. */
const EMBEDDING_SHAPES: readonly (readonly [number, number])[] = [
  [2, 1],
  [UMAP_COMPONENTS, UMAP_FIT_EVERY],
];

export class SampleFollower {
  /** CPU copies of each finished epoch's weights: the sample history is recomputed from them. */
  readonly epochWeights = new EpochWeights();
  private wanted_: { split: SplitName; index: number } | null = null;
  private token = 0;
  /** The test images whose maps' programs are compiled (prepareEmbedding). */
  private prepared: unknown = null;

  constructor(private readonly ctx: SampleContext) {}

  /** The sample the notebook shows, or null before it said. */
  get wanted(): { split: SplitName; index: number } | null {
    return this.wanted_;
  }

  /** Records the notebook's sample; true if it changed. */
  want(split: SplitName, index: number): boolean {
    const s = this.wanted_;
    if (s && s.split === split && s.index === index) return false;
    this.wanted_ = { split, index };
    return true;
  }

  /** Every layer's output for a sample from the current model (model/activations.ts), or null: no model, no tensors, not a chain of layers. */
  async activations(split: SplitName, index: number): Promise<LayerActivation[] | null> {
    const model = this.ctx.model();
    if (!model) return null;
    const m = await loadTrainingModules();
    const tensors = this.ctx.tensors();
    if (!tensors || this.ctx.model() !== model) return null;
    return m.activations.layerActivations(model, split === 'train' ? tensors.trainImages : tensors.testImages, index);
  }

  /**
   * Compiles the WebGL programs of the raw pixels' maps (PCA's two components, and UMAP's 50 fitted on
   * every 4th image) without running them, once per set of tensors: asked when the map comes into view,
   * so the first map is no slower than the next. Between its pieces the page, and training, go on.
   */
  async prepareEmbedding(): Promise<void> {
    const m = await loadTrainingModules();
    const tensors = this.ctx.tensors();
    if (!tensors || this.prepared === tensors.testImages) return;
    this.prepared = tensors.testImages;
    const yieldBetween = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
    for (const [count, fitEvery] of EMBEDDING_SHAPES) await m.embedding.precompilePca(tensors.testImages, count, fitEvery, yieldBetween);
  }

  /**
   * The test images on their first `count` principal components (at most the features' dimensions;
   * the axes fitted on every `fitEvery`-th image): of the raw pixels, or (`learned`) of the current
   * model's layer before the output; null when there is no model to ask or no tensors.
   */
  async embedding(learned: boolean, count = 2, fitEvery = 1): Promise<Components | null> {
    const model = learned ? this.ctx.model() : null;
    if (learned && !model) return null;
    const m = await loadTrainingModules();
    const tensors = this.ctx.tensors();
    if (!tensors || (learned && this.ctx.model() !== model)) return null;
    // The programs prepareEmbedding compiles cannot run until it ends.
    await m.embedding.compilesSettled();
    if (this.ctx.tensors()?.testImages !== tensors.testImages || (learned && this.ctx.model() !== model)) return null;
    const x = m.embedding.features(tensors.testImages, model);
    try {
      return await m.embedding.principalComponents(x, Math.min(count, ...x.shape), { fitEvery });
    } finally {
      x.dispose();
    }
  }

  /** The current sample's prediction from the current model, and its history from each epoch's saved weights. */
  async refresh(): Promise<void> {
    const want = this.wanted_;
    const model = this.ctx.model();
    if (!want || !model) return;
    const token = ++this.token;
    const generation = this.ctx.generation();
    const prior = this.ctx.shown();
    const kept = prior?.split === want.split && prior.index === want.index ? prior.probabilities : null;
    this.ctx.show({ split: want.split, index: want.index, probabilities: kept, history: [], pending: true });
    const m = await loadTrainingModules();
    const tensors = this.ctx.tensors();
    if (!tensors) return;
    const images = want.split === 'train' ? tensors.trainImages : tensors.testImages;
    if (want.index >= images.shape[0]) return;
    const stale = () => token !== this.token || generation !== this.ctx.generation();
    try {
      const probabilities = await m.probe.predictSample(model, images, want.index);
      if (stale()) return;
      const probe = this.ctx.probeModel();
      const history = probe ? await m.probe.sampleHistory(probe, this.epochWeights.saved, images, want.index, stale) : [];
      if (stale()) return;
      this.ctx.show({ split: want.split, index: want.index, probabilities, history, pending: false });
    } catch {
      if (!stale()) this.ctx.show({ split: want.split, index: want.index, probabilities: null, history: [], pending: false });
    }
  }
}
