/** The training images nearest to the drawing by pixel distance; a click makes one the notebook's current sample. */
import { memo } from 'react';
import { SPLIT_VARIABLES } from '../../data/format';
import { Thumbnail } from '../renderers/Thumbnail';
import type { NearestImage } from '../services/draw-service';
import { classLabel, formatDistance } from './view';

export interface NearestImagesProps {
  images: readonly NearestImage[];
  classNames: readonly string[] | null;
  /** The image last clicked here (shown pressed), or null. */
  selectedIndex: number | null;
  onSelect: (index: number) => void;
}

const BLANK = new Uint8Array(784);

export const NearestImages = memo(function NearestImages({ images, classNames, selectedIndex, onSelect }: NearestImagesProps) {
  const variable = SPLIT_VARIABLES.train.images;
  return (
    <ol className="draw-nearest__list">
      {images.map((img, rank) => {
        const label = img.label === null ? '?' : classLabel(img.label, classNames);
        return (
          <li key={img.index}>
            <button
              type="button"
              className="draw-nearest__item"
              onClick={() => onSelect(img.index)}
              aria-pressed={img.index === selectedIndex}
              title={`${variable}[${img.index}], label ${label}, distance ${formatDistance(img.distance)}: click to make it the current sample`}
              data-testid="draw.nearest.item"
              data-index={img.index}
              data-label={img.label ?? ''}
              data-distance={img.distance}
            >
              <Thumbnail pixels={img.pixels ?? BLANK} zoom={3} label={`${variable}[${img.index}], label ${label}`} />
              <span className="draw-nearest__label">{label}</span>
              <span className="draw-nearest__meta muted">
                #{rank + 1} · [{img.index}] · d {formatDistance(img.distance)}
              </span>
            </button>
          </li>
        );
      })}
    </ol>
  );
});
