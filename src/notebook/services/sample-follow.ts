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

/** The map a method draws, whose programs prepareEmbedding compiles: [components, fitEvery] of the raw pixels. */
export const EMBEDDING_SHAPES = {
  pca: [2, 1],
  umap: [UMAP_COMPONENTS, UMAP_FIT_EVERY],
} as const satisfies Record<string, readonly [number, number]>;
export type EmbeddingMethod = keyof typeof EMBEDDING_SHAPES;

export class SampleFollower {
  /** CPU copies of each finished epoch's weights: the sample history is recomputed from them. */
  readonly epochWeights = new EpochWeights();
  private wanted_: { split: SplitName; index: number } | null = null;
  private token = 0;
  /** Per method, the test images whose map's programs are being or were compiled (prepareEmbedding). */
  private readonly prepared = new Map<EmbeddingMethod, unknown>();
  /** Per method, the test images whose map's programs all compiled: that map need not wait for other compiles. */
  private readonly ready = new Map<EmbeddingMethod, unknown>();

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
   * Compiles the WebGL programs of `method`'s map of the raw pixels (PCA's two components, or UMAP's 50
   * fitted on every 4th image) without running them, once per set of tensors: asked when the map comes
   * into view (PCA's, then UMAP's), so the first map is no slower than the next. Between its pieces the
   * page, and training, go on.
   */
  async prepareEmbedding(method: EmbeddingMethod): Promise<void> {
    const m = await loadTrainingModules();
    const tensors = this.ctx.tensors();
    if (!tensors || this.prepared.get(method) === tensors.testImages) return;
    this.prepared.set(method, tensors.testImages);
    const yieldBetween = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
    const [count, fitEvery] = EMBEDDING_SHAPES[method];
    if (await m.embedding.precompilePca(tensors.testImages, count, fitEvery, yieldBetween)) this.ready.set(method, tensors.testImages);
  }

  /**
   * The test images' map by `method`: their first components (EMBEDDING_SHAPES: two for PCA's map, 50
   * for UMAP's input, at most the features' dimensions; the axes fitted on every fitEvery-th image), of
   * the raw pixels, or (`learned`) of the current model's layer before the output; null when there is
   * no model to ask or no tensors.
   */
  async embedding(learned: boolean, method: EmbeddingMethod): Promise<Components | null> {
    const [count, fitEvery] = EMBEDDING_SHAPES[method];
    const model = learned ? this.ctx.model() : null;
    if (learned && !model) return null;
    const m = await loadTrainingModules();
    const tensors = this.ctx.tensors();
    if (!tensors || (learned && this.ctx.model() !== model)) return null;
    // A program compiled ahead cannot run until its compile ends: a map waits for those in flight, unless
    // all of its own were compiled before (PCA's map need not wait ~1.3 s for UMAP's compile here).
    const own = !learned && this.ready.get(method) === tensors.testImages;
    const run = async (): Promise<Components | null> => {
      if (this.ctx.tensors()?.testImages !== tensors.testImages || (learned && this.ctx.model() !== model)) return null;
      const x = m.embedding.features(tensors.testImages, model);
      try {
        return await m.embedding.principalComponents(x, Math.min(count, ...x.shape), { fitEvery });
      } finally {
        x.dispose();
      }
    };
    if (own) {
      try {
        return await run();
      } catch {
        // A program the compile in flight holds after all: again once it ends, as any map.
      }
    }
    await m.embedding.compilesSettled();
    return run();
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
