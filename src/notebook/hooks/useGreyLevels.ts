import { useEffect, useState } from 'react';
import type { GreyLevels } from '../../data/grey-levels';
import type { SplitName } from '../services/types';
import { useDatasetService } from './useDatasetService';
import { useDatasetSelector } from './useDatasetSelector';

/** A split's grey-level counts (all images and per class) once the dataset is verified, or null until counted. */
export function useGreyLevels(split: SplitName): GreyLevels | null {
  const service = useDatasetService();
  const phase = useDatasetSelector((s) => s.phase);
  const source = useDatasetSelector((s) => s.source);
  const [counted, setCounted] = useState<{ source: unknown; split: SplitName; value: GreyLevels } | null>(null);
  useEffect(() => {
    if (phase !== 'ready') return;
    let current = true;
    service.greyLevels(split).then(
      (value) => current && setCounted({ source, split, value }),
      () => {},
    );
    return () => {
      current = false;
    };
  }, [service, phase, source, split]);
  return counted && counted.source === source && counted.split === split ? counted.value : null;
}
