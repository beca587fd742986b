import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { optimizerLearningRate } from '../../../src/model/optimizer';
import type { OptimizerName, TrainingSettings } from '../../../src/model/settings';
import { createTrainer, type BatchEvent, type EpochEvent, type NanEvent, type TrainerEvent, type TrainerOptions, type TrainingData } from '../../../src/model/trainer';
import { expectNoLeak } from '../leak';
import { TINY_CNN, TINY_DROPOUT, tick, tinySettings, useBarSplits, weightValues } from './fixtures';

const data: TrainingData = useBarSplits();

/** A trainer whose events are recorded; fails the test on a Result error. */
function recorded(settings: TrainingSettings = tinySettings(), options: TrainerOptions = {}, source: TrainingData = data) {
  const made = createTrainer(source, settings, options);
  if (!made.ok) throw new Error(made.error);
  const trainer = made.value;
  const events: TrainerEvent[] = [];
  trainer.subscribe((e) => events.push(e));
  const of = <K extends TrainerEvent['type']>(type: K) => events.filter((e): e is Extract<TrainerEvent, { type: K }> => e.type === type);
  return { trainer, events, of };
}

/** Event types in order, with state events spelled out: 'state:running', 'batch', ... */
const sequence = (events: TrainerEvent[]) => events.map((e) => (e.type === 'state' ? `state:${e.state}` : e.type));

/** Trains with a fresh trainer and returns its batch losses (and final weights). */
async function lossesOf(settings: TrainingSettings): Promise<{ losses: number[]; weights: Float32Array[] }> {
  const { trainer, of } = recorded(settings);
  await trainer.start();
  const weights = weightValues(trainer.model);
  await trainer.dispose();
  return { losses: of('batch').map((b) => b.loss), weights };
}

describe('a run on a tiny subset', () => {
  it('emits state running, then batches and an epoch per epoch, then done; leaks nothing', async () => {
    await expectNoLeak(async () => {
      const { trainer, events, of } = recorded();
      expect(trainer.trainCount).toBe(320);
      expect(trainer.valCount).toBe(80);
      expect(trainer.batchesPerEpoch).toBe(10);
      expect(trainer.state).toBe('idle');
      await trainer.start();
      const batches = Array(10).fill('batch');
      expect(sequence(events)).toEqual(['state:running', ...batches, 'epoch', ...batches, 'epoch', 'done', 'state:done']);

      const b = of('batch');
      expect(b.map((e) => [e.epoch, e.batchInEpoch])).toEqual([1, 2].flatMap((epoch) => Array.from({ length: 10 }, (_, i) => [epoch, i + 1])));
      expect(b.map((e) => e.examplesSeen)).toEqual(Array.from({ length: 20 }, (_, i) => (i + 1) * 32));
      expect(b.every((e) => e.batchSize === 32 && e.batchesPerEpoch === 10 && e.learningRate === 0.01)).toBe(true);
      expect(b.every((e) => Number.isFinite(e.loss) && e.accuracy >= 0 && e.accuracy <= 1 && e.batchMs >= 0)).toBe(true);
      expect(b[19].epochProgress).toBe(2);
      for (let i = 1; i < b.length; i++) expect(b[i].wallMs).toBeGreaterThanOrEqual(b[i - 1].wallMs);

      const epochs = of('epoch');
      expect(epochs.map((e) => [e.epoch, e.examplesSeen, e.valCount])).toEqual([
        [1, 320, 80],
        [2, 640, 80],
      ]);
      // The epoch's train loss is the size-weighted mean of its batch losses.
      const mean = b.slice(0, 10).reduce((s, e) => s + e.loss, 0) / 10;
      expect(epochs[0].trainLoss).toBeCloseTo(mean, 6);
      expect(of('done')[0]).toMatchObject({ epochs: 2, examplesSeen: 640 });
      expect(trainer.state).toBe('done');
      expect(trainer.checkpoint?.epoch).toBe(2);
      await trainer.dispose();
      expect(trainer.state).toBe('disposed');
    });
  });

  it('keeps the number of live tensors flat from epoch to epoch', async () => {
    await expectNoLeak(async () => {
      const { trainer, of } = recorded(tinySettings({ epochs: 4, optimizer: 'momentum' }), { testEachEpoch: true });
      await trainer.start();
      const counts = of('epoch').map((e) => e.numTensors);
      expect(counts).toHaveLength(4);
      expect(new Set(counts).size).toBe(1);
      await trainer.dispose();
    });
  });

  it('includes a partial last batch (every example once per epoch)', async () => {
    const { trainer, of } = recorded(tinySettings({ batchSize: 50, epochs: 1 }));
    await trainer.start();
    expect(of('batch').map((b) => b.batchSize)).toEqual([50, 50, 50, 50, 50, 50, 20]);
    expect(of('epoch')[0].examplesSeen).toBe(320);
    await trainer.dispose();
  });

  it.each<{ name: string; settings: TrainingSettings; min: number }>([
    { name: 'dense', settings: tinySettings({ epochs: 3 }), min: 0.8 },
    { name: 'cnn', settings: tinySettings({ epochs: 3, model: TINY_CNN, learningRate: 0.02 }), min: 0.5 },
  ])('$name: accuracy rises well above chance on a separable task', async ({ settings, min }) => {
    await expectNoLeak(async () => {
      const { trainer, of } = recorded(settings, { testEachEpoch: true });
      await trainer.start();
      const epochs = of('epoch');
      const last = epochs[epochs.length - 1];
      expect(last.valAccuracy).toBeGreaterThan(min);
      expect(last.test?.accuracy).toBeGreaterThan(min);
      expect(last.trainLoss).toBeLessThan(epochs[0].trainLoss);
      await trainer.dispose();
    });
  });

  it('validates on the test split when asked, and ships the test evaluation with each epoch', async () => {
    const { trainer, of } = recorded(tinySettings({ epochs: 1, validation: { kind: 'test' } }), { testEachEpoch: true });
    expect(trainer.trainCount).toBe(400);
    await trainer.start();
    const epoch = of('epoch')[0];
    expect(epoch.valCount).toBe(100);
    expect(epoch.test?.count).toBe(100);
    expect(epoch.valAccuracy).toBe(epoch.test?.accuracy);
    expect(epoch.test?.confusion.flat().reduce((a, b) => a + b, 0)).toBe(100);
    await trainer.dispose();
  });

  it('yields to the event loop between batches, so a timer fires mid-run', async () => {
    const { trainer, of } = recorded(tinySettings({ epochs: 3 }));
    let batchesWhenTimerFired = -1;
    setTimeout(() => (batchesWhenTimerFired = of('batch').length), 0);
    await trainer.start();
    expect(batchesWhenTimerFired).toBeGreaterThanOrEqual(0);
    expect(batchesWhenTimerFired).toBeLessThan(30);
    await trainer.dispose();
  });

  it('awaits afterEpoch before the next batch, with the weights holding still', async () => {
    let hookDone = false;
    let weightsInHook: Float32Array[] = [];
    const { trainer, events } = recorded(tinySettings({ epochs: 2 }), {
      afterEpoch: async (model, event) => {
        if (event.epoch !== 1) return;
        weightsInHook = weightValues(model);
        await tick(5);
        expect(weightValues(model)).toEqual(weightsInHook);
        hookDone = true;
      },
    });
    let batchBeforeHookDone = false;
    trainer.subscribe((e) => {
      if (e.type === 'batch' && e.epoch === 2 && !hookDone) batchBeforeHookDone = true;
    });
    await trainer.start();
    expect(hookDone).toBe(true);
    expect(batchBeforeHookDone).toBe(false);
    expect(events.filter((e) => e.type === 'batch')).toHaveLength(20);
    await trainer.dispose();
  });
});

describe('seeded runs', () => {
  it('give identical loss sequences and weights for the same seed (with dropout), different ones for another seed', async () => {
    await expectNoLeak(async () => {
      const a = await lossesOf(tinySettings({ model: TINY_DROPOUT }));
      const b = await lossesOf(tinySettings({ model: TINY_DROPOUT }));
      const c = await lossesOf(tinySettings({ model: TINY_DROPOUT, seed: 8 }));
      expect(a.losses).toHaveLength(20);
      expect(b.losses).toEqual(a.losses);
      expect(b.weights).toEqual(a.weights);
      expect(c.losses).not.toEqual(a.losses);
    });
  });

  it('are not changed by pausing and stepping along the way', async () => {
    const straight = await lossesOf(tinySettings());
    const { trainer, of } = recorded(tinySettings());
    const paused = new Promise<void>((resolve) =>
      trainer.subscribe((e) => {
        if (e.type === 'batch' && e.examplesSeen === 5 * 32) void trainer.pause().then(resolve);
      }),
    );
    const run = trainer.start();
    await paused;
    await trainer.step();
    await trainer.step();
    trainer.resume();
    await run;
    expect(of('batch').map((b) => b.loss)).toEqual(straight.losses);
    await trainer.dispose();
  });
});

describe('controls', () => {
  it('pause stops batch events until resume, which continues where it paused', async () => {
    await expectNoLeak(async () => {
      const { trainer, events, of } = recorded();
      const paused = new Promise<void>((resolve) =>
        trainer.subscribe((e) => {
          if (e.type === 'batch' && e.epoch === 1 && e.batchInEpoch === 3) void trainer.pause().then(resolve);
        }),
      );
      const run = trainer.start();
      await paused;
      expect(trainer.state).toBe('paused');
      expect(of('batch')).toHaveLength(3);
      await tick(20);
      expect(of('batch')).toHaveLength(3);
      trainer.resume();
      expect(trainer.state).toBe('running');
      await run;
      expect(of('batch')).toHaveLength(20);
      expect(of('batch')[3]).toMatchObject({ epoch: 1, batchInEpoch: 4 });
      const s = sequence(events);
      expect(s.slice(0, 6)).toEqual(['state:running', 'batch', 'batch', 'batch', 'state:paused', 'state:running']);
      await trainer.dispose();
    });
  });

  it('stop finishes the batch in flight, keeps its weights, and start continues the interrupted epoch', async () => {
    await expectNoLeak(async () => {
      const { trainer, of } = recorded(tinySettings({ learningRate: 0.005 }));
      const initial = weightValues(trainer.model);
      let afterBatch: Float32Array[] = [];
      trainer.subscribe((e) => {
        if (e.type === 'batch') afterBatch = weightValues(trainer.model);
      });
      // Stop from inside the first batch (the learning-rate change is announced as it starts).
      trainer.setLearningRate(0.01);
      trainer.subscribe((e) => {
        if (e.type === 'learningRate') void trainer.stop();
      });
      await trainer.start();
      expect(trainer.state).toBe('stopped');
      expect(of('batch')).toHaveLength(1);
      expect(of('epoch')).toHaveLength(0);
      expect(of('done')).toHaveLength(0);
      const now = weightValues(trainer.model);
      expect(now).toEqual(afterBatch);
      expect(now).not.toEqual(initial);

      await trainer.start();
      expect(of('batch')[1]).toMatchObject({ epoch: 1, batchInEpoch: 2, examplesSeen: 64 });
      expect(of('epoch').map((e) => e.epoch)).toEqual([1, 2]);
      expect(trainer.state).toBe('done');
      // Train after done: settings.epochs more.
      await trainer.start();
      expect(of('epoch').map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
      await trainer.dispose();
    });
  });

  it('stop while paused ends the run without another batch', async () => {
    const { trainer, of } = recorded();
    const paused = new Promise<void>((resolve) =>
      trainer.subscribe((e) => {
        if (e.type === 'batch' && e.batchInEpoch === 2) void trainer.pause().then(resolve);
      }),
    );
    const run = trainer.start();
    await paused;
    await trainer.stop();
    await run;
    expect(trainer.state).toBe('stopped');
    expect(of('batch')).toHaveLength(2);
    await trainer.dispose();
  });

  it('step while paused runs exactly one batch, and the epoch end when it is the last', async () => {
    await expectNoLeak(async () => {
      const { trainer, of } = recorded();
      const paused = new Promise<void>((resolve) =>
        trainer.subscribe((e) => {
          if (e.type === 'batch' && e.epoch === 1 && e.batchInEpoch === 8) void trainer.pause().then(resolve);
        }),
      );
      const run = trainer.start();
      await paused;
      await trainer.step();
      expect(of('batch')).toHaveLength(9);
      expect(trainer.state).toBe('paused');
      await tick(10);
      expect(of('batch')).toHaveLength(9);
      await trainer.step();
      expect(of('batch')).toHaveLength(10);
      expect(of('epoch')).toHaveLength(1);
      expect(trainer.state).toBe('paused');
      await trainer.stop();
      await run;
      await trainer.dispose();
    });
  });

  it('step from idle starts a paused run of one batch', async () => {
    await expectNoLeak(async () => {
      const { trainer, of } = recorded();
      await trainer.step();
      expect(trainer.state).toBe('paused');
      expect(of('batch')).toHaveLength(1);
      await trainer.step();
      expect(of('batch')).toHaveLength(2);
      await trainer.dispose();
      expect(trainer.state).toBe('disposed');
    });
  });

  it.each<OptimizerName>(['sgd', 'momentum', 'adam', 'rmsprop'])('%s: a learning-rate change applies from the next batch and is announced with its example count', async (optimizer) => {
    await expectNoLeak(async () => {
      const { trainer, events, of } = recorded(tinySettings({ optimizer, learningRate: 0.01 }));
      trainer.subscribe((e) => {
        if (e.type === 'batch' && e.examplesSeen === 3 * 32) {
          expect(trainer.setLearningRate(0.05)).toEqual({ ok: true, value: undefined });
          // Not yet: the optimizer still has the old rate until the next batch starts.
          expect(optimizerLearningRate(trainer.optimizerHandle.optimizer)).toBe(0.01);
        }
      });
      await trainer.start();
      const change = of('learningRate');
      expect(change).toEqual([{ type: 'learningRate', learningRate: 0.05, previous: 0.01, examplesSeen: 96, epoch: 1, batchInEpoch: 4 }]);
      const index = events.indexOf(change[0]);
      expect((events[index - 1] as BatchEvent).learningRate).toBe(0.01);
      expect(events[index + 1]).toMatchObject({ type: 'batch', batchInEpoch: 4, learningRate: 0.05 });
      expect(of('batch').slice(3).every((b) => b.learningRate === 0.05)).toBe(true);
      expect(optimizerLearningRate(trainer.optimizerHandle.optimizer)).toBe(0.05);
      await trainer.dispose();
    });
  });

  it.each<OptimizerName>(['sgd', 'adam'])('%s: the cosine schedule sets each batch its rate, restarting at half the peak each epoch; no learningRate events', async (optimizer) => {
    await expectNoLeak(async () => {
      const { trainer, of } = recorded(tinySettings({ optimizer, learningRate: 0.01, schedule: 'cosine' }));
      const used: number[] = [];
      trainer.subscribe((e) => {
        if (e.type === 'batch') used.push(optimizerLearningRate(trainer.optimizerHandle.optimizer));
      });
      await trainer.start();
      const rates = of('batch').map((b) => b.learningRate);
      // 10 batches an epoch: epoch 1 falls from 0.01, epoch 2 from 0.005, along half a cosine.
      const expected = Array.from({ length: 20 }, (_, step) => 0.01 * 0.5 ** Math.floor(step / 10) * 0.5 * (1 + Math.cos((Math.PI * (step % 10)) / 10)));
      rates.forEach((rate, i) => expect(rate).toBeCloseTo(expected[i], 12));
      expect(used).toEqual(rates);
      expect(rates[0]).toBe(0.01);
      expect(rates[10]).toBeCloseTo(0.005, 12);
      expect(rates[9]).toBeLessThan(0.0003);
      expect(of('learningRate')).toEqual([]);
      await trainer.dispose();
    });
  });

  it('a rate set by hand under the cosine schedule holds from the next batch on (the schedule is off)', async () => {
    const { trainer, of } = recorded(tinySettings({ learningRate: 0.01, schedule: 'cosine' }));
    trainer.subscribe((e) => {
      if (e.type === 'batch' && e.examplesSeen === 3 * 32) trainer.setLearningRate(0.002);
    });
    await trainer.start();
    const rates = of('batch').map((b) => b.learningRate);
    expect(rates[2]).toBeLessThan(0.01);
    expect(rates.slice(3)).toEqual(Array(17).fill(0.002));
    expect(of('learningRate')).toEqual([{ type: 'learningRate', learningRate: 0.002, previous: rates[2], examplesSeen: 96, epoch: 1, batchInEpoch: 4 }]);
    await trainer.dispose();
  });

  it('a second start after done continues the schedule where the run left it', async () => {
    const { trainer, of } = recorded(tinySettings({ learningRate: 0.01, schedule: 'cosine', epochs: 1 }));
    await trainer.start();
    await trainer.start();
    const rates = of('batch').map((b) => b.learningRate);
    expect(rates).toHaveLength(20);
    expect(rates[10]).toBeCloseTo(0.005, 12);
    await trainer.dispose();
  });

  it('a run continued from a checkpoint after 2 epochs starts the schedule at its third epoch', async () => {
    const { trainer, of } = recorded(tinySettings({ learningRate: 0.01, schedule: 'cosine', epochs: 1 }), { epochsBefore: 2 });
    await trainer.start();
    expect(of('batch')[0].learningRate).toBeCloseTo(0.0025, 12);
    await trainer.dispose();
  });

  it('refuses a learning rate that is not a positive number', async () => {
    const { trainer } = recorded();
    for (const lr of [0, -1, NaN, Infinity]) expect(trainer.setLearningRate(lr).ok).toBe(false);
    await trainer.dispose();
    expect(trainer.setLearningRate(0.1)).toEqual({ ok: false, error: 'the trainer has been disposed' });
  });

  it('dispose mid-run stops after the batch in flight and frees everything', async () => {
    await expectNoLeak(async () => {
      const { trainer, of } = recorded();
      const disposed = new Promise<void>((resolve) =>
        trainer.subscribe((e) => {
          if (e.type === 'batch' && e.batchInEpoch === 2) void trainer.dispose().then(resolve);
        }),
      );
      const run = trainer.start();
      await disposed;
      await run;
      expect(trainer.state).toBe('disposed');
      expect(of('batch')).toHaveLength(2);
      await expect(trainer.start()).rejects.toThrow(/disposed/);
    });
  });
});

describe('a loss that is not finite', () => {
  it('after a huge learning rate: emits nan, stops, and restores the last weights that gave a finite loss', async () => {
    await expectNoLeak(async () => {
      const { trainer, events, of } = recorded(tinySettings({ optimizer: 'sgd', learningRate: 0.05 }));
      const weightsAfter: Float32Array[][] = [];
      trainer.subscribe((e) => {
        if (e.type !== 'batch') return;
        weightsAfter.push(weightValues(trainer.model));
        if (e.epoch === 1 && e.batchInEpoch === 3) trainer.setLearningRate(1e30);
      });
      await trainer.start();
      const nan = of('nan');
      expect(nan).toHaveLength(1);
      const event = nan[0] as NanEvent;
      // Batch 4 used the huge rate (its loss, from batch 3's weights, was fine); batch 5's loss is not.
      expect(of('batch')).toHaveLength(4);
      expect(event).toMatchObject({ epoch: 1, batchInEpoch: 5, learningRate: 1e30, restoredTo: { epoch: 1, batchInEpoch: 3, examplesSeen: 96 } });
      expect(Number.isFinite(event.loss)).toBe(false);
      expect(event.message).toMatch(/at epoch 1, batch 5, with learning rate 1e\+30\. Training stopped and the weights after epoch 1, batch 3 \(96 examples seen\), the last that gave a finite loss, are back in the model\. Try a lower learning rate, e\.g\. 1e\+29\./);
      expect(sequence(events).slice(-2)).toEqual(['nan', 'state:stopped']);
      expect(trainer.state).toBe('stopped');
      expect(weightValues(trainer.model)).toEqual(weightsAfter[2]);

      // With a sane rate, training continues from there and the loss stays finite.
      trainer.setLearningRate(0.05);
      await trainer.start();
      expect(trainer.state).toBe('done');
      expect(of('batch').slice(4).every((b) => Number.isFinite(b.loss))).toBe(true);
      await trainer.dispose();
    });
  });

  it('from poisoned input on the first batch: restores the initial weights and says to check the data', async () => {
    await expectNoLeak(async () => {
      const poisoned = tf.fill([400, 28, 28], NaN, 'float32');
      try {
        const { trainer, of } = recorded(tinySettings(), {}, { ...data, trainImages: poisoned });
        const initial = weightValues(trainer.model);
        await trainer.start();
        expect(of('batch')).toHaveLength(0);
        expect(of('nan')[0]).toMatchObject({ epoch: 1, batchInEpoch: 1, restoredTo: null, message: expect.stringMatching(/the initial weights \(no batch gave a finite loss, so check the input data too\)/) });
        expect(trainer.state).toBe('stopped');
        expect(weightValues(trainer.model)).toEqual(initial);
        await trainer.dispose();
      } finally {
        poisoned.dispose();
      }
    });
  });
});

describe('an unexpected failure', () => {
  it('emits error with the cause, stops with the weights kept, and leaks nothing', async () => {
    await expectNoLeak(async () => {
      const { trainer, events } = recorded(tinySettings(), {
        afterEpoch: () => {
          throw new Error('CONTEXT_LOST_WEBGL');
        },
      });
      await trainer.start();
      expect(sequence(events).slice(-3)).toEqual(['epoch', 'error', 'state:stopped']);
      expect(events.find((e) => e.type === 'error')).toEqual({ type: 'error', message: 'Training stopped: CONTEXT_LOST_WEBGL' });
      expect(trainer.checkpoint?.epoch).toBe(1);
      await trainer.dispose();
    });
  });
});

describe('createTrainer', () => {
  it.each<{ name: string; settings: TrainingSettings; source?: () => TrainingData; message: RegExp }>([
    { name: 'a subset larger than the data', settings: tinySettings({ subsetSize: 401 }), message: /subset size 401 must be a whole number from 1 to 400, the training images loaded/ },
    { name: 'a batch larger than the training part', settings: tinySettings({ batchSize: 321 }), message: /batch size 321 must be a whole number from 1 to 320/ },
    { name: 'a fraction that holds out nothing', settings: tinySettings({ validation: { kind: 'split', fraction: 0.001 } }), message: /holds out no image of a subset of 400/ },
    { name: 'test validation without test data', settings: tinySettings({ validation: { kind: 'test' } }), source: () => ({ trainImages: data.trainImages, trainLabels: data.trainLabels }), message: /test images and labels are not loaded yet/ },
    { name: 'an invalid model', settings: tinySettings({ model: { layers: [{ kind: 'dense', units: 3, activation: 'softmax' }] } }), message: /last layer has 3 units/ },
    { name: 'a zero learning rate', settings: tinySettings({ learningRate: 0 }), message: /learning rate 0 must be a number greater than 0/ },
    { name: 'labels that do not match the images', settings: tinySettings(), source: () => ({ trainImages: data.trainImages, trainLabels: data.testLabels! }), message: /training labels must be \[400\] to match the images, got \[100\]/ },
  ])('refuses $name with a message, building nothing', async ({ settings, source, message }) => {
    await expectNoLeak(() => {
      const made = createTrainer(source ? source() : data, settings);
      expect(made.ok).toBe(false);
      if (!made.ok) expect(made.error).toMatch(message);
    });
  });

  it('starts from given weights (a checkpoint from another trainer)', async () => {
    await expectNoLeak(async () => {
      const first = recorded(tinySettings({ epochs: 1 }));
      await first.trainer.start();
      const checkpoint = first.trainer.checkpoint;
      expect(checkpoint?.epoch).toBe(1);
      const trained = weightValues(first.trainer.model);
      await first.trainer.dispose();

      const second = createTrainer(data, tinySettings({ seed: 99 }), { initialWeights: checkpoint!.weights });
      if (!second.ok) throw new Error(second.error);
      expect(weightValues(second.value.model)).toEqual(trained);
      await second.value.dispose();

      const wrong = createTrainer(data, tinySettings({ model: TINY_CNN }), { initialWeights: checkpoint!.weights });
      expect(wrong.ok ? '' : wrong.error).toMatch(/build the model from the same layer list/);
    });
  });
});

describe('epoch events', () => {
  it('report validation over the held-out rows only', async () => {
    const { trainer, of } = recorded(tinySettings({ epochs: 1, validation: { kind: 'split', fraction: 0.5 } }));
    expect(trainer.trainCount).toBe(200);
    await trainer.start();
    const epoch: EpochEvent = of('epoch')[0];
    expect(epoch.valCount).toBe(200);
    expect(epoch.examplesSeen).toBe(200);
    await trainer.dispose();
  });
});

describe('warmUp', () => {
  it('off webgl does nothing: no tensors left, and the run that follows is the one without it', async () => {
    const plain = await lossesOf(tinySettings({ epochs: 1 }));
    const { trainer, of } = recorded(tinySettings({ epochs: 1 }));
    await expectNoLeak(() => trainer.warmUp());
    await trainer.start();
    expect(of('batch').map((b) => b.loss)).toEqual(plain.losses);
    await trainer.dispose();
  });
});
