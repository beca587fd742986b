/** The pixels and image cells side by side, sharing the current sample's pixels and the hovered pixel. */
import { createContext, memo, useContext, useMemo, useState, type ReactNode } from 'react';
import type { SplitName } from '../../data/format';
import { useImages } from '../hooks/useImages';
import type { PixelPoint } from '../renderers/types';
import { ImageCell } from './ImageCell';
import { PixelsCell } from './PixelsCell';

interface SampleView {
  split: SplitName;
  index: number;
  label: number | null;
  pixels: Uint8Array | null;
  highlight: PixelPoint | null;
  onHover: (p: PixelPoint | null) => void;
}

const SampleViewContext = createContext<SampleView | null>(null);

function useSampleView(): SampleView {
  const view = useContext(SampleViewContext);
  if (!view) throw new Error('SamplePixels and SampleImage render inside a SamplePair');
  return view;
}

/** Holds the hover here, so hovering re-renders only the two cells that read it (through context), not the notebook. */
export function SamplePair({ split, index, label, children }: { split: SplitName; index: number; label: number | null; children: ReactNode }) {
  const [highlight, setHighlight] = useState<PixelPoint | null>(null);
  const sample = useImages(split, index, index + 1);
  const pixels = sample.range?.split === split && sample.range.start === index ? sample.pixels : null;
  const view = useMemo(() => ({ split, index, label, pixels, highlight, onHover: setHighlight }), [split, index, label, pixels, highlight]);
  return (
    <div className="sample-pair">
      <SampleViewContext.Provider value={view}>{children}</SampleViewContext.Provider>
    </div>
  );
}

/** The pixels cell over the pair's sample. */
export const SamplePixels = memo(function SamplePixels() {
  const { split, index, pixels, highlight, onHover } = useSampleView();
  return <PixelsCell split={split} index={index} pixels={pixels} highlight={highlight} onHover={onHover} />;
});

/** The image cell over the pair's sample. */
export const SampleImage = memo(function SampleImage() {
  return <ImageCell {...useSampleView()} />;
});
