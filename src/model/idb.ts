/**
 * The IndexedDB layer the browser stores share: one connection per database, opened on first use and
 * again after the browser closes it (storage cleared, evicted, another tab upgrading), and one
 * transaction per operation whose failure is a Result in words a learner can act on. Plain IndexedDB, not
 * the `idb` wrapper: idb's openDB always opens the global indexedDB (these stores take the factory, so
 * tests give them a missing or failing one), and its request promises reject unhandled unless every
 * write is awaited; the few helpers below are all the promise layer this needs.
 */
import { err, ok, type Result } from '../lib/result';

/** A database: its name, version and schema. */
export interface DatabaseSpec {
  /** The page's IndexedDB (pageIndexedDb()), a test's, or none. */
  factory: IDBFactory | null | undefined;
  name: string;
  version: number;
  /** Creates the stores a new or older database lacks. */
  upgrade: (db: IDBDatabase) => void;
  /** The message when an older tab holds the database open at an older version. */
  blocked: string;
}

/** Runs `body` in one transaction on `names`; `finished` settles when it commits or aborts. A failure is `${what} failed: <why>`. */
export type RunTransaction = <T>(what: string, names: string[], mode: IDBTransactionMode, body: (tx: IDBTransaction, finished: Promise<void>) => Promise<T>) => Promise<Result<T>>;

export interface Connection {
  run: RunTransaction;
}

/** Raised (and turned into a Result) when the browser gives the page no IndexedDB at all, or refuses to open it. */
const NO_INDEXED_DB = 'NoIndexedDbError';
const REFUSED = 'StorageRefusedError';

/** Why a storage operation failed, in words a learner can act on; DOMException names per the IndexedDB spec. */
export function storageFailureReason(e: unknown): string {
  const x = e as { name?: string; message?: string } | null;
  switch (x?.name) {
    case NO_INDEXED_DB:
      return 'this browser gives the page no IndexedDB (a private window may turn it off)';
    case 'QuotaExceededError':
      return 'the browser has no room left for it (storage quota exceeded)';
    case 'AbortError':
      return 'the browser cancelled the write before it finished (transaction aborted)';
    case REFUSED:
    case 'SecurityError':
      return 'this browser does not let the page store data (a private window or a site setting forbids it)';
    case 'InvalidStateError':
      return 'the browser closed the storage (it may have been cleared); reload the page and try again';
    case 'UnknownError':
      return 'the browser could not write to its storage (its disk may be full)';
    case 'DataCloneError':
      return 'the browser could not copy the data into storage';
    default:
      return x?.message || x?.name || String(e);
  }
}

/** What a request on a transaction that has ended throws (the spec's name, and older engines'). */
const INACTIVE = new Set(['TransactionInactiveError', 'InvalidStateError']);

function failure(name: string, text: string): Error {
  const e = new Error(text);
  e.name = name;
  return e;
}

export function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/**
 * Settles when the transaction commits or aborts (a failed request aborts it, with its error, after
 * the request's own error event); marked handled, so a request error awaited first leaves no unhandled rejection.
 */
function done(tx: IDBTransaction): Promise<void> {
  const settled = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? failure('AbortError', 'the transaction was aborted'));
  });
  settled.catch(() => {});
  return settled;
}

/** Aborts `tx` if it is still running (after a failure part-way, so nothing half-written commits). */
function abortQuietly(tx: IDBTransaction | null): void {
  try {
    tx?.abort();
  } catch {
    // Already committed or aborted.
  }
}

/** The page's IndexedDB, or undefined where there is none or touching it throws (sandboxed frames). */
export function pageIndexedDb(): IDBFactory | undefined {
  try {
    return globalThis.indexedDB ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Opens `spec`'s database on first use. Every operation resolves to a Result, never throws: no IndexedDB, a
 * quota error, an aborted transaction or a connection the browser closed is an error naming what failed
 * and why. A write that fails part-way is aborted, so nothing half-written commits.
 */
export function openIndexedDb(spec: DatabaseSpec): Connection {
  const { factory } = spec;
  let db: Promise<IDBDatabase> | null = null;
  const open = (): Promise<IDBDatabase> => {
    if (!factory) return Promise.reject(failure(NO_INDEXED_DB, 'no IndexedDB'));
    db ??= new Promise<IDBDatabase>((resolve, reject) => {
      let r: IDBOpenDBRequest;
      try {
        r = factory.open(spec.name, spec.version);
      } catch {
        // Some private modes throw here (InvalidStateError, SecurityError): the page may not store anything.
        throw failure(REFUSED, 'IndexedDB refused to open');
      }
      r.onupgradeneeded = () => spec.upgrade(r.result);
      r.onsuccess = () => {
        const d = r.result;
        // Closed by the browser (storage cleared or evicted): the next operation reopens.
        d.onclose = () => (db = null);
        // Another tab upgrading or deleting the database: step aside rather than block it.
        d.onversionchange = () => {
          d.close();
          db = null;
        };
        resolve(d);
      };
      r.onerror = () => reject(r.error?.name === 'InvalidStateError' ? failure(REFUSED, r.error.message) : r.error);
      r.onblocked = () => reject(new Error(spec.blocked));
    });
    db.catch(() => (db = null));
    return db;
  };
  /** A transaction on a live connection; a connection closed under us is reopened once. */
  const begin = async (names: string[], mode: IDBTransactionMode): Promise<IDBTransaction> => {
    const d = await open();
    try {
      return d.transaction(names, mode);
    } catch (e) {
      if ((e as { name?: string } | null)?.name !== 'InvalidStateError') throw e;
      db = null;
      return (await open()).transaction(names, mode);
    }
  };
  /** Runs `body` in one transaction; `finished` settles when it commits or aborts. */
  const run = async <T>(what: string, names: string[], mode: IDBTransactionMode, body: (tx: IDBTransaction, finished: Promise<void>) => Promise<T>): Promise<Result<T>> => {
    let tx: IDBTransaction | null = null;
    let finished: Promise<void> | null = null;
    try {
      tx = await begin(names, mode);
      finished = done(tx);
      return ok(await body(tx, finished));
    } catch (e) {
      abortQuietly(tx);
      // A write refused because the transaction had already aborted: the abort's reason (quota, cancelled) is the one to give.
      const ended = finished && INACTIVE.has((e as { name?: string } | null)?.name ?? '') ? await finished.then(() => e, (x: unknown) => x) : e;
      return err(`${what} failed: ${storageFailureReason(ended)}`);
    }
  };
  return { run };
}
