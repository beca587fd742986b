/**
 * localStorage access for the notebook's cells. Storage that is disabled or full is a message the
 * notebook shows (with the .ipynb export as the way to keep the edits), never an exception; a write
 * the browser refuses, or a notebook too large to read back, leaves the stored one as it was.
 */
import { err, ok, type Result } from '../../lib/result';
import { contentsOf, withIds, type NotebookCell } from './cells';
import { LESSON_CELLS } from './lesson';
import { MAX_STORED_CHARS, STORAGE_KEY, serializeCells, tryParseStoredCells } from './persistence';

/** A fresh cell id (unique within the page; ids are never stored). */
export function newCellId(): string {
  return `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** The lesson's cells with fresh ids. */
export function lessonCells(): NotebookCell[] {
  return withIds(LESSON_CELLS, newCellId);
}

/** Why the browser refused a localStorage access, for "not saved: <reason>". */
function refusal(e: unknown): string {
  const name = (e as { name?: string } | null)?.name ?? '';
  // Firefox before 2020 named it NS_ERROR_DOM_QUOTA_REACHED.
  if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') return "the browser's storage for this page is full";
  return 'this browser does not let the page store data (a private window or a site setting forbids it)';
}

/** The stored cells, or the lesson when nothing valid is stored; `problem` says why a stored notebook was not used. */
export function loadStoredCells(): { cells: NotebookCell[]; problem: string | null } {
  let text: string | null = null;
  try {
    text = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage disabled: the lesson it is (storageProblem says so).
  }
  const stored = tryParseStoredCells(text);
  if (stored.ok) return { cells: withIds(stored.value, newCellId), problem: null };
  return { cells: lessonCells(), problem: text === null ? null : stored.error };
}

/** The stored cells, or the lesson when nothing valid is stored. */
export function loadCells(): NotebookCell[] {
  return loadStoredCells().cells;
}

/**
 * Stores the cells; the untouched lesson is not stored, so a later version of it shows. An error
 * (storage disabled or full, or a notebook larger than loadCells reads back) leaves the stored notebook as it was.
 */
export function saveCells(cells: readonly NotebookCell[]): Result<void> {
  const text = serializeCells(contentsOf(cells));
  if (text.length > MAX_STORED_CHARS) return err(`the notebook has ${text.length.toLocaleString('en-US')} characters, more than the ${MAX_STORED_CHARS.toLocaleString('en-US')} kept in this browser`);
  try {
    if (text === serializeCells(LESSON_CELLS)) window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, text);
    return ok(undefined);
  } catch (e) {
    return err(refusal(e));
  }
}

/** Why this browser lets the page store nothing (private modes and policies may refuse), or null when it does. */
export function storageProblem(): string | null {
  try {
    const probe = `${STORAGE_KEY}.probe`;
    window.localStorage.setItem(probe, '1');
    window.localStorage.removeItem(probe);
    return null;
  } catch (e) {
    // A probe refused for want of room is not a refusal of storage: a smaller notebook may still fit.
    return (e as { name?: string } | null)?.name === 'QuotaExceededError' ? null : refusal(e);
  }
}

/** Whether this browser lets the page store anything (private modes and policies may refuse). */
export function storageWorks(): boolean {
  return storageProblem() === null;
}

export interface SaveStatus {
  /** Why the latest edits are not kept in this browser, or null. */
  unsaved: string | null;
  /** Why a stored notebook could not be read (the lesson shows; the first saved edit replaces it), or null. */
  unreadable: string | null;
}

/** Keeps the cells in localStorage and what became of the last write, for useSyncExternalStore. */
export class CellSaver {
  private status: SaveStatus;
  private readonly listeners = new Set<() => void>();

  /** `loaded`: what loadStoredCells gave this page; its cells are the notebook's first state. */
  constructor(loaded: { cells: NotebookCell[]; problem: string | null }) {
    this.loadedCells = loaded.cells;
    this.status = { unsaved: storageProblem(), unreadable: loaded.problem };
  }

  readonly loadedCells: NotebookCell[];

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getStatus = (): SaveStatus => this.status;

  /** Writes `cells`, except the cells as loaded: a stored notebook this page could not read stays until an edit. */
  save(cells: readonly NotebookCell[]): void {
    if (cells === this.loadedCells) return;
    const saved = saveCells(cells);
    const next: SaveStatus = saved.ok ? { unsaved: null, unreadable: null } : { unsaved: saved.error, unreadable: this.status.unreadable };
    if (next.unsaved === this.status.unsaved && next.unreadable === this.status.unreadable) return;
    this.status = next;
    this.listeners.forEach((l) => l());
  }
}
