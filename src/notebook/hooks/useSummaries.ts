import { useEffect, useState } from 'react';
import type { SplitName, TensorSummary } from '../services/types';
import { useDatasetService } from './useDatasetService';
import { useDatasetSelector } from './useDatasetSelector';

type Summaries = Partial<Record<SplitName, { images: TensorSummary; labels: TensorSummary }>>;

/** Shape, dtype and value range of every tensor, read once the dataset is verified. */
export function useSummaries(): Summaries {
  const service = useDatasetService();
  const phase = useDatasetSelector((s) => s.phase);
  const [summaries, setSummaries] = useState<Summaries>({});
  useEffect(() => {
    if (phase !== 'ready') return;
    let current = true;
    Promise.all([service.summaries('train'), service.summaries('test')]).then(
      ([train, test]) => current && setSummaries({ train, test }),
      () => {},
    );
    return () => {
      current = false;
    };
  }, [service, phase]);
  return summaries;
}
