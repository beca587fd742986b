import { useEffect, useState } from 'react';
import { useDatasetSelector } from '../hooks/useDatasetSelector';
import type { DatasetStatus } from '../services/types';
import { offlineMessage, type OfflineStatus } from './offline-status';
import type { OfflineWorker } from './offline-worker';
import { useOfflineStatus } from './useOfflineStatus';
import './offline.css';

const settled = (s: DatasetStatus) => s.phase === 'ready' || s.phase === 'error';

/**
 * Says whether the app works offline and offers "Reload to update" when a new version waits. The
 * worker is registered once the dataset has loaded (or failed), so its downloads come after the page's.
 */
export function OfflineNotice({ worker }: { worker: OfflineWorker }) {
  const status = useOfflineStatus(worker);
  const datasetSettled = useDatasetSelector(settled);
  const [updating, setUpdating] = useState(false);
  const [dismissed, setDismissed] = useState<OfflineStatus['kind'] | null>(null);
  useEffect(() => {
    if (datasetSettled) worker.start();
  }, [datasetSettled, worker]);
  const message = offlineMessage(status);
  if (message === null || dismissed === status.kind) return null;
  return (
    <aside className={`offline-notice offline-${status.kind}`} role="status" data-testid="offline.status" data-state={status.kind}>
      <span>{message}</span>
      {status.kind === 'update' && (
        <button
          type="button"
          data-testid="offline.reload"
          disabled={updating}
          onClick={() => {
            setUpdating(true);
            void worker.update();
          }}
        >
          {updating ? 'Updating…' : 'Reload to update'}
        </button>
      )}
      {status.kind !== 'update' && (
        <button type="button" className="offline-dismiss" data-testid="offline.dismiss" aria-label="Dismiss" title="Dismiss" onClick={() => setDismissed(status.kind)}>
          ×
        </button>
      )}
    </aside>
  );
}
