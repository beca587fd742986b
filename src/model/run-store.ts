/**
 * Every training run, kept in the browser (IndexedDB, a database of its own: one record per run, keyed by
 * its id), bounded: a write that would pass the budget first thins the oldest runs' batch series
 * (fitRunsToBudget), and one that cannot fit even then is refused with a message, the store unchanged.
 * Each write is one transaction that reads what is stored and writes the result, so two tabs recording at
 * once each see the other's runs and neither's is lost. A memory store with the same rules serves tests.
 */
import { tryParseName } from '../lib/names';
import { err, ok, type Result } from '../lib/result';
import { openIndexedDb, pageIndexedDb, request } from './idb';
import { fitRunsToBudget, recordBytes, type RunRecord } from './run-record';
import { MAX_RUN_NAME } from './run-files';

/** Bytes the runs may take (their JSON), ~50 runs of 5 epochs with their batch series at full length. */
export const RUNS_BUDGET_BYTES = 8 * 1024 * 1024;

export interface RunStore {
  /** Every run, newest first. */
  list(): Promise<Result<RunRecord[]>>;
  /** Adds or replaces a run (by id), thinning the oldest runs' batches to fit the budget; an error when it cannot fit. */
  put(record: RunRecord): Promise<Result<void>>;
  /** Adds runs read from a file, all or none (an id already stored is replaced). */
  putAll(records: readonly RunRecord[]): Promise<Result<void>>;
  rename(id: string, name: string): Promise<Result<void>>;
  remove(ids: readonly string[]): Promise<Result<void>>;
  clear(): Promise<Result<void>>;
}

/** The runs' bytes as stored. */
export function storedBytes(records: readonly RunRecord[]): number {
  return records.reduce((sum, r) => sum + recordBytes(r), 0);
}

/** A run name as typed: trimmed, 1..MAX_RUN_NAME characters, no control characters. */
export function tryParseRunName(raw: string): Result<string> {
  return tryParseName(raw, MAX_RUN_NAME, 'a run needs a name');
}

/** The order the store lists runs in: newest first, ties by id. */
export const newestFirst = (a: RunRecord, b: RunRecord) => b.startedAt - a.startedAt || a.id.localeCompare(b.id);

/** `stored` with `incoming` added (replacing the same ids), fitted to `budget`: what to write, or why not. */
function merged(stored: readonly RunRecord[], incoming: readonly RunRecord[], budget: number): Result<RunRecord[]> {
  const byId = new Map(stored.map((r) => [r.id, r]));
  for (const r of incoming) byId.set(r.id, r);
  const fitted = fitRunsToBudget([...byId.values()], budget);
  if (!fitted.fits) return err(`the runs store is full (${Math.round(fitted.bytes / 1024)} KB of ${Math.round(budget / 1024)} KB even with the oldest runs' batch curves dropped); delete some runs, or export them first`);
  return ok(fitted.records);
}

/** The same rules in memory; `failNext` makes the next write fail as a full disk would. */
export function createMemoryRunStore(budget = RUNS_BUDGET_BYTES): RunStore & { failNext: boolean } {
  let runs = new Map<string, RunRecord>();
  const store = {
    failNext: false,
    refused(): boolean {
      const f = store.failNext;
      store.failNext = false;
      return f;
    },
    async list() {
      return ok([...runs.values()].sort(newestFirst));
    },
    async put(record: RunRecord) {
      return store.putAll([record]);
    },
    async putAll(records: readonly RunRecord[]): Promise<Result<void>> {
      const next = merged([...runs.values()], records, budget);
      if (!next.ok) return next;
      if (store.refused()) return err('Saving the run failed: the browser has no room left for it (storage quota exceeded)');
      runs = new Map(next.value.map((r) => [r.id, r]));
      return ok(undefined);
    },
    async rename(id: string, name: string): Promise<Result<void>> {
      const r = runs.get(id);
      if (!r) return err('that run is no longer stored');
      if (store.refused()) return err('Renaming the run failed: the browser refused the change');
      runs.set(id, { ...r, name });
      return ok(undefined);
    },
    async remove(ids: readonly string[]): Promise<Result<void>> {
      if (store.refused()) return err('Deleting failed: the browser refused the change');
      for (const id of ids) runs.delete(id);
      return ok(undefined);
    },
    async clear(): Promise<Result<void>> {
      if (store.refused()) return err('Deleting failed: the browser refused the change');
      runs.clear();
      return ok(undefined);
    },
  };
  return store;
}

const DB_NAME = 'mnist-notebook-runs';
const DB_VERSION = 1;
const RUNS = 'runs';

/** The runs in IndexedDB; every method resolves to a Result, never throws (see idb.ts). */
export function createIndexedDbRunStore(factory: IDBFactory | null | undefined = pageIndexedDb(), budget = RUNS_BUDGET_BYTES): RunStore {
  const { run } = openIndexedDb({
    factory,
    name: DB_NAME,
    version: DB_VERSION,
    upgrade: (d) => {
      if (!d.objectStoreNames.contains(RUNS)) d.createObjectStore(RUNS, { keyPath: 'id' });
    },
    blocked: 'the runs are open in an older tab; close it and reload',
  });
  const putAll = async (what: string, records: readonly RunRecord[]): Promise<Result<void>> => {
    let refusal: string | null = null;
    const written = await run(what, [RUNS], 'readwrite', async (tx, finished) => {
      const store = tx.objectStore(RUNS);
      const stored = (await request(store.getAll())) as RunRecord[];
      const next = merged(stored, records, budget);
      if (!next.ok) {
        refusal = next.error;
        tx.abort();
        await finished.catch(() => {});
        return;
      }
      // Only what changed: the new runs and those thinned to make room, in this one transaction.
      const before = new Map(stored.map((r) => [r.id, r]));
      for (const r of next.value) if (before.get(r.id) !== r) store.put(r);
      await finished;
    });
    return refusal ? err(refusal) : written;
  };
  return {
    list: () => run('Reading the runs', [RUNS], 'readonly', async (tx) => ((await request(tx.objectStore(RUNS).getAll())) as RunRecord[]).sort(newestFirst)),
    put: (record) => putAll('Saving the run', [record]),
    putAll: (records) => putAll('Importing the runs', records),
    rename: async (id, name) => {
      let missing = false;
      const renamed = await run('Renaming the run', [RUNS], 'readwrite', async (tx, finished) => {
        const store = tx.objectStore(RUNS);
        const r = (await request(store.get(id))) as RunRecord | undefined;
        if (!r) {
          missing = true;
          tx.abort();
          await finished.catch(() => {});
          return;
        }
        store.put({ ...r, name });
        await finished;
      });
      return missing ? err('that run is no longer stored') : renamed;
    },
    remove: (ids) =>
      run('Deleting the runs', [RUNS], 'readwrite', async (tx, finished) => {
        for (const id of ids) tx.objectStore(RUNS).delete(id);
        await finished;
      }),
    clear: () =>
      run('Deleting every run', [RUNS], 'readwrite', async (tx, finished) => {
        tx.objectStore(RUNS).clear();
        await finished;
      }),
  };
}
