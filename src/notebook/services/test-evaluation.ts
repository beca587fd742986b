/**
 * Evaluating the current model on all test images, for the evaluation cell, the notebook's
 * `predictions` and the test curve: after a stop and when a model is loaded (a run's epochs are
 * evaluated by the trainer itself). An answer for a model that is no longer current is dropped.
 */
import type * as TfModule from '@tensorflow/tfjs';
import { errorMessage } from '../../lib/format';
import type { StagedStatus } from './staged-status';
import { loadTrainingModules } from './training-modules';
import { resourcesNow, testPatch } from './training-reducer';
import type { TrainingStatus } from './training-types';
import type { TrainingDataset } from './types';

/** What the evaluator reads of the training service, at the time it asks. */
export interface EvaluationContext {
  readonly store: StagedStatus<TrainingStatus>;
  readonly dataset: TrainingDataset;
  /** Changes when the current model changes. */
  generation(): number;
  /** Recomputes the notebook's sample's prediction (the weights it saw may have moved). */
  refreshSample(): void;
}

/** Where and why an evaluation is shown: "after epoch 2", "at stop (…)", "of the loaded model 'x'". */
export interface EvaluationLabel {
  when: string;
  epoch: number;
  examplesSeen: number;
  /** The message's start if it fails: "The evaluation at stop failed". */
  failure: string;
}

/** The resources figures now (tensors, bytes), for the status. */
export function resourcesPatch(store: StagedStatus<TrainingStatus>, dataset: TrainingDataset): Pick<TrainingStatus, 'resources'> {
  return { resources: resourcesNow(store.get().resources, dataset.memoryNow()) };
}

/**
 * Evaluates `model` on all test images and shows it as the latest test evaluation, then refreshes
 * the sample's prediction. False when there was nothing to evaluate on or the answer came for an
 * older model (`current` says whether it is still the one); a failure is shown in the status.
 */
export async function evaluateOnTest(ctx: EvaluationContext, model: TfModule.LayersModel, label: EvaluationLabel, current: () => boolean = () => true): Promise<boolean> {
  const generation = ctx.generation();
  const tensors = ctx.dataset.tensors();
  if (!tensors) return false;
  const stale = () => generation !== ctx.generation() || !current();
  try {
    const m = await loadTrainingModules();
    if (stale()) return false;
    const result = await m.evaluate.evaluate(model, tensors.testImages, tensors.testLabels);
    if (stale()) return false;
    ctx.store.update({ ...testPatch(ctx.store.get(), result, label.when, label.epoch, label.examplesSeen), ...resourcesPatch(ctx.store, ctx.dataset) }, true);
    ctx.refreshSample();
    return true;
  } catch (e) {
    if (generation === ctx.generation()) ctx.store.update({ message: { kind: 'error', text: `${label.failure}: ${errorMessage(e)}` } }, true);
    return false;
  }
}
