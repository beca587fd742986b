import type { DatasetSource } from '../services/types';
import { useDatasetSelector } from './useDatasetSelector';

/** The dataset in use (MNIST or the learner's files): its name, image rows x cols and label names. */
export function useDatasetSource(): DatasetSource {
  return useDatasetSelector((s) => s.source);
}
