import { describe, expect, it } from 'vitest';
import { cellsReducer, contentsOf, withIds, type NotebookCell } from '../../../../src/notebook/code-cells/cells';

const cell = (id: string, source = id, type: NotebookCell['type'] = 'code'): NotebookCell => ({ id, type, source, collapsed: false });
const ids = (cells: NotebookCell[]) => cells.map((c) => c.id);

describe('cellsReducer', () => {
  const start = [cell('a'), cell('b'), cell('c')];

  it('edits one cell and leaves the others as they were (same objects)', () => {
    const next = cellsReducer(start, { type: 'edit', id: 'b', source: 'x' });
    expect(next[1].source).toBe('x');
    expect(next[0]).toBe(start[0]);
    expect(start[1].source).toBe('b');
  });

  it('returns the same array for an unchanged edit, an unknown id, or a move past either end', () => {
    expect(cellsReducer(start, { type: 'edit', id: 'b', source: 'b' })).toBe(start);
    expect(cellsReducer(start, { type: 'edit', id: 'zz', source: 'x' })).toBe(start);
    expect(cellsReducer(start, { type: 'delete', id: 'zz' })).toBe(start);
    expect(cellsReducer(start, { type: 'move', id: 'a', delta: -1 })).toBe(start);
    expect(cellsReducer(start, { type: 'move', id: 'c', delta: 1 })).toBe(start);
    expect(cellsReducer(start, { type: 'insert', id: 'zz', where: 'below', cell: cell('n') })).toBe(start);
  });

  it.each([
    ['above', 'a', ['n', 'a', 'b', 'c']],
    ['below', 'a', ['a', 'n', 'b', 'c']],
    ['above', 'c', ['a', 'b', 'n', 'c']],
    ['below', 'c', ['a', 'b', 'c', 'n']],
  ] as const)('inserts %s %s', (where, id, expected) => {
    expect(ids(cellsReducer(start, { type: 'insert', id, where, cell: cell('n') }))).toEqual(expected);
  });

  it('appends, deletes and moves', () => {
    expect(ids(cellsReducer(start, { type: 'append', cell: cell('n') }))).toEqual(['a', 'b', 'c', 'n']);
    expect(ids(cellsReducer(start, { type: 'delete', id: 'b' }))).toEqual(['a', 'c']);
    expect(ids(cellsReducer(start, { type: 'move', id: 'b', delta: -1 }))).toEqual(['b', 'a', 'c']);
    expect(ids(cellsReducer(start, { type: 'move', id: 'b', delta: 1 }))).toEqual(['a', 'c', 'b']);
    expect(ids(start)).toEqual(['a', 'b', 'c']);
  });

  it('deletes the last cell to an empty list', () => {
    expect(cellsReducer([cell('a')], { type: 'delete', id: 'a' })).toEqual([]);
  });

  it('toggles collapse and changes type (uncollapsing)', () => {
    const collapsed = cellsReducer(start, { type: 'toggle-collapse', id: 'a' });
    expect(collapsed[0].collapsed).toBe(true);
    expect(cellsReducer(collapsed, { type: 'toggle-collapse', id: 'a' })[0].collapsed).toBe(false);
    const md = cellsReducer(collapsed, { type: 'set-type', id: 'a', cellType: 'markdown' });
    expect(md[0]).toMatchObject({ type: 'markdown', collapsed: false });
  });

  it('replaces the whole list', () => {
    const other = [cell('z')];
    expect(cellsReducer(start, { type: 'replace', cells: other })).toBe(other);
  });
});

describe('withIds / contentsOf', () => {
  it('round-trips contents, storing collapsed only when set', () => {
    const contents = [{ type: 'code' as const, source: 'x' }, { type: 'markdown' as const, source: '# t' }, { type: 'code' as const, source: 'y', collapsed: true }];
    const cells = withIds(contents, (k) => `id${k}`);
    expect(ids(cells)).toEqual(['id0', 'id1', 'id2']);
    expect(contentsOf(cells)).toEqual(contents);
  });
});
