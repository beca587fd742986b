/** The average image of each digit, ten small canvases labelled 0..9. */
import { memo, useMemo } from 'react';
import { IMAGE_PIXELS, NUM_CLASSES } from '../../data/format';
import { Thumbnail } from '../renderers/Thumbnail';
import './charts.css';

export interface MeanImagesProps {
  /** 10*784 floats 0..255: digit d's mean image is means[d*784 .. (d+1)*784). */
  means: Float32Array;
  /** Images variable for tooltips, e.g. training_images. */
  name?: string;
  zoom?: number;
  testId?: string;
}

/** Each canvas carries `data-digit`; a short `means` array leaves the missing digits out. */
export const MeanImages = memo(function MeanImages({ means, name = 'training_images', zoom = 3, testId = 'cell.stats.means' }: MeanImagesProps) {
  const views = useMemo(
    () =>
      Array.from({ length: Math.min(NUM_CLASSES, Math.floor(means.length / IMAGE_PIXELS)) }, (_, d) =>
        means.subarray(d * IMAGE_PIXELS, (d + 1) * IMAGE_PIXELS),
      ),
    [means],
  );
  return (
    <div className="nb-means" data-testid={testId}>
      {views.map((pixels, d) => (
        <figure key={d} className="nb-means__item">
          <Thumbnail pixels={pixels} zoom={zoom} title={`mean of ${name} with label ${d}`} dataAttrs={{ 'data-digit': String(d) }} />
          <figcaption>{d}</figcaption>
        </figure>
      ))}
    </div>
  );
});
