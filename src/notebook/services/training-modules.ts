/** The model modules training needs (and TensorFlow.js with them), imported on the first Train, in one chunk group. */
import type * as TfModule from '@tensorflow/tfjs';
import type * as EvaluateModule from '../../model/evaluate';
import type * as SampleProbeModule from '../../model/sample-probe';
import type * as TrainerModule from '../../model/trainer';
import type * as WeightsModule from '../../model/weights';

export interface TrainingModules {
  tf: typeof TfModule;
  trainer: typeof TrainerModule;
  evaluate: typeof EvaluateModule;
  weights: typeof WeightsModule;
  probe: typeof SampleProbeModule;
}

let modules: Promise<TrainingModules> | null = null;

/** Loads them once; a failed load is forgotten, so the next call tries again. */
export function loadTrainingModules(): Promise<TrainingModules> {
  modules ??= Promise.all([import('@tensorflow/tfjs'), import('../../model/trainer'), import('../../model/evaluate'), import('../../model/weights'), import('../../model/sample-probe')]).then(
    ([tf, trainer, evaluate, weights, probe]) => ({ tf, trainer, evaluate, weights, probe }),
  );
  modules.catch(() => (modules = null));
  return modules;
}
