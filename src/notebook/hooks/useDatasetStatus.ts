import { useSyncExternalStore } from 'react';
import type { DatasetStatus } from '../services/types';
import { useDatasetService } from './useDatasetService';

/** The dataset's load status; re-renders at most once per animation frame while loading. */
export function useDatasetStatus(): DatasetStatus {
  const service = useDatasetService();
  return useSyncExternalStore(service.subscribe, service.getStatus);
}
