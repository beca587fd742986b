import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvariantError } from '../../../src/lib/assert';
import { createModelFromSpec } from '../../../src/model/factory';
import { NanGuard } from '../../../src/model/nan-guard';
import { expectNoLeak } from '../leak';
import { TINY_DENSE, weightValues } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

/** A tiny model and a guard on it, both freed after `body`, which must leave no tensors behind. */
async function guarded(body: (model: tf.LayersModel, guard: NanGuard) => void): Promise<void> {
  await expectNoLeak(() => {
    const made = createModelFromSpec(TINY_DENSE, 3);
    if (!made.ok) throw new Error(made.error);
    const guard = new NanGuard(made.value);
    try {
      body(made.value, guard);
    } finally {
      guard.dispose();
      made.value.dispose();
    }
  });
}

/** Stands in for an optimizer step: every weight becomes `value`. */
function stepTo(model: tf.LayersModel, value: number): void {
  const next = model.getWeights().map((w) => tf.fill(w.shape, value));
  model.setWeights(next);
  tf.dispose(next);
}

const allEqual = (weights: Float32Array[], value: number) => weights.every((w) => w.every((x) => x === value));

describe('NanGuard', () => {
  it('after finite steps, a non-finite loss puts back the weights the last finite step started from, and says where they are from', async () => {
    await guarded((model, guard) => {
      guard.beforeStep();
      stepTo(model, 1);
      guard.stepFinite({ epoch: 1, batchInEpoch: 1, examplesSeen: 1200 });
      guard.beforeStep();
      stepTo(model, 2);
      guard.stepFinite({ epoch: 1, batchInEpoch: 2, examplesSeen: 2400 });
      guard.beforeStep();
      stepTo(model, NaN);
      const event = guard.recover(NaN, { epoch: 1, batchInEpoch: 3, examplesSeen: 2400 }, 0.5);
      // The loss of the step from the weights 2 was NaN, so the newest certified ones are the 1s (after batch 1).
      expect(allEqual(weightValues(model), 1)).toBe(true);
      expect(event).toEqual({
        type: 'nan',
        message:
          'The loss became NaN at epoch 1, batch 3, with learning rate 0.5. Training stopped and the weights after epoch 1, batch 1 (1,200 examples seen), the last that gave a finite loss, are back in the model. Try a lower learning rate, e.g. 0.05.',
        loss: NaN,
        learningRate: 0.5,
        epoch: 1,
        batchInEpoch: 3,
        examplesSeen: 2400,
        restoredTo: { epoch: 1, batchInEpoch: 1, examplesSeen: 1200 },
      });
    });
  });

  it('a non-finite loss on the first step puts back the initial weights and says to check the data; again on the next try', async () => {
    await guarded((model, guard) => {
      const initial = weightValues(model);
      guard.beforeStep();
      stepTo(model, Infinity);
      const event = guard.recover(Infinity, { epoch: 2, batchInEpoch: 1, examplesSeen: 0 }, 0.001);
      expect(weightValues(model)).toEqual(initial);
      expect(event.restoredTo).toBeNull();
      expect(event.message).toBe(
        'The loss became Infinity at epoch 2, batch 1, with learning rate 0.001. Training stopped and the initial weights (no batch gave a finite loss, so check the input data too) are back in the model. Try a lower learning rate, e.g. 0.0001.',
      );
      guard.beforeStep();
      stepTo(model, NaN);
      guard.recover(NaN, { epoch: 2, batchInEpoch: 1, examplesSeen: 0 }, 0.001);
      expect(weightValues(model)).toEqual(initial);
    });
  });

  it('a step that threw drops its copy and leaves the last good weights as they were', async () => {
    await guarded((model, guard) => {
      guard.beforeStep();
      stepTo(model, 1);
      guard.stepFinite({ epoch: 1, batchInEpoch: 1, examplesSeen: 10 });
      guard.beforeStep();
      guard.stepFailed();
      guard.beforeStep();
      stepTo(model, NaN);
      expect(guard.recover(NaN, { epoch: 1, batchInEpoch: 2, examplesSeen: 10 }, 1).restoredTo).toBeNull();
      expect(weightValues(model).some((w) => w.some((x) => x === 1))).toBe(false);
    });
  });

  it('refuses to settle a step it did not see start', async () => {
    await guarded((_model, guard) => {
      expect(() => guard.stepFinite({ epoch: 1, batchInEpoch: 1, examplesSeen: 1 })).toThrow(InvariantError);
      expect(() => guard.recover(NaN, { epoch: 1, batchInEpoch: 1, examplesSeen: 0 }, 1)).toThrow(InvariantError);
    });
  });

  it('dispose frees a copy still in flight', async () => {
    await guarded((_model, guard) => guard.beforeStep());
  });
});
