import { describe, expect, it } from 'vitest';
import {
  columnsFor,
  findPosition,
  moveForKey,
  neighbour,
  rowCount,
  scrollTopToReveal,
  visibleRange,
  type GalleryMove,
  type VisibleRangeInput,
} from '../../../src/notebook/gallery/virtual';

const base: VisibleRangeInput = { scrollTop: 0, viewportHeight: 420, rowHeight: 76, columns: 10, count: 60000, overscan: 0 };

describe('visibleRange', () => {
  const cases: [string, Partial<VisibleRangeInput>, { firstRow: number; lastRow: number; firstItem: number; lastItem: number }][] = [
    ['top, no overscan: 420/76 -> rows 0..5', {}, { firstRow: 0, lastRow: 5, firstItem: 0, lastItem: 59 }],
    ['exact fit: 380px shows rows 0..4', { viewportHeight: 380 }, { firstRow: 0, lastRow: 4, firstItem: 0, lastItem: 49 }],
    ['top with overscan clamps at row 0', { overscan: 3 }, { firstRow: 0, lastRow: 8, firstItem: 0, lastItem: 89 }],
    ['middle with overscan', { scrollTop: 76 * 100 + 10, overscan: 2 }, { firstRow: 98, lastRow: 107, firstItem: 980, lastItem: 1079 }],
    ['bottom clamps to the last row', { scrollTop: 6000 * 76 - 420, overscan: 3 }, { firstRow: 5991, lastRow: 5999, firstItem: 59910, lastItem: 59999 }],
    ['short last row ends at the last item', { count: 95, scrollTop: 340, overscan: 1 }, { firstRow: 3, lastRow: 9, firstItem: 30, lastItem: 94 }],
    ['stale scrollTop past the end shows the last screenful', { count: 95, scrollTop: 5000 }, { firstRow: 4, lastRow: 9, firstItem: 40, lastItem: 94 }],
    ['fewer items than one row', { count: 3 }, { firstRow: 0, lastRow: 0, firstItem: 0, lastItem: 2 }],
    ['content shorter than the viewport, stale scrollTop', { count: 20, scrollTop: 5000 }, { firstRow: 0, lastRow: 1, firstItem: 0, lastItem: 19 }],
    ['negative scrollTop (overscroll) reads as 0', { scrollTop: -50 }, { firstRow: 0, lastRow: 5, firstItem: 0, lastItem: 59 }],
    ['one column', { columns: 1, count: 10, viewportHeight: 152 }, { firstRow: 0, lastRow: 1, firstItem: 0, lastItem: 1 }],
  ];
  it.each(cases)('%s', (_, input, expected) => {
    expect(visibleRange({ ...base, ...input })).toEqual(expected);
  });

  it('is empty for no items', () => {
    const r = visibleRange({ ...base, count: 0 });
    expect(r.lastRow).toBeLessThan(r.firstRow);
    expect(r.lastItem).toBeLessThan(r.firstItem);
  });

  it('keeps the DOM small for 60,000 items anywhere in the list', () => {
    for (const scrollTop of [0, 123456, 4_000_000, 6000 * 76]) {
      const r = visibleRange({ ...base, scrollTop, overscan: 3 });
      expect(r.lastItem - r.firstItem + 1).toBeLessThanOrEqual(130);
      expect(r.lastItem - r.firstItem + 1).toBeGreaterThan(0);
    }
  });
});

describe('rowCount / columnsFor', () => {
  it.each([
    [0, 10, 0],
    [1, 10, 1],
    [10, 10, 1],
    [11, 10, 2],
    [60000, 11, 5455],
  ])('rowCount(%i, %i) = %i', (count, columns, rows) => expect(rowCount(count, columns)).toBe(rows));

  it.each([
    [720, 64, 8, 11],
    [655, 64, 0, 10],
    [30, 64, 8, 1],
    [0, 64, 8, 1],
  ])('columnsFor(%i, %i, %i) = %i', (width, cell, pad, cols) => expect(columnsFor(width, cell, pad)).toBe(cols));
});

describe('neighbour', () => {
  // 23 items in rows of 10: rows 0..9, 10..19, 20..22.
  const cases: [number, GalleryMove, number][] = [
    [0, 'left', 0],
    [5, 'left', 4],
    [10, 'left', 9],
    [9, 'right', 10],
    [22, 'right', 22],
    [3, 'up', 3],
    [13, 'up', 3],
    [3, 'down', 13],
    [12, 'down', 22],
    [15, 'down', 22],
    [22, 'down', 22],
    [25, 'down', 22],
    [0, 'home', 0],
    [7, 'end', 22],
    [21, 'pageUp', 1],
    [4, 'pageDown', 22],
  ];
  it.each(cases)('from %i %s -> %i', (k, move, expected) => {
    expect(neighbour(k, move, 10, 23, 2)).toBe(expected);
  });

  it('pages by whole rows', () => {
    expect(neighbour(5, 'pageDown', 10, 1000, 4)).toBe(45);
    expect(neighbour(45, 'pageUp', 10, 1000, 4)).toBe(5);
  });

  it('returns -1 for an empty list', () => {
    expect(neighbour(0, 'right', 10, 0)).toBe(-1);
  });

  it('maps keys to moves and ignores others', () => {
    expect(moveForKey('ArrowDown')).toBe('down');
    expect(moveForKey('Home')).toBe('home');
    expect(moveForKey('a')).toBeNull();
    expect(moveForKey('Enter')).toBeNull();
  });
});

describe('scrollTopToReveal', () => {
  const view = { viewportHeight: 400, rowHeight: 100, rows: 50 };
  it.each([
    ['already visible: unchanged', 2, 100, 'nearest', 100],
    ['above: align top', 0, 150, 'nearest', 0],
    ['below: align bottom', 8, 0, 'nearest', 500],
    ['partly below: align bottom', 4, 50, 'nearest', 100],
    ['center far row', 20, 0, 'center', 1850],
    ['center near the start clamps to 0', 1, 900, 'center', 0],
    ['center near the end clamps to max', 49, 0, 'center', 4600],
    ['center leaves a visible row alone', 3, 0, 'center', 0],
  ] as const)('%s', (_, row, scrollTop, align, expected) => {
    expect(scrollTopToReveal({ ...view, row, scrollTop, align })).toBe(expected);
  });
});

describe('findPosition', () => {
  const sorted = [3, 8, 15, 21, 40, 41, 99];
  it.each([
    [3, 0],
    [21, 3],
    [99, 6],
    [4, -1],
    [100, -1],
  ])('ascending list: %i at %i', (index, k) => {
    expect(findPosition(sorted.length, (i) => sorted[i], index)).toBe(k);
  });

  it('falls back to a scan for an unsorted list', () => {
    const shuffled = [40, 3, 99, 8];
    expect(findPosition(shuffled.length, (i) => shuffled[i], 8)).toBe(3);
    expect(findPosition(shuffled.length, (i) => shuffled[i], 7)).toBe(-1);
  });

  it('is logarithmic on an ascending list', () => {
    let calls = 0;
    const at = (k: number) => {
      calls++;
      return k * 2;
    };
    expect(findPosition(60000, at, 2 * 41234)).toBe(41234);
    expect(calls).toBeLessThan(20);
  });
});
