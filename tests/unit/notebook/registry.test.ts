import { describe, expect, it } from 'vitest';
import { CELLS, cellTitle, layoutCells, rangeIn, stepIn, stepOf, stepRange, type CellEntry } from '../../../src/notebook/registry';

describe('the notebook registry', () => {
  it('numbers the cells by position, as the page shows them', () => {
    expect(CELLS.map((c) => [c.id, stepOf(c.id)])).toEqual([
      ['dataset', 1],
      ['shape', 2],
      ['pixels', 3],
      ['image', 4],
      ['labels', 5],
      ['grey', 6],
      ['gallery', 7],
      ['stats', 8],
      ['train', 9],
      ['evaluate', 10],
      ['inside', 11],
      ['draw', 12],
    ]);
  });

  it('gives the cross-references the prose uses', () => {
    expect(stepRange('pixels', 'gallery')).toBe('3 to 7');
    expect(stepRange('train', 'train')).toBe('9');
    expect(cellTitle('draw')).toBe('Draw a digit');
    expect(cellTitle('pixels')).toBe('Print the raw numbers');
  });

  it('refuses, at compile time, an id the registry does not have', () => {
    // @ts-expect-error 'nope' is not a CellId: tsc -b fails here if stepOf ever accepts any string.
    expect(() => stepOf('nope')).toThrow(/no cell 'nope'/);
  });

  it('has one entry per id', () => {
    expect(new Set(CELLS.map((c) => c.id)).size).toBe(CELLS.length);
  });

  it('frames the sample cells as the page lays them out: a sticky section around the pair and the labels', () => {
    expect(layoutCells(CELLS)).toEqual([
      { kind: 'cell', id: 'dataset' },
      { kind: 'cell', id: 'shape' },
      {
        kind: 'frame',
        frame: 'sample',
        children: [
          { kind: 'frame', frame: 'pair', children: [{ kind: 'cell', id: 'pixels' }, { kind: 'cell', id: 'image' }] },
          { kind: 'cell', id: 'labels' },
          { kind: 'cell', id: 'grey' },
        ],
      },
      ...['gallery', 'stats', 'train', 'evaluate', 'inside', 'draw'].map((id) => ({ kind: 'cell', id })),
    ]);
  });
});

describe('numbering a list of cells', () => {
  const cells: CellEntry<'a' | 'b' | 'c' | 'new'>[] = [
    { id: 'a', title: 'A' },
    { id: 'b', title: 'B' },
    { id: 'c', title: 'C' },
  ];

  it('renumbers every later cell and widens ranges when one is inserted', () => {
    expect([stepIn(cells, 'b'), rangeIn(cells, 'a', 'c')]).toEqual([2, '1 to 3']);
    const inserted = [cells[0], { id: 'new' as const, title: 'New' }, ...cells.slice(1)];
    expect([stepIn(inserted, 'a'), stepIn(inserted, 'new'), stepIn(inserted, 'b'), stepIn(inserted, 'c')]).toEqual([1, 2, 3, 4]);
    expect(rangeIn(inserted, 'b', 'c')).toBe('3 to 4');
  });

  it('refuses an id that is missing and a range that runs backwards', () => {
    expect(() => stepIn(cells, 'new')).toThrow(/no cell 'new'/);
    expect(() => rangeIn(cells, 'c', 'a')).toThrow(/'a' comes before 'c'/);
  });

  it('opens a frame again when its cells are not consecutive, and closes a nested frame before its parent', () => {
    const framed: CellEntry<'a' | 'b' | 'c' | 'd'>[] = [
      { id: 'a', title: 'A', frame: 'pair' },
      { id: 'b', title: 'B' },
      { id: 'c', title: 'C', frame: 'sample' },
      { id: 'd', title: 'D', frame: 'pair' },
    ];
    expect(layoutCells(framed)).toEqual([
      { kind: 'frame', frame: 'sample', children: [{ kind: 'frame', frame: 'pair', children: [{ kind: 'cell', id: 'a' }] }] },
      { kind: 'cell', id: 'b' },
      { kind: 'frame', frame: 'sample', children: [{ kind: 'cell', id: 'c' }, { kind: 'frame', frame: 'pair', children: [{ kind: 'cell', id: 'd' }] }] },
    ]);
    expect(layoutCells([])).toEqual([]);
  });
});
