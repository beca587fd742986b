/** `training_labels[a:b]` printed numpy-style, with the matching images underneath. */
import { memo, useMemo } from 'react';
import { IMAGE_SIZE } from '../../data/format';
import { formatNumpyVector } from './format';
import { ImageStrip, STRIP_MAX_ITEMS } from './ImageStrip';
import { ValueOutput } from './ValueOutput';

export interface LabelStripProps {
  /** The sliced labels, 0..9. */
  labels: ArrayLike<number>;
  /** Dataset index of labels[0]. */
  start: number;
  /** labels.length*rows*cols pixels (or at least the first 100 images'); thumbnails only when given. */
  images?: Uint8Array;
  /** Image height and width (28 x 28 by default). */
  rows?: number;
  cols?: number;
  /** A name per label for tooltips, or null. */
  classNames?: readonly string[] | null;
  onSelect?: (index: number) => void;
  selected?: number | null;
  /** Images variable for tooltips, e.g. training_images or test_images. */
  name?: string;
  /** e.g. "Out[5]:". */
  prompt?: string;
  /** On the `<pre>` whose text is exactly the numpy vector. */
  testId?: string;
}

/** Text like `[5 0 4 1 9 2 1 3 1 4]`, summarized past 1000 labels as numpy does. */
export const LabelStrip = memo(function LabelStrip({ labels, start, images, rows = IMAGE_SIZE, cols = IMAGE_SIZE, classNames = null, onSelect, selected, name, prompt, testId }: LabelStripProps) {
  const text = useMemo(() => formatNumpyVector(labels), [labels]);
  const shown = images ? Math.min(labels.length, STRIP_MAX_ITEMS, Math.floor(images.length / (rows * cols))) : 0;
  const indices = useMemo(() => Array.from({ length: shown }, (_, k) => start + k), [shown, start]);
  return (
    <div className={prompt === undefined ? 'nb-labelstrip' : 'nb-labelstrip nb-labelstrip--prompted'}>
      <ValueOutput prompt={prompt} testId={testId}>
        {text}
      </ValueOutput>
      {images && shown > 0 && (
        <ImageStrip
          images={images}
          rows={rows}
          cols={cols}
          classNames={classNames}
          count={shown}
          indices={indices}
          labels={labels}
          onSelect={onSelect}
          selected={selected}
          name={name}
          total={labels.length}
        />
      )}
    </div>
  );
});
