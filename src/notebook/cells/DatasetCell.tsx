import { formatBytes, formatCount, formatMs } from '../../lib/format';
import type { DatasetStatus } from '../services/types';
import { Cell } from './Cell';
import { CustomDatasetPanel } from './CustomDatasetPanel';

/** The dataset cell: what was loaded, from where, onto which backend, how fast, and the memory it holds. */
export function DatasetCell({ status, onReload }: { status: DatasetStatus; onReload: (backend: 'webgl' | 'cpu') => void }) {
  const { progress, manifest, memory } = status;
  const splits = manifest ? `train ${formatCount(manifest.splits.train.count)}, test ${formatCount(manifest.splits.test.count)}` : '…';
  const { source } = status;
  const custom = source.kind === 'custom';
  return (
    <Cell
      id="dataset"
      prose={
        custom
          ? `Your own dataset, ${source.name}: ${formatCount(progress.totalImages)} images of ${source.rows}x${source.cols} from your IDX files, checked by the same parser as MNIST's and put straight into TensorFlow.js tensors. Every cell below now shows it; "Back to MNIST" in the header returns to the digits.`
          : 'The 70,000 handwritten digits of MNIST, in their canonical order, are fetched as compressed sprite sheets, decoded by the browser and uploaded straight into TensorFlow.js tensors. A checksum of every image is then compared with the one recorded when the files were built.'
      }
      code={[custom ? '(training_images, training_labels), (test_images, test_labels) = load_idx(your_files)' : '(training_images, training_labels), (test_images, test_labels) = mnist.load_data()']}
    >
      {status.error && (
        <div className="load-error" role="alert" data-testid="cell.dataset.error">
          <strong>The dataset could not be loaded.</strong> {status.error.message}
          <div className="fix">How to fix it: {status.error.fix}</div>
          <div className="actions">
            <button type="button" onClick={() => onReload('webgl')}>
              Reload the dataset
            </button>
            <button type="button" onClick={() => onReload('cpu')}>
              Reload on the cpu backend
            </button>
          </div>
        </div>
      )}
      {status.backendNotice && (
        <div className="notice" role="status" data-testid="cell.dataset.notice">
          <p>{status.backendNotice}</p>
        </div>
      )}
      <div className="progress-row">
        <progress
          data-testid="cell.dataset.progress"
          data-loaded-images={progress.loadedImages}
          data-total-images={progress.totalImages}
          max={progress.totalImages || 1}
          value={progress.loadedImages}
          aria-label="Images loaded into tensors"
        />
        <span className="progress-text">
          {formatCount(progress.loadedImages)} / {formatCount(progress.totalImages || 70000)} images in tensors, {formatBytes(progress.loadedBytes)} / {progress.totalBytes ? formatBytes(progress.totalBytes) : '…'} {custom ? 'read from your files' : 'downloaded'}
        </span>
      </div>
      <table className="facts">
        <tbody>
          <tr>
            <th>source</th>
            <td>{custom ? `${source.name}: ${status.upload.files.join(', ')}${source.classNames ? ` (labels: ${source.classNames.join(', ')})` : ''}` : manifest ? `${manifest.source.name}, from the npm package ${manifest.source.package}@${manifest.source.version}` : '…'}</td>
          </tr>
          <tr>
            <th>splits</th>
            <td>{splits}</td>
          </tr>
          <tr>
            <th>backend</th>
            <td>{status.backend ?? '…'}</td>
          </tr>
          <tr>
            <th>verified</th>
            <td title={status.verification ?? ''}>
              {status.verified === 'yes' ? `yes: ${status.verification ?? ''}` : status.verified === 'no' ? 'no' : 'pending'}
            </td>
          </tr>
          <tr>
            <th>load time</th>
            <td>{status.loadMs !== null ? `${formatMs(status.loadMs)} ${custom ? 'from reading the files to all images in tensors' : 'from navigation to all images in tensors and checked'}` : '…'}</td>
          </tr>
          <tr data-testid="cell.dataset.memory">
            <th>tensor memory</th>
            <td>
              {memory
                ? `${memory.numTensors} tensors, ${formatBytes(memory.numBytes)} held (the dataset needs ${formatBytes(memory.datasetBytes)})${memory.numBytesInGPU !== null ? `, ${formatBytes(memory.numBytesInGPU)} on the GPU` : ''}`
                : '…'}
            </td>
          </tr>
        </tbody>
      </table>
      <CustomDatasetPanel />
    </Cell>
  );
}
