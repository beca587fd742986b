/** The epoch end on its own: evaluation, the checkpoint, the watched sample and the event, against a hand-made progress. */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvariantError } from '../../../src/lib/assert';
import { EpochEnd, type EpochEndPlan, type RunProgress } from '../../../src/model/epoch-end';
import { evaluate, predictOne } from '../../../src/model/evaluate';
import { createModelFromSpec } from '../../../src/model/factory';
import type { TrainingData } from '../../../src/model/training-checks';
import { expectNoLeak } from '../leak';
import { TINY_DENSE, barTensors, weightValues } from './fixtures';

let data: TrainingData;
let model: tf.LayersModel;

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
  const train = barTensors(40, 1);
  const test = barTensors(30, 2);
  data = { trainImages: train.images, trainLabels: train.labels, testImages: test.images, testLabels: test.labels };
  const made = createModelFromSpec(TINY_DENSE, 4);
  if (!made.ok) throw new Error(made.error);
  model = made.value;
});

afterAll(() => {
  model.dispose();
  tf.dispose([data.trainImages, data.trainLabels, data.testImages!, data.testLabels!]);
});

/** A plan with a clock that advances 10 ms a call. */
function plan(overrides: Partial<EpochEndPlan> = {}): EpochEndPlan {
  let clock = 0;
  return { data, valRows: Int32Array.from([1, 3, 5, 7]), testEachEpoch: false, evalBatchSize: 3, checkpointEachEpoch: true, now: () => (clock += 10), ...overrides };
}

const progress = (): RunProgress => ({ epochsCompleted: 2, batchInEpoch: 5, examplesSeen: 600, wallMs: 1000, epoch: { loss: 300, correct: 100, count: 200, ms: 900 } });

describe('EpochEnd', () => {
  it('evaluates the held-out rows, counts the epoch finished, keeps the checkpoint and reports it all; no tensors left', async () => {
    const end = new EpochEnd(model, plan());
    const at = progress();
    const event = await expectNoLeak(() => end.run(at));
    const heldOut = await evaluate(model, data.trainImages, data.trainLabels, { indices: Int32Array.from([1, 3, 5, 7]) });
    expect(at).toEqual({ epochsCompleted: 3, batchInEpoch: 0, examplesSeen: 600, wallMs: 1010, epoch: { loss: 300, correct: 100, count: 200, ms: 900 } });
    expect(event).toMatchObject({ type: 'epoch', epoch: 3, trainLoss: 1.5, trainAccuracy: 0.5, valCount: 4, valLoss: heldOut.loss, valAccuracy: heldOut.accuracy, epochMs: 900, evalMs: 10, examplesSeen: 600, wallMs: 1010 });
    expect(event.numTensors).toBe(tf.memory().numTensors);
    expect(event.test).toBeUndefined();
    expect(event.sample).toBeUndefined();
    expect(end.checkpoint?.epoch).toBe(3);
    expect(end.checkpoint?.examplesSeen).toBe(600);
    expect(end.checkpoint?.weights.map((w) => w.values)).toEqual(weightValues(model));
  });

  it('without held-out rows validates on the test images, with the test result itself when that is wanted too', async () => {
    const both = await expectNoLeak(() => new EpochEnd(model, plan({ valRows: null, testEachEpoch: true })).run(progress()));
    expect(both.valCount).toBe(30);
    expect(both.test?.count).toBe(30);
    expect(both.valLoss).toBe(both.test?.loss);
    const testOnly = await new EpochEnd(model, plan({ valRows: null })).run(progress());
    expect(testOnly.valCount).toBe(30);
    expect(testOnly.test).toBeUndefined();
  });

  it('keeps no checkpoint when told not to', async () => {
    const end = new EpochEnd(model, plan({ checkpointEachEpoch: false }));
    await end.run(progress());
    expect(end.checkpoint).toBeNull();
  });

  it('reports the watched sample: the live model\'s probabilities, none for an index outside or an unloaded split', async () => {
    const end = new EpochEnd(model, plan());
    end.watch({ split: 'test', index: 4 });
    const event = await expectNoLeak(() => end.run(progress()));
    const expected = await predictOne(model, data.testImages!, 4);
    expect(event.sample?.split).toBe('test');
    expect(event.sample?.index).toBe(4);
    event.sample!.probabilities.forEach((p, k) => expect(p).toBeCloseTo(expected[k], 5));
    end.watch({ split: 'test', index: 30 });
    expect((await end.run(progress())).sample).toBeUndefined();
    const trainOnly = new EpochEnd(model, plan({ data: { trainImages: data.trainImages, trainLabels: data.trainLabels } }));
    trainOnly.watch({ split: 'test', index: 0 });
    expect((await trainOnly.run(progress())).sample).toBeUndefined();
  });

  it('a failing evaluation leaves the progress and the checkpoint where they were', async () => {
    const end = new EpochEnd(model, plan({ valRows: null, data: { trainImages: data.trainImages, trainLabels: data.trainLabels } }));
    const at = progress();
    await expect(end.run(at)).rejects.toBeInstanceOf(InvariantError);
    expect(at).toEqual(progress());
    expect(end.checkpoint).toBeNull();
  });
});
