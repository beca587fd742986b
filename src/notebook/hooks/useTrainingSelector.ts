import { useCallback, useSyncExternalStore } from 'react';
import type { TrainingStatus } from '../services/training-types';
import { useTrainingService } from './useTrainingService';

/** One part of the training status; re-renders only when that part changes (not on every batch). */
export function useTrainingSelector<T>(select: (status: TrainingStatus) => T): T {
  const service = useTrainingService();
  const get = useCallback(() => select(service.getStatus()), [service, select]);
  return useSyncExternalStore(service.subscribe, get);
}
