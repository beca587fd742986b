/**
 * The browser's storage as the page sees it: whether it is persistent (asked once, at the first
 * save of a model or checkpoint, so no permission prompt comes before the learner keeps anything) and
 * how much is used and available, read again after each save or delete. `guard` wraps the IndexedDB
 * stores to do both, and points a refused checkpoint at the download. Where navigator.storage or one
 * of its methods is missing, the status says so instead of showing numbers. A note outside
 * IndexedDB (localStorage) of how many models were saved lets the next page say when the browser
 * cleared them between visits, rather than showing an empty list as if there had never been any.
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

/** Where the page notes how many models it saved (localStorage in the app); writes may throw (full, disabled). */
export interface SavedModelsNote {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const NOTE_KEY = 'mnist-notebook:saved-models';

function pageNote(): SavedModelsNote | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The message for saved models that vanished between visits: how many, the latest's date, and why browsers do it. */
export function clearedMessage(count: number, newest: number): string {
  const models = count === 1 ? 'The model saved' : `The ${count} models saved`;
  const when = Number.isFinite(newest) && newest > 0 ? ` (the latest on ${new Date(newest).toISOString().slice(0, 10)})` : '';
  return `${models} in this browser${when} ${count === 1 ? 'is' : 'are'} gone: the browser cleared this page's storage since your last visit (browsers may when space runs low; Safari does after 7 days without a visit). Models you downloaded load again from their files.`;
}

/** The note as the last page wrote it, or null if missing or not ours. */
function parseNote(text: string | null): { count: number; newest: number } | null {
  if (text === null) return null;
  try {
    const v = JSON.parse(text) as { count?: unknown; newest?: unknown };
    return Number.isInteger(v.count) && typeof v.newest === 'number' ? { count: v.count as number, newest: v.newest } : null;
  } catch {
    return null;
  }
}

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
  private listedBefore = false;
  private asked = false;
  private readonly listeners = new Set<() => void>();

  /** `note`: where the count of saved models is noted between visits (null: nowhere, no "cleared" message). */
  constructor(
    private readonly manager: StorageManagerLike | undefined = pageStorageManager(),
    private readonly note: SavedModelsNote | null = pageNote(),
  ) {
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

  /**
   * Notes the saved models just listed. At the page's first list, none where the last page noted
   * some means the browser cleared them between visits: returns the message to show, else null.
   */
  noteSavedModels(entries: readonly { savedAt: number }[]): string | null {
    const first = !this.listedBefore;
    this.listedBefore = true;
    let message: string | null = null;
    try {
      const before = first ? parseNote(this.note?.getItem(NOTE_KEY) ?? null) : null;
      if (before && before.count > 0 && entries.length === 0) message = clearedMessage(before.count, before.newest);
      this.note?.setItem(NOTE_KEY, JSON.stringify({ count: entries.length, newest: Math.max(0, ...entries.map((e) => e.savedAt)) }));
    } catch {
      // A note the browser refuses (disabled, full) only means no such message on the next visit.
    }
    return message;
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
