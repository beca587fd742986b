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

/** Momentum 0.9 is the textbook default; rmsprop and adam use tfjs's (Keras's) defaults. */
export const MOMENTUM = 0.9;

function build(name: OptimizerName, learningRate: number): tf.Optimizer {
  switch (name) {
    case 'sgd':
      return tf.train.sgd(learningRate);
    case 'momentum':
      return tf.train.momentum(learningRate, MOMENTUM);
    case 'adam':
      return tf.train.adam(learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(learningRate);
  }
}

/** Creates a named optimizer. Creates tensors (adam's beta powers, sgd's -lr); call dispose(). */
export function createOptimizer(name: OptimizerName, learningRate: number): OptimizerHandle {
  const optimizer = build(name, learningRate);
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
