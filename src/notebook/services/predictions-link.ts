/**
 * Gives the notebook's own cells the trained model's results: after each test evaluation,
 * `predictions` and `test_predictions` (the predicted digit of every test image, [10000] int32) and
 * `model` (a description of the model). The link owns the predictions tensor it provides.
 */
import type { ExprService } from './expr-service';
import type { TrainingService } from './training-service';
import type { TestEvaluation } from './training-types';
import { lazyModules, loadTf } from './lazy';

/** Old predictions stay alive this long after being replaced, so a cell still printing them can finish. */
const RETIRE_AFTER_MS = 10_000;

const loadModules = lazyModules({ tf: loadTf, values: () => import('../../expr/values') });

export function linkTrainingToCells(training: TrainingService, expr: Pick<ExprService, 'provide'>): () => void {
  let shown: TestEvaluation | null = null;
  let held: { dispose(): void } | null = null;
  let token = 0;
  const retiring = new Map<ReturnType<typeof setTimeout>, { dispose(): void }>();
  const retire = (tensor: { dispose(): void } | null) => {
    if (!tensor) return;
    const timer = setTimeout(() => {
      retiring.delete(timer);
      tensor.dispose();
    }, RETIRE_AFTER_MS);
    retiring.set(timer, tensor);
  };
  const sync = () => {
    const status = training.getStatus();
    const test = status.test;
    if (test === shown) return;
    shown = test;
    const mine = ++token;
    const run = status.run;
    // TensorFlow.js and the language's value types are loaded by the time a model has been evaluated.
    void loadModules().then(({ tf, values }) => {
      if (mine !== token) return;
      const next = test ? tf.tensor1d(Int32Array.from(test.predictions), 'int32') : null;
      const loadedModel = status.loadedModel;
      const layers = run ? run.settings.model.layers.map((l) => l.kind).join(', ') : loadedModel ? `loaded '${loadedModel.name}': ${loadedModel.info.layers.join(', ')}` : null;
      const model = test && layers ? new values.PyOpaque('tf.LayersModel', `<tf.LayersModel: ${layers}; test accuracy ${(test.accuracy * 100).toFixed(2)}% ${test.when}>`) : null;
      expr.provide('predictions', next);
      expr.provide('test_predictions', next);
      expr.provide('model', model);
      retire(held);
      held = next;
    });
  };
  const unsubscribe = training.subscribe(sync);
  sync();
  return () => {
    unsubscribe();
    token++;
    retiring.forEach((tensor, timer) => {
      clearTimeout(timer);
      tensor.dispose();
    });
    retiring.clear();
    held?.dispose();
    held = null;
  };
}
