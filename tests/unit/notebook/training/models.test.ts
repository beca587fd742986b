/**
 * Saving, loading and checkpoints through the services, on the cpu backend with memory stores: the
 * library's rules (replace asks, a failed save or rename loses nothing), a saved model loaded back as
 * the current model with the same test accuracy, checkpoint serialisation, and resume after a "reload"
 * (a new service over the same store) with the charts' history back. No tensor left behind.
 */
import { describe, expect, it } from 'vitest';
import type { TrainingSettings } from '../../../../src/model/settings';
import { CHECKPOINT_VERSION, downsampleColumns, downsampleIndices, tryParseCheckpoint, type StoredCheckpoint } from '../../../../src/model/checkpoint';
import { createMemoryStores, tryParseModelName, type SavedModelEntry } from '../../../../src/model/model-store';
import { ModelLibraryService } from '../../../../src/notebook/services/model-library';
import { TrainingService } from '../../../../src/notebook/services/training-service';
import type { TrainingStatus } from '../../../../src/notebook/services/training-types';
import { expectNoLeak } from '../../leak';
import { FakeDataset, installAnimationFrame, type Tensors } from './fake-dataset';
import { TINY_DENSE, tinySettings, useBarSplits } from '../../model/fixtures';


const data: Tensors = useBarSplits(installAnimationFrame);

async function until<T>(get: () => T, pred: (x: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  while (!pred(get())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return get();
}

function services(stores = createMemoryStores()) {
  const dataset = new FakeDataset(data);
  const training = new TrainingService(dataset, { checkpoints: stores });
  const library = new ModelLibraryService(training, dataset, stores);
  return { training, library, stores, dataset };
}

const done = (s: TrainingStatus) => s.phase === 'done';

describe('checkpoint serialisation', () => {
  it('downsamples the batch series to a bounded size, keeping the first and last points', () => {
    expect(downsampleIndices(5, 10)).toEqual([0, 1, 2, 3, 4]);
    expect(downsampleIndices(101, 5)).toEqual([0, 25, 50, 75, 100]);
    expect(downsampleIndices(0)).toEqual([]);
    const n = 5000;
    const col = Float64Array.from({ length: n }, (_, i) => i);
    const c = downsampleColumns({ examples: col, epochs: col, timeMs: col, loss: col, accuracy: col }, n);
    expect(c.examples.length).toBe(1000);
    expect(c.loss[0]).toBe(0);
    expect(c.loss[999]).toBe(n - 1);
  });

  it('tryParseCheckpoint accepts a whole record and refuses damaged or older ones with a reason', () => {
    const good: StoredCheckpoint = {
      version: CHECKPOINT_VERSION,
      savedAt: 1,
      settings: tinySettings(),
      dataset: { name: 'MNIST', rows: 28, cols: 28 },
      epoch: 1,
      examplesSeen: 320,
      targetEpochs: 2,
      weights: [{ name: 'w', shape: [2, 3], values: new Float32Array(6) }],
      batches: { examples: [32], epochs: [0.1], timeMs: [5], loss: [2.3], accuracy: [0.1] },
      epochs: [{ epoch: 1, examples: 320, epochs: 1, timeMs: 50, trainLoss: 2, trainAccuracy: 0.2, valLoss: 2, valAccuracy: 0.2 }],
      lrChanges: [],
      testHistory: [{ epoch: 1, examplesSeen: 320, accuracy: 0.3 }],
    };
    expect(tryParseCheckpoint(structuredClone(good)).ok).toBe(true);
    const bad = (patch: Partial<Record<keyof StoredCheckpoint, unknown>>) => {
      const r = tryParseCheckpoint({ ...structuredClone(good), ...patch });
      return r.ok ? 'ok' : r.error;
    };
    expect(bad({ version: 0 })).toBe('the saved checkpoint is version 0; this notebook reads version 1');
    expect(bad({ weights: [{ name: 'w', shape: [2, 3], values: new Float32Array(5) }] })).toBe('the weight w in the saved checkpoint has the wrong number of values');
    expect(bad({ weights: [{ name: 'w', shape: [2, 3], values: [0, 0, 0, 0, 0, 0] }] })).toBe('a weight in the saved checkpoint is damaged');
    expect(bad({ batches: { examples: [1, 2], epochs: [1], timeMs: [1], loss: [1], accuracy: [1] } })).toBe("the saved checkpoint's batch history is damaged");
    expect(bad({ settings: { ...tinySettings(), model: { layers: [] } } })).toBe("the saved checkpoint's layer list is not valid");
    expect(bad({ dataset: undefined })).toBe('the saved checkpoint does not say which dataset it trained on');
    expect(bad({ settings: { ...tinySettings(), schedule: 'linear' } })).toBe("the saved checkpoint's learning-rate schedule 'linear' is not one this notebook knows");
    // Saved before schedules existed: it trained at a constant rate.
    const older: Partial<TrainingSettings> = tinySettings({ schedule: 'cosine' });
    delete older.schedule;
    const parsed = tryParseCheckpoint({ ...structuredClone(good), settings: older });
    expect(parsed.ok && parsed.value.settings.schedule).toBe('constant');
    expect(tryParseCheckpoint(null)).toEqual({ ok: false, error: 'the saved checkpoint is not a record' });
  });
});

describe('model library store rules', () => {
  const entry = (name: string, savedAt = 1): SavedModelEntry => ({ name, savedAt, layers: ['Dense 10 softmax'], bytes: 10, metadata: { spec: null, architecture: 'custom', params: 10, testAccuracy: 0.5, epochs: 1 } });
  const files = { modelJson: '{}', weights: new ArrayBuffer(4) };

  it('never overwrites unless asked; rename refuses a taken name; a failed write loses nothing', async () => {
    const s = createMemoryStores();
    expect(await s.put(entry('a'), files, false)).toEqual({ ok: true, value: 'saved' });
    expect(await s.put(entry('a', 2), files, false)).toEqual({ ok: true, value: 'exists' });
    expect((await s.get('a')).ok && (await s.get('a'))).toMatchObject({ value: { entry: { savedAt: 1 } } });
    expect(await s.put(entry('a', 3), files, true)).toEqual({ ok: true, value: 'saved' });
    await s.put(entry('b', 4), files, false);
    expect(await s.rename('a', 'b')).toEqual({ ok: true, value: 'exists' });
    expect(await s.rename('zzz', 'c')).toEqual({ ok: true, value: 'missing' });
    s.failNext = true;
    expect((await s.rename('a', 'c')).ok).toBe(false);
    s.failNext = true;
    expect((await s.put(entry('b', 9), files, true)).ok).toBe(false);
    const list = await s.list();
    expect(list.ok && list.value.map((e) => [e.name, e.savedAt])).toEqual([
      ['b', 4],
      ['a', 3],
    ]);
  });

  it('model names: trimmed, not empty, not too long, no control characters', () => {
    expect(tryParseModelName('  dense 1 ')).toEqual({ ok: true, value: 'dense 1' });
    expect(tryParseModelName('  ')).toEqual({ ok: false, error: 'enter a name for the model' });
    expect(tryParseModelName('x'.repeat(61))).toEqual({ ok: false, error: 'a name has at most 60 characters; this one has 61' });
    expect(tryParseModelName('a\nb').ok).toBe(false);
  });
});

describe('saving, loading and resuming through the services', () => {
  it('train -> save -> load back: the loaded model is the current model with the same test accuracy; replace asks; train on from it', async () => {
    await expectNoLeak(async () => {
      const { training, library } = services();
      await training.train(tinySettings());
      const trained = await until(training.getStatus, done, 'training done');
      const accuracy = trained.test?.accuracy;
      expect(accuracy).toBeGreaterThan(0.3);

      await library.save('tiny');
      expect(library.getStatus().notice?.text).toMatch(/^Saved 'tiny' in this browser/);
      expect(library.getStatus().entries?.map((e) => [e.name, e.metadata.architecture, e.metadata.testAccuracy, e.layers])).toEqual([['tiny', 'custom', accuracy, ['Dense 16 relu', 'Dense 10 softmax']]]);
      // The same name again asks first, and keeps the saved one until confirmed.
      await library.save('tiny');
      expect(library.getStatus().confirmReplace).toBe('tiny');
      library.cancelReplace();
      expect(library.getStatus().entries).toHaveLength(1);

      await training.reset();
      expect(training.currentModel()).toBeNull();
      await library.load('tiny');
      expect(library.getStatus().notice).toEqual({ tone: 'info', text: "Loaded 'tiny': it is the current model; its test accuracy is in the evaluation cell." });
      const s = await until(training.getStatus, (x) => x.test !== null, 'the loaded model evaluated');
      expect(s.test?.accuracy).toBe(accuracy);
      expect(s.test?.when).toBe("of the loaded model 'tiny'");
      expect(s.loadedModel?.info.spec).toEqual(TINY_DENSE);
      expect(training.currentModel()).not.toBeNull();
      // A rename in the library follows the loaded model.
      expect(await library.rename('tiny', 'tiny model')).toBe(true);
      expect(training.getStatus().loadedModel?.name).toBe('tiny model');

      // A corrupt saved record is refused with a message; the list is unchanged.
      await library.loadFiles([new File(['{"modelTopology": '], 'model.json')]);
      expect(library.getStatus().notice?.tone).toBe('error');
      expect(library.getStatus().notice?.text).toMatch(/^model\.json: not JSON .*Nothing was loaded; the saved models are unchanged\.$/);
      expect(training.getStatus().loadedModel?.name).toBe('tiny model');
      expect(library.getStatus().entries).toHaveLength(1);

      // Train on from the loaded weights: the first epoch starts where the saved model was.
      await training.train(tinySettings({ epochs: 1 }));
      const again = await until(training.getStatus, done, 'training on done');
      expect(again.test?.accuracy).toBeGreaterThanOrEqual((accuracy ?? 0) - 0.1);
      await training.reset();
      library.dispose();
      training.dispose();
    });
  });

  it('a model loaded before the dataset is in tensors is evaluated once it is', async () => {
    await expectNoLeak(async () => {
      const stores = createMemoryStores();
      const first = services(stores);
      await first.training.train(tinySettings());
      const accuracy = (await until(first.training.getStatus, done, 'training done')).test?.accuracy;
      await first.library.save('early');
      await first.training.reset();
      first.library.dispose();
      first.training.dispose();

      // A new page whose dataset is still loading: no tensors yet.
      const { training, library, dataset } = services(stores);
      dataset.set({ phase: 'loading' });
      await library.load('early');
      expect(training.currentModel()).not.toBeNull();
      expect(training.getStatus().test).toBeNull();

      // Ready, then published again (as the dataset service does): one evaluation.
      dataset.set({ phase: 'ready' });
      dataset.set({ phase: 'ready' });
      const s = await until(training.getStatus, (x) => x.test !== null, 'the loaded model evaluated once the dataset is ready');
      expect(s.test?.accuracy).toBe(accuracy);
      expect(s.test?.when).toBe("of the loaded model 'early'");
      await training.reset();
      library.dispose();
      training.dispose();
    });
  });

  it('a lost WebGL context takes the loaded model with it: no current model, a message, and it loads again from the library', async () => {
    await expectNoLeak(async () => {
      const { training, library, stores, dataset } = services();
      await training.train(tinySettings());
      await until(training.getStatus, done, 'training done');
      await library.save('kept');
      await training.reset();
      await library.load('kept');
      await until(training.getStatus, (x) => x.test !== null, 'the loaded model evaluated');
      const lost = training.currentModel();
      expect(lost).not.toBeNull();

      // The dataset service reports the loss; the model's tensors are gone with it (freed here by hand).
      dataset.set({ contextLost: true, phase: 'error' });
      expect(training.currentModel()).toBeNull();
      expect(training.getStatus().loadedModel).toBeNull();
      expect(training.getStatus().message).toEqual({ kind: 'context-lost', text: "The WebGL context was lost, and the loaded model 'kept' with it. Reload the dataset (in the dataset cell), then load the model again from Saved models." });
      lost?.dispose();

      // Back on a working dataset, the saved copy loads and is evaluated again.
      dataset.set({ contextLost: false, phase: 'ready' });
      await library.load('kept');
      const again = await until(training.getStatus, (x) => x.loadedModel !== null && x.test?.when === "of the loaded model 'kept'", 'the model loaded again');
      expect(again.test?.accuracy).toBeGreaterThan(0.3);
      const listed = await stores.list();
      expect(listed.ok && listed.value.map((e: SavedModelEntry) => e.name)).toEqual(['kept']);
      await training.reset();
      library.dispose();
      training.dispose();
    });
  });

  it('saves a checkpoint at each epoch end; a new page offers to resume from it and restores the charts; reset clears it', async () => {
    await expectNoLeak(async () => {
      const stores = createMemoryStores();
      const first = services(stores);
      await first.training.train(tinySettings({ epochs: 2 }));
      await until(first.training.getStatus, done, 'first run done');
      await until(() => stores.checkpoint, (c) => c?.epoch === 2, 'checkpoint of epoch 2');
      const saved = stores.checkpoint as StoredCheckpoint;
      expect(saved.epochs.map((e) => e.epoch)).toEqual([1, 2]);
      expect(saved.batches.examples.length).toBe(20);
      expect(saved.testHistory.map((t) => t.epoch)).toEqual([1, 2]);
      const epochsBefore = first.training.epochs.map((e) => e.trainLoss);
      // "Reload": the page goes away without a reset, a new one starts over the same store.
      first.library.dispose();
      first.training.dispose();

      const second = services(stores);
      const offer = await until(second.training.getStatus, (s) => s.resumable !== null, 'resume offer');
      expect(offer.resumable).toMatchObject({ epoch: 2, targetEpochs: 2, blocked: null });
      await second.training.resumeStoredCheckpoint();
      const s = await until(second.training.getStatus, (x) => x.phase === 'done' && second.training.epochs.length === 4, 'resumed run done');
      expect(second.training.epochs.slice(0, 2).map((e) => e.trainLoss)).toEqual(epochsBefore);
      expect(second.training.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
      expect(s.resumable).toBeNull();
      await until(() => stores.checkpoint, (c) => c?.epoch === 4, 'checkpoint of epoch 4');

      await second.training.reset();
      expect(stores.checkpoint).toBeNull();
      second.library.dispose();
      second.training.dispose();

      // Discard forgets it too.
      stores.checkpoint = { ...saved, savedAt: 5 };
      const third = services(stores);
      await until(third.training.getStatus, (x) => x.resumable !== null, 'offer');
      await third.training.discardStoredCheckpoint();
      expect(third.training.getStatus().resumable).toBeNull();
      expect(stores.checkpoint).toBeNull();
      third.library.dispose();
      third.training.dispose();
    });
  });
});
