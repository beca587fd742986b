import { describe, expect, it } from 'vitest';
import { LOADER_SOURCE, serializeIpynb, toIpynb, toSourceLines, tryParseIpynb } from '../../../../src/notebook/code-cells/ipynb';
import { LESSON_CELLS } from '../../../../src/notebook/code-cells/lesson';

describe('toSourceLines', () => {
  it.each([
    ['', []],
    ['x', ['x']],
    ['a\nb', ['a\n', 'b']],
    ['a\n\nb\n', ['a\n', '\n', 'b\n']],
  ])('%j', (text, lines) => {
    expect(toSourceLines(text)).toEqual(lines);
    expect(toSourceLines(text).join('')).toBe(text);
  });
});

describe('export to .ipynb', () => {
  const doc = JSON.parse(serializeIpynb(LESSON_CELLS)) as { nbformat: number; nbformat_minor: number; cells: Record<string, unknown>[]; metadata: Record<string, unknown> };

  it('is nbformat 4.5 with a python kernel', () => {
    expect(doc.nbformat).toBe(4);
    expect(doc.nbformat_minor).toBe(5);
    expect(doc.metadata.kernelspec).toMatchObject({ language: 'python', name: 'python3' });
  });

  it('starts with a cell that loads the IDX files with numpy into the lesson names', () => {
    const loader = doc.cells[0];
    expect(loader.cell_type).toBe('code');
    const source = (loader.source as string[]).join('');
    expect(source).toBe(LOADER_SOURCE);
    for (const name of ['training_images', 'training_labels', 'test_images', 'test_labels', 'train-images-idx3-ubyte', 't10k-labels-idx1-ubyte', 'gzip', 'import numpy as np']) expect(source).toContain(name);
  });

  it('carries every cell over in order, with the fields nbformat 4.5 requires', () => {
    expect(doc.cells).toHaveLength(LESSON_CELLS.length + 1);
    doc.cells.slice(1).forEach((c, k) => {
      expect(c.cell_type).toBe(LESSON_CELLS[k].type);
      expect((c.source as string[]).join('')).toBe(LESSON_CELLS[k].source);
      expect(c.id).toMatch(/^[a-zA-Z0-9-_]{1,64}$/);
      expect(c.metadata).toEqual({});
      if (c.cell_type === 'code') expect(c).toMatchObject({ execution_count: null, outputs: [] });
      else expect(c).not.toHaveProperty('outputs');
    });
    expect(new Set(doc.cells.map((c) => c.id)).size).toBe(doc.cells.length);
  });
});

describe('import from .ipynb', () => {
  it('reads an export back to the same cells (the loader dropped)', () => {
    const cells = [...LESSON_CELLS, { type: 'code' as const, source: 'x = 1\nx + 1', collapsed: true }];
    expect(tryParseIpynb(serializeIpynb(cells))).toEqual({ ok: true, value: cells });
  });

  it('reads string sources, raw cells as markdown, and Jupyter\'s outputs_hidden', () => {
    const doc = {
      nbformat: 4,
      nbformat_minor: 2,
      metadata: {},
      cells: [
        { cell_type: 'code', source: 'a', metadata: { jupyter: { outputs_hidden: true } }, outputs: [{ output_type: 'stream' }] },
        { cell_type: 'raw', source: ['r\n', 's'], metadata: {} },
        { cell_type: 'markdown', source: '' },
      ],
    };
    expect(tryParseIpynb(JSON.stringify(doc))).toEqual({
      ok: true,
      value: [{ type: 'code', source: 'a', collapsed: true }, { type: 'markdown', source: 'r\ns' }, { type: 'markdown', source: '' }],
    });
  });

  it.each([
    ['not JSON', 'PK\u0003\u0004 binary', /not valid JSON/],
    ['JSON but not an object', '[1, 2]', /expected a JSON object/],
    ['no nbformat', '{"cells": []}', /no "nbformat"/],
    ['nbformat 3', '{"nbformat": 3, "worksheets": []}', /nbformat 3/],
    ['no cells', '{"nbformat": 4}', /no "cells"/],
    ['a cell that is not an object', '{"nbformat": 4, "cells": [1]}', /Cell 1 .*not an object/],
    ['a cell without source', '{"nbformat": 4, "cells": [{"cell_type": "code"}]}', /Cell 1 .*source/],
    ['a source list with a number', '{"nbformat": 4, "cells": [{"cell_type": "code", "source": ["a", 1]}]}', /Cell 1 .*source/],
    ['an empty nbformat', '{"nbformat": "", "cells": []}', /nbformat ""; only nbformat 4/],
    ['a cell without cell_type', '{"nbformat": 4, "cells": [{"source": ""}]}', /Cell 1 has no "cell_type"/],
    ['an unknown cell type', '{"nbformat": 4, "cells": [{"cell_type": "code", "source": ""}, {"cell_type": "widget", "source": ""}]}', /Cell 2 .*widget/],
  ])('refuses %s with a message', (_what, text, error) => {
    const result = tryParseIpynb(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });

  it('an export of no cells is just the loader, and imports to no cells', () => {
    expect(toIpynb([]).cells).toHaveLength(1);
    expect(tryParseIpynb(serializeIpynb([]))).toEqual({ ok: true, value: [] });
  });
});
