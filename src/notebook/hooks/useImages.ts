import { useEffect, useState } from 'react';
import type { SplitName } from '../services/types';
import { useDatasetService } from './useDatasetService';
import { useDatasetSelector } from './useDatasetSelector';

export interface ImagesRead {
  /** (end-start)*rows*cols bytes for the requested range, or null until read. */
  pixels: Uint8Array | null;
  /** The range `pixels` holds (it may lag the request while a new read is under way). */
  range: { split: SplitName; start: number; end: number } | null;
  error: string | null;
}

const NOT_READ: ImagesRead = { pixels: null, range: null, error: null };

/** Reads images [start, end) of a split as plain bytes once they are in tensors. */
export function useImages(split: SplitName, start: number, end: number): ImagesRead {
  const service = useDatasetService();
  const loaded = useDatasetSelector((s) => s.loaded[split]);
  const previewed = useDatasetSelector((s) => s.previewed[split]);
  const ready = useDatasetSelector((s) => s.phase === 'ready');
  // A new dataset (e.g. the learner's own) means new pixels for the same range, maybe of another size.
  const source = useDatasetSelector((s) => s.source);
  const [read, setRead] = useState<ImagesRead & { source: unknown }>({ pixels: null, range: null, error: null, source: null });
  // Read once from the checked first sheet while loading, and again once the images are in tensors.
  const inTensors = end <= loaded && ready;
  const available = start <= end && (end <= loaded || end <= previewed);

  useEffect(() => {
    if (!available) return;
    let current = true;
    service.readImages(split, start, end).then(
      (pixels) => current && setRead({ pixels, range: { split, start, end }, error: null, source }),
      (e: Error) => current && setRead({ pixels: null, range: null, error: e.message, source }),
    );
    return () => {
      current = false;
    };
  }, [service, split, start, end, available, inTensors, source]);

  return read.source === source ? read : NOT_READ;
}
