/**
 * The browser's storage as the Saved models panel shows it: persistence asked once at the first
 * save (model or checkpoint) with its answer kept, the space used and available read again after
 * each change, what is said where navigator.storage is missing, a refused checkpoint pointing at the download,
 * and saved models the browser cleared between visits said to be gone.
 */
import { describe, expect, it, vi } from 'vitest';
import { createMemoryStores, type SavedModelEntry } from '../../../src/model/model-store';
import type { StoredCheckpoint } from '../../../src/model/checkpoint';
import { BrowserStorage, CHECKPOINT_DOWNLOAD_HINT, clearedMessage, describeStorage, type SavedModelsNote, type StorageManagerLike } from '../../../src/notebook/services/browser-storage';

const entry = (name: string): SavedModelEntry => ({ name, savedAt: 1, layers: [], bytes: 1, metadata: { spec: null, architecture: 'custom', params: 1, testAccuracy: null, epochs: null } });
const files = { modelJson: '{}', weights: new ArrayBuffer(1) };
const checkpoint = { epoch: 1 } as StoredCheckpoint;
const settle = () => new Promise((r) => setTimeout(r, 0));

function manager(answer: boolean, alreadyPersisted = false) {
  let usage = 1_000_000;
  const m = {
    persist: vi.fn(async () => answer),
    persisted: vi.fn(async () => alreadyPersisted),
    estimate: vi.fn(async () => ({ usage: (usage += 500_000), quota: 100_000_000 })),
  };
  return m;
}

describe('BrowserStorage', () => {
  it('asks for persistence at the first save only, once, and keeps the answer; reads the space again after each change', async () => {
    const m = manager(true);
    const storage = new BrowserStorage(m);
    await settle();
    expect(storage.getInfo()).toEqual({ persistence: 'unknown', use: { state: 'known', usage: 1_500_000, quota: 100_000_000 } });
    const stores = storage.guard(createMemoryStores());
    await stores.list();
    expect(m.persist).not.toHaveBeenCalled();
    const changes = vi.fn();
    storage.subscribe(changes);
    expect(await stores.put(entry('a'), files, false)).toEqual({ ok: true, value: 'saved' });
    await settle();
    expect(storage.getInfo()).toEqual({ persistence: 'granted', use: { state: 'known', usage: 2_000_000, quota: 100_000_000 } });
    expect(changes).toHaveBeenCalled();
    await stores.save(checkpoint);
    await stores.put(entry('b'), files, false);
    await stores.remove('a');
    await settle();
    expect(m.persist).toHaveBeenCalledTimes(1);
    expect(m.estimate).toHaveBeenCalledTimes(5);
    expect(describeStorage(storage.getInfo())).toEqual({
      use: '3.3 MiB used, 92.0 MiB available in this browser',
      persistence: 'the browser keeps saved models until you clear them (persistent storage granted)',
    });
  });

  it('a refusal is shown; a checkpoint as first save asks too; already persistent: not asked', async () => {
    const refusing = manager(false);
    const storage = new BrowserStorage(refusing);
    await storage.guard(createMemoryStores()).save(checkpoint);
    await settle();
    expect(refusing.persist).toHaveBeenCalledTimes(1);
    expect(storage.getInfo().persistence).toBe('denied');
    expect(describeStorage(storage.getInfo()).persistence).toMatch(/not granted\): download the ones you want to keep$/);

    const kept = manager(true, true);
    const persistent = new BrowserStorage(kept);
    await settle();
    expect(persistent.getInfo().persistence).toBe('granted');
    await persistent.guard(createMemoryStores()).put(entry('a'), files, false);
    expect(kept.persist).not.toHaveBeenCalled();
  });

  it('no navigator.storage, or parts of it missing or failing: said instead of numbers', async () => {
    const none = new BrowserStorage(undefined);
    expect(none.getInfo()).toEqual({ persistence: 'unsupported', use: { state: 'unsupported' } });
    expect(await none.guard(createMemoryStores()).put(entry('a'), files, false)).toEqual({ ok: true, value: 'saved' });
    expect(describeStorage(none.getInfo())).toEqual({
      use: 'this browser does not say how much storage the page uses (no navigator.storage.estimate)',
      persistence: 'this browser cannot be asked to keep saved models (no navigator.storage.persist): download the ones you want to keep',
    });
    // Node has a navigator without storage: the default is the same.
    expect(new BrowserStorage().getInfo()).toEqual({ persistence: 'unsupported', use: { state: 'unsupported' } });

    const failing: StorageManagerLike = {
      persist: async () => {
        throw new DOMException('no', 'NotAllowedError');
      },
      estimate: async () => {
        throw new TypeError('estimate is not allowed here');
      },
    };
    const broken = new BrowserStorage(failing);
    await broken.requestPersistence();
    await settle();
    expect(broken.getInfo()).toEqual({ persistence: 'denied', use: { state: 'failed', error: 'estimate is not allowed here' } });
    expect(describeStorage(broken.getInfo()).use).toBe('the browser did not say how much storage is used (estimate is not allowed here)');
    expect(describeStorage({ persistence: 'unknown', use: { state: 'reading' } })).toEqual({
      use: 'reading the storage used…',
      persistence: 'the browser may clear saved models when space runs low; the first save asks it to keep them',
    });
  });

  it('a checkpoint the browser refused: the error points at the download; the store rules are unchanged', async () => {
    const memory = createMemoryStores();
    const stores = new BrowserStorage(undefined).guard(memory);
    memory.failNext = true;
    expect(await stores.save(checkpoint)).toEqual({ ok: false, error: `quota exceeded; ${CHECKPOINT_DOWNLOAD_HINT}` });
    expect(await stores.load()).toEqual({ ok: true, value: null });
    memory.failNext = true;
    expect((await stores.put(entry('a'), files, false)).ok).toBe(false);
    expect(await stores.list()).toEqual({ ok: true, value: [] });
    await stores.put(entry('a'), files, false);
    expect(await stores.put(entry('a'), files, false)).toEqual({ ok: true, value: 'exists' });
    expect(await stores.rename('a', 'b')).toEqual({ ok: true, value: 'renamed' });
    expect((await stores.get('b')).ok).toBe(true);
    expect(await stores.clear()).toEqual({ ok: true, value: undefined });
  });

  it('says the saved models are gone when the browser cleared them between visits, and only then', () => {
    const kept = new Map<string, string>();
    const note: SavedModelsNote = { getItem: (k) => kept.get(k) ?? null, setItem: (k, v) => void kept.set(k, v) };
    const saved = [{ savedAt: Date.UTC(2026, 10, 20) }, { savedAt: Date.UTC(2026, 11, 1) }];
    const visit = () => new BrowserStorage(undefined, note);
    const first = visit();
    expect(first.noteSavedModels([]), 'nothing was ever saved').toBeNull();
    expect(first.noteSavedModels(saved)).toBeNull();
    expect(first.noteSavedModels([]), 'deleted on this page by the learner: no alarm').toBeNull();
    const again = visit();
    expect(again.noteSavedModels(saved.slice(0, 1)), 'a visit after deleting all but one: fine').toBeNull();
    const cleared = visit();
    expect(cleared.noteSavedModels([])).toBe(clearedMessage(1, Date.UTC(2026, 10, 20)));
    expect(clearedMessage(1, Date.UTC(2026, 10, 20))).toMatch(/^The model saved in this browser \(the latest on 2026-11-20\) is gone: the browser cleared/);
    expect(clearedMessage(2, Date.UTC(2026, 11, 1))).toMatch(/^The 2 models saved in this browser \(the latest on 2026-12-01\) are gone: .*Safari does after 7 days without a visit/);
    expect(visit().noteSavedModels([]), 'said once: the note now says none').toBeNull();

    // A note the browser refuses, or one that is not ours, never throws.
    const refusing: SavedModelsNote = { getItem: () => '{"count":"x"', setItem: () => { throw new DOMException('full', 'QuotaExceededError'); } };
    expect(new BrowserStorage(undefined, refusing).noteSavedModels([])).toBeNull();
    expect(new BrowserStorage(undefined, null).noteSavedModels([])).toBeNull();
  });
});
