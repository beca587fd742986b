/** The model modules training needs (and TensorFlow.js with them), imported on the first Train through the services' one lazy loader. */
import { lazyModules, loadTf, type Loaded } from './lazy';

const loaders = {
  tf: loadTf,
  trainer: () => import('../../model/trainer'),
  evaluate: () => import('../../model/evaluate'),
  weights: () => import('../../model/weights'),
  probe: () => import('../../model/sample-probe'),
  activations: () => import('../../model/activations'),
  embedding: () => import('../../model/embedding'),
};

export type TrainingModules = Loaded<typeof loaders>;

/** Loads them once; a failed load is forgotten, so the next call tries again. */
export const loadTrainingModules = lazyModules(loaders);
