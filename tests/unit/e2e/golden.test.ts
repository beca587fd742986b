import { describe, expect, it } from 'vitest';
import { compareCell, errorClass, flatValues, mismatchReport, parseArrayNote, tryParseGolden, type GoldenCell, type GoldenValueCell } from '../../e2e/golden';
import type { ExprCellOutput } from '../../e2e/pages/exprNotebook';

const shown = (over: Partial<ExprCellOutput> = {}): ExprCellOutput => ({ state: 'done', text: null, stream: null, error: null, grid: null, image: null, strip: null, table: null, ...over });
const value = (over: Partial<GoldenValueCell> = {}): GoldenCell => ({ id: 'sum', group: 'reductions', source: 'training_images.sum()', ok: true, type: 'numpy-scalar', dtype: 'uint64', shape: [], values: [1567298545], out: '1567298545', ...over });
const refused: GoldenCell = { id: 'oob', group: 'errors', source: 'training_images[60000]', ok: false, exception: 'IndexError', message: 'index 60000 is out of bounds for axis 0 with size 60000' };
const INDEX_ERROR = '    training_images[60000]\n                    ^^^^^\nIndexError: index 60000 is out of bounds for axis 0 with size 60000';

describe('tryParseGolden', () => {
  it('reads the schema', () => {
    const parsed = tryParseGolden(JSON.stringify({ numpy: '2.4.6', generated_by: 'scripts/numpy_golden.py', cells: [value(), refused] }));
    expect(parsed.ok && parsed.value.cells.map((c) => c.id)).toEqual(['sum', 'oob']);
    expect(parsed.ok && parsed.value.numpy).toBe('2.4.6');
  });
  it.each([
    ['{', /^not JSON/],
    ['[]', /"cells" array/],
    ['{"cells": [{"id": "a"}]}', /cells\[0\]: expected an object with string "id" and "source"/],
    ['{"cells": [{"id": "a", "source": "x", "ok": true}]}', /cells\[0\] \(a\): "ok": true needs a string "out"/],
    ['{"cells": [{"id": "a", "source": "x", "ok": false}]}', /"ok": false needs a string "exception"/],
    ['{"cells": [{"id": "a", "source": "x"}]}', /"ok" must be true or false/],
  ])('%s -> an error', (text, message) => {
    const parsed = tryParseGolden(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });
});

describe('errorClass', () => {
  it.each([
    [INDEX_ERROR, 'IndexError'],
    ['TypeError: bad operand', 'TypeError'],
    ['numpy.exceptions.AxisError: axis 3 is out of bounds', 'numpy.exceptions.AxisError'],
    ['ZeroDivisionError', 'ZeroDivisionError'],
    ['The dataset is still loading (or reloading): run the cell again once it is ready.', null],
    ['', null],
    [null, null],
  ])('%j -> %s', (text, want) => expect(errorClass(text)).toBe(want));
});

describe('parseArrayNote and flatValues', () => {
  it.each([
    ['array of shape (28, 28), uint8', { shape: [28, 28], dtype: 'uint8' }],
    ['array of shape (6265, 28, 28), int32: showing the first 20 of 6,265 images', { shape: [6265, 28, 28], dtype: 'int32' }],
    ['array of shape (28, 28), float64, values -1..2 mapped to black..white', { shape: [28, 28], dtype: 'float64' }],
    ['no note', null],
    [null, null],
  ])('%j', (note, want) => expect(parseArrayNote(note)).toEqual(want));
  it('flattens nested lists row-major', () => expect(flatValues([[1, [2, 3]], [4], 5])).toEqual([1, 2, 3, 4, 5]));
});

describe('compareCell', () => {
  it('an Out text agrees only when equal to NumPy\'s out', () => {
    expect(compareCell(value(), shown({ text: '1567298545' }))).toBeNull();
    expect(compareCell(value(), shown({ text: '1567298560' }))).toBe('NumPy "1567298545", notebook "1567298560"');
    expect(compareCell(value({ out: '33.318421449829934' }), shown({ text: '33.318421449829934\n' }))).not.toBeNull();
  });

  it('a refused cell agrees on the exception class, whatever the message', () => {
    expect(compareCell(refused, shown({ state: 'error', error: INDEX_ERROR }))).toBeNull();
    expect(compareCell(refused, shown({ state: 'error', error: 'IndexError: another wording' }))).toBeNull();
    expect(compareCell(refused, shown({ state: 'error', error: 'TypeError: no' }))).toBe('NumPy raises IndexError; the notebook raises TypeError');
    expect(compareCell(refused, shown({ text: '0' }))).toBe('NumPy raises IndexError; the notebook answers "0"');
  });

  it('an error where NumPy answers is a difference, named by its error line', () => {
    expect(compareCell(value(), shown({ state: 'error', error: INDEX_ERROR }))).toBe('NumPy answers "1567298545"; the notebook raises "IndexError: index 60000 is out of bounds for axis 0 with size 60000"');
  });

  it('no answer is a difference', () => {
    expect(compareCell(value(), shown({ state: 'running' }))).toBe('no answer (cell state running)');
    expect(compareCell(refused, shown({ state: 'idle' }))).toBe('no answer (cell state idle)');
  });

  it('a print(...) cell compares the printed text, its final newline aside', () => {
    const printed = value({ source: 'print(training_labels[0:5])', type: 'python', out: '[5 0 4 1 9]\n' });
    expect(compareCell(printed, shown({ stream: '[5 0 4 1 9]\n' }))).toBeNull();
    expect(compareCell(printed, shown({ stream: '[5 0 4 1 9]' }))).toBeNull();
    expect(compareCell(printed, shown({ stream: '[5 0 4 1 8]\n' }))).not.toBeNull();
    expect(compareCell(printed, shown())).toBe('NumPy prints "[5 0 4 1 9]\\n", notebook nothing');
    expect(compareCell(value({ source: 'x = 1', type: 'python', out: '' }), shown())).toBeNull();
  });

  it('a printed image compares its numbers with those NumPy printed', () => {
    const printed = value({ source: 'print(img)', type: 'python', out: '[[  0 255]\n [ 17   3]]\n' });
    expect(compareCell(printed, shown({ grid: [0, 255, 17, 3] }))).toBeNull();
    expect(compareCell(printed, shown({ grid: [0, 255, 17, 4] }))).toMatch(/printed grid of 4 numbers differs/);
  });

  it('a drawn image agrees on dtype, shape and pixels', () => {
    const image = value({ source: 'img', type: 'ndarray', dtype: 'uint8', shape: [2, 2], values: [[0, 255], [17, 3]], out: '…' });
    const note = 'array of shape (2, 2), uint8';
    expect(compareCell(image, shown({ image: { pixels: [0, 255, 17, 3], note } }))).toBeNull();
    expect(compareCell(image, shown({ image: { pixels: [0, 255, 17, 3], note: 'array of shape (2, 2), int32' } }))).toBe('an image of dtype int32, NumPy: uint8');
    expect(compareCell(image, shown({ image: { pixels: [0, 255, 17, 3], note: 'array of shape (4,), uint8' } }))).toBe('an image of shape (4,), NumPy: (2, 2)');
    expect(compareCell(image, shown({ image: { pixels: [0, 255, 18, 3], note } }))).toBe("an image: values differ from NumPy's (first difference at flat index 2)");
    expect(compareCell(image, shown({ image: { pixels: [0, 255, 17, 3], note: null } }))).toMatch(/without a readable shape and dtype/);
    const scaled = value({ source: 'img / 255', type: 'ndarray', dtype: 'float64', shape: [2, 2], values: [0, 1, 0.5, 0.25], out: '…' });
    expect(compareCell(scaled, shown({ image: { pixels: [0, 255, 128, 64], note: 'array of shape (2, 2), float64' } })), 'a scaled image: shape and dtype only').toBeNull();
  });

  it('a strip agrees on shape and dtype; a table on its shown cells too', () => {
    const stack = value({ source: 'sevens', type: 'ndarray', dtype: 'uint8', shape: [6265, 28, 28], values: undefined, out: '…' });
    expect(compareCell(stack, shown({ strip: { count: 20, total: 6265, note: 'array of shape (6265, 28, 28), uint8: showing the first 20' } }))).toBeNull();
    expect(compareCell(stack, shown({ strip: { count: 20, total: 6264, note: 'array of shape (6264, 28, 28), uint8' } }))).toBe('a strip of images of shape (6264, 28, 28), NumPy: (6265, 28, 28)');
    const table = value({ source: 't', type: 'ndarray', dtype: 'float64', shape: [2, 3], values: [[0.5, 1, 2], [3, 4, 5]], out: '…' });
    const cells = [['0.5', '1.', '2.'], ['3.', '4.', '5.']];
    expect(compareCell(table, shown({ table: { cells, note: 'array of shape (2, 3), float64' } }))).toBeNull();
    expect(compareCell(table, shown({ table: { cells: [['0.5', '1.', '2.'], ['3.', '4.', '6.']], note: 'array of shape (2, 3), float64' } }))).toMatch(/values differ/);
  });
});

describe('mismatchReport', () => {
  it('lists every differing cell under a count', () => {
    expect(mismatchReport([{ cell: value(), problem: 'NumPy "1567298545", notebook "1567298560"' }, { cell: refused, problem: 'no answer' }], 50, '2.4.6')).toBe(
      '2 of 50 cells differ from NumPy 2.4.6:\n  [sum] training_images.sum()\n      NumPy "1567298545", notebook "1567298560"\n  [oob] training_images[60000]\n      no answer',
    );
    expect(mismatchReport([], 50, '2.4.6')).toBe('all 50 cells agree with NumPy 2.4.6');
  });
});
