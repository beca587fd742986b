/** A wrapping strip of thumbnails with label captions, capped at a hundred. */
import { memo, useMemo } from 'react';
import { IMAGE_PIXELS } from '../../data/format';
import { formatCount } from '../../lib/format';
import { Thumbnail } from './Thumbnail';
import './renderers.css';

/** Thumbnails drawn at most; more would cost canvases without helping anyone read them. */
export const STRIP_MAX_ITEMS = 100;

export interface ImageStripProps {
  /** count*784 pixels 0..255; thumbnail k is images[k*784 .. (k+1)*784). */
  images: Uint8Array;
  count: number;
  /** Dataset index of each thumbnail, for tooltips and onSelect. */
  indices: ArrayLike<number>;
  labels?: ArrayLike<number>;
  onSelect?: (index: number) => void;
  /** Dataset index shown as selected. */
  selected?: number | null;
  /** Variable name for tooltips, e.g. training_images. */
  name?: string;
  /** Items in the whole result, when more exist than `count` (for the "showing first" note). */
  total?: number;
  max?: number;
  testId?: string;
}

/** Each item is a button when `onSelect` is given; its tooltip reads "training_images[3] · label 1". */
export const ImageStrip = memo(function ImageStrip({
  images,
  count,
  indices,
  labels,
  onSelect,
  selected = null,
  name = 'training_images',
  total,
  max = STRIP_MAX_ITEMS,
  testId,
}: ImageStripProps) {
  const shown = Math.max(0, Math.min(count, max, indices.length, Math.floor(images.length / IMAGE_PIXELS)));
  const all = Math.max(total ?? count, shown);
  const views = useMemo(
    () => Array.from({ length: shown }, (_, k) => images.subarray(k * IMAGE_PIXELS, (k + 1) * IMAGE_PIXELS)),
    [images, shown],
  );
  const items = [];
  for (let k = 0; k < shown; k++) {
    const index = indices[k];
    const label = labels?.[k];
    const title = label === undefined ? `${name}[${index}]` : `${name}[${index}] · label ${label}`;
    const thumb = <Thumbnail pixels={views[k]} label={title} />;
    const caption = label === undefined ? null : <span className="nb-strip__label">{label}</span>;
    items.push(
      onSelect ? (
        <button
          key={k}
          type="button"
          className="nb-strip__item"
          title={title}
          data-index={index}
          aria-pressed={selected === index}
          onClick={() => onSelect(index)}
        >
          {thumb}
          {caption}
        </button>
      ) : (
        <figure key={k} className="nb-strip__item" title={title} data-index={index}>
          {thumb}
          {caption && <figcaption>{caption}</figcaption>}
        </figure>
      ),
    );
  }
  return (
    <div className="nb-strip" data-testid={testId}>
      <div className="nb-strip__items">{items}</div>
      {all > shown && (
        <p className="nb-note">
          showing first {formatCount(shown)} of {formatCount(all)}
        </p>
      )}
    </div>
  );
});
