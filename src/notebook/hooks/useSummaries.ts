import { useEffect, useState } from 'react';
import type { SplitName, TensorSummary } from '../services/types';
import { useDatasetService } from './useDatasetService';
import { useDatasetSelector } from './useDatasetSelector';

type Summaries = Partial<Record<SplitName, { images: TensorSummary; labels: TensorSummary }>>;

const NONE: Summaries = {};

/** Shape, dtype and value range of every tensor, read once the dataset is verified. */
export function useSummaries(): Summaries {
  const service = useDatasetService();
  const phase = useDatasetSelector((s) => s.phase);
  // Read again for a new dataset (the phase stays 'ready' across a swap to the learner's own).
  const source = useDatasetSelector((s) => s.source);
  const [summaries, setSummaries] = useState<{ source: unknown; value: Summaries }>({ source: null, value: {} });
  useEffect(() => {
    if (phase !== 'ready') return;
    let current = true;
    Promise.all([service.summaries('train'), service.summaries('test')]).then(
      ([train, test]) => current && setSummaries({ source, value: { train, test } }),
      () => {},
    );
    return () => {
      current = false;
    };
  }, [service, phase, source]);
  return summaries.source === source ? summaries.value : NONE;
}
