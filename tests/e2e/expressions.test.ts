/** The expression notebook ("Your own cells") on the full dataset: the lesson prefilled and run, typed cells, errors, persistence, .ipynb. */
import { describe, expect, it } from 'vitest';
import { expectCleanPage, openPage, useBrowser } from './browser';
import { Notebook, UI_TIMEOUT_MS } from './pages/notebook';
import { ExprNotebook, canvasGreys, type ExprCellSnapshot } from './pages/exprNotebook';

const browser = useBrowser();

/** Cells that run once the dataset is ready; a run is a GPU readback, so allow a little more than a UI update. */
const RUN_TIMEOUT_MS = 30_000;
/** A full page load of the dataset (software WebGL, other work on the machine). */
const RELOAD_TIMEOUT_MS = 90_000;

async function openNotebook(query: Record<string, number> = {}) {
  const page = await openPage(browser());
  const notebook = new Notebook(page);
  await notebook.open(query);
  return { page, notebook, expr: new ExprNotebook(page) };
}

/** Waits until the cell holding `source` has finished running, and returns it. */
async function finished(expr: ExprNotebook, source: string): Promise<ExprCellSnapshot> {
  await expect.poll(async () => (await expr.cell(source))?.state, { timeout: RUN_TIMEOUT_MS, message: `state of the cell "${source}"` }).toMatch(/^(done|error)$/);
  const cell = await expr.cell(source);
  if (!cell) throw new Error(`no cell holds "${source}"`);
  return cell;
}

describe('the expression notebook', () => {
  it("opens with the lesson's cells and runs them: shape, type, ndim, the grid, the 5, the labels and the 0", async () => {
    const { page, notebook, expr } = await openNotebook({ i: 1 });

    const shape = await finished(expr, 'training_images.shape');
    expect(shape.text).toBe('(60000, 28, 28)');
    expect(shape.prompt).toBe('In [1]:');

    const type = await finished(expr, 'type(training_images[0])');
    expect(type.text, "NumPy's answer").toBe("<class 'numpy.ndarray'>");
    expect(type.hint, 'what it is here, under the answer').toMatch(/numpy\.ndarray of uint8 is a 2-d TensorFlow\.js tensor .*webgl/);
    expect((await finished(expr, 'training_images[0].ndim')).text).toBe('2');

    const printed = await finished(expr, 'print(training_images[0])');
    const grid = printed.grid ?? [];
    expect(grid).toHaveLength(28);
    expect(grid.every((row) => row.length === 28)).toBe(true);
    expect(grid.slice(0, 4).flat().every((v) => v === 0), 'the top rows are the blank margin').toBe(true);
    expect(Math.max(...grid.flat())).toBe(255);
    expect(printed.text, 'print shows no Out value').toBeNull();

    // The image is the printed grid drawn: the same 784 values, grey level for grey level.
    const image = await finished(expr, 'training_images[0]');
    expect(image.image).toBe(true);
    expect(await expr.imagePixels(image.index)).toEqual(grid.flat());
    expect((await finished(expr, 'training_labels[0]')).text).toBe('5');
    expect((await finished(expr, 'training_labels[0:10]')).text).toBe('[5 0 4 1 9 2 1 3 1 4]');

    // training_images[1] is the sample the page's image cell shows for ?i=1 (labelled 0).
    const second = await finished(expr, 'training_images[1]');
    expect(second.image).toBe(true);
    await notebook.expectCurrentLabel(0);
    const reference = await canvasGreys(notebook.image.canvas);
    expect(reference).toHaveLength(784);
    expect(await expr.imagePixels(second.index)).toEqual(reference);

    const counts = (await expr.snapshot()).filter((c) => c.type === 'code' && c.source).map((c) => c.prompt);
    expect(counts).toEqual(['In [1]:', 'In [2]:', 'In [3]:', 'In [4]:', 'In [5]:', 'In [6]:', 'In [7]:', 'In [8]:']);
    const markdown = await expr.root.getByTestId('expr.cell.markdown').count();
    expect(markdown, 'prose cells rendered').toBeGreaterThanOrEqual(8);

    if (process.env.EXPR_SCREENSHOT) await expr.root.screenshot({ path: process.env.EXPR_SCREENSHOT });
    expectCleanPage(page);
  });

  it('runs typed cells (6131 threes), shows an IndexError with a caret, and keeps the edits over a reload', async () => {
    const { page, notebook, expr } = await openNotebook();
    await finished(expr, 'training_images[1]');

    const sumAt = await expr.appendCodeCell();
    await expr.typeAndRun(sumAt, '(training_labels == 3).sum()');
    const sum = await finished(expr, '(training_labels == 3).sum()');
    expect(sum.text).toBe('6131');
    expect(sum.prompt).toMatch(/^In \[\d+\]:$/);

    const errorAt = await expr.appendCodeCell();
    await expr.typeAndRun(errorAt, 'training_images[60000]');
    const failed = await finished(expr, 'training_images[60000]');
    expect(failed.state).toBe('error');
    expect(failed.error).toContain('IndexError: index 60000 is out of bounds for axis 0 with size 60000');
    expect(failed.error).toMatch(/training_images\[60000\]\n\s+\^+/);

    // The notebook goes on working after the error.
    const stackAt = await expr.appendCodeCell();
    await expr.typeAndRun(stackAt, 'training_images[training_labels == 7]');
    expect((await finished(expr, 'training_images[training_labels == 7]')).strip).toBe(20);

    await notebook.reload();
    await expect.poll(async () => (await expr.cell('(training_labels == 3).sum()'))?.text, { timeout: RUN_TIMEOUT_MS, message: 'the typed cell after a reload' }).toBe('6131');
    expect((await finished(expr, 'training_images[60000]')).error).toContain('IndexError');
    expectCleanPage(page);
  });

  it('after training, the cells see predictions, test_predictions and model: accuracy computed in a cell matches the evaluation', async () => {
    const { page, expr } = await openNotebook();
    await page.goto(new URL('?model=dense&subset=2000&epochs=1&batch=32', page.url()).href);
    // The navigation reloads all 70,000 images; on a loaded 2-core machine that has taken over 30 s.
    await expect.poll(() => page.getByTestId('train.controls.train').isEnabled(), { timeout: RELOAD_TIMEOUT_MS, message: 'Train enabled once the reloaded dataset is verified' }).toBe(true);
    await page.getByTestId('train.controls.train').click();
    await expect.poll(() => page.getByTestId('train.controls').getAttribute('data-phase'), { timeout: 120_000, message: 'the 1-epoch run' }).toBe('done');
    const accuracy = Number(await page.getByTestId('eval.accuracy').getAttribute('data-accuracy'));

    const at = await expr.appendCodeCell();
    await expr.typeAndRun(at, '(predictions == test_labels).sum()');
    const correct = await finished(expr, '(predictions == test_labels).sum()');
    expect(Number(correct.text), 'correct predictions counted in a cell vs the evaluation cell').toBe(Math.round(accuracy * 10000));
    const shapeAt = await expr.appendCodeCell();
    await expr.typeAndRun(shapeAt, 'test_predictions.shape');
    expect((await finished(expr, 'test_predictions.shape')).text).toBe('(10000,)');
    expectCleanPage(page);
  });

  it('adds, moves, collapses and deletes cells, edits a markdown cell, and resets to the lesson', async () => {
    const { page, expr } = await openNotebook();
    await finished(expr, 'training_images[1]');
    const shapeAt = (await expr.cell('training_images.shape'))?.index ?? -1;
    expect(shapeAt).toBeGreaterThan(0);

    await expr.cells.nth(shapeAt).getByTestId('expr.cell.add-above').click();
    await expr.typeAndRun(shapeAt, 'training_labels[1]');
    expect((await finished(expr, 'training_labels[1]')).index).toBe(shapeAt);
    expect((await expr.cell('training_labels[1]'))?.text).toBe('0');

    await expr.cells.nth(shapeAt).getByTestId('expr.cell.down').click();
    await expect.poll(async () => (await expr.cell('training_labels[1]'))?.index, { timeout: UI_TIMEOUT_MS }).toBe(shapeAt + 1);
    expect((await expr.cell('training_images.shape'))?.index).toBe(shapeAt);

    const moved = expr.cells.nth(shapeAt + 1);
    await moved.getByTestId('expr.cell.collapse').click();
    await expect.poll(async () => (await expr.cell('training_labels[1]'))?.text, { timeout: UI_TIMEOUT_MS }).toBeNull();
    await moved.getByTestId('expr.cell.expand').click();
    await expect.poll(async () => (await expr.cell('training_labels[1]'))?.text, { timeout: UI_TIMEOUT_MS }).toBe('0');

    await moved.getByTestId('expr.cell.delete').click();
    await expect.poll(async () => (await expr.cell('training_labels[1]')) === undefined, { timeout: UI_TIMEOUT_MS }).toBe(true);

    const prose = expr.cells.first();
    await prose.getByTestId('expr.cell.edit').click();
    await prose.getByTestId('expr.cell.editor').fill('## My notes\n\nThe **first** label is `5`.');
    await prose.getByTestId('expr.cell.edit').click();
    await expect.poll(() => prose.getByTestId('expr.cell.markdown').innerHTML(), { timeout: UI_TIMEOUT_MS }).toBe('<h4>My notes</h4><p>The <strong>first</strong> label is <code>5</code>.</p>');

    await expr.reset.click();
    await expect.poll(() => prose.getByTestId('expr.cell.markdown').textContent(), { timeout: UI_TIMEOUT_MS }).toContain('The cells below are live');
    expect((await finished(expr, 'training_labels[0:10]')).text).toBe('[5 0 4 1 9 2 1 3 1 4]');
    expectCleanPage(page);
  });

  it('exports a valid nbformat 4 .ipynb that imports back to the same cells, and explains a bad file', async () => {
    const { page, expr } = await openNotebook();
    await finished(expr, 'training_images[1]');
    const at = await expr.appendCodeCell();
    await expr.typeAndRun(at, '(training_labels == 3).sum()');
    await finished(expr, '(training_labels == 3).sum()');

    const exported = await expr.exportText();
    const doc = JSON.parse(exported) as { nbformat: number; nbformat_minor: number; cells: { cell_type: string; source: string[] }[] };
    expect(doc.nbformat).toBe(4);
    expect(doc.cells[0].source.join('')).toContain("load_idx('train-images-idx3-ubyte')");
    const sources = doc.cells.map((c) => c.source.join(''));
    expect(sources).toContain('training_images.shape');
    expect(sources).toContain('(training_labels == 3).sum()');
    expect(doc.cells.filter((c) => c.cell_type === 'markdown').length).toBeGreaterThanOrEqual(8);

    await expr.reset.click();
    await expect.poll(async () => (await expr.cell('(training_labels == 3).sum()')) === undefined, { timeout: UI_TIMEOUT_MS, message: 'typed cell gone after reset' }).toBe(true);

    await expr.importFile('mine.ipynb', exported);
    await expect.poll(() => expr.noticeText(), { timeout: UI_TIMEOUT_MS }).toContain('Imported');
    expect((await finished(expr, '(training_labels == 3).sum()')).text).toBe('6131');
    expect(await expr.exportText(), 'the reimported notebook exports to the same file').toBe(exported);

    await expr.importFile('broken.ipynb', '{"cells": [');
    await expect.poll(() => expr.noticeText(), { timeout: UI_TIMEOUT_MS }).toMatch(/broken\.ipynb was not imported: .*not valid JSON/);
    expect(await expr.root.getByTestId('expr.notice').getAttribute('data-tone')).toBe('error');
    expect((await expr.cell('(training_labels == 3).sum()'))?.text, 'a bad file leaves the cells alone').toBe('6131');
    expectCleanPage(page);
  });
});
