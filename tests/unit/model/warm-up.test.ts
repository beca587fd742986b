import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingData } from '../../../src/model/training-checks';
import { warmUpShaders } from '../../../src/model/warm-up';
import { expectNoLeak } from '../leak';
import { TINY_DENSE, barTensors } from './fixtures';

// The webgl path (compile-only mode) needs a WebGL context, which the unit tests' cpu backend has not.
let data: TrainingData;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  const train = barTensors(8, 5);
  data = { trainImages: train.images, trainLabels: train.labels };
});

afterAll(() => {
  tf.dispose([data.trainImages, data.trainLabels]);
});

describe('warmUpShaders', () => {
  it('off webgl (no compile-only support) returns at once: no yield, no tensors left', async () => {
    let yields = 0;
    await expectNoLeak(() =>
      warmUpShaders({
        model: TINY_DENSE,
        seed: 1,
        imageShape: { rows: 28, cols: 28 },
        optimizer: 'adam',
        learningRate: 0.01,
        data,
        trainRows: Int32Array.from([0, 1, 2, 3]),
        batchSize: 3,
        heldOutRows: 0,
        evalBatchSize: 500,
        yieldBetween: async () => void yields++,
      }),
    );
    expect(yields).toBe(0);
  });
});
