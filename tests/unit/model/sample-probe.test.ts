/** The sample's predictions across a run: the trainer reports them at each epoch end, the history is replayed from kept weights. */
import { describe, expect, it } from 'vitest';
import { EpochWeights } from '../../../src/model/epoch-weights';
import { predictSample, sampleHistory } from '../../../src/model/sample-probe';
import { createTrainer, type EpochEvent, type TrainingData } from '../../../src/model/trainer';
import { expectNoLeak } from '../leak';
import { tinySettings, useBarSplits } from './fixtures';

const data: TrainingData = useBarSplits();

describe('the watched sample', () => {
  it('rides on every epoch event (the model\'s prediction at that epoch end), follows a change of sample, and leaks nothing', async () => {
    await expectNoLeak(async () => {
      const made = createTrainer(data, tinySettings({ epochs: 3 }));
      if (!made.ok) throw new Error(made.error);
      const trainer = made.value;
      const epochs: EpochEvent[] = [];
      trainer.subscribe((e) => {
        if (e.type !== 'epoch') return;
        epochs.push(e);
        if (e.epoch === 1) trainer.watchSample({ split: 'train', index: 0 });
        if (e.epoch === 2) trainer.watchSample(null);
      });
      trainer.watchSample({ split: 'test', index: 7 });
      await trainer.start();
      expect(epochs.map((e) => e.sample && [e.sample.split, e.sample.index])).toEqual([['test', 7], ['train', 0], undefined]);
      expect(epochs[0].sample!.probabilities).toHaveLength(10);
      expect(epochs[0].sample!.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(epochs[0].sample!.probabilities).not.toEqual(epochs[1].sample!.probabilities);
      await trainer.dispose();
    });
  });

  it('an index outside the split reports no sample rather than failing the epoch', async () => {
    const made = createTrainer(data, tinySettings({ epochs: 1 }));
    if (!made.ok) throw new Error(made.error);
    const trainer = made.value;
    let event: EpochEvent | null = null;
    trainer.subscribe((e) => void (e.type === 'epoch' && (event = e)));
    trainer.watchSample({ split: 'test', index: 100 });
    await trainer.start();
    expect(event).not.toBeNull();
    expect(event!.sample).toBeUndefined();
    await trainer.dispose();
  });
});

describe('sampleHistory', () => {
  it('replays each kept epoch\'s weights on one scratch model: the same probabilities the live model gave then, no tensors left', async () => {
    const settings = tinySettings({ epochs: 2 });
    const made = createTrainer(data, settings);
    if (!made.ok) throw new Error(made.error);
    const trainer = made.value;
    const kept = new EpochWeights();
    const live: number[][] = [];
    trainer.subscribe((e) => {
      if (e.type === 'epoch' && trainer.checkpoint) {
        kept.add(e.epoch, trainer.checkpoint.weights);
        live.push(e.sample!.probabilities);
      }
    });
    trainer.watchSample({ split: 'test', index: 3 });
    await trainer.start();
    const probe = { spec: settings.model, seed: settings.seed, imageShape: trainer.imageShape };
    const history = await expectNoLeak(() => sampleHistory(probe, kept.saved, data.testImages!, 3));
    expect(history.map((h) => h.epoch)).toEqual([1, 2]);
    history.forEach((h, i) => h.probabilities.forEach((p, k) => expect(p).toBeCloseTo(live[i][k], 5)));
    let calls = 0;
    const stopped = await sampleHistory(probe, kept.saved, data.testImages!, 3, () => ++calls >= 1);
    expect(stopped, 'stale after the first: it stops there').toHaveLength(1);
    expect(await sampleHistory(probe, kept.saved, data.testImages!, 100)).toEqual([]);
    kept.keepUpTo(1);
    expect(kept.saved.map((e) => e.epoch)).toEqual([1]);
    expect(await expectNoLeak(() => predictSample(trainer.model, data.testImages!, -1))).toBeNull();
    await trainer.dispose();
  });
});
