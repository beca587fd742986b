import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelFromSpec } from '../../../src/model/factory';
import { createOptimizer } from '../../../src/model/optimizer';
import { TrainSteps, trainStepOps } from '../../../src/model/train-step';
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

describe('TrainSteps', () => {
  /** A tiny model and its steps over `source`, both freed after `body`, which must leave no tensors behind. */
  async function stepping(source: TrainingData, body: (model: tf.LayersModel, steps: TrainSteps) => Promise<void>): Promise<void> {
    await expectNoLeak(async () => {
      const made = createModelFromSpec(TINY_DENSE, 1);
      if (!made.ok) throw new Error(made.error);
      let clock = 0;
      const steps = new TrainSteps(made.value, source, 'adam', 0.01, () => (clock += 5));
      try {
        await body(made.value, steps);
      } finally {
        steps.dispose();
        made.value.dispose();
      }
    });
  }

  it('a finite step reports loss, accuracy and its time, and trains the weights', async () => {
    await stepping(data, async (model, steps) => {
      const before = weightValues(model);
      const stats = await steps.step(Int32Array.from([0, 1, 2, 3]), { epoch: 1, batchInEpoch: 1, examplesSeen: 0 });
      expect(stats).toMatchObject({ type: 'step', ms: 5 });
      if (stats.type !== 'step') return;
      expect(stats.loss).toBeGreaterThan(1);
      expect(stats.accuracy * 4).toBeCloseTo(Math.round(stats.accuracy * 4));
      expect(weightValues(model)).not.toEqual(before);
    });
  });

  it('a loss that is not finite: the nan event at the step given, the weights put back, a fresh optimizer at the same rate', async () => {
    const poisoned = tf.fill([64, 28, 28], NaN, 'float32');
    try {
      await stepping({ ...data, trainImages: poisoned }, async (model, steps) => {
        const initial = weightValues(model);
        const optimizer = steps.optimizer;
        const event = await steps.step(Int32Array.from([0, 1]), { epoch: 2, batchInEpoch: 3, examplesSeen: 40 });
        expect(event).toMatchObject({ type: 'nan', epoch: 2, batchInEpoch: 3, examplesSeen: 40, learningRate: 0.01, restoredTo: null });
        expect(weightValues(model)).toEqual(initial);
        expect(steps.optimizer).not.toBe(optimizer);
        expect(steps.optimizer.learningRate).toBe(0.01);
      });
    } finally {
      poisoned.dispose();
    }
  });
});
