import { useEffect, useState } from 'react';
import type { SplitName } from '../services/types';
import { useDatasetService } from './useDatasetService';
import { useDatasetSelector } from './useDatasetSelector';

export interface ImagesRead {
  /** (end-start)*784 bytes for the requested range, or null until read. */
  pixels: Uint8Array | null;
  /** The range `pixels` holds (it may lag the request while a new read is under way). */
  range: { split: SplitName; start: number; end: number } | null;
  error: string | null;
}

/** Reads images [start, end) of a split as plain bytes once they are in tensors. */
export function useImages(split: SplitName, start: number, end: number): ImagesRead {
  const service = useDatasetService();
  const loaded = useDatasetSelector((s) => s.loaded[split]);
  const previewed = useDatasetSelector((s) => s.previewed[split]);
  const ready = useDatasetSelector((s) => s.phase === 'ready');
  const [read, setRead] = useState<ImagesRead>({ pixels: null, range: null, error: null });
  // Read once from the checked first sheet while loading, and again once the images are in tensors.
  const inTensors = end <= loaded && ready;
  const available = start <= end && (end <= loaded || end <= previewed);

  useEffect(() => {
    if (!available) return;
    let current = true;
    service.readImages(split, start, end).then(
      (pixels) => current && setRead({ pixels, range: { split, start, end }, error: null }),
      (e: Error) => current && setRead({ pixels: null, range: null, error: e.message }),
    );
    return () => {
      current = false;
    };
  }, [service, split, start, end, available, inTensors]);

  return read;
}
