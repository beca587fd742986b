/**
 * A model loaded from the library or from files, while it is the current model (no run): the
 * training service owns it through this holder, which disposes it, follows renames, lets it go with
 * a lost WebGL context, and says in words what it is and whether Train can train on from it.
 */
import type * as TfModule from '@tensorflow/tfjs';
import type { LoadedModel, LoadedModelInfo } from '../../model/model-io';
import type { TrainingSettings } from '../../model/settings';
import { sameSpec, specToText } from '../../model/spec';
import { evaluateOnTest, type EvaluationContext } from './test-evaluation';

/** The message shown when a model is loaded: its layers, and whether Train trains on from it. */
export function loadedModelMessage(name: string, info: LoadedModelInfo): string {
  const trainable = info.spec
    ? `Train trains on from its weights with its layer list (${specToText(info.spec)}).`
    : `It is evaluation-only here: ${info.specProblem ?? 'its layers are not ones the layer editor has'}.`;
  return `Loaded '${name}' (${info.layers.join(', ')}). ${trainable}`;
}

export class LoadedModelHolder {
  private current: (LoadedModel & { name: string }) | null = null;
  /** Set while the model is being evaluated (so a dataset update does not start a second evaluation). */
  evaluating = false;

  get name(): string | null {
    return this.current?.name ?? null;
  }

  /** The loaded model, borrowed (the holder owns it), or null. */
  get model(): TfModule.LayersModel | null {
    return this.current?.model ?? null;
  }

  get info(): LoadedModelInfo | null {
    return this.current?.info ?? null;
  }

  /** Whether Train with `settings` trains on from the loaded model's weights (its layers are the form's layer list). */
  trainsOnWith(settings: TrainingSettings): boolean {
    const spec = this.current?.info.spec;
    return spec !== null && spec !== undefined && sameSpec(settings.model, spec);
  }

  /** Takes ownership of `loaded`, disposing any model held before. */
  hold(loaded: LoadedModel, name: string): void {
    this.dispose();
    this.current = { ...loaded, name };
  }

  /** Follows a rename in the library; true if the held model was the one renamed. */
  rename(from: string, to: string): boolean {
    if (!this.current || this.current.name !== from) return false;
    this.current = { ...this.current, name: to };
    return true;
  }

  /** Evaluates the held model on all test images for the evaluation cell, the notebook's `predictions` and the sample's probabilities. */
  async evaluate(ctx: EvaluationContext): Promise<void> {
    const model = this.model;
    if (!model) return;
    this.evaluating = true;
    try {
      await evaluateOnTest(ctx, model, { when: `of the loaded model '${this.name}'`, epoch: 0, examplesSeen: 0, failure: 'The loaded model could not be evaluated' });
    } finally {
      this.evaluating = false;
    }
  }

  /** Lets the model go without disposing it (its tensors went with a lost WebGL context); returns its name. */
  release(): string | null {
    const name = this.name;
    this.current = null;
    return name;
  }

  dispose(): void {
    this.current?.model.dispose();
    this.current = null;
  }
}
