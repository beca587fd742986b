/** Optimizers by name, with a learning rate that can change between batches. */
import * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from './settings';

/** An optimizer and its current learning rate; the owner disposes it (its slot variables are tensors). */
export interface OptimizerHandle {
  readonly name: OptimizerName;
  readonly optimizer: tf.Optimizer;
  readonly learningRate: number;
  /** Takes effect at the optimizer's next update. */
  setLearningRate(learningRate: number): void;
  dispose(): void;
}

/** Momentum 0.9 is the textbook default; adam (0.9, 0.999) and rmsprop (decay 0.9) use Keras's defaults. */
export const MOMENTUM = 0.9;

/**
 * Adam's and rmsprop's epsilon: Keras's 1e-7 wherever tensors are float32. Not tfjs's default: the
 * webgl backend of tfjs 4.22 reports 16-bit precision exactly when float32 textures are enabled
 * (tensorflow/tfjs#6980), so adam would get 1e-4 there and 1e-7 on cpu: the same seed would train
 * differently on the two backends. Half-float textures keep 1e-4 (1e-7 underflows in float16).
 */
export function optimizerEpsilon(): number {
  const backend = tf.getBackend();
  return epsilonFor(backend, backend !== 'webgl' || tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED'));
}

/** The rule behind optimizerEpsilon, for a backend and whether its tensors are float32. */
export function epsilonFor(backend: string, float32: boolean): number {
  return backend !== 'webgl' || float32 ? 1e-7 : 1e-4;
}

function build(name: OptimizerName, learningRate: number, epsilon: number): tf.Optimizer {
  switch (name) {
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'momentum':
      return tf.train.momentum(learningRate, MOMENTUM);
    case 'adam':
      return tf.train.adam(learningRate, 0.9, 0.999, epsilon);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate, 0.9, 0, epsilon);
  }
}

/** Creates a named optimizer (epsilon: adam's and rmsprop's). Creates tensors (adam's beta powers, sgd's -lr); call dispose(). */
export function createOptimizer(name: OptimizerName, learningRate: number, epsilon = optimizerEpsilon()): OptimizerHandle {
  const optimizer = build(name, learningRate, epsilon);
  let current = learningRate;
  return {
    name,
    optimizer,
    get learningRate() {
      return current;
    },
    setLearningRate(next: number) {
      if (name === 'sgd' || name === 'momentum') {
        // sgd and momentum fold -lr into a kept scalar; setLearningRate replaces it. (Not instanceof:
        // tfjs optimizers override Symbol.hasInstance, so every optimizer is an "SGDOptimizer".)
        (optimizer as tf.SGDOptimizer).setLearningRate(next);
      } else {
        // adam and rmsprop read the (protected) field on every update.
        (optimizer as unknown as { learningRate: number }).learningRate = next;
      }
      current = next;
    },
    dispose() {
      optimizer.dispose();
      // tfjs 4.22's MomentumOptimizer.dispose() forgets the -lr scalar it inherits from SGD.
      if (name === 'momentum') (optimizer as unknown as { c: tf.Tensor }).c.dispose();
    },
  };
}

/** The learning rate the optimizer itself will use, read from its config (for tests and the UI's readout). */
export function optimizerLearningRate(optimizer: tf.Optimizer): number {
  return Number(optimizer.getConfig()['learningRate']);
}
