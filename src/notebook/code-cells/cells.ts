/** The expression notebook's cell list as pure state: cells, and the actions that change them. */

export type CellType = 'code' | 'markdown';

/** One cell as the user wrote it; outputs are not part of it (they are recomputed by running). */
export interface NotebookCell {
  /** Stable within a session; regenerated on load (ids are not persisted). */
  id: string;
  type: CellType;
  source: string;
  /** Output hidden (code) or, for markdown, nothing. */
  collapsed: boolean;
}

/** A cell without an id, as stored, exported and imported. */
export type CellContent = Pick<NotebookCell, 'type' | 'source'> & { collapsed?: boolean };

export type CellAction =
  | { type: 'edit'; id: string; source: string }
  | { type: 'insert'; id: string; where: 'above' | 'below'; cell: NotebookCell }
  | { type: 'append'; cell: NotebookCell }
  | { type: 'delete'; id: string }
  | { type: 'move'; id: string; delta: -1 | 1 }
  | { type: 'toggle-collapse'; id: string }
  | { type: 'set-type'; id: string; cellType: CellType }
  | { type: 'replace'; cells: NotebookCell[] };

/** Gives stored contents fresh ids: `makeId(k)` for the k-th cell. */
export function withIds(contents: readonly CellContent[], makeId: (k: number) => string): NotebookCell[] {
  return contents.map((c, k) => ({ id: makeId(k), type: c.type, source: c.source, collapsed: c.collapsed ?? false }));
}

/** Drops the ids (for storage and export). */
export function contentsOf(cells: readonly NotebookCell[]): CellContent[] {
  return cells.map((c) => (c.collapsed ? { type: c.type, source: c.source, collapsed: true } : { type: c.type, source: c.source }));
}

/** The next cell list; unknown ids and impossible moves leave the list unchanged (same array). */
export function cellsReducer(cells: NotebookCell[], action: CellAction): NotebookCell[] {
  switch (action.type) {
    case 'edit':
      return update(cells, action.id, (c) => (c.source === action.source ? c : { ...c, source: action.source }));
    case 'toggle-collapse':
      return update(cells, action.id, (c) => ({ ...c, collapsed: !c.collapsed }));
    case 'set-type':
      return update(cells, action.id, (c) => (c.type === action.cellType ? c : { ...c, type: action.cellType, collapsed: false }));
    case 'insert': {
      const at = cells.findIndex((c) => c.id === action.id);
      if (at < 0) return cells;
      const k = action.where === 'above' ? at : at + 1;
      return [...cells.slice(0, k), action.cell, ...cells.slice(k)];
    }
    case 'append':
      return [...cells, action.cell];
    case 'delete': {
      const next = cells.filter((c) => c.id !== action.id);
      return next.length === cells.length ? cells : next;
    }
    case 'move': {
      const at = cells.findIndex((c) => c.id === action.id);
      const to = at + action.delta;
      if (at < 0 || to < 0 || to >= cells.length) return cells;
      const next = [...cells];
      [next[at], next[to]] = [next[to], next[at]];
      return next;
    }
    case 'replace':
      return action.cells;
  }
}

function update(cells: NotebookCell[], id: string, change: (c: NotebookCell) => NotebookCell): NotebookCell[] {
  const at = cells.findIndex((c) => c.id === id);
  if (at < 0) return cells;
  const changed = change(cells[at]);
  if (changed === cells[at]) return cells;
  const next = [...cells];
  next[at] = changed;
  return next;
}
