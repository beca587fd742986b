/**
 * The IndexedDB model and checkpoint stores against a real IndexedDB implementation (fake-indexeddb):
 * round trips, and the failures a browser gives (a quota error on a write, an aborted transaction, no
 * IndexedDB at all, a connection closed under the page as when storage is cleared): each is a Result
 * error with a message, never a throw, and what was saved before stays as it was.
 */
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHECKPOINT_VERSION, type StoredCheckpoint } from '../../../src/model/checkpoint';
import { createIndexedDbStores, storageFailureReason, type SavedModelEntry, type StoredModelFiles } from '../../../src/model/model-store';
import type { Result } from '../../../src/lib/result';

const entry = (name: string, savedAt = 1): SavedModelEntry => ({ name, savedAt, layers: ['Dense 10 softmax'], bytes: 14, metadata: { spec: null, architecture: 'custom', params: 10, testAccuracy: 0.5, epochs: 1 } });
const files = (fill: number): StoredModelFiles => ({ modelJson: `{"v":${fill}}`, weights: new Uint8Array([fill, fill, fill, fill]).buffer });

function checkpoint(epoch: number): StoredCheckpoint {
  return {
    version: CHECKPOINT_VERSION,
    savedAt: epoch,
    settings: {} as StoredCheckpoint['settings'],
    dataset: { name: 'MNIST', rows: 28, cols: 28 },
    epoch,
    examplesSeen: epoch * 100,
    targetEpochs: 3,
    weights: [{ name: 'dense/kernel', shape: [2], values: new Float32Array([epoch, -epoch]) }] as unknown as StoredCheckpoint['weights'],
    batches: { examples: [], epochs: [], timeMs: [], loss: [], accuracy: [] },
    epochs: [],
    lrChanges: [],
    testHistory: [],
  };
}

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got: ${r.error}`);
  return r.value;
}

async function names(stores: ReturnType<typeof createIndexedDbStores>): Promise<[string, number][]> {
  return value(await stores.list()).map((e) => [e.name, e.savedAt]);
}

async function weightsOf(stores: ReturnType<typeof createIndexedDbStores>, name: string): Promise<number[] | null> {
  const got = value(await stores.get(name));
  return got ? [...new Uint8Array(got.files.weights)] : null;
}

type Put = IDBObjectStore['put'];
const realPut = IDBObjectStore.prototype.put as Put;

/** Makes the `n`th object-store write from now on (1-based) fail the way `fail` says; later writes pass. */
function failWrite(n: number, fail: (store: IDBObjectStore, args: Parameters<Put>) => IDBRequest) {
  let count = 0;
  return vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<Put>) {
    count++;
    return count === n ? fail(this, args) : realPut.apply(this, args);
  });
}

/** The write throws at once, as a browser's put does for a value it cannot store. */
const throwsQuota = () => {
  throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
};

/**
 * The write is queued, then the transaction aborts with a QuotaExceededError: how browsers report a
 * full disk or origin quota (at commit). `_abort(name)` is fake-indexeddb's "abort a transaction with error".
 */
const abortsWithQuota = (store: IDBObjectStore, args: Parameters<Put>) => {
  const r = realPut.apply(store, args);
  (store.transaction as unknown as { _abort(name: string): void })._abort('QuotaExceededError');
  return r;
};

/** The write is queued, then the transaction is aborted (no error: as when the page aborts or the browser cancels it). */
const aborts = (store: IDBObjectStore, args: Parameters<Put>) => {
  const r = realPut.apply(store, args);
  store.transaction.abort();
  return r;
};

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('IndexedDB stores: round trips', () => {
  it('saves, lists newest first, reads back the files byte for byte, renames, deletes', async () => {
    const s = createIndexedDbStores(new IDBFactory());
    expect(await s.list()).toEqual({ ok: true, value: [] });
    expect(await s.put(entry('a', 1), files(1), false)).toEqual({ ok: true, value: 'saved' });
    expect(await s.put(entry('b', 2), files(2), false)).toEqual({ ok: true, value: 'saved' });
    expect(await s.put(entry('a', 3), files(3), false)).toEqual({ ok: true, value: 'exists' });
    expect(await names(s)).toEqual([
      ['b', 2],
      ['a', 1],
    ]);
    expect(await weightsOf(s, 'a')).toEqual([1, 1, 1, 1]);
    expect(value(await s.get('a'))?.files.modelJson).toBe('{"v":1}');
    expect(await s.put(entry('a', 3), files(3), true)).toEqual({ ok: true, value: 'saved' });
    expect(await weightsOf(s, 'a')).toEqual([3, 3, 3, 3]);
    expect(await s.rename('a', 'b')).toEqual({ ok: true, value: 'exists' });
    expect(await s.rename('zzz', 'c')).toEqual({ ok: true, value: 'missing' });
    expect(await s.rename('a', 'c')).toEqual({ ok: true, value: 'renamed' });
    expect(value(await s.get('a'))).toBeNull();
    expect(value(await s.get('c'))?.entry.name).toBe('c');
    expect(await weightsOf(s, 'c')).toEqual([3, 3, 3, 3]);
    expect(await s.remove('b')).toEqual({ ok: true, value: undefined });
    expect(await names(s)).toEqual([['c', 3]]);
  });

  it('the checkpoint: nothing, then the last one saved, then nothing after clear; a new store on the same browser reads it', async () => {
    const idb = new IDBFactory();
    const s = createIndexedDbStores(idb);
    expect(await s.load()).toEqual({ ok: true, value: null });
    value(await s.save(checkpoint(1)));
    value(await s.save(checkpoint(2)));
    const again = createIndexedDbStores(idb);
    const read = value(await again.load()) as StoredCheckpoint;
    expect(read.epoch).toBe(2);
    expect([...(read.weights[0] as unknown as { values: Float32Array }).values]).toEqual([2, -2]);
    value(await again.clear());
    expect(await s.load()).toEqual({ ok: true, value: null });
  });
});

describe('IndexedDB stores: a failed write loses nothing', () => {
  it.each([
    ['thrown at once', throwsQuota],
    ['as the transaction aborting with it', abortsWithQuota],
  ])('a quota error on a new model (%s): an error naming it, the earlier models intact, no half-written record', async (_how, fail) => {
    const s = createIndexedDbStores(new IDBFactory());
    value(await s.put(entry('a', 1), files(1), false));
    value(await s.put(entry('b', 2), files(2), false));
    // The new model's second write (its entry, after its files) fails.
    failWrite(2, fail);
    const r = await s.put(entry('c', 3), files(3), false);
    expect(r).toEqual({ ok: false, error: "Saving 'c' failed: the browser has no room left for it (storage quota exceeded)" });
    vi.restoreAllMocks();
    expect(await names(s)).toEqual([
      ['b', 2],
      ['a', 1],
    ]);
    // The files written first in that transaction did not commit either.
    expect(value(await s.get('c'))).toBeNull();
    expect(value(await s.rename('a', 'c'))).toBe('renamed');
    expect(await weightsOf(s, 'c')).toEqual([1, 1, 1, 1]);
  });

  it.each([
    ['a quota error', throwsQuota, 'the browser has no room left for it (storage quota exceeded)'],
    ['an aborted transaction', aborts, 'the browser cancelled the write before it finished (transaction aborted)'],
  ])('%s while replacing a taken name keeps that name\'s previous model', async (_what, fail, reason) => {
    const s = createIndexedDbStores(new IDBFactory());
    value(await s.put(entry('a', 1), files(1), false));
    for (const n of [1, 2]) {
      failWrite(n, fail);
      expect(await s.put(entry('a', 5), files(5), true)).toEqual({ ok: false, error: `Saving 'a' failed: ${reason}` });
      vi.restoreAllMocks();
      expect(await names(s)).toEqual([['a', 1]]);
      expect(await weightsOf(s, 'a')).toEqual([1, 1, 1, 1]);
      expect(value(await s.get('a'))?.files.modelJson).toBe('{"v":1}');
    }
  });

  it('a failed rename leaves the model under its old name', async () => {
    const s = createIndexedDbStores(new IDBFactory());
    value(await s.put(entry('a', 1), files(1), false));
    failWrite(2, aborts);
    expect((await s.rename('a', 'b')).ok).toBe(false);
    vi.restoreAllMocks();
    expect(await names(s)).toEqual([['a', 1]]);
    expect(await weightsOf(s, 'a')).toEqual([1, 1, 1, 1]);
  });

  it.each([
    ['a quota error', abortsWithQuota, 'the browser has no room left for it (storage quota exceeded)'],
    ['an aborted transaction', aborts, 'the browser cancelled the write before it finished (transaction aborted)'],
  ])('the checkpoint: %s keeps the previous checkpoint', async (_what, fail, reason) => {
    const s = createIndexedDbStores(new IDBFactory());
    value(await s.save(checkpoint(1)));
    failWrite(1, fail);
    expect(await s.save(checkpoint(2))).toEqual({ ok: false, error: `Saving the training checkpoint failed: ${reason}` });
    vi.restoreAllMocks();
    expect((value(await s.load()) as StoredCheckpoint).epoch).toBe(1);
    value(await s.save(checkpoint(3)));
    expect((value(await s.load()) as StoredCheckpoint).epoch).toBe(3);
  });
});

describe('IndexedDB stores: no IndexedDB, or storage cleared under the page', () => {
  const NONE = "this browser gives the page no IndexedDB (a private window may turn it off)";

  async function everyOperation(s: ReturnType<typeof createIndexedDbStores>): Promise<Result<unknown>[]> {
    return [await s.list(), await s.get('a'), await s.put(entry('a'), files(1), true), await s.rename('a', 'b'), await s.remove('a'), await s.load(), await s.save(checkpoint(1)), await s.clear()];
  }

  it('globalThis.indexedDB undefined: every operation is an error saying so, none throws', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const results = await everyOperation(createIndexedDbStores());
    expect(results.map((r) => (r.ok ? 'ok' : r.error))).toEqual([
      `Reading the saved models failed: ${NONE}`,
      `Reading 'a' failed: ${NONE}`,
      `Saving 'a' failed: ${NONE}`,
      `Renaming 'a' failed: ${NONE}`,
      `Deleting 'a' failed: ${NONE}`,
      `Reading the training checkpoint failed: ${NONE}`,
      `Saving the training checkpoint failed: ${NONE}`,
      `Clearing the training checkpoint failed: ${NONE}`,
    ]);
  });

  it('an indexedDB that throws when touched or opened (sandboxed frames, some private modes) is the same', async () => {
    vi.stubGlobal('indexedDB', undefined);
    Object.defineProperty(globalThis, 'indexedDB', {
      configurable: true,
      get() {
        throw new DOMException('denied', 'SecurityError');
      },
    });
    try {
      expect((await everyOperation(createIndexedDbStores())).every((r) => !r.ok && r.error.endsWith(NONE))).toBe(true);
    } finally {
      delete (globalThis as { indexedDB?: unknown }).indexedDB;
    }
    const refusing = {
      open() {
        throw new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
      },
    } as unknown as IDBFactory;
    const results = await everyOperation(createIndexedDbStores(refusing));
    expect(results.every((r) => !r.ok && /^[A-Z].* failed: this browser does not let the page store data \(a private window or a site setting forbids it\)$/.test(r.error))).toBe(true);
  });

  it('the browser clearing the storage while the page is open: the next save opens it afresh and succeeds', async () => {
    const idb = new IDBFactory();
    const opened: IDBDatabase[] = [];
    const watching = {
      open(name: string, version?: number) {
        const r = idb.open(name, version);
        r.addEventListener('success', () => opened.push(r.result));
        return r;
      },
    } as unknown as IDBFactory;
    const s = createIndexedDbStores(watching);
    value(await s.put(entry('a', 1), files(1), false));
    value(await s.save(checkpoint(1)));
    // Closed as the browser closes it when it evicts the origin, then the data is gone.
    opened[0].close();
    await new Promise<void>((resolve, reject) => {
      const del = idb.deleteDatabase('mnist-notebook-models');
      del.onsuccess = () => resolve();
      del.onerror = () => reject(del.error);
    });
    expect(await s.load()).toEqual({ ok: true, value: null });
    expect(await s.list()).toEqual({ ok: true, value: [] });
    expect(await s.put(entry('b', 2), files(2), false)).toEqual({ ok: true, value: 'saved' });
    expect(await names(s)).toEqual([['b', 2]]);
  });

  it('another tab deleting the database is not blocked by this page, which reopens it', async () => {
    const idb = new IDBFactory();
    const s = createIndexedDbStores(idb);
    value(await s.put(entry('a', 1), files(1), false));
    await new Promise<void>((resolve, reject) => {
      const del = idb.deleteDatabase('mnist-notebook-models');
      del.onsuccess = () => resolve();
      del.onerror = () => reject(del.error);
      del.onblocked = () => reject(new Error('blocked by the open page'));
    });
    expect(await s.put(entry('b', 2), files(2), false)).toEqual({ ok: true, value: 'saved' });
    expect(await names(s)).toEqual([['b', 2]]);
  });

  it('failure reasons by DOMException name', () => {
    expect(storageFailureReason(new DOMException('x', 'QuotaExceededError'))).toMatch(/no room left/);
    expect(storageFailureReason(new DOMException('x', 'UnknownError'))).toMatch(/disk may be full/);
    expect(storageFailureReason(new DOMException('x', 'SecurityError'))).toMatch(/does not let the page store data/);
    expect(storageFailureReason(new Error('something else'))).toBe('something else');
  });
});
