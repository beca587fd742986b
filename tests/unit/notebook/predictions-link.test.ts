/** The link from the training service's evaluation to the cells' `predictions`, `test_predictions` and `model`. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Value } from '../../../src/expr/values';
import { linkTrainingToCells } from '../../../src/notebook/services/predictions-link';
import type { TrainingService } from '../../../src/notebook/services/training-service';
import type { TestEvaluation, TrainingStatus } from '../../../src/notebook/services/training-types';
import { expectNoLeak } from '../leak';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

function fakeTraining() {
  let status = { test: null, run: { settings: { model: { layers: [{ kind: 'dense' }, { kind: 'dense' }] } } } } as unknown as TrainingStatus;
  const listeners = new Set<() => void>();
  return {
    service: { getStatus: () => status, subscribe: (l: () => void) => (listeners.add(l), () => listeners.delete(l)) } as unknown as TrainingService,
    evaluate(predictions: number[], accuracy: number) {
      const test = { predictions: Uint8Array.from(predictions), accuracy, when: 'after epoch 1' } as unknown as TestEvaluation;
      status = { ...status, test };
      listeners.forEach((l) => l());
    },
    reset() {
      status = { ...status, test: null };
      listeners.forEach((l) => l());
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('linkTrainingToCells', () => {
  it('provides the predicted digits after each evaluation, None after a reset, and frees its tensors', async () => {
    await expectNoLeak(async () => {
      const training = fakeTraining();
      const provided = new Map<string, Value | tf.Tensor>();
      const unlink = linkTrainingToCells(training.service, { provide: (name, value) => void provided.set(name, value) });
      await settle();
      expect(provided.has('predictions'), 'nothing before a model is evaluated (a NameError in the cells)').toBe(false);

      training.evaluate([7, 2, 1, 0, 4], 0.8);
      await expect.poll(() => provided.get('predictions'), { timeout: 10_000 }).toBeInstanceOf(tf.Tensor);
      const predictions = provided.get('predictions') as tf.Tensor;
      expect(Array.from(await predictions.data())).toEqual([7, 2, 1, 0, 4]);
      expect(predictions.dtype).toBe('int32');
      expect(provided.get('test_predictions')).toBe(predictions);
      expect(String((provided.get('model') as { repr: string }).repr)).toMatch(/dense, dense; test accuracy 80\.00% after epoch 1/);

      const first = provided.get('predictions');
      training.evaluate([1, 1, 1, 1, 1], 0.2);
      await expect.poll(() => provided.get('predictions') !== first, { timeout: 10_000 }).toBe(true);
      expect(Array.from(await (provided.get('predictions') as tf.Tensor).data())).toEqual([1, 1, 1, 1, 1]);
      training.reset();
      await expect.poll(() => provided.get('predictions'), { timeout: 10_000 }).toBeNull();
      expect(provided.get('predictions')).toBeNull();
      expect(provided.get('model')).toBeNull();
      unlink();
    });
  });
});
