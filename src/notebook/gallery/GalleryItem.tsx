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
  /** Tile size in sheet pixels (28 x 28 for MNIST); the tile is scaled to fit the item's square. */
  tileWidth: number;
  tileHeight: number;
  selected: boolean;
  /** Variable name for the tooltip, e.g. training_images. */
  name: string;
}

/** Clicks are handled by the gallery (delegated via data-index), so items carry no handlers or state. */
export const GalleryItem = memo(function GalleryItem({ id, index, label, url, x, y, sheetWidth, sheetHeight, tileWidth, tileHeight, selected, name }: GalleryItemProps) {
  const scale = GALLERY_LAYOUT.tile / Math.max(tileWidth || IMAGE_SIZE, tileHeight || IMAGE_SIZE);
  const tileStyle = url
    ? {
        backgroundImage: `url("${url.replace(/"/g, '%22')}")`,
        backgroundPosition: `${-x * scale}px ${-y * scale}px`,
        backgroundSize: `${sheetWidth * scale}px ${sheetHeight * scale}px`,
        width: (tileWidth || IMAGE_SIZE) * scale,
        height: (tileHeight || IMAGE_SIZE) * scale,
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
