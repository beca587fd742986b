/** A wrapping strip of thumbnails with label captions, capped at a hundred. */
import { memo, useMemo } from 'react';
import { IMAGE_SIZE } from '../../data/format';
import { formatCount } from '../../lib/format';
import { Thumbnail } from './Thumbnail';
import './renderers.css';

/** Thumbnails drawn at most; more would cost canvases without helping anyone read them. */
export const STRIP_MAX_ITEMS = 100;
/** Longest side of a strip thumbnail in CSS px (a 28 px image at 2x). */
export const STRIP_THUMB_PX = 56;

export interface ImageStripProps {
  /** count*rows*cols pixels 0..255; thumbnail k is images[k*rows*cols .. (k+1)*rows*cols). */
  images: Uint8Array;
  /** Image height and width (28 x 28 by default). */
  rows?: number;
  cols?: number;
  /** A name per label, for tooltips (e.g. Fashion-MNIST's), or null for the digits alone. */
  classNames?: readonly string[] | null;
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
  rows = IMAGE_SIZE,
  cols = IMAGE_SIZE,
  classNames = null,
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
  const px = rows * cols;
  const shown = Math.max(0, Math.min(count, max, indices.length, Math.floor(images.length / px)));
  const all = Math.max(total ?? count, shown);
  const views = useMemo(() => Array.from({ length: shown }, (_, k) => images.subarray(k * px, (k + 1) * px)), [images, shown, px]);
  const zoom = STRIP_THUMB_PX / Math.max(rows, cols);
  const items = [];
  for (let k = 0; k < shown; k++) {
    const index = indices[k];
    const label = labels?.[k];
    const title = label === undefined ? `${name}[${index}]` : `${name}[${index}] · label ${label}${classNames?.[label] ? ` (${classNames[label]})` : ''}`;
    const thumb = <Thumbnail pixels={views[k]} rows={rows} cols={cols} zoom={zoom} label={title} />;
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
