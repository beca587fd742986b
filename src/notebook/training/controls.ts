/** Which training controls are enabled, and what they say, for a phase of the run (pure, for the panel and its tests). */
import { formatCount } from '../../lib/format';
import { isTrainingBusy, type TrainingPhase } from '../services/training-types';
import { formatTrainingTime } from './charts/series';

export interface ControlsInput {
  phase: TrainingPhase;
  /** Every settings field and the layer list are valid. */
  formValid: boolean;
  /** The dataset is in tensors and verified. */
  datasetReady: boolean;
  /** A model exists (trained or being trained). */
  hasModel: boolean;
  /** Train would continue the current model (same layers, data and seed) rather than build a new one. */
  continues: boolean;
  canContinueFromCheckpoint: boolean;
}

export interface Control {
  enabled: boolean;
  /** Why it is disabled (the button's title), or what it will do. */
  hint: string;
}

export interface ControlsState {
  train: Control & { label: string };
  pause: Control;
  resume: Control;
  stop: Control;
  step: Control;
  reset: Control;
  continueFromCheckpoint: Control;
  /** The learning rate can be changed for the next batch. */
  liveLearningRate: boolean;
  /** Settings and layers are locked while a run is in flight. */
  formLocked: boolean;
}

const on = (hint: string): Control => ({ enabled: true, hint });
const off = (hint: string): Control => ({ enabled: false, hint });

export function controlsFor(input: ControlsInput): ControlsState {
  const { phase, formValid, datasetReady, hasModel, continues, canContinueFromCheckpoint } = input;
  const active = phase === 'running' || phase === 'paused';
  const busy = isTrainingBusy(phase);
  const label = continues ? 'Continue training' : hasModel ? 'Train new model' : 'Train';
  let train: Control;
  if (busy) train = off('Training is in progress: pause or stop it first.');
  else if (!datasetReady) train = off('Wait until the dataset is loaded and verified.');
  else if (!formValid) train = off('Fix the settings marked in red first.');
  else train = on(continues ? 'Keeps the weights and trains on.' : hasModel ? 'The layers, data or seed changed: builds a new model from new weights.' : 'Builds the model and trains it.');
  return {
    train: { ...train, label },
    pause: phase === 'running' ? on('Pauses before the next batch.') : off('Only while training runs.'),
    resume: phase === 'paused' ? on('Continues training.') : off('Only while paused.'),
    stop: active ? on('Finishes the current batch, keeps the weights and evaluates them on the test images.') : off('Only while training runs or is paused.'),
    step: phase === 'paused' ? on('Trains one batch, then pauses again.') : off('Pause first: Step trains one batch at a time.'),
    reset: hasModel && !busy ? on('Discards the model and its curves; the next Train starts from new weights.') : off(busy ? 'Stop training first.' : 'There is no model yet.'),
    continueFromCheckpoint: canContinueFromCheckpoint && !busy ? on('Rebuilds the model from the last finished epoch and trains the remaining epochs.') : off('Only after a lost WebGL context, once the dataset is reloaded.'),
    liveLearningRate: active,
    formLocked: busy,
  };
}

/** "1:05:09", "4:02", "0:07" for a duration; "—" when unknown. */
export function formatDuration(ms: number | null): string {
  return ms === null || !Number.isFinite(ms) || ms < 0 ? '—' : formatTrainingTime(ms);
}

/** "2,480 examples/s" style throughput, or "—". */
export function formatRate(perSecond: number | null): string {
  if (perSecond === null || !Number.isFinite(perSecond)) return '—';
  return perSecond >= 100 ? formatCount(Math.round(perSecond)) : perSecond.toFixed(1);
}
