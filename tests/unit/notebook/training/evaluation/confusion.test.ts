import { describe, expect, it } from 'vitest';
import { confusionView, moveInGrid } from '../../../../../src/notebook/training/evaluation/confusion';
import { ZERO_SHADE, correctShade, errorShade } from '../../../../../src/notebook/training/evaluation/shading';

/** 3 classes: class 0 all right, class 1 mostly confused with 2, class 2 one slip. */
const M = [
  [10, 0, 0],
  [0, 2, 8],
  [0, 1, 9],
];

describe('confusionView', () => {
  const view = confusionView(M);
  const cell = (t: number, p: number) => view.rows[t].cells[p];

  it('keeps [true][predicted] orientation and row totals', () => {
    expect(view.rows.map((r) => r.total)).toEqual([10, 10, 10]);
    expect(cell(1, 2)).toMatchObject({ trueLabel: 1, predicted: 2, count: 8, diagonal: false });
    expect(cell(2, 1)).toMatchObject({ trueLabel: 2, predicted: 1, count: 1 });
    expect(view.total).toBe(30);
  });

  it('scales errors to the largest off-diagonal count, ignoring the (larger) diagonal', () => {
    expect(view.maxOffDiagonal).toBe(8);
    expect(cell(1, 2).shade).toEqual(errorShade(8, 8));
    expect(cell(2, 1).shade).toEqual(errorShade(1, 8));
  });

  it('shades the diagonal by the row fraction correct, not by count', () => {
    expect(cell(0, 0).shade).toEqual(correctShade(1));
    expect(cell(1, 1).shade).toEqual(correctShade(0.2));
    expect(cell(2, 2).shade).toEqual(correctShade(0.9));
  });

  it('draws zero counts as the empty cell, on the diagonal too', () => {
    expect(cell(0, 1).shade).toBe(ZERO_SHADE);
    expect(confusionView([[0, 3], [0, 0]]).rows[0].cells[0].shade).toBe(ZERO_SHADE);
  });

  it('names every cell for assistive tech', () => {
    expect(cell(1, 2).label).toBe('true 1, predicted 2: 8 images');
  });

  it.each([
    ['empty matrix', [], 0, 0],
    ['all zero', [[0, 0], [0, 0]], 0, 0],
    ['short rows pad with 0', [[1], [2, 3]], 2, 6],
    ['NaN and negative read as 0', [[NaN, -4], [1, 1]], 1, 2],
  ] as [string, number[][], number, number][])('%s', (_, m, maxOff, total) => {
    const v = confusionView(m);
    expect(v.rows).toHaveLength(m.length);
    v.rows.forEach((r) => expect(r.cells).toHaveLength(m.length));
    expect(v.maxOffDiagonal).toBe(maxOff);
    expect(v.total).toBe(total);
  });

  it('a 10x10 all-on-diagonal matrix has no error scale and every diagonal at full shade', () => {
    const m = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => (i === j ? 100 : 0)));
    const v = confusionView(m);
    expect(v.maxOffDiagonal).toBe(0);
    v.rows.forEach((r, i) => expect(r.cells[i].shade).toEqual(correctShade(1)));
  });
});

describe('moveInGrid', () => {
  it.each([
    [{ row: 4, col: 4 }, 'ArrowUp', { row: 3, col: 4 }],
    [{ row: 4, col: 4 }, 'ArrowDown', { row: 5, col: 4 }],
    [{ row: 4, col: 4 }, 'ArrowLeft', { row: 4, col: 3 }],
    [{ row: 4, col: 4 }, 'ArrowRight', { row: 4, col: 5 }],
    [{ row: 0, col: 0 }, 'ArrowUp', { row: 0, col: 0 }],
    [{ row: 0, col: 0 }, 'ArrowLeft', { row: 0, col: 0 }],
    [{ row: 9, col: 9 }, 'ArrowDown', { row: 9, col: 9 }],
    [{ row: 9, col: 9 }, 'ArrowRight', { row: 9, col: 9 }],
    [{ row: 3, col: 6 }, 'Home', { row: 3, col: 0 }],
    [{ row: 3, col: 6 }, 'End', { row: 3, col: 9 }],
    [{ row: 3, col: 6 }, 'Enter', null],
    [{ row: 3, col: 6 }, 'a', null],
  ])('%j %s -> %j', (from, key, want) => expect(moveInGrid(from, key, 10)).toEqual(want));
});
