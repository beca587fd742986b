import { useContext } from 'react';
import { TrainingContext } from '../services/TrainingContext';
import type { TrainingService } from '../services/training-service';

/** The training service from context; throws if rendered outside <App>. */
export function useTrainingService(): TrainingService {
  const service = useContext(TrainingContext);
  if (!service) throw new Error('useTrainingService must be used inside <App>');
  return service;
}
