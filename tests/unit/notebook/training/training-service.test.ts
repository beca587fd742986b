/**
 * The training service over a fake dataset on the cpu backend: the status a run produces, the
 * controls' effects, the sample history, a lost WebGL context, and no tensor left behind.
 */
import { describe, expect, it } from 'vitest';
import type { TrainingSettings } from '../../../../src/model/settings';
import { TrainingService } from '../../../../src/notebook/services/training-service';
import type { TrainingStatus } from '../../../../src/notebook/services/training-types';
import { expectNoLeak } from '../../leak';
import { FakeDataset, installAnimationFrame, type Tensors } from './fake-dataset';
import { tinySettings, useBarSplits } from '../../model/fixtures';


const data: Tensors = useBarSplits(installAnimationFrame);

function serviceOver(dataset: FakeDataset): TrainingService {
  return new TrainingService(dataset);
}

/** Resolves once the status satisfies `pred` (checked on every published update and every 10 ms). */
async function until(service: TrainingService, pred: (s: TrainingStatus) => boolean, what: string, timeoutMs = 20_000): Promise<TrainingStatus> {
  const started = Date.now();
  while (!pred(service.getStatus())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}; phase ${service.getStatus().phase}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return service.getStatus();
}

const ended = (s: TrainingStatus) => s.phase === 'done' || s.phase === 'stopped' || s.phase === 'failed';

describe('TrainingService', () => {
  it('a run to the end: series, epochs, test evaluation, sample history, flat tensors per epoch; reset frees everything', async () => {
    await expectNoLeak(async () => {
      const dataset = new FakeDataset(data);
      const service = serviceOver(dataset);
      service.setSample('test', 3);
      await service.train(tinySettings());
      const s = await until(service, (x) => x.phase === 'done', 'done');

      expect(service.series.length, 'a point per batch: 2 epochs x 10 batches').toBe(20);
      expect(s.chartsVersion, 'the charts were told the series changed').toBeGreaterThan(0);
      expect(service.epochs.map((e) => e.epoch)).toEqual([1, 2]);
      expect(service.epochs[1].examples).toBe(640);
      expect(s.progress.runFraction).toBe(1);
      expect(s.run?.trainCount).toBe(320);
      expect(s.test?.count).toBe(100);
      expect(s.test?.when).toBe('after epoch 2');
      expect(s.test?.confusion.flat().reduce((a, b) => a + b, 0)).toBe(100);
      expect(s.test?.accuracy, 'the bar task is easy').toBeGreaterThan(0.5);
      expect(s.testHistory.map((h) => h.epoch)).toEqual([1, 2]);
      // Mistakes are wrong predictions, most confident first.
      const m = s.test!.mistakes;
      m.forEach((x) => expect(x.predicted).not.toBe(x.label));
      for (let i = 1; i < m.length; i++) expect(m[i - 1].confidence).toBeGreaterThanOrEqual(m[i].confidence);

      const sample = await until(service, (x) => x.sample?.history.length === 2 && !x.sample.pending, 'sample history');
      expect(sample.sample?.index).toBe(3);
      const probs = sample.sample!.probabilities!;
      expect(probs).toHaveLength(10);
      expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);

      const per = s.resources!.perEpoch;
      expect(per).toHaveLength(2);
      expect(per[1].numTensors, 'tensors alive at the end of epoch 2 vs epoch 1').toBe(per[0].numTensors);
      expect(s.resources!.warning).toBeNull();

      // Choosing another sample recomputes its history from the saved epoch weights.
      service.setSample('train', 0);
      const other = await until(service, (x) => x.sample?.index === 0 && !x.sample.pending, 'history of another sample');
      expect(other.sample?.history.map((h) => h.epoch)).toEqual([1, 2]);
      expect(other.sample?.history[1].probabilities).toEqual(other.sample?.probabilities);

      await service.reset();
      expect(service.getStatus().phase).toBe('idle');
      expect(service.series.length).toBe(0);
      service.dispose();
    });
  });

  it('stop keeps the weights and evaluates them; Train continues the same model; new settings build a new one', async () => {
    await expectNoLeak(async () => {
      const dataset = new FakeDataset(data);
      const service = serviceOver(dataset);
      const settings: TrainingSettings = tinySettings({ epochs: 3, batchSize: 8 });
      await service.train(settings);
      await until(service, (x) => x.progress.examplesSeen >= 80, 'a few batches');
      // Stop mid-epoch: pause, and step once if the pause fell on an epoch's end (whose weights were just evaluated).
      service.pause();
      const paused = await until(service, (x) => x.phase === 'paused', 'paused');
      if (paused.progress.batchInEpoch === paused.progress.batchesPerEpoch) {
        service.step();
        await until(service, (x) => x.phase === 'paused' && x.progress.examplesSeen > paused.progress.examplesSeen, 'one step');
      }
      await service.stop();
      const stopped = await until(service, (x) => x.phase === 'stopped' && x.test?.when.startsWith('at stop') === true, 'evaluation at stop');
      const seen = stopped.progress.examplesSeen;
      expect(stopped.test?.examplesSeen).toBe(seen);

      expect(service.continues(settings)).toBe(true);
      expect(service.continues({ ...settings, epochs: 5, learningRate: 0.005 }), 'epochs and learning rate may change').toBe(true);
      expect(service.continues({ ...settings, seed: 8 })).toBe(false);

      await service.train(settings);
      await until(service, (x) => x.progress.examplesSeen > seen, 'continued batches');
      expect(service.series.length, 'the series goes on, not restarted').toBeGreaterThan(seen / 8);
      await service.stop();
      await until(service, ended, 'second stop');

      await service.train({ ...settings, seed: 8, epochs: 1 });
      const fresh = await until(service, (x) => x.phase === 'done', 'the new model trained');
      expect(service.series.length, 'a new model starts new curves').toBe(40);
      expect(fresh.testHistory.map((h) => h.epoch)).toEqual([1]);
      service.dispose();
      await new Promise((r) => setTimeout(r, 50));
    });
  });

  it('changes the learning rate at the next batch and records a marker', async () => {
    const dataset = new FakeDataset(data);
    const service = serviceOver(dataset);
    expect(service.setLearningRate(0.1)).toMatch(/no model/);
    await service.train(tinySettings({ epochs: 1, batchSize: 8 }));
    await until(service, (x) => x.progress.examplesSeen >= 16, 'two batches');
    service.pause();
    await until(service, (x) => x.phase === 'paused', 'paused');
    expect(service.setLearningRate(-1)).toMatch(/greater than 0/);
    expect(service.setLearningRate(0.002)).toBeNull();
    const before = service.getStatus().progress.examplesSeen;
    service.step();
    await until(service, (x) => x.progress.examplesSeen === before + 8, 'one step');
    expect(service.lrChanges).toHaveLength(1);
    expect(service.lrChanges[0]).toMatchObject({ examples: before, learningRate: 0.002, previous: 0.01 });
    expect(service.getStatus().learningRate).toBe(0.002);
    await service.stop();
    await until(service, ended, 'stopped');
    await service.reset();
    service.dispose();
  });

  it('a lost WebGL context stops training, keeps the last epoch\'s weights, and continues from them once the dataset is back', async () => {
    const dataset = new FakeDataset(data);
    const service = serviceOver(dataset);
    await service.train(tinySettings({ epochs: 3 }));
    await until(service, (x) => x.checkpointEpoch === 1, 'epoch 1 checkpoint');
    dataset.set({ phase: 'error', contextLost: true });
    const lost = await until(service, (x) => x.phase === 'failed', 'failed');
    expect(lost.message?.kind).toBe('context-lost');
    expect(lost.message?.text).toMatch(/epoch 1/);
    expect(lost.canContinueFromCheckpoint).toBe(false);

    dataset.set({ phase: 'ready', contextLost: false });
    const back = await until(service, (x) => x.canContinueFromCheckpoint, 'offer to continue');
    const checkpoint = back.checkpointEpoch!;
    expect(checkpoint).toBeGreaterThanOrEqual(1);
    await service.continueFromCheckpoint();
    const done = await until(service, (x) => x.phase === 'done', 'continued run done');
    expect(service.epochs.map((e) => e.epoch), 'epochs continue after the checkpoint').toEqual([1, 2, 3]);
    expect(done.run?.targetEpochs).toBe(3);
    expect(service.epochs.at(-1)!.examples).toBe(3 * 320);
    await service.reset();
    service.dispose();
  });

  it('refuses to train before the dataset is in tensors, with a message, and builds nothing', async () => {
    await expectNoLeak(async () => {
      const dataset = new FakeDataset(data);
      dataset.set({ phase: 'loading' });
      const service = serviceOver(dataset);
      await service.train(tinySettings());
      const s = service.getStatus();
      expect(s.phase).toBe('idle');
      expect(s.message?.text).toMatch(/not in tensors yet/);
      service.dispose();
    });
  });
});
