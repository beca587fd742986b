import { useEffect, useState } from 'react';
import { DrawService } from '../services/draw-service';
import { useDatasetService } from './useDatasetService';
import { useExprService } from './useExprService';
import { useTrainingService } from './useTrainingService';

/** The drawing pad's service, one per mounted cell; unmounting withdraws and frees the `drawing` it gave the cells. */
export function useDrawService(): DrawService {
  const training = useTrainingService();
  const dataset = useDatasetService();
  const expr = useExprService();
  const [service] = useState(() => new DrawService(training, dataset, expr));
  useEffect(() => () => service.dispose(), [service]);
  return service;
}
