import { useSyncExternalStore } from 'react';
import type { TrainingStatus } from '../services/training-types';
import { useTrainingService } from './useTrainingService';

/** The training run's status; re-renders at most once per animation frame while training. */
export function useTrainingStatus(): TrainingStatus {
  const service = useTrainingService();
  return useSyncExternalStore(service.subscribe, service.getStatus);
}
