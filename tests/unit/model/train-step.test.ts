import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelFromSpec } from '../../../src/model/factory';
import { createOptimizer } from '../../../src/model/optimizer';
import { trainStepOps } from '../../../src/model/train-step';
import type { TrainingData } from '../../../src/model/training-checks';
import { expectNoLeak } from '../leak';
import { TINY_DENSE, barTensors, weightValues } from './fixtures';

let data: TrainingData;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  const train = barTensors(64, 5);
  data = { trainImages: train.images, trainLabels: train.labels };
});

afterAll(() => {
  tf.dispose([data.trainImages, data.trainLabels]);
});

describe('trainStepOps', () => {
  it('returns [loss, accuracy] of the batch and updates the weights; inside tidy it leaves nothing behind', async () => {
    const made = createModelFromSpec(TINY_DENSE, 1);
    if (!made.ok) throw new Error(made.error);
    const model = made.value;
    const optimizer = createOptimizer('sgd', 0.1);
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    try {
      const before = weightValues(model);
      const [loss, accuracy] = await expectNoLeak(async () => {
        const stats = tf.tidy(() => trainStepOps(model, optimizer.optimizer, variables, data, Int32Array.from([0, 3, 5, 9, 12])));
        try {
          expect(stats.shape).toEqual([2]);
          return Array.from(await stats.data());
        } finally {
          stats.dispose();
        }
      });
      // Ten classes, near-uniform initial predictions: the cross-entropy starts near ln 10.
      expect(loss).toBeGreaterThan(1);
      expect(loss).toBeLessThan(4);
      expect(accuracy * 5).toBeCloseTo(Math.round(accuracy * 5));
      expect(weightValues(model)).not.toEqual(before);
    } finally {
      optimizer.dispose();
      model.dispose();
    }
  });
});
