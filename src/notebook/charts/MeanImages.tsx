/** The average image of each digit, ten small canvases labelled 0..9. */
import { memo, useMemo } from 'react';
import { IMAGE_SIZE, NUM_CLASSES } from '../../data/format';
import { Thumbnail } from '../renderers/Thumbnail';
import './charts.css';

export interface MeanImagesProps {
  /** 10*rows*cols floats 0..255: class d's mean image is means[d*rows*cols .. (d+1)*rows*cols). */
  means: Float32Array;
  /** Image height and width (28 x 28 by default). */
  rows?: number;
  cols?: number;
  /** A name per class for the captions (e.g. Fashion-MNIST's), or null for the digits. */
  classNames?: readonly string[] | null;
  /** Images variable for tooltips, e.g. training_images. */
  name?: string;
  zoom?: number;
  testId?: string;
}

/** Each canvas carries `data-digit`; a short `means` array leaves the missing digits out. */
export const MeanImages = memo(function MeanImages({ means, rows = IMAGE_SIZE, cols = IMAGE_SIZE, classNames = null, name = 'training_images', zoom = 3, testId = 'cell.stats.means' }: MeanImagesProps) {
  const px = rows * cols;
  const views = useMemo(() => Array.from({ length: Math.min(NUM_CLASSES, Math.floor(means.length / px)) }, (_, d) => means.subarray(d * px, (d + 1) * px)), [means, px]);
  // The same on-screen size as a 28 px mean image at `zoom`, whatever the image size.
  const scale = (zoom * IMAGE_SIZE) / Math.max(rows, cols);
  return (
    <div className="nb-means" data-testid={testId}>
      {views.map((pixels, d) => (
        <figure key={d} className="nb-means__item">
          <Thumbnail pixels={pixels} rows={rows} cols={cols} zoom={scale} title={`mean of ${name} with label ${d}${classNames ? ` (${classNames[d]})` : ''}`} dataAttrs={{ 'data-digit': String(d) }} />
          <figcaption>{classNames ? `${d} ${classNames[d]}` : d}</figcaption>
        </figure>
      ))}
    </div>
  );
});
