/** The lesson's cells, prefilled when the notebook first opens and restored by "Reset to the lesson". */
import type { CellContent } from './cells';

const md = (source: string): CellContent => ({ type: 'markdown', source });
const code = (source: string): CellContent => ({ type: 'code', source });

/** The lesson's steps as code cells, with prose between them as markdown cells. */
export const LESSON_CELLS: readonly CellContent[] = [
  md(
    'The cells below are live: edit any of them and press **Shift+Enter** (or *Run*) to evaluate it on the tensors in this page. ' +
      'They understand a small part of Python and NumPy: indexing and slicing, `.shape`, `.sum()`, `np.unique`, comparisons and arithmetic.',
  ),
  md('### 1. The shape of the data\n\nHow many images are there, and how big is each one?'),
  code('training_images.shape'),
  md('60,000 samples, each a 28 x 28 grid: 784 numbers per image. Those numbers are the *features* a network will learn from.'),
  md('### 2. One sample\n\nIndexing the first axis picks one image. What kind of object is it, and how many dimensions does it have?'),
  code('type(training_images[0])'),
  code('training_images[0].ndim'),
  md('Two dimensions: rows and columns of pixels.'),
  md('### 3. The raw numbers\n\nPrinting the image shows every one of its 784 integers, from `0` to `255`.'),
  code('print(training_images[0])'),
  md(
    'The first rows are all zeros, the empty margin around the digit. Further down, non-zero values trace the pen stroke, ' +
      'with intermediate greys where ink meets paper.',
  ),
  md('### 4. The same numbers as an image\n\nLeft as the last value of a cell, a 28 x 28 array is drawn as pixels: `0` is black, `255` is white.'),
  code('training_images[0]'),
  md('### 5. The label\n\nEach image comes with the digit it shows. This is what *supervised* learning pairs with every input.'),
  code('training_labels[0]'),
  md('### 6. More labels and images'),
  code('training_labels[0:10]'),
  code('training_images[1]'),
  md(
    'A computer sees only these lists of numbers. A network has to learn, from thousands of examples, which patterns of numbers mean which digit.\n\n' +
      'Try your own: `(training_labels == 3).sum()`, `training_images[training_labels == 7][0:10]`, `np.unique(training_labels, return_counts=True)`.',
  ),
  code(''),
];
