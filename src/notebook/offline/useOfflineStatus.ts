import { useSyncExternalStore } from 'react';
import type { OfflineStatus } from './offline-status';
import type { OfflineWorker } from './offline-worker';

/** The offline worker's status, re-rendering when it changes. */
export function useOfflineStatus(worker: OfflineWorker): OfflineStatus {
  return useSyncExternalStore(worker.subscribe, worker.getStatus);
}
