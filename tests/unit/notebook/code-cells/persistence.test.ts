import { describe, expect, it } from 'vitest';
import { LESSON_CELLS } from '../../../../src/notebook/code-cells/lesson';
import { MAX_STORED_CHARS, STORAGE_KEY, serializeCells, tryParseStoredCells } from '../../../../src/notebook/code-cells/persistence';

describe('stored cells', () => {
  it('uses a versioned key', () => {
    expect(STORAGE_KEY).toMatch(/\.v\d+$/);
  });

  it('round-trips the lesson and edited cells', () => {
    const cells = [...LESSON_CELLS, { type: 'code' as const, source: '(training_labels == 3).sum()\n', collapsed: true }];
    expect(tryParseStoredCells(serializeCells(cells))).toEqual({ ok: true, value: cells });
  });

  it('round-trips an empty notebook', () => {
    expect(tryParseStoredCells(serializeCells([]))).toEqual({ ok: true, value: [] });
  });

  it.each([
    ['nothing stored', null, /nothing stored/],
    ['not JSON', '{"version":1,', /not JSON/],
    ['an array', '[]', /not an object/],
    ['another version', '{"version":0,"cells":[]}', /version 0/],
    ['no cells', '{"version":1}', /no cells/],
    ['a cell of unknown type', '{"version":1,"cells":[{"type":"raw","source":""}]}', /cell 0/],
    ['a cell without source', '{"version":1,"cells":[{"type":"code"}]}', /cell 0/],
    ['a null cell', '{"version":1,"cells":[null]}', /cell 0/],
    ['too large', 'x'.repeat(MAX_STORED_CHARS + 1), /too large/],
  ])('refuses %s', (_what, text, error) => {
    const result = tryParseStoredCells(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });
});

describe('the lesson', () => {
  it("has the lesson's expressions, in order, as code cells", () => {
    const code = LESSON_CELLS.filter((c) => c.type === 'code' && c.source).map((c) => c.source);
    expect(code).toEqual(['training_images.shape', 'type(training_images[0])', 'training_images[0].ndim', 'print(training_images[0])', 'training_images[0]', 'training_labels[0]', 'training_labels[0:10]', 'training_images[1]']);
  });

  it('has prose between the code cells', () => {
    expect(LESSON_CELLS.filter((c) => c.type === 'markdown').length).toBeGreaterThanOrEqual(8);
    expect(LESSON_CELLS[0].type).toBe('markdown');
  });
});
