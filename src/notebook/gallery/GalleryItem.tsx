/** One gallery tile: a CSS sprite from a PNG sheet (or a placeholder) and a tiny label/index caption. */
import { memo } from 'react';
import { IMAGE_SIZE } from '../../data/format';
import { GALLERY_LAYOUT } from './virtual';
import './gallery.css';

export interface GalleryItemProps {
  id: string;
  index: number;
  label: number;
  /** Sprite fields flattened to primitives so memo can compare them. */
  url: string | null;
  x: number;
  y: number;
  sheetWidth: number;
  sheetHeight: number;
  selected: boolean;
  /** Variable name for the tooltip, e.g. training_images. */
  name: string;
}

const SCALE = GALLERY_LAYOUT.tile / IMAGE_SIZE;

/** Clicks are handled by the gallery (delegated via data-index), so items carry no handlers or state. */
export const GalleryItem = memo(function GalleryItem({ id, index, label, url, x, y, sheetWidth, sheetHeight, selected, name }: GalleryItemProps) {
  const tileStyle = url
    ? {
        backgroundImage: `url("${url.replace(/"/g, '%22')}")`,
        backgroundPosition: `${-x * SCALE}px ${-y * SCALE}px`,
        backgroundSize: `${sheetWidth * SCALE}px ${sheetHeight * SCALE}px`,
      }
    : undefined;
  return (
    <div
      id={id}
      className="nb-gallery__item"
      role="option"
      aria-selected={selected}
      data-testid="gallery.item"
      data-index={index}
      data-label={label}
      title={`${name}[${index}] · label ${label}`}
    >
      <div className={url ? 'nb-gallery__tile' : 'nb-gallery__tile nb-gallery__tile--loading'} style={tileStyle} />
      <div className="nb-gallery__caption" aria-hidden="true">
        <b>{label}</b>
        <span>{index}</span>
      </div>
    </div>
  );
});
