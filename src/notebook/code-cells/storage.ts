/** localStorage access for the notebook's cells; storage that is unavailable or full is not an error worth more than a note. */
import { contentsOf, withIds, type NotebookCell } from './cells';
import { LESSON_CELLS } from './lesson';
import { STORAGE_KEY, serializeCells, tryParseStoredCells } from './persistence';

/** A fresh cell id (unique within the page; ids are never stored). */
export function newCellId(): string {
  return `c${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** The lesson's cells with fresh ids. */
export function lessonCells(): NotebookCell[] {
  return withIds(LESSON_CELLS, newCellId);
}

/** The stored cells, or the lesson when nothing valid is stored. */
export function loadCells(): NotebookCell[] {
  let text: string | null = null;
  try {
    text = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage disabled: the lesson it is.
  }
  const stored = tryParseStoredCells(text);
  return stored.ok ? withIds(stored.value, newCellId) : lessonCells();
}

/** Stores the cells; the untouched lesson is not stored, so a later version of it shows. Returns false if storage refused. */
export function saveCells(cells: readonly NotebookCell[]): boolean {
  const text = serializeCells(contentsOf(cells));
  try {
    if (text === serializeCells(LESSON_CELLS)) window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, text);
    return true;
  } catch {
    return false;
  }
}

/** Whether this browser lets the page store anything (private modes and policies may refuse). */
export function storageWorks(): boolean {
  try {
    const probe = `${STORAGE_KEY}.probe`;
    window.localStorage.setItem(probe, '1');
    window.localStorage.removeItem(probe);
    return true;
  } catch {
    return false;
  }
}
