import { useContext } from 'react';
import { DatasetContext } from '../services/DatasetContext';
import type { DatasetService } from '../services/dataset-service';

/** The dataset service from context; throws if rendered outside <Notebook>. */
export function useDatasetService(): DatasetService {
  const service = useContext(DatasetContext);
  if (!service) throw new Error('useDatasetService must be used inside <Notebook>');
  return service;
}
