/**
 * The browser's model library and training checkpoint, in IndexedDB (one database, three stores:
 * small metadata records for the list, the model files, and the checkpoint). Saving never overwrites
 * unless asked, and a rename or a save is one transaction, so a failure loses nothing already saved.
 * A memory implementation with the same rules serves tests. No tfjs here. The connection and
 * transactions: idb.ts.
 */
import { tryParseName } from '../lib/names';
import { err, ok, type Result } from '../lib/result';
import { openIndexedDb, pageIndexedDb, request } from './idb';

export { storageFailureReason } from './idb';
import type { NotebookModelMetadata } from './model-files';
import type { StoredCheckpoint } from './checkpoint';

/** Standard TF.js Layers files, as stored and downloaded. */
export interface StoredModelFiles {
  modelJson: string;
  weights: ArrayBuffer;
}

/** A saved model as the list shows it. */
export interface SavedModelEntry {
  name: string;
  /** Date.now() when saved. */
  savedAt: number;
  metadata: NotebookModelMetadata;
  /** "Dense 128 relu" style. */
  layers: string[];
  /** Bytes of model.json plus weights. */
  bytes: number;
}

export type PutOutcome = 'saved' | 'exists';
export type RenameOutcome = 'renamed' | 'exists' | 'missing';

export interface ModelStore {
  /** Saved models, newest first. */
  list(): Promise<Result<SavedModelEntry[]>>;
  get(name: string): Promise<Result<{ entry: SavedModelEntry; files: StoredModelFiles } | null>>;
  /** 'exists' (and nothing written) when the name is taken and `replace` is false. */
  put(entry: SavedModelEntry, files: StoredModelFiles, replace: boolean): Promise<Result<PutOutcome>>;
  rename(from: string, to: string): Promise<Result<RenameOutcome>>;
  remove(name: string): Promise<Result<void>>;
}

export interface CheckpointStore {
  load(): Promise<Result<unknown>>;
  save(checkpoint: StoredCheckpoint): Promise<Result<void>>;
  clear(): Promise<Result<void>>;
}

/** Longest model name. */
export const MAX_MODEL_NAME = 60;

/** A model name as typed: trimmed, 1..60 characters, no control characters. */
export function tryParseModelName(raw: string): Result<string> {
  return tryParseName(raw, MAX_MODEL_NAME, 'enter a name for the model');
}

function byNewest(a: SavedModelEntry, b: SavedModelEntry): number {
  return b.savedAt - a.savedAt || a.name.localeCompare(b.name);
}

// ---- Memory (tests) ----

/** The same rules in memory; `failNext` makes the next write fail (to test that nothing is lost). */
export function createMemoryStores(): ModelStore & CheckpointStore & { failNext: boolean; checkpoint: StoredCheckpoint | null } {
  const models = new Map<string, { entry: SavedModelEntry; files: StoredModelFiles }>();
  const store = {
    failNext: false,
    checkpoint: null as StoredCheckpoint | null,
    takeFailure(): boolean {
      const f = store.failNext;
      store.failNext = false;
      return f;
    },
    async list() {
      return ok([...models.values()].map((m) => m.entry).sort(byNewest));
    },
    async get(name: string) {
      return ok(models.get(name) ?? null);
    },
    async put(entry: SavedModelEntry, files: StoredModelFiles, replace: boolean): Promise<Result<PutOutcome>> {
      if (models.has(entry.name) && !replace) return ok('exists');
      if (store.takeFailure()) return err('the browser refused to store the model (quota exceeded)');
      models.set(entry.name, { entry, files });
      return ok('saved');
    },
    async rename(from: string, to: string): Promise<Result<RenameOutcome>> {
      const m = models.get(from);
      if (!m) return ok('missing');
      if (from !== to && models.has(to)) return ok('exists');
      if (store.takeFailure()) return err('the browser refused the change');
      models.delete(from);
      models.set(to, { ...m, entry: { ...m.entry, name: to } });
      return ok('renamed');
    },
    async remove(name: string): Promise<Result<void>> {
      if (store.takeFailure()) return err('the browser refused the change');
      models.delete(name);
      return ok(undefined);
    },
    async load(): Promise<Result<unknown>> {
      return ok(store.checkpoint);
    },
    async save(checkpoint: StoredCheckpoint): Promise<Result<void>> {
      if (store.takeFailure()) return err('quota exceeded');
      store.checkpoint = checkpoint;
      return ok(undefined);
    },
    async clear(): Promise<Result<void>> {
      store.checkpoint = null;
      return ok(undefined);
    },
  };
  return store;
}

// ---- IndexedDB ----

const DB_NAME = 'mnist-notebook-models';
const DB_VERSION = 1;
const ENTRIES = 'entries';
const FILES = 'files';
const CHECKPOINTS = 'checkpoints';
const CHECKPOINT_KEY = 'last';

/**
 * Model library and checkpoint store in IndexedDB. Every method resolves to a Result, never throws:
 * no IndexedDB, a quota error, an aborted transaction or a connection the browser closed (storage
 * cleared) is an error naming what failed and why. A write that fails part-way is aborted, so
 * nothing half-written commits and what was saved before stays. After the browser closes the
 * connection (eviction, storage cleared, another tab upgrading) the next operation opens it afresh.
 */
export function createIndexedDbStores(factory: IDBFactory | null | undefined = pageIndexedDb()): ModelStore & CheckpointStore {
  const { run } = openIndexedDb({
    factory,
    name: DB_NAME,
    version: DB_VERSION,
    upgrade: (d) => {
      if (!d.objectStoreNames.contains(ENTRIES)) d.createObjectStore(ENTRIES, { keyPath: 'name' });
      if (!d.objectStoreNames.contains(FILES)) d.createObjectStore(FILES);
      if (!d.objectStoreNames.contains(CHECKPOINTS)) d.createObjectStore(CHECKPOINTS);
    },
    blocked: 'the model library is open in an older tab; close it and reload',
  });
  return {
    list: () =>
      run('Reading the saved models', [ENTRIES], 'readonly', async (tx) => {
        const all = (await request(tx.objectStore(ENTRIES).getAll())) as SavedModelEntry[];
        return all.sort(byNewest);
      }),
    get: (name) =>
      run(`Reading '${name}'`, [ENTRIES, FILES], 'readonly', async (tx) => {
        const [entry, files] = await Promise.all([request(tx.objectStore(ENTRIES).get(name)), request(tx.objectStore(FILES).get(name))]);
        return entry && files ? { entry: entry as SavedModelEntry, files: files as StoredModelFiles } : null;
      }),
    put: (entry, files, replace) =>
      run(`Saving '${entry.name}'`, [ENTRIES, FILES], 'readwrite', async (tx, finished) => {
        const existing = await request(tx.objectStore(ENTRIES).getKey(entry.name));
        if (existing !== undefined && !replace) {
          tx.abort();
          await finished.catch(() => {});
          return 'exists' as const;
        }
        // One transaction: the files and the entry (and, when replacing, the old ones' removal) commit together or not at all.
        tx.objectStore(FILES).put(files, entry.name);
        tx.objectStore(ENTRIES).put(entry);
        await finished;
        return 'saved' as const;
      }),
    rename: (from, to) =>
      run(`Renaming '${from}'`, [ENTRIES, FILES], 'readwrite', async (tx, finished) => {
        const entries = tx.objectStore(ENTRIES);
        const filesStore = tx.objectStore(FILES);
        const [entry, files, taken] = await Promise.all([request(entries.get(from)), request(filesStore.get(from)), request(entries.getKey(to))]);
        const outcome: RenameOutcome = !entry || !files ? 'missing' : from !== to && taken !== undefined ? 'exists' : 'renamed';
        if (outcome !== 'renamed') {
          tx.abort();
          await finished.catch(() => {});
          return outcome;
        }
        // One transaction: the new records and the deletion commit together or not at all.
        entries.delete(from);
        filesStore.delete(from);
        entries.put({ ...(entry as SavedModelEntry), name: to });
        filesStore.put(files, to);
        await finished;
        return outcome;
      }),
    remove: (name) =>
      run(`Deleting '${name}'`, [ENTRIES, FILES], 'readwrite', async (tx, finished) => {
        tx.objectStore(ENTRIES).delete(name);
        tx.objectStore(FILES).delete(name);
        await finished;
      }),
    load: () =>
      run('Reading the training checkpoint', [CHECKPOINTS], 'readonly', async (tx) => {
        return (await request(tx.objectStore(CHECKPOINTS).get(CHECKPOINT_KEY))) ?? null;
      }),
    save: (checkpoint) =>
      run('Saving the training checkpoint', [CHECKPOINTS], 'readwrite', async (tx, finished) => {
        // put replaces the previous checkpoint only if the transaction commits.
        tx.objectStore(CHECKPOINTS).put(checkpoint, CHECKPOINT_KEY);
        await finished;
      }),
    clear: () =>
      run('Clearing the training checkpoint', [CHECKPOINTS], 'readwrite', async (tx, finished) => {
        tx.objectStore(CHECKPOINTS).delete(CHECKPOINT_KEY);
        await finished;
      }),
  };
}
