import { memo } from 'react';
import { formatBytes, formatCount, formatTuple } from '../../lib/format';
import { SPLITS, SPLIT_VARIABLES } from '../../data/format';
import { useSummaries } from '../hooks/useSummaries';
import type { TensorSummary } from '../services/types';
import { useDatasetSelector } from '../hooks/useDatasetSelector';
import { useDatasetSource } from '../hooks/useDatasetSource';
import { Cell, Pending } from './Cell';

/** The dtype the cells see the split arrays as (expr's provideSplit): uint8, as the lesson loads the IDX files; TensorFlow.js holds them in int32. */
const CELL_DTYPE = 'uint8';

function SummaryRow({ s }: { s: TensorSummary }) {
  return (
    <tr>
      <th scope="row">
        <code>{s.name}</code>
      </th>
      <td>
        <code>{formatTuple(s.shape)}</code>
      </td>
      <td title={`held in a TensorFlow.js ${s.dtype} tensor`}>{s.dtype === 'int32' ? CELL_DTYPE : s.dtype}</td>
      <td>{s.ndim}</td>
      <td>{formatCount(s.size)}</td>
      <td>{s.min}</td>
      <td>{s.max}</td>
      <td>{formatBytes(s.bytes)}</td>
    </tr>
  );
}

/** The shape cell: the shapes the lesson starts from, read from the tensors. */
export const ShapeCell = memo(function ShapeCell() {
  const summaries = useSummaries();
  const manifest = useDatasetSelector((s) => s.manifest);
  const phase = useDatasetSelector((s) => s.phase);
  const backend = useDatasetSelector((s) => s.backend);
  const loadedTrain = useDatasetSelector((s) => s.loaded.train);
  const { rows, cols, kind } = useDatasetSource();
  const train = manifest?.splits.train.count;
  const test = manifest?.splits.test.count;
  const loading = phase !== 'ready';
  // From the tensors once they are checked; from the manifest (the same numbers) while loading.
  const trainShape = summaries.train?.images.shape ?? [train ?? 0, rows, cols];
  const testShape = summaries.test?.images.shape ?? [test ?? 0, rows, cols];
  const trainLabels = summaries.train?.labels.shape ?? [train ?? 0];
  const testLabels = summaries.test?.labels.shape ?? [test ?? 0];
  const storage = summaries.train?.images.dtype ?? 'int32';
  return (
    <Cell
      id="shape"
      prose={
        <>
          Each image is a {rows}×{cols} grid of numbers: {rows} × {cols} = {rows * cols} numbers per {kind === 'mnist' ? 'digit' : 'image'}, the features a network will learn from. One image is a 2-D array: rows and columns of pixels.
        </>
      }
      code={['training_images.shape', 'type(training_images[0])', 'training_images[0].ndim', 'test_images.shape, training_labels.shape, test_labels.shape']}
    >
      <div data-testid="cell.shape.output">
        {manifest ? (
          <pre className="out-text">
            {formatTuple(trainShape)}
            {'\n'}
            {"<class 'numpy.ndarray'>"}
            {'\n'}
            {String(trainShape.length - 1)}
            {'\n'}
            {`(${formatTuple(testShape)}, ${formatTuple(trainLabels)}, ${formatTuple(testLabels)})`}
          </pre>
        ) : (
          <Pending>reading the manifest…</Pending>
        )}
        {manifest && (
          <p className="muted" data-testid="cell.shape.storage">
            Here each array is a TensorFlow.js tensor on {backend ?? '…'}: {CELL_DTYPE} values, as NumPy loads the IDX files, held in {storage}.
          </p>
        )}
        {loading && manifest && (
          <p className="muted">
            Loading: {formatCount(loadedTrain)} of {formatCount(train ?? 0)} training images are in tensors so far.
          </p>
        )}
      </div>
      {summaries.train && summaries.test ? (
        <table className="summary" data-testid="cell.shape.summary">
          <thead>
            <tr>
              <th>tensor</th>
              <th>.shape</th>
              <th>.dtype</th>
              <th>.ndim</th>
              <th>.size</th>
              <th>.min()</th>
              <th>.max()</th>
              <th>bytes (as {storage})</th>
            </tr>
          </thead>
          <tbody>
            {SPLITS.map((split) => (
              <SummaryRow key={`${split}-i`} s={summaries[split]!.images} />
            ))}
            {SPLITS.map((split) => (
              <SummaryRow key={`${split}-l`} s={summaries[split]!.labels} />
            ))}
          </tbody>
        </table>
      ) : (
        <Pending>dtype, range and size of {SPLITS.map((s) => SPLIT_VARIABLES[s].images).join(', ')} appear once every image is checked.</Pending>
      )}
    </Cell>
  );
});
