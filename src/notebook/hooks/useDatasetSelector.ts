import { useSyncExternalStore } from 'react';
import type { DatasetStatus } from '../services/types';
import { useDatasetService } from './useDatasetService';

/**
 * One value derived from the dataset status; the component re-renders only when that value
 * changes (by Object.is), not on every progress tick. `select` must return a primitive or a
 * reference the status keeps (e.g. status.manifest).
 */
export function useDatasetSelector<T>(select: (status: DatasetStatus) => T): T {
  const service = useDatasetService();
  return useSyncExternalStore(service.subscribe, () => select(service.getStatus()));
}
