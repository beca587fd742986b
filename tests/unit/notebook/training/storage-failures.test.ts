/**
 * Storage failures as the learner meets them, through the services over a real IndexedDB
 * implementation (fake-indexeddb) on the cpu backend: a save the browser refuses (no room, no
 * IndexedDB) names the model, says nothing saved changed, and offers the download; a refused
 * checkpoint says so and training goes on; persistence is asked at the first save. No tensor left behind.
 */
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createIndexedDbStores } from '../../../../src/model/model-store';
import { BrowserStorage, CHECKPOINT_DOWNLOAD_HINT, type SavedModelsNote } from '../../../../src/notebook/services/browser-storage';
import { ModelLibraryService } from '../../../../src/notebook/services/model-library';
import { TrainingService } from '../../../../src/notebook/services/training-service';
import { expectNoLeak } from '../../leak';
import { tinySettings, useBarSplits } from '../../model/fixtures';
import { FakeDataset, installAnimationFrame, type Tensors } from './fake-dataset';

const data: Tensors = useBarSplits(installAnimationFrame);
afterEach(() => vi.restoreAllMocks());

async function until<T>(get: () => T, pred: (x: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  while (!pred(get())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return get();
}

function services(factory: IDBFactory | null, note: SavedModelsNote | null = null) {
  const persist = vi.fn(async () => false);
  const storage = new BrowserStorage({ persist, persisted: async () => false, estimate: async () => ({ usage: 2048, quota: 1 << 20 }) }, note);
  const stores = storage.guard(createIndexedDbStores(factory));
  const dataset = new FakeDataset(data);
  const training = new TrainingService(dataset, { checkpoints: stores });
  const library = new ModelLibraryService(training, dataset, stores, storage);
  const dispose = async () => {
    await training.reset();
    library.dispose();
    training.dispose();
  };
  return { training, library, persist, dispose };
}

const realPut = IDBObjectStore.prototype.put;

/** Every write to the object store `name` throws the browser's quota error. */
function fullStore(name: string) {
  vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    if (this.name === name) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return realPut.apply(this, args);
  });
}

const NO_ROOM = 'the browser has no room left for it (storage quota exceeded)';

describe('storage failures through the services', () => {
  it('no room for a model: the notice names it, offers the download, and the saved models (and a replaced name) stay', async () => {
    await expectNoLeak(async () => {
      const { training, library, persist, dispose } = services(new IDBFactory());
      await training.train(tinySettings({ epochs: 1 }));
      await until(training.getStatus, (s) => s.phase === 'done', 'training done');
      await library.save('first');
      expect(library.getStatus().notice?.text).toMatch(/^Saved 'first' in this browser/);
      await until(library.getStatus, (s) => s.storage?.persistence === 'denied', 'the persistence answer');
      expect(library.getStatus().storage).toEqual({ persistence: 'denied', use: { state: 'known', usage: 2048, quota: 1 << 20 } });

      fullStore('files');
      await library.save('second');
      expect(library.getStatus().notice).toEqual({
        tone: 'error',
        text: `'second' was not saved in this browser: Saving 'second' failed: ${NO_ROOM}. The saved models are unchanged; download it to keep it as files.`,
        download: 'second',
      });
      expect(library.getStatus().entries?.map((e) => e.name)).toEqual(['first']);
      // Replacing the taken name fails the same way and keeps the model saved under it.
      const before = library.getStatus().entries?.[0];
      await library.save('first', true);
      expect(library.getStatus().notice?.download).toBe('first');
      vi.restoreAllMocks();
      await library.refresh();
      expect(library.getStatus().entries).toEqual([before]);
      await library.load('first');
      expect(library.getStatus().notice?.text).toMatch(/^Loaded 'first'/);
      expect(persist).toHaveBeenCalledTimes(1);
      await dispose();
    });
  });

  it('no room for the checkpoint: training says it was not kept, points at the download, and goes on', async () => {
    await expectNoLeak(async () => {
      const { training, dispose } = services(new IDBFactory());
      fullStore('checkpoints');
      await training.train(tinySettings({ epochs: 2 }));
      await until(training.getStatus, (x) => x.phase === 'done', 'training done');
      expect(training.epochs.map((e) => e.epoch)).toEqual([1, 2]);
      const message = await until(training.getStatus, (x) => x.message !== null && /checkpoint/.test(x.message.text), 'the checkpoint message');
      expect(message.message?.text).toBe(`The checkpoint of epoch 2 could not be kept in the browser (Saving the training checkpoint failed: ${NO_ROOM}; ${CHECKPOINT_DOWNLOAD_HINT}); training goes on.`);
      await dispose();
    });
  });

  it('no IndexedDB: the list says so at once, and a save offers the download', async () => {
    await expectNoLeak(async () => {
      const { training, library, dispose } = services(null);
      await until(library.getStatus, (s) => s.entries !== null, 'the list read');
      expect(library.getStatus().notice?.text).toBe('Reading the saved models failed: this browser gives the page no IndexedDB (a private window may turn it off). Download still keeps a model as files.');
      await training.train(tinySettings({ epochs: 1 }));
      await until(training.getStatus, (x) => x.phase === 'done', 'training done');
      await library.save('kept');
      expect(library.getStatus().notice).toMatchObject({ tone: 'error', download: 'kept' });
      expect(library.getStatus().notice?.text).toMatch(/^'kept' was not saved in this browser: Saving 'kept' failed: this browser gives the page no IndexedDB/);
      await dispose();
    });
  });

  it('models the browser cleared between visits: the next page says they are gone rather than showing an empty list as if none were saved', async () => {
    await expectNoLeak(async () => {
      const kept = new Map<string, string>();
      const note: SavedModelsNote = { getItem: (k) => kept.get(k) ?? null, setItem: (k, v) => void kept.set(k, v) };
      const page1 = services(new IDBFactory(), note);
      await page1.training.train(tinySettings({ epochs: 1 }));
      await until(() => page1.training.getStatus().phase, (p) => p === 'done', 'trained');
      await page1.library.save('kept');
      expect(page1.library.getStatus().entries?.map((e) => e.name)).toEqual(['kept']);
      await page1.dispose();
      // The browser evicts the site's IndexedDB (a new, empty factory); the note outside it stays.
      const page2 = services(new IDBFactory(), note);
      const s = await until(() => page2.library.getStatus(), (x) => x.entries !== null, 'the list read');
      expect(s.entries).toEqual([]);
      expect(s.notice?.tone).toBe('error');
      expect(s.notice?.text).toMatch(/^The model saved in this browser \(the latest on \d{4}-\d\d-\d\d\) is gone: the browser cleared this page's storage since your last visit/);
      await page2.dispose();
      const page3 = services(new IDBFactory(), note);
      await until(() => page3.library.getStatus(), (x) => x.entries !== null, 'the list read');
      expect(page3.library.getStatus().notice, 'said once').toBeNull();
      await page3.dispose();
    });
  });
});
