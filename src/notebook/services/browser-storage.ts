/**
 * The browser's storage as the page sees it: whether it is persistent (asked once, at the first
 * save of a model or checkpoint, so no permission prompt comes before the learner keeps anything) and
 * how much is used and available, read again after each save or delete. `guard` wraps the IndexedDB
 * stores to do both, and points a refused checkpoint at the download. Where navigator.storage or one
 * of its methods is missing, the status says so instead of showing numbers.
 */
import { formatBytes } from '../../lib/format';
import { err, type Result } from '../../lib/result';
import type { CheckpointStore, ModelStore } from '../../model/model-store';

/** 'unknown': not persistent as far as the page knows, and not asked yet. */
export type Persistence = 'unknown' | 'asking' | 'granted' | 'denied' | 'unsupported';

export type StorageUse = { state: 'reading' } | { state: 'unsupported' } | { state: 'failed'; error: string } | { state: 'known'; usage: number; quota: number };

export interface StorageInfo {
  persistence: Persistence;
  use: StorageUse;
}

/** The parts of navigator.storage used here; each may be missing. */
export interface StorageManagerLike {
  persist?: () => Promise<boolean>;
  persisted?: () => Promise<boolean>;
  estimate?: () => Promise<StorageEstimate>;
}

/** Appended to a checkpoint the browser refused: the model can still be kept as files. */
export const CHECKPOINT_DOWNLOAD_HINT = 'to keep the model, pause or stop and use Download under Saved models';

function pageStorageManager(): StorageManagerLike | undefined {
  try {
    return globalThis.navigator?.storage ?? undefined;
  } catch {
    return undefined;
  }
}

/** The panel's two lines: space used and available, and whether the browser keeps it. */
export function describeStorage(info: StorageInfo): { use: string; persistence: string } {
  const u = info.use;
  const use =
    u.state === 'known'
      ? `${formatBytes(u.usage)} used, ${formatBytes(Math.max(0, u.quota - u.usage))} available in this browser`
      : u.state === 'reading'
        ? 'reading the storage used…'
        : u.state === 'failed'
          ? `the browser did not say how much storage is used (${u.error})`
          : 'this browser does not say how much storage the page uses (no navigator.storage.estimate)';
  const persistence = {
    unknown: 'the browser may clear saved models when space runs low; the first save asks it to keep them',
    asking: 'asking the browser to keep saved models…',
    granted: 'the browser keeps saved models until you clear them (persistent storage granted)',
    denied: 'the browser may still clear saved models when space runs low or after weeks unused (persistent storage not granted): download the ones you want to keep',
    unsupported: 'this browser cannot be asked to keep saved models (no navigator.storage.persist): download the ones you want to keep',
  }[info.persistence];
  return { use, persistence };
}

export class BrowserStorage {
  private info: StorageInfo;
  private asked = false;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly manager: StorageManagerLike | undefined = pageStorageManager()) {
    this.info = { persistence: manager?.persist ? 'unknown' : 'unsupported', use: manager?.estimate ? { state: 'reading' } : { state: 'unsupported' } };
    void this.readPersisted();
    void this.refresh();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getInfo = (): StorageInfo => this.info;

  /** Asks the browser to keep the page's storage: once per page, and not when it already does. */
  async requestPersistence(): Promise<void> {
    const persist = this.manager?.persist;
    if (this.asked || !persist) return;
    this.asked = true;
    if (this.info.persistence === 'granted') return;
    this.set({ persistence: 'asking' });
    let granted = false;
    try {
      granted = await persist.call(this.manager);
    } catch {
      // A refusal by any other name.
    }
    this.set({ persistence: granted ? 'granted' : 'denied' });
  }

  /** Reads the space used and available again. */
  async refresh(): Promise<void> {
    const estimate = this.manager?.estimate;
    if (!estimate) return;
    try {
      const e = await estimate.call(this.manager);
      if (typeof e.usage === 'number' && typeof e.quota === 'number') this.set({ use: { state: 'known', usage: e.usage, quota: e.quota } });
      else this.set({ use: { state: 'unsupported' } });
    } catch (e) {
      this.set({ use: { state: 'failed', error: e instanceof Error ? e.message || e.name : String(e) } });
    }
  }

  /** `stores` with persistence asked at the first save, the space read again after each change, and a refused checkpoint pointing at the download. */
  guard(stores: ModelStore & CheckpointStore): ModelStore & CheckpointStore {
    const after = async <T>(write: Promise<Result<T>>): Promise<Result<T>> => {
      const r = await write;
      void this.refresh();
      return r;
    };
    return {
      list: () => stores.list(),
      get: (name) => stores.get(name),
      put: (entry, files, replace) => {
        void this.requestPersistence();
        return after(stores.put(entry, files, replace));
      },
      rename: (from, to) => after(stores.rename(from, to)),
      remove: (name) => after(stores.remove(name)),
      load: () => stores.load(),
      save: async (checkpoint) => {
        void this.requestPersistence();
        const r = await after(stores.save(checkpoint));
        return r.ok ? r : err(`${r.error}; ${CHECKPOINT_DOWNLOAD_HINT}`);
      },
      clear: () => after(stores.clear()),
    };
  }

  private async readPersisted(): Promise<void> {
    const persisted = this.manager?.persisted;
    if (!persisted) return;
    try {
      if ((await persisted.call(this.manager)) && this.info.persistence === 'unknown') this.set({ persistence: 'granted' });
    } catch {
      // Unknown it stays.
    }
  }

  private set(patch: Partial<StorageInfo>): void {
    this.info = { ...this.info, ...patch };
    this.listeners.forEach((l) => l());
  }
}
